import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** The scan log: every scan, accepted or refused. */
@Entity('check_ins')
@Check(
  'check_ins_result_check',
  `result IN ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'cancelled', 'refunded', 'transferred', 'unpaid', 'event_not_open')`,
)
@Index('check_ins_event_idx', ['eventId', 'id'])
@Index('check_ins_ticket_idx', ['ticketId'])
/** Batch idempotency: one row per client scan id, per scanner and event. */
@Index('check_ins_client_scan_key', ['eventId', 'scannerId', 'clientScanId'], { unique: true, where: 'client_scan_id IS NOT NULL' })
/** The log agrees with the tickets: at most one `ok` per ticket. */
@Index('check_ins_one_ok_key', ['ticketId'], { unique: true, where: `result = 'ok'` })
export class CheckInOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'check_ins_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('events', { name: 'check_ins_event_fk', onDelete: 'CASCADE' })
  eventId: string;

  @Column('uuid', { nullable: true })
  @ForeignKey('tickets', { name: 'check_ins_ticket_fk', onDelete: 'SET NULL' })
  ticketId: string | null;

  @Column('uuid')
  @ForeignKey('users', { name: 'check_ins_scanner_fk', onDelete: 'RESTRICT' })
  scannerId: string;

  @Column('varchar', { length: 100, nullable: true })
  gate: string | null;

  @Column('varchar', { length: 100, nullable: true })
  deviceId: string | null;

  @Column('varchar', { length: 100, nullable: true })
  clientScanId: string | null;

  /** The code as presented, cut to 200 characters. */
  @Column('varchar', { length: 200 })
  code: string;

  @Column('varchar', { length: 24 })
  result: string;

  @Column('timestamptz')
  scannedAt: Date;

  @Column('boolean', { default: false })
  offline: boolean;

  @Column('uuid', { nullable: true })
  supersededBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
