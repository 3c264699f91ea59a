import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AcademyEntity } from './academy.entity';

export const ROLES = ['newcomer', 'coach', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * An account. Deliberately holds no legal status, nationality or religion:
 * the people this platform serves are vulnerable, and the service needs none of it.
 * The table is `app_user` because `user` is a reserved word in PostgreSQL.
 */
@Entity('app_user')
@Index('UQ_app_user_email_lower', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; a unique index on lower(email) guards the rule. */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  /** Null only for admins, who run the installation and belong to no academy. */
  @Column({ name: 'academy_id', type: 'uuid', nullable: true })
  academyId: string | null;

  @ManyToOne(() => AcademyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'academy_id' })
  academy?: AcademyEntity;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  locale: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  /** ISO 639 codes of the languages the person speaks. */
  @Column({ type: 'text', array: true })
  languages: string[];

  /** When the person's data was erased; the row stays, without them, for the statistics. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
