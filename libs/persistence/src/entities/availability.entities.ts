import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('availability_rule')
export class AvailabilityRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'coach_id', type: 'uuid' })
  coachId: string;

  /** ISO weekday, 1 = Monday. */
  @Column({ type: 'smallint' })
  weekday: number;

  /** PostgreSQL `time`, read back as "HH:mm:ss" ("24:00:00" for midnight at the end). */
  @Column({ name: 'start_time', type: 'time' })
  startTime: string;

  @Column({ name: 'end_time', type: 'time' })
  endTime: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;
}

@Entity('availability_override')
export class AvailabilityOverrideEntity {
  @PrimaryColumn({ name: 'coach_id', type: 'uuid' })
  coachId: string;

  /** Local date in the coach's availability zone, "YYYY-MM-DD". */
  @PrimaryColumn({ name: 'local_date', type: 'date' })
  localDate: string;

  @Column({ type: 'jsonb' })
  intervals: Array<{ start: string; end: string }>;
}

@Entity('time_off')
export class TimeOffEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'coach_id', type: 'uuid' })
  coachId: string;

  @Column({ name: 'start_at', type: 'timestamptz' })
  startAt: Date;

  @Column({ name: 'end_at', type: 'timestamptz' })
  endAt: Date;

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
