import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Actor, DomainError, IdempotencyStore, TransactionRunner, ValidationFailedError } from '@app/shared';
import type { Request } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { ApiProblems } from './openapi.decorators.js';
import { renderProblem, ReplayedResponse } from './problem-details.filter.js';

const TTL_SECONDS = 24 * 3600;
/** Outcomes that are final answers to the request (replayed); others (400, 401, 503, 5xx) are not stored. */
const STORED_KINDS = new Set(['conflict', 'not_found', 'unprocessable', 'forbidden']);

/** Canonical JSON: keys sorted at every level, so key order in the body does not change the fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The `Idempotency-Key` convention of API.md: the same key from the same user with the same
 * request (method, path, body) replays the first response (status and body, with
 * `Idempotent-Replayed: true`) for 24 h; the same key with another request is `422
 * idempotency_key_reused`; a request whose key is still in flight is `409
 * idempotency_key_in_progress`.
 *
 * Exactly once: the handler runs inside a transaction that also stores its response, so a
 * booking and the record of its response commit together; a crash before the commit leaves
 * nothing but a claim that is taken over after IDEMPOTENCY_LEASE_SECONDS (default 60).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly tx: TransactionRunner,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request & { user?: Actor }>();
    const key = req.headers['idempotency-key'];
    if (key === undefined || !req.user) return next.handle();
    if (typeof key !== 'string' || key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' }]);
    }
    const userId = req.user.userId;
    const fingerprint = createHash('sha256').update(`${req.method} ${req.path}\n${canonicalJson(req.body)}`).digest('hex');
    const claim = await this.store.claim(userId, key, fingerprint, TTL_SECONDS, this.config.IDEMPOTENCY_LEASE_SECONDS);
    switch (claim.state) {
      case 'mismatch':
        throw new DomainError('idempotency_key_reused', 'unprocessable', 'This Idempotency-Key was used for a different request.');
      case 'in_progress':
        throw new DomainError('idempotency_key_in_progress', 'conflict', 'A request with this Idempotency-Key is still in progress.', { retryAfterSeconds: 1 });
      case 'replay':
        throw new ReplayedResponse(claim.status, claim.body);
    }

    const status = successStatus(context);
    return from(
      this.tx
        .run(async () => {
          const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await this.store.complete(userId, key, status, body);
          return body;
        })
        .catch(async (error: unknown) => {
          if (error instanceof DomainError && STORED_KINDS.has(error.kind)) {
            const problem = renderProblem(error, req, this.config.ERROR_TYPE_BASE_URL);
            await this.store.complete(userId, key, problem.status, problem.body);
          } else {
            await this.store.abandon(userId, key);
          }
          throw error;
        }),
    );
  }
}

function successStatus(context: ExecutionContext): number {
  const declared = Reflect.getMetadata('__httpCode__', context.getHandler()) as number | undefined;
  return declared ?? (context.switchToHttp().getRequest<Request>().method === 'POST' ? 201 : 200);
}

/** Honours `Idempotency-Key` on a route and documents it. */
export function Idempotent() {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any string up to 255 visible ASCII characters. The same key with the same request replays the first response for 24 h (header `Idempotent-Replayed: true`).',
    }),
    ApiProblems({ 422: '`idempotency_key_reused`' }),
  );
}
