import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The inbox of provider webhooks: one row per distinct signed body, so replays are no-ops. */
@Entity('payment_webhook_events')
@Unique('payment_webhook_events_key', ['provider', 'eventKey'])
export class PaymentWebhookEventOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'payment_webhook_events_pkey' })
  id: string;

  @Column('varchar', { length: 16 })
  provider: string;

  /** SHA-256 hex of the raw signed body. */
  @Column('char', { length: 64 })
  eventKey: string;

  @Column('varchar', { length: 64 })
  event: string;

  @Column('varchar', { length: 64, nullable: true })
  reference: string | null;

  @Column('jsonb')
  payload: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
