import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('academy')
export class AcademyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable, human-readable key: `siena`, `belgrade`. */
  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  /** IANA zone of the academy's city; coordinators' reports count days in it. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'default_locale', type: 'text' })
  defaultLocale: string;

  /** Minutes before a session's start; null means the installation's REMINDER_OFFSETS. */
  @Column({ name: 'reminder_offsets_minutes', type: 'int', array: true, nullable: true })
  reminderOffsetsMinutes: number[] | null;

  /** The academy's phone, which the join page offers when the video does not work. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
