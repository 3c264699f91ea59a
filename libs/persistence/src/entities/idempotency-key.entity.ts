import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** SHA-256 of method, path and body: the same key with another body is refused. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  @Column({ name: 'response_status', type: 'int' })
  responseStatus: number;

  @Column({ name: 'response_body', type: 'jsonb' })
  responseBody: unknown;

  /** The session's two people: erasing either removes the stored response that quotes them. */
  @Column({ name: 'coach_id', type: 'uuid', nullable: true })
  coachId: string | null;

  @Column({ name: 'newcomer_id', type: 'uuid', nullable: true })
  newcomerId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** After this the key is forgotten: not replayed, and purged (IDEMPOTENCY_KEY_TTL_HOURS). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
