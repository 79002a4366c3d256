import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { Actor, DomainError, IdempotencyStore, TransactionRunner, ValidationFailedError } from '@app/shared';
import type { Request } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { ApiProblems } from './openapi.decorators.js';
import { renderProblem, ReplayedResponse } from './problem-details.filter.js';

const TTL_SECONDS = 24 * 3600;
/** Route metadata: false when the handler must commit its own work (it calls an outside service). */
const TRANSACTIONAL = 'idempotency:transactional';
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
 * The `Idempotency-Key` convention of docs/api.md: the same key from the same user with the same
 * request (method, path, body) replays the first response (status and body, with
 * `Idempotent-Replayed: true`) for 24 h; the same key with another request is `422
 * idempotency_key_reused`; a request whose key is still in flight is `409
 * idempotency_key_in_progress`.
 *
 * Exactly once: by default the handler runs inside a transaction that also stores its response,
 * so a booking and the record of its response commit together; a crash before the commit leaves
 * nothing but a claim that is taken over after IDEMPOTENCY_LEASE_SECONDS (default 60). Each claim
 * carries a token: a request whose lease ran out and was taken over cannot store its response,
 * and its transaction rolls back (it answers `409 idempotency_key_in_progress`; a retry replays).
 *
 * A route that calls an outside service (`@Idempotent({ transactional: false })`: starting a
 * Paystack payment) commits its own work before the call and is not wrapped: its response is
 * stored after it returns, so a crash in between lets a retry run it again (for a payment: a
 * second, unused checkout with a new reference, harmless).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly store: IdempotencyStore,
    private readonly tx: TransactionRunner,
    private readonly reflector: Reflector,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request & { user?: Actor }>();
    const key = req.headers['idempotency-key'];
    if (key === undefined || !req.user) return next.handle();
    // docs/api.md: "any string up to 255 chars". Node's HTTP parser has already refused control
    // characters and trimmed the surrounding whitespace, so what is left is taken as it is.
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 characters' }]);
    }
    const userId = req.user.userId;
    const fingerprint = createHash('sha256').update(`${req.method} ${req.path}\n${canonicalJson(req.body)}`).digest('hex');
    const claim = await this.store.claim(userId, key, fingerprint, TTL_SECONDS, this.config.IDEMPOTENCY_LEASE_SECONDS);
    switch (claim.state) {
      case 'mismatch':
        throw new DomainError('idempotency_key_reused', 'unprocessable', 'This Idempotency-Key was used for a different request.');
      case 'in_progress':
        throw inProgress();
      case 'replay':
        throw new ReplayedResponse(claim.status, claim.body);
    }

    const status = successStatus(context);
    const { token } = claim;
    const settleFailure = async (error: unknown): Promise<never> => {
      if (error instanceof DomainError && STORED_KINDS.has(error.kind)) {
        const problem = renderProblem(error, req, this.config.ERROR_TYPE_BASE_URL);
        await this.store.complete(userId, key, token, problem.status, problem.body);
      } else if (!(error instanceof ClaimLostError)) {
        await this.store.abandon(userId, key, token);
      }
      throw error instanceof ClaimLostError ? inProgress() : error;
    };

    if (this.reflector.get<boolean | undefined>(TRANSACTIONAL, context.getHandler()) === false) {
      return from(
        (async () => {
          const body = await lastValueFrom(next.handle(), { defaultValue: undefined }).catch(settleFailure);
          if (!(await this.store.complete(userId, key, token, status, body))) {
            this.logger.warn(`Idempotency-Key ${key} of user ${userId} was taken over while its request ran; both ran`);
          }
          return body;
        })(),
      );
    }
    return from(
      this.tx
        .run(async () => {
          const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
          if (!(await this.store.complete(userId, key, token, status, body))) throw new ClaimLostError();
          return body;
        })
        .catch(settleFailure),
    );
  }
}

/** This request's claim on its key was taken over (its lease ran out): its work must not stand. */
class ClaimLostError extends Error {}

function inProgress(): DomainError {
  return new DomainError('idempotency_key_in_progress', 'conflict', 'A request with this Idempotency-Key is still in progress.', { retryAfterSeconds: 1 });
}

function successStatus(context: ExecutionContext): number {
  const declared = Reflect.getMetadata('__httpCode__', context.getHandler()) as number | undefined;
  return declared ?? (context.switchToHttp().getRequest<Request>().method === 'POST' ? 201 : 200);
}

/**
 * Honours `Idempotency-Key` on a route and documents it. `transactional: false` for a handler
 * that calls an outside service (see {@link IdempotencyInterceptor}).
 */
export function Idempotent(options: { transactional?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(TRANSACTIONAL, options.transactional ?? true),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any string of 1 to 255 characters (spaces included). The same key with the same request replays the first response for 24 h (header `Idempotent-Replayed: true`).',
    }),
    ApiProblems({ 409: '`idempotency_key_in_progress` (retry after Retry-After)', 422: '`idempotency_key_reused`' }),
  );
}
