import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SettingsRepository } from '@app/settings';
import type { EmailTemplate, EmailTemplateData } from '@app/shared';
import { DatabaseContext } from '../persistence/database-context.js';
import { retryDelaySeconds } from './backoff.js';
import { MailOptions } from './mail-options.js';
import { isPermanentMailError, MailTransport } from './mail-transport.js';
import { isEmailTemplate, renderEmail, Stored } from './templates/index.js';

/** A claimed row, as the claim statement returns it. */
interface ClaimedMessage {
  id: string;
  to: string;
  template: string;
  data: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/** Longest `last_error` kept, in characters. */
const MAX_ERROR_LENGTH = 1000;

const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_LEASE_SECONDS = 300;

/**
 * Sends queued e-mail from `outbox_messages`, safely from any number of replicas.
 *
 * A batch is claimed in one statement: the due rows (`status = 'queued'`, `next_attempt_at <=
 * now()`, no live lease) are locked `FOR UPDATE SKIP LOCKED`, leased (`locked_until = now() +
 * lease`) and their `attempts` incremented, so concurrent workers claim disjoint sets and a leased
 * row is skipped until its lease ends. Each message is then rendered and sent; success marks it
 * `sent`; a failure records `last_error` and reschedules it with exponential backoff and jitter
 * ({@link retryDelaySeconds}), or marks it `failed` after `maxAttempts` attempts or at once on a
 * permanent SMTP reply (5yz). Delivery is at-least-once only across crashes: a worker that dies
 * after the server accepted a message but before marking it leaves it to be sent again after the
 * lease (same Message-ID).
 *
 * Polling (every `pollIntervalMs`) starts at application bootstrap when `workerEnabled`; on
 * shutdown the worker stops polling and waits for the batches in flight.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Incremented by `stop()`: drains begun before it finish their batch and return. */
  private epoch = 0;
  private readonly inFlight = new Set<Promise<number>>();

  constructor(
    private readonly db: DatabaseContext,
    private readonly transport: MailTransport,
    private readonly options: MailOptions,
    /** For the organisation's name in the footer (left out in tests that build a worker by hand). */
    private readonly settings?: SettingsRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.workerEnabled) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts polling (idempotent). */
  start(): void {
    if (this.polling) return;
    this.polling = true;
    this.schedule(0);
  }

  /**
   * Stops polling and resolves once every batch in flight (of polls and of `drain()` calls) is
   * finished: its messages are marked sent or rescheduled, none is left half-done. Later explicit
   * `drain()` calls still work.
   */
  async stop(): Promise<void> {
    this.polling = false;
    this.epoch++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Sends every message that is due now, batch after batch, until none is left; a message that
   * fails is rescheduled and not retried within the same call. Safe to run concurrently with other
   * drains and workers.
   * @returns how many messages were sent.
   * @throws the database's error when a claim or an update fails (messages then stay leased and are
   *   retried after the lease); only once every delivery of the batch in flight has settled.
   */
  drain(): Promise<number> {
    const run = this.drainDue(this.epoch);
    this.inFlight.add(run);
    const forget = () => this.inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.poll(), delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      await this.drain();
    } catch (error) {
      this.logger.warn(`Outbox poll failed; retrying in ${this.options.pollIntervalMs} ms: ${errorMessage(error)}`);
    } finally {
      if (this.polling) this.schedule(this.options.pollIntervalMs);
    }
  }

  private async drainDue(epoch: number): Promise<number> {
    const attempted: string[] = [];
    let sent = 0;
    while (epoch === this.epoch) {
      const batch = await this.claim(attempted);
      if (batch.length === 0) break;
      attempted.push(...batch.map((m) => m.id));
      // allSettled, not all: a database error recording one delivery must not end the drain while
      // the batch's other sends are still in flight (stop() waits for the drain, and must wait for them).
      const results = await Promise.allSettled(batch.map((m) => this.deliver(m)));
      sent += results.filter((r) => r.status === 'fulfilled' && r.value).length;
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      if (failures.length > 0) {
        for (const extra of failures.slice(1)) this.logger.warn(`Recording a delivery failed too: ${errorMessage(extra)}`);
        throw failures[0];
      }
    }
    return sent;
  }

  /** Claims up to `batchSize` due messages (never one of `exclude`), leasing them to this worker. */
  private async claim(exclude: string[]): Promise<ClaimedMessage[]> {
    const { rows } = await this.db.sql<ClaimedMessage>(
      `WITH due AS MATERIALIZED (
         SELECT id FROM outbox_messages
          WHERE status = 'queued' AND next_attempt_at <= now()
            AND (locked_until IS NULL OR locked_until < now())
            AND NOT (id = ANY($3::uuid[]))
          ORDER BY next_attempt_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox_messages m
          SET locked_until = now() + make_interval(secs => $1), attempts = m.attempts + 1, updated_at = now()
         FROM due
        WHERE m.id = due.id
       RETURNING m.id, m."to", m.template, m.data, m.attempts, m.created_at`,
      [this.options.leaseSeconds ?? DEFAULT_LEASE_SECONDS, this.options.batchSize ?? DEFAULT_BATCH_SIZE, exclude],
    );
    return rows;
  }

  /** Renders and sends one claimed message and records the outcome; true when it was sent. */
  private async deliver(message: ClaimedMessage): Promise<boolean> {
    let permanent = false;
    try {
      if (!isEmailTemplate(message.template)) {
        permanent = true;
        throw new Error(`Unknown template "${message.template}"`);
      }
      const organisationName = this.settings ? (await this.settings.get())?.name : undefined;
      let rendered;
      try {
        const data = message.data as Stored<EmailTemplateData[EmailTemplate]>;
        rendered = await renderEmail<EmailTemplate>(message.template, data, {
          messageId: message.id,
          createdAt: new Date(message.created_at),
          organisationName,
        });
      } catch (error) {
        permanent = true; // the same data will not render better next time
        throw error;
      }
      await this.transport.send({ id: message.id, to: message.to, ...rendered });
    } catch (error) {
      await this.recordFailure(message, error, permanent || isPermanentMailError(error));
      return false;
    }
    await this.db.sql(`UPDATE outbox_messages SET status = 'sent', sent_at = now(), locked_until = NULL, updated_at = now() WHERE id = $1`, [message.id]);
    this.logger.debug?.(`Sent ${message.template} message ${message.id} (attempt ${message.attempts})`);
    return true;
  }

  private async recordFailure(message: ClaimedMessage, error: unknown, permanent: boolean): Promise<void> {
    const failed = permanent || message.attempts >= this.options.maxAttempts;
    const delay = retryDelaySeconds(message.attempts, this.options.retryBaseSeconds);
    const lastError = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
    await this.db.sql(
      `UPDATE outbox_messages
          SET status = $2::varchar, last_error = $3, locked_until = NULL, updated_at = now(),
              next_attempt_at = CASE WHEN $2::varchar = 'queued' THEN now() + make_interval(secs => $4::float8) ELSE next_attempt_at END
        WHERE id = $1 AND status = 'queued'`,
      [message.id, failed ? 'failed' : 'queued', lastError, delay],
    );
    if (failed) this.logger.error(`Gave up on ${message.template} message ${message.id} after ${message.attempts} attempt(s): ${lastError}`);
    else
      this.logger.warn(
        `Sending ${message.template} message ${message.id} failed (attempt ${message.attempts}); retrying in ${delay.toFixed(1)} s: ${lastError}`,
      );
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
