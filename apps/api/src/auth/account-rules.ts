import type { FieldError } from '@app/shared';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../http/validation.js';
import { RegisterRequestDto } from './dto/auth.request.dto.js';

/**
 * What is wrong with a new account's e-mail, password and name, by the rules of registration
 * (`RegisterRequestDto`, the one definition): for accounts created outside HTTP, such as the CLI's
 * `create-admin`. Empty when the input is acceptable.
 */
export function newAccountErrors(input: { email: string; password: string; name: string }): FieldError[] {
  return flattenValidationErrors(validateSync(plainToInstance(RegisterRequestDto, input), { forbidUnknownValues: true, validationError: { target: false, value: false } }));
}
