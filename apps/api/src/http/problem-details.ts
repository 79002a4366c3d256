import { HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'items[0].quantity' })
  field: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  message: string;
}

/**
 * RFC 9457 problem details, as every error of this API is sent (`application/problem+json`).
 * Members beyond these (e.g. `available` on `sold_out`) may appear; `code` is the stable key.
 */
export class ProblemDetailsDto {
  @ApiProperty({
    example: '/api/v1/problems/validation_failed',
    description: 'URI reference naming the problem type (a page served by the API, see ERROR_TYPE_BASE_URL); ends with `code`.',
  })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400, description: 'The HTTP status of the response.' })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields.' })
  detail: string;

  @ApiProperty({ example: 'validation_failed', description: 'Stable snake_case machine code.' })
  code: string;

  @ApiProperty({ example: '/api/v1/auth/register', description: 'The request path.' })
  instance: string;

  @ApiProperty({ example: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70', description: 'Same as the X-Request-Id response header.' })
  requestId: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Every invalid field (validation errors).' })
  errors?: FieldErrorDto[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The reason phrase of an HTTP status in title case (`404` -> `Not Found`). */
export function statusTitle(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join(' ')
    : 'Error';
}
