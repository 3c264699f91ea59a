import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const NOTIFICATION_KINDS = [
  'confirmation',
  'reminder',
  'reschedule',
  'cancellation',
  'follow_up',
  'feedback_request',
  'concern_alert',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_STATES = ['pending', 'queued', 'sent', 'skipped', 'failed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/**
 * One intended message (the outbox). Unique on (session, version, kind,
 * offset, recipient), so planning the same change twice writes nothing new.
 */
@Entity('notification')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'session_version', type: 'int' })
  sessionVersion: number;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /** Seconds before the session's start, for reminders; 0 for every other kind. */
  @Column({ name: 'offset_seconds', type: 'int', default: 0 })
  offsetSeconds: number;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ type: 'text', default: 'email' })
  channel: 'email';

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text', default: 'pending' })
  state: NotificationState;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
