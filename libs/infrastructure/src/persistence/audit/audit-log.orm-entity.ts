import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('audit_logs')
@Index('audit_logs_created_idx', ['createdAt'])
@Index('audit_logs_actor_idx', ['actorId', 'id'])
@Index('audit_logs_entity_idx', ['entityType', 'entityId', 'id'])
@Index('audit_logs_action_idx', ['action', 'id'])
export class AuditLogOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'audit_logs_pkey' })
  id: string;

  /** No foreign key: the trail outlives the rows it talks about. */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 100 })
  action: string;

  @Column('varchar', { length: 50, nullable: true })
  entityType: string | null;

  @Column('varchar', { length: 100, nullable: true })
  entityId: string | null;

  @Column('jsonb')
  details: Record<string, unknown>;

  @Column('varchar', { length: 64, nullable: true })
  ip: string | null;

  @Column('varchar', { length: 512, nullable: true })
  userAgent: string | null;

  @Column('varchar', { length: 128, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
