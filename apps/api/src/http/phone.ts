import { applyDecorators } from '@nestjs/common';
import { invalidPhoneMessage, normalizePhone } from '@app/shared';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** The OpenAPI text of every `phone` input. */
export const PHONE_INPUT =
  'A phone number, stored and answered in E.164 (`+2348012345678`). Send it in international form (`+` and country code; spaces, dashes and brackets are ignored); a number without `+` is read as Nigerian (`08012345678`).';

/**
 * A phone number field: a valid number (libphonenumber-js) is turned into E.164 before the
 * handler sees it; anything else is `400 validation_failed` on the field. Combine with
 * `@IsOptionalNotNull()` or `@IsOptional()` (where null clears it).
 */
export function IsPhone(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? (normalizePhone(value) ?? value) : value)),
    ValidateBy({
      name: 'isPhone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && normalizePhone(value) === value,
        defaultMessage: (args) => invalidPhoneMessage(args?.property ?? 'phone'),
      },
    }),
  );
}
