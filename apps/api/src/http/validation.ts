import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '@app/shared';
import { NOT_NULL_CONSTRAINT } from './optional.js';

/**
 * Flattens class-validator errors into one entry per bad field, with paths like `items[0].quantity`.
 * A refused null is reported alone: the field's other constraints would only restate it.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints?.[NOT_NULL_CONSTRAINT] ? { [NOT_NULL_CONSTRAINT]: error.constraints[NOT_NULL_CONSTRAINT] } : error.constraints;
    const own = constraints ? [{ field, message: Object.values(constraints).join('; ') }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * The global pipe: unknown properties are rejected (so `role` cannot be smuggled into a register
 * body), payloads are transformed into their DTO classes, and a failure becomes one 400
 * `validation_failed` listing every bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
