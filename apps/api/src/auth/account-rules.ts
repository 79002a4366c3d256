import { normalizePhone } from '@app/shared';
import type { FieldError } from '@app/shared';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../http/validation.js';
import { RegisterRequestDto } from './dto/auth.request.dto.js';

/**
 * What is wrong with a new account's e-mail, password, name and (optional) phone, by the rules of registration
 * (`RegisterRequestDto`, the one definition): for accounts created outside HTTP, such as the CLI's
 * `create-admin`. Empty when the input is acceptable.
 */
export function newAccountErrors(input: { email: string; password: string; name: string; phone?: string }): FieldError[] {
  return flattenValidationErrors(validateSync(plainToInstance(RegisterRequestDto, input), { forbidUnknownValues: true, validationError: { target: false, value: false } }));
}

/** The phone a new account is stored with (E.164), as registration normalises it; null when none was given. Check {@link newAccountErrors} first. */
export function newAccountPhone(input: { phone?: string }): string | null {
  return input.phone === undefined ? null : normalizePhone(input.phone);
}
