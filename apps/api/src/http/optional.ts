import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';

/** The constraint name of {@link IsOptionalNotNull}'s refusal of null (see `flattenValidationErrors`). */
export const NOT_NULL_CONSTRAINT = 'isNotNull';

/**
 * An optional body field that may be left out but not sent as `null`: unlike `@IsOptional()`,
 * which skips every check for null too, null is `400 validation_failed` ("must not be null")
 * instead of reaching a NOT NULL column. Keep `@IsOptional()` only where null is documented as
 * meaningful (e.g. `salesStartAt: null` removes the bound).
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    ValidateBy({
      name: NOT_NULL_CONSTRAINT,
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be null (leave it out instead)`,
      },
    }),
  );
}
