import { Injectable } from '@nestjs/common';
import { Actor, AuditLog, canReadAll, Page, PageRequest, TransactionRunner } from '@app/shared';
import { Refund } from './refund.js';
import { RefundNotifier } from './refund-notifier.js';
import { RefundFilter, RefundRepository } from './refund.repository.js';
import { InvalidRefundStateError, RefundNotFoundError } from './refunds.errors.js';

/** Reading and rejecting refunds. A customer sees only their own (others are 404). */
@Injectable()
export class RefundsService {
  constructor(
    private readonly refunds: RefundRepository,
    private readonly notifier: RefundNotifier,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** @throws RefundNotFoundError (404) */
  async get(actor: Actor, id: string): Promise<Refund> {
    const refund = await this.refunds.findById(id);
    if (!refund || !(refund.userId === actor.userId || canReadAll(actor))) throw new RefundNotFoundError();
    return refund;
  }

  list(actor: Actor, filter: Omit<RefundFilter, 'userId'>, page: PageRequest): Promise<Page<Refund>> {
    return this.refunds.list(canReadAll(actor) ? filter : { ...filter, userId: actor.userId }, page);
  }

  /**
   * `pending -> rejected` with the reason, e-mailed to the buyer; audited.
   * @throws RefundNotFoundError (404), InvalidRefundStateError (409)
   */
  reject(actor: Actor, id: string, reason: string): Promise<Refund> {
    return this.tx.run(async () => {
      const refund = await this.refunds.findById(id);
      if (!refund) throw new RefundNotFoundError();
      const rejected = await this.refunds.reject(id, actor.userId, reason.trim());
      if (!rejected) throw new InvalidRefundStateError(refund.status, 'rejected');
      await this.audit.record({ action: 'refund.rejected', actorId: actor.userId, entityType: 'refund', entityId: id, details: { reason } });
      await this.notifier.notify(rejected, 'refund-rejected', reason);
      return rejected;
    });
  }
}
