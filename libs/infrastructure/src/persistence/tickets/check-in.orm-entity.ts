import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** The scan log: every scan, accepted or refused. */
@Entity('check_ins')
@Check(
  'check_ins_result_check',
  `result IN ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'cancelled', 'refunded', 'transferred', 'unpaid', 'event_not_open', 'not_inside')`,
)
@Check('check_ins_direction_check', `direction IN ('entry', 'exit')`)
/** A scan is made by a signed-in scanner or by a paired scanner device, never both. */
@Check('check_ins_scanner_check', `(scanner_id IS NULL) <> (scanner_device_id IS NULL)`)
@Index('check_ins_event_idx', ['eventId', 'id'])
@Index('check_ins_ticket_idx', ['ticketId'])
/** Batch idempotency: one row per client scan id, per scanner (user or device) and event. */
@Index('check_ins_client_scan_key', ['eventId', 'scannerId', 'clientScanId'], { unique: true, where: 'client_scan_id IS NOT NULL AND scanner_id IS NOT NULL' })
@Index('check_ins_device_client_scan_key', ['eventId', 'scannerDeviceId', 'clientScanId'], {
  unique: true,
  where: 'client_scan_id IS NOT NULL AND scanner_device_id IS NOT NULL',
})
/** The log agrees with the tickets: at most one accepted entry and one accepted exit per passage (the ticket's entries/exits count). */
@Index('check_ins_one_ok_key', ['ticketId', 'direction', 'passage'], { unique: true, where: `result = 'ok'` })
@Index('check_ins_device_idx', ['scannerDeviceId'])
export class CheckInOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'check_ins_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('events', { name: 'check_ins_event_fk', onDelete: 'CASCADE' })
  eventId: string;

  @Column('uuid', { nullable: true })
  @ForeignKey('tickets', { name: 'check_ins_ticket_fk', onDelete: 'SET NULL' })
  ticketId: string | null;

  /** The signed-in scanner; null for a device's scan. */
  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'check_ins_scanner_fk', onDelete: 'RESTRICT' })
  scannerId: string | null;

  /** The paired scanner device; null for a signed-in scanner's scan. */
  @Column('uuid', { nullable: true })
  @ForeignKey('scanner_devices', { name: 'check_ins_scanner_device_fk', onDelete: 'RESTRICT' })
  scannerDeviceId: string | null;

  @Column('varchar', { length: 5, default: 'entry' })
  direction: string;

  /** `ok` only: the ticket's entries (entry) or exits (exit) count after this scan, 1-based. */
  @Column('integer', { nullable: true })
  passage: number | null;

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
