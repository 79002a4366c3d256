import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger } from '@nestjs/common';
import { DomainError, DomainErrorKind, FieldError } from '@app/shared';
import { isDatabaseUnavailable } from '@app/infrastructure';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config.js';
import type { ProblemCode } from './problem-codes.js';
import { PROBLEM_CONTENT_TYPE, statusTitle } from './problem-details.js';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** Codes of Nest's HTTP exceptions by status; every code sent is one of PROBLEM_CODES. */
const CODE_OF_STATUS: Record<number, ProblemCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Errors that body-parser raises before Nest routes the request, by their `type`. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: ProblemCode; detail: string }> = {
  'entity.parse.failed': { status: 400, code: 'malformed_json', detail: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, code: 'payload_too_large', detail: 'The request body is too large.' },
  'encoding.unsupported': { status: 415, code: 'unsupported_encoding', detail: 'The request body encoding is not supported.' },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', detail: 'The request body charset is not supported.' },
  'request.aborted': { status: 400, code: 'request_aborted', detail: 'The request was aborted.' },
};

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  extra?: Record<string, unknown>;
  retryAfterSeconds?: number;
}

/** A problem document ready to send: status, RFC 9457 body and extra headers. */
export interface RenderedProblem {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Turns any thrown value into an RFC 9457 problem document with a stable `code` and the request
 * id: domain errors by their kind, Nest's HTTP exceptions, body-parser failures, and anything
 * unexpected as a generic 500 whose detail reveals nothing.
 */
export function renderProblem(exception: unknown, req: Request, errorTypeBaseUrl: string): RenderedProblem {
  const problem = toProblem(exception, req);
  const headers: Record<string, string> = {};
  if (problem.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(problem.retryAfterSeconds)));
  return {
    status: problem.status,
    headers,
    body: {
      type: `${errorTypeBaseUrl}${problem.code}`,
      title: statusTitle(problem.status),
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      instance: (req.originalUrl ?? req.url ?? '').split('?')[0],
      requestId: String(req.id ?? ''),
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...withoutCoreMembers(problem.extra),
    },
  };
}

/**
 * Writes every error as `application/problem+json` (see {@link renderProblem}); unexpected
 * failures are logged with their cause, which never leaves the server. (A replayed idempotent
 * response is not an error: the idempotency interceptor answers it.)
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const problem = renderProblem(exception, req, this.config.ERROR_TYPE_BASE_URL);
    if (problem.status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ err: exception, requestId: req.id, path: req.originalUrl }, 'Unhandled error');
    }
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.body));
  }
}

function toProblem(exception: unknown, req: Request): Problem {
  if (exception instanceof DomainError) {
    return {
      status: STATUS_OF_KIND[exception.kind],
      code: exception.code,
      detail: exception.message,
      errors: exception.errors,
      extra: exception.extra,
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404 && /^Cannot /.test(exception.message)) {
      return { status, code: 'route_not_found', detail: `No route ${req.method} ${(req.originalUrl ?? '').split('?')[0]}.` };
    }
    const bodyParser = bodyParserError(exception.cause);
    if (bodyParser) return bodyParser;
    return {
      status,
      code: CODE_OF_STATUS[status] ?? `http_${status}`,
      detail: status >= 500 ? 'The server could not complete the request.' : exception.message,
    };
  }
  const bodyParser = bodyParserError(exception);
  if (bodyParser) return bodyParser;
  if (isDatabaseUnavailable(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'database_unavailable',
      detail: 'The database cannot be reached right now; retry shortly.',
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'internal_error', detail: 'An unexpected error occurred; it has been logged.' };
}

/** A restart or a failover takes seconds; clients retrying sooner only add load. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

const CORE_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId', 'errors']);

/** Extension members may add to a problem document, never replace its RFC 9457 members. */
function withoutCoreMembers(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extra ?? {}).filter(([key]) => !CORE_MEMBERS.has(key)));
}

function bodyParserError(error: unknown): Problem | undefined {
  const type = error && typeof error === 'object' && 'type' in error ? String((error as { type: unknown }).type) : undefined;
  return type ? BODY_PARSER_ERRORS[type] : undefined;
}
