import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

@Entity('users')
@Unique('users_email_key', ['email'])
@Check('users_email_lower_check', `email = lower(email)`)
@Check('users_phone_check', `phone ~ '^\\+[1-9][0-9]{6,14}$'`)
@Check('users_roles_check', `cardinality(roles) >= 1 AND roles <@ ARRAY['admin', 'scanner', 'viewer', 'customer']::text[]`)
export class UserOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id: string;

  @Column('varchar', { length: 254 })
  email: string;

  @Column('varchar', { length: 200 })
  name: string;

  /** E.164, optional. */
  @Column('varchar', { length: 16, nullable: true })
  phone: string | null;

  /** Null for an account created at the box office, until its owner sets a password (reset). */
  @Column('text', { nullable: true })
  passwordHash: string | null;

  @Column('text', { array: true })
  roles: string[];

  @Column('boolean', { default: false })
  disabled: boolean;

  @Column('integer', { default: 0 })
  tokenVersion: number;

  @Column('timestamptz', { nullable: true })
  emailVerifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
