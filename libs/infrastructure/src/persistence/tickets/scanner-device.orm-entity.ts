import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * Scanner devices: a credential for one event (and optionally one gate), paired to a phone by a
 * one-time code. Only SHA-256 hashes of the pairing code and the device token are stored.
 */
@Entity('scanner_devices')
@Index('scanner_devices_event_idx', ['eventId', 'id'])
@Index('scanner_devices_pairing_code_key', ['pairingCodeHash'], { unique: true, where: 'pairing_code_hash IS NOT NULL' })
@Index('scanner_devices_token_key', ['tokenHash'], { unique: true, where: 'token_hash IS NOT NULL' })
export class ScannerDeviceOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'scanner_devices_pkey' })
  id: string;

  @Column('uuid')
  @ForeignKey('events', { name: 'scanner_devices_event_fk', onDelete: 'CASCADE' })
  eventId: string;

  @Column('varchar', { length: 100 })
  name: string;

  /** Every scan of the device is at this gate when set. */
  @Column('varchar', { length: 100, nullable: true })
  gate: string | null;

  /** Hex SHA-256 of the canonical pairing code; cleared when it is used. */
  @Column('varchar', { length: 64, nullable: true })
  pairingCodeHash: string | null;

  @Column('timestamptz')
  pairingExpiresAt: Date;

  /** Hex SHA-256 of the device token; null until paired. */
  @Column('varchar', { length: 64, nullable: true })
  tokenHash: string | null;

  @Column('uuid')
  @ForeignKey('users', { name: 'scanner_devices_created_by_fk', onDelete: 'RESTRICT' })
  createdBy: string;

  @Column('timestamptz', { nullable: true })
  pairedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastSeenAt: Date | null;

  /** The token stops working at this time (default: the event's end). */
  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
