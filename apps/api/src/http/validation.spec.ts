import { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation.js';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError => ({
  property,
  constraints,
  children,
});

describe('flattenValidationErrors', () => {
  it('lists every bad field with a path into arrays and nested objects', () => {
    const errors = [
      error('email', { isEmail: 'email must be an email' }),
      error('items', undefined, [
        error('0', undefined, [error('quantity', { min: 'quantity must not be less than 1', isInt: 'quantity must be an integer number' })]),
        error('2', undefined, [error('ticketTypeId', { isUuid: 'ticketTypeId must be a UUID' })]),
      ]),
      error('role', { whitelistValidation: 'property role should not exist' }),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'email', message: 'email must be an email' },
      { field: 'items[0].quantity', message: 'quantity must not be less than 1; quantity must be an integer number' },
      { field: 'items[2].ticketTypeId', message: 'ticketTypeId must be a UUID' },
      { field: 'role', message: 'property role should not exist' },
    ]);
  });
});

describe('flattenValidationErrors with a refused null', () => {
  it('reports only "must not be null", not the constraints that merely restate it', () => {
    const errors = [
      error('capacity', {
        isNotNull: 'capacity must not be null (leave it out instead)',
        isInt: 'capacity must be an integer number',
        min: 'capacity must not be less than 1',
      }),
    ];
    expect(flattenValidationErrors(errors)).toEqual([{ field: 'capacity', message: 'capacity must not be null (leave it out instead)' }]);
  });
});
