import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BookingsService } from '@app/bookings';
import { EventsService } from '@app/events';
import { CancelEventUseCase } from '@app/event-cancellation';
import { ProcessRefundUseCase } from '@app/refunds';
import { IdempotencyStore } from '@app/shared';
import { TransfersService } from '@app/transfers';
import { AppConfig } from '../config/app-config.js';

interface Job {
  name: string;
  /** Seconds between runs; 0 means every `JOBS_INTERVAL_SECONDS`. */
  everySeconds: number;
  run: () => Promise<number>;
}

/**
 * The periodic jobs of this process (when `JOBS_ENABLED`), every `JOBS_INTERVAL_SECONDS`: expire
 * unpaid holds (`expire-holds`), expire lapsed transfer offers (`expire-transfers`), complete ended
 * events (`complete-events`), send queued refunds: automatic ones, those of event cancellations and
 * sends to retry (`send-refunds`), finish cancelling the bookings of cancelled events
 * (`event-cancellations`); every minute, ask the provider about refunds whose outcome is overdue
 * (`reconcile-refunds`); and hourly, purge expired idempotency keys (`purge-idempotency-keys`). Each job is safe on any
 * number of replicas at once (row claims with `SKIP LOCKED`, idempotent conditional updates) and
 * never overlaps itself in one process. On shutdown the timers stop and runs in flight finish
 * before the database closes.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobScheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly bookings: BookingsService,
    private readonly events: EventsService,
    private readonly idempotency: IdempotencyStore,
    private readonly refunds: ProcessRefundUseCase,
    private readonly cancellations: CancelEventUseCase,
    private readonly transfers: TransfersService,
  ) {}

  /** The jobs, also runnable by hand (tests, CLI). */
  readonly jobs: Job[] = [
    { name: 'expire-holds', everySeconds: 0, run: () => this.bookings.expireDue() },
    { name: 'expire-transfers', everySeconds: 0, run: () => this.transfers.expireDue() },
    { name: 'complete-events', everySeconds: 0, run: () => this.events.completeEnded() },
    { name: 'purge-idempotency-keys', everySeconds: 3600, run: () => this.idempotency.purgeExpired() },
    { name: 'send-refunds', everySeconds: 0, run: () => this.refunds.processDue() },
    { name: 'reconcile-refunds', everySeconds: 60, run: () => this.refunds.reconcile() },
    { name: 'event-cancellations', everySeconds: 0, run: () => this.cancellations.handleBookings() },
  ];

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_ENABLED) return;
    for (const job of this.jobs) this.schedule(job, job.everySeconds || this.config.JOBS_INTERVAL_SECONDS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs a job now (once), e.g. from a test. */
  runNow(name: string): Promise<number> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`No job ${name}`);
    return job.run();
  }

  private schedule(job: Job, seconds: number): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || this.stopping) return;
      busy = true;
      const run = job
        .run()
        .then((count) => count > 0 && this.logger.log(`${job.name}: ${count}`))
        .catch((error: unknown) => this.logger.error({ err: error }, `${job.name} failed`))
        .finally(() => {
          busy = false;
          this.inFlight.delete(run);
        });
      this.inFlight.add(run);
    }, seconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }
}
