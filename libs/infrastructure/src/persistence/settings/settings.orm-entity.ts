import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** The organisation's settings: at most one row (`id = 1`), absent until an admin saves them. */
@Entity('settings')
@Check('settings_single_row_check', `id = 1`)
@Check('settings_currency_check', `default_currency ~ '^[A-Z]{3}$'`)
export class SettingsOrmEntity {
  @PrimaryColumn('smallint', { primaryKeyConstraintName: 'settings_pkey', default: 1 })
  id: number;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 254, nullable: true })
  supportEmail: string | null;

  @Column('varchar', { length: 2048, nullable: true })
  logoUrl: string | null;

  @Column('char', { length: 3 })
  defaultCurrency: string;

  @Column('varchar', { length: 64 })
  defaultTimezone: string;

  @Column('varchar', { length: 2000 })
  manualPaymentInstructions: string;

  @Column('uuid', { nullable: true })
  @ForeignKey('users', { name: 'settings_updated_by_fk', onDelete: 'SET NULL' })
  updatedBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
