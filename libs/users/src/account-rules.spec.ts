import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  newAccountErrors,
  newAccountPhone,
  normalizeEmail,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from './account-rules.js';

const valid = { email: 'ada@example.com', password: 'correct horse battery staple', name: 'Ada Lovelace' };

describe('new account rules', () => {
  it('accept a valid account, with or without a phone', () => {
    expect(newAccountErrors(valid)).toEqual([]);
    expect(newAccountErrors({ ...valid, phone: '0803 123 4567' })).toEqual([]);
    expect(newAccountErrors({ ...valid, phone: '+44 20 7946 0958' })).toEqual([]);
  });

  it('hold the password policy at its bounds', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([8, 128]);
    expect(newAccountErrors({ ...valid, password: 'x'.repeat(8) })).toEqual([]);
    expect(newAccountErrors({ ...valid, password: 'x'.repeat(128) })).toEqual([]);
    expect(newAccountErrors({ ...valid, password: 'x'.repeat(7) })).toEqual([
      { field: 'password', message: 'password must be longer than or equal to 8 characters' },
    ]);
    expect(newAccountErrors({ ...valid, password: 'x'.repeat(129) })).toEqual([
      { field: 'password', message: 'password must be shorter than or equal to 128 characters' },
    ]);
    expect(newAccountErrors({ ...valid, password: 12345678 })).toEqual([
      {
        field: 'password',
        message: 'password must be shorter than or equal to 128 characters; password must be longer than or equal to 8 characters; password must be a string',
      },
    ]);
  });

  it('want an e-mail address of at most 254 characters', () => {
    const local = 'a'.repeat(EMAIL_MAX_LENGTH - '@example.com'.length);
    expect(newAccountErrors({ ...valid, email: `${local}@example.com` }).filter((e) => e.message.includes('shorter'))).toEqual([]);
    expect(newAccountErrors({ ...valid, email: `${local}a@example.com` })).toContainEqual({
      field: 'email',
      message: expect.stringContaining('email must be shorter than or equal to 254 characters'),
    });
    expect(newAccountErrors({ ...valid, email: 'not-an-email' })).toEqual([{ field: 'email', message: 'email must be an email' }]);
    expect(newAccountErrors({ ...valid, email: '' })).toEqual([{ field: 'email', message: 'email must be an email' }]);
  });

  it('want a name of 1 to 200 characters', () => {
    expect(newAccountErrors({ ...valid, name: 'n'.repeat(NAME_MAX_LENGTH) })).toEqual([]);
    expect(newAccountErrors({ ...valid, name: '' })).toEqual([{ field: 'name', message: 'name must be longer than or equal to 1 characters' }]);
    expect(newAccountErrors({ ...valid, name: 'n'.repeat(201) })).toEqual([{ field: 'name', message: 'name must be shorter than or equal to 200 characters' }]);
  });

  it('refuse an invalid or null phone, and list every bad field in order', () => {
    expect(newAccountErrors({ ...valid, phone: '12' })).toEqual([{ field: 'phone', message: 'phone must be a valid phone number, e.g. +2348012345678' }]);
    expect(newAccountErrors({ ...valid, phone: null })).toEqual([{ field: 'phone', message: 'phone must not be null (leave it out instead)' }]);
    expect(newAccountErrors({ email: 'x', password: 'y', name: '', phone: 'z' }).map((e) => e.field)).toEqual(['email', 'password', 'name', 'phone']);
  });

  it('normalise the phone to E.164 and the e-mail to trimmed lower case', () => {
    expect(newAccountPhone({ phone: '0803 123 4567' })).toBe('+2348031234567');
    expect(newAccountPhone({})).toBeNull();
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
