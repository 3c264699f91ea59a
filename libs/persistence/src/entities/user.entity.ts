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

  /** Null until an invited person sets their password. */
  @Column({ name: 'password_hash', type: 'text', select: false, nullable: true })
  passwordHash: string | null;

  /** Carried by every access token; raising it ends every sign-in at once (reset, password change, disabling, erasure). */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** A disabled account cannot sign in, and its tokens stop working. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Newcomers book only once the address is verified; staff verify it by accepting their invitation. */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

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
