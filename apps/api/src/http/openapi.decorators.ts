import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { MediaTypeObject, SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from './problem-details.js';

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`validation_failed` lists every bad field).',
  401: 'Missing, expired or invalid access token (`unauthorized`, `token_expired`, `invalid_token`), or a revoked or ended scanner device token (`device_revoked`).',
  403: 'Signed in without the required role (`forbidden`).',
  404: 'Not found, or not yours.',
  409: 'Conflicts with the current state.',
  413: 'Body too large (`payload_too_large`).',
  415: 'Unsupported media type.',
  422: 'Unprocessable (e.g. `idempotency_key_reused`).',
  429: 'Rate limit exceeded (`rate_limited`); see Retry-After.',
  503: 'Temporarily unavailable; see Retry-After.',
};

/** One problem+json response in the OpenAPI document. */
export function problemResponse(status: number, description = DEFAULT_DESCRIPTIONS[status] ?? 'Error.') {
  return ApiResponse({
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  });
}

/**
 * Documents problem+json error responses: a status list with default descriptions, or a map of
 * status to description naming the route's codes (`{ 409: '`email_taken`' }`).
 */
export function ApiProblems(...statuses: (number | Record<number, string>)[]) {
  const entries = statuses.flatMap((s): [number, string | undefined][] =>
    typeof s === 'number' ? [[s, undefined]] : Object.entries(s).map(([k, v]) => [Number(k), v]),
  );
  return applyDecorators(ApiExtraModels(ProblemDetailsDto), ...entries.map(([status, description]) => problemResponse(status, description)));
}

/**
 * A `200` response `{ data: Model[], nextCursor: string | null }`. `alternatives` documents other
 * representations of the same list next to the JSON page, by media type (e.g. a CSV export:
 * `{ 'text/csv': { schema: { type: 'string' } } }`).
 */
export function ApiPageResponse(model: Type<unknown>, description = 'One page, newest first.', alternatives?: Record<string, MediaTypeObject>) {
  const schema: SchemaObject = {
    type: 'object',
    required: ['data', 'nextCursor'],
    properties: {
      data: { type: 'array', items: { $ref: getSchemaPath(model) } },
      nextCursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  };
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse(alternatives ? { description, content: { 'application/json': { schema }, ...alternatives } } : { description, schema }),
  );
}
