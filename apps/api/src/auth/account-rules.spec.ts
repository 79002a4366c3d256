import { newAccountErrors } from '@app/users';
import type { NewAccountInput } from '@app/users';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../http/validation.js';
import { CreateUserRequestDto } from '../users/dto/user.request.dto.js';
import { RegisterRequestDto } from './dto/auth.request.dto.js';

/** The errors the global validation pipe would answer for this body (without its whitelist check). */
const httpErrors = (dto: new () => object, body: object) =>
  flattenValidationErrors(validateSync(plainToInstance(dto, body) as object, { forbidUnknownValues: true, validationError: { target: false, value: false } }));

const emails: unknown[] = [
  'ada@example.com',
  'ADA@Example.COM',
  'not-an-email',
  '',
  'a@b',
  `${'a'.repeat(242)}@example.com`,
  `${'a'.repeat(243)}@example.com`,
  42,
  null,
  undefined,
  'a b@example.com',
];
const passwords: unknown[] = [
  'correct horse battery staple',
  'short',
  '',
  'x'.repeat(7),
  'x'.repeat(8),
  'p'.repeat(128),
  'p'.repeat(129),
  12345678,
  null,
  undefined,
  ['a'],
];
const names: unknown[] = ['Ada Lovelace', '', ' ', 'n'.repeat(200), 'n'.repeat(201), 7, null, undefined];
const phones: unknown[] = [undefined, '+2348012345678', '08012345678', '0803 123 4567', '+44 20 7946 0958', '12', '', null, 12, 'x'.repeat(40)];

/** Every e-mail × password × name × phone combination (7 040 bodies). */
function* bodies(): Generator<NewAccountInput> {
  for (const email of emails)
    for (const password of passwords)
      for (const name of names) for (const phone of phones) yield { email, password, name, ...(phone === undefined ? {} : { phone }) };
}

describe('account rules: the users lib’s newAccountErrors and the HTTP bodies built from the same rules', () => {
  it('find the same fields wrong, with the same messages, for every generated body (registration and an admin’s new user)', () => {
    let checked = 0;
    let refused = 0;
    const differences: unknown[] = [];
    for (const body of bodies()) {
      const expected = newAccountErrors(body);
      const register = httpErrors(RegisterRequestDto, body);
      const created = httpErrors(CreateUserRequestDto, { ...body, roles: ['scanner'] });
      if (JSON.stringify(register) !== JSON.stringify(expected) || JSON.stringify(created) !== JSON.stringify(expected))
        differences.push({ body, expected, register, created });
      checked++;
      if (expected.length) refused++;
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(checked).toBe(emails.length * passwords.length * names.length * phones.length);
    // Both outcomes are exercised: the comparison is not of two empty lists.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(checked);
  });
});
