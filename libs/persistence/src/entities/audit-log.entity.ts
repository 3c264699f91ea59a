import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to which session, profile or account, and when. Never holds passwords. */
@Entity('audit_log')
@Index('IDX_audit_log_academy_created', ['academyId', 'createdAt'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null when the platform itself acted (a scheduled job, the admin command). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The academy the change belongs to, so coordinators read only their own log. */
  @Column({ name: 'academy_id', type: 'uuid', nullable: true })
  academyId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  /** Field names and new values; personal free text is never copied here. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  changes: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
