import { Column, CreateDateColumn, Entity, Exclusion, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity';
import { activeSession, blockedRange } from '../session-predicates';

export const SESSION_STATUSES = ['booked', 'cancelled', 'completed', 'newcomer_no_show', 'coach_no_show'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const ATTENDANCE_OUTCOMES = ['completed', 'newcomer_no_show', 'coach_no_show'] as const;
export type AttendanceOutcome = (typeof ATTENDANCE_OUTCOMES)[number];

/**
 * A booked session. `session` in the design; the table is `coaching_session`
 * because SESSION is an SQL keyword. The two exclusion constraints are the
 * guarantee against double booking; they are declared here so that
 * migration:generate does not try to drop them.
 */
@Entity('coaching_session')
@Exclusion('coaching_session_no_coach_overlap', `USING gist (coach_id WITH =, ${blockedRange()} WITH &&) WHERE (${activeSession()})`)
@Exclusion(
  'coaching_session_no_newcomer_overlap',
  `USING gist (newcomer_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (${activeSession()})`,
)
export class CoachingSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'coach_id', type: 'uuid' })
  coachId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'coach_id' })
  coach?: UserEntity;

  @Column({ name: 'newcomer_id', type: 'uuid' })
  newcomerId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'newcomer_id' })
  newcomer?: UserEntity;

  @Column({ name: 'academy_id', type: 'uuid' })
  academyId: string;

  @Column({ name: 'booked_by', type: 'uuid' })
  bookedBy: string;

  /** Set when someone else booked for the newcomer: when the newcomer's consent was recorded. */
  @Column({ name: 'consent_recorded_at', type: 'timestamptz', nullable: true })
  consentRecordedAt: Date | null;

  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'text' })
  language: string;

  @Column({ name: 'start_at', type: 'timestamptz' })
  startAt: Date;

  @Column({ name: 'end_at', type: 'timestamptz' })
  endAt: Date;

  @Column({ name: 'buffer_before_minutes', type: 'int' })
  bufferBeforeMinutes: number;

  @Column({ name: 'buffer_after_minutes', type: 'int' })
  bufferAfterMinutes: number;

  @Column({ name: 'blocked_start', type: 'timestamptz' })
  blockedStart: Date;

  @Column({ name: 'blocked_end', type: 'timestamptz' })
  blockedEnd: Date;

  @Column({ type: 'text' })
  status: SessionStatus;

  /**
   * The room generated at booking (`<base>cac-<128 random bits>`). A bearer secret: only the join
   * endpoint gives it out; mails, calendars and every other answer carry the join page instead.
   */
  @Column({ name: 'meeting_url', type: 'text' })
  meetingUrl: string;

  /**
   * With MEETING_PROVIDER=url: the meeting the coach or a coordinator set (https). Like the room
   * URL, it is given only to the session's two people, by the join endpoint.
   */
  @Column({ name: 'external_meeting_url', type: 'text', nullable: true })
  externalMeetingUrl: string | null;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason: string | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** The coach's private notes: shown to the coach and coordinators, never to the newcomer. */
  @Column({ name: 'coach_notes', type: 'text', nullable: true })
  coachNotes: string | null;

  @Column({ name: 'attendance_recorded_at', type: 'timestamptz', nullable: true })
  attendanceRecordedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
