import { applyDecorators } from '@nestjs/common';
import type { FieldRule } from '@app/users';
import { ValidateBy } from 'class-validator';

/**
 * A request body field checked by field rules of the users lib (`EMAIL_RULES`, `PASSWORD_RULES`,
 * `NAME_RULES`, the one definition of an account's fields): each rule becomes a class-validator
 * constraint of the same name and message, so a `400 validation_failed` says what
 * `newAccountErrors` says. Combine with `@IsOptionalNotNull()` for an optional field.
 */
export function Follows(rules: readonly FieldRule[]): PropertyDecorator {
  return applyDecorators(
    ...rules.map((rule) =>
      ValidateBy({
        name: rule.constraint,
        validator: { validate: (value: unknown) => rule.test(value), defaultMessage: (args) => rule.message(args?.property ?? 'value') },
      }),
    ),
  );
}
