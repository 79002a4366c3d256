import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { Actor, DomainError, IdempotencyStore, TransactionRunner, ValidationFailedError } from '@app/shared';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable, of } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { ApiProblems } from './openapi.decorators.js';
import { renderProblem } from './problem-details.filter.js';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';

const TTL_SECONDS = 24 * 3600;
/** Route metadata: false when the handler must commit its own work (it calls an outside service). */
const TRANSACTIONAL = 'idempotency:transactional';
/** Outcomes that are final answers to the request (replayed); others (400, 401, 503, 5xx) are not stored. */
const STORED_KINDS = new Set(['conflict', 'not_found', 'unprocessable', 'forbidden']);

/** Canonical JSON: keys sorted at every level, so key order in the body does not change the fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The `Idempotency-Key` convention of docs/api.md: the same key from the same user with the same
 * request (method, path, body) replays the first response (status and body, with
 * `Idempotent-Replayed: true`) for 24 h; the same key with another request is `422
 * idempotency_key_reused`; a request whose key is still in flight is `409
 * idempotency_key_in_progress`. A replay is answered here, as the handler's result (the handler
 * does not run), not thrown.
 *
 * Exactly once: by default the handler runs inside a transaction that also stores its response,
 * so a booking and the record of its response commit together; a crash before the commit leaves
 * nothing but a claim that is taken over after IDEMPOTENCY_LEASE_SECONDS (default 60). Each claim
 * carries a token: a request whose lease ran out and was taken over cannot store its response,
 * and its transaction rolls back (it answers `409 idempotency_key_in_progress`; a retry replays).
 *
 * Why the transaction opens here, in the HTTP layer, and not in the use case: the response to
 * store is the handler's whole answer (the use case's result mapped to its DTO, with reads made
 * after the use case), known only when the handler returns, and it must commit in the same
 * transaction as the use case's writes or a crash between the two runs the request twice. The
 * use case's own `TransactionRunner.run` joins this one (a nested run joins the outer).
 *
 * What a retry re-runs: `TransactionRunner.run` runs its work again after a serialization failure
 * or a deadlock (up to 3 attempts), and its work here is the whole handler: the body's pipes,
 * the controller method, the use case and the response mapping run again from the start, in a
 * fresh transaction, after the first attempt's rolled back entirely (the claim is taken before
 * and outside it, so the key stays held by this request). That is safe only because such a
 * handler has no effect outside the database: its e-mails go through the transactional outbox
 * (`EmailOutbox`, a row in the same transaction: a rolled-back attempt queued nothing, and the
 * worker sends only committed rows), audit records and counters are rows too, and it calls no
 * outside service, so nothing is charged or refunded at a provider. The box-office e2e test forces
 * such a retry and finds one booking, one payment and one e-mail. A handler that calls an outside
 * service must not run here; it is marked `@Idempotent({ transactional: false })`.
 *
 * A route marked `transactional: false` (starting a Paystack payment) commits its own work
 * before the call and is not wrapped: its response is stored after it returns, so a crash in
 * between lets a retry run it again (for a payment: a second, unused checkout with a new
 * reference, harmless).
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
    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.path}\n${canonicalJson(req.body)}`)
      .digest('hex');
    const claim = await this.store.claim(userId, key, fingerprint, TTL_SECONDS, this.config.IDEMPOTENCY_LEASE_SECONDS);
    switch (claim.state) {
      case 'mismatch':
        throw new DomainError('idempotency_key_reused', 'unprocessable', 'This Idempotency-Key was used for a different request.');
      case 'in_progress':
        throw inProgress();
      case 'replay':
        return of(replay(context.switchToHttp().getResponse<Response>(), claim.status, claim.body));
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

/**
 * Sets the stored status and the replay's headers (`Idempotent-Replayed: true`; the content type,
 * `application/problem+json` for a stored refusal) on the response, and gives back the stored body
 * as JSON text, which Nest sends as it is (a string result is not serialised again).
 */
function replay(res: Response, status: number, body: unknown): string {
  res.status(status).setHeader('Idempotent-Replayed', 'true');
  res.type(status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
  return JSON.stringify(body ?? null);
}

/** The status the handler answers on success: its `@HttpCode()`, else Nest's default (201 for POST, 200 otherwise). */
function successStatus(context: ExecutionContext): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
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
