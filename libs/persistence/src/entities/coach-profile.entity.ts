import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export const GENDERS = ['female', 'male', 'non_binary'] as const;
export type Gender = (typeof GENDERS)[number];

/** invited → trained → active ⇄ paused; any of them → retired, which is final. */
export const COACH_STATUSES = ['invited', 'trained', 'active', 'paused', 'retired'] as const;
export type CoachStatus = (typeof COACH_STATUSES)[number];

/** What a coach offers and the rules for booking them. Languages live on the account. */
@Entity('coach_profile')
export class CoachProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text', array: true })
  topics: string[];

  @Column({ type: 'text' })
  bio: string;

  /** Optional and self-declared; used only when a newcomer asks for a coach of a gender. */
  @Column({ type: 'text', nullable: true })
  gender: Gender | null;

  @Column({ name: 'session_lengths', type: 'int', array: true })
  sessionLengths: number[];

  @Column({ name: 'slot_step_minutes', type: 'int' })
  slotStepMinutes: number;

  @Column({ name: 'minimum_notice_minutes', type: 'int' })
  minimumNoticeMinutes: number;

  @Column({ name: 'horizon_days', type: 'int' })
  horizonDays: number;

  @Column({ name: 'buffer_before_minutes', type: 'int' })
  bufferBeforeMinutes: number;

  @Column({ name: 'buffer_after_minutes', type: 'int' })
  bufferAfterMinutes: number;

  @Column({ name: 'max_sessions_per_day', type: 'int', nullable: true })
  maxSessionsPerDay: number | null;

  @Column({ name: 'max_sessions_per_week', type: 'int', nullable: true })
  maxSessionsPerWeek: number | null;

  @Column({ type: 'text' })
  status: CoachStatus;

  /** Derived by the database from the status: only active coaches are offered. */
  @Column({ type: 'boolean', generatedType: 'STORED', asExpression: `status = 'active'`, insert: false, update: false })
  readonly active: boolean;

  /** The zone the weekly hours were given in; null until the coach publishes hours. */
  @Column({ name: 'availability_time_zone', type: 'text', nullable: true })
  availabilityTimeZone: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
