import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { Role, UserEntity } from '../entities';
import { AcademyScope } from './academy-scope';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';

export interface NewUser {
  email: string;
  /** Null for an invited account, until the invitee sets a password. */
  passwordHash: string | null;
  role: Role;
  academyId: string | null;
  displayName: string;
  locale: string;
  timeZone: string;
  languages: string[];
  /** Null until the person opens the link mailed to them. */
  emailVerifiedAt?: Date | null;
}

export interface UserListFilter {
  role?: Role;
  academyId?: string;
}

export interface Page {
  limit: number;
  offset: number;
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogRepository,
  ) {}

  /** For login only: the one read that selects the password hash. */
  findForLogin(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  /** Inactivity, for the retention job, is counted from the last sign-in among other things. */
  async recordLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: () => 'now()' });
  }

  /** With the password hash, for checking a current password. */
  findWithPasswordById(id: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
  }

  /** The live account with this address, if any (erased accounts no longer hold one). */
  findLiveByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).andWhere('u.erased_at IS NULL').getOne();
  }

  async setPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, passwordHash]);
  }

  /**
   * Opening a mailed link proves the address; the first time is kept.
   * Answers whether this was the first time (the row is locked until the
   * transaction ends, so of two links opened at once one is first).
   */
  async markEmailVerified(manager: EntityManager, id: string, at: Date): Promise<boolean> {
    const [, count] = await manager.query(`UPDATE app_user SET email_verified_at = $2 WHERE id = $1 AND email_verified_at IS NULL`, [
      id,
      at,
    ]);
    return Number(count) > 0;
  }

  /** Nobody signs in with a password any more until one is chosen again (by reset, or when confirming the address). */
  async clearPassword(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE app_user SET password_hash = NULL, updated_at = now() WHERE id = $1`, [id]);
  }

  /** The language of the app and of the mails; a mail rendered later reads it then. */
  /** The settings a person changes themselves; those left undefined stay as they are. */
  async setSettings(id: string, settings: { locale?: string; timeZone?: string }): Promise<void> {
    const changes = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length > 0) await this.users.update({ id }, changes);
  }

  /** Sets or clears `disabled_at`; answers whether anything changed. */
  async setDisabled(manager: EntityManager, id: string, disabled: boolean): Promise<boolean> {
    const [, count] = await manager.query(
      disabled
        ? `UPDATE app_user SET disabled_at = now(), updated_at = now() WHERE id = $1 AND disabled_at IS NULL`
        : `UPDATE app_user SET disabled_at = NULL, updated_at = now() WHERE id = $1 AND disabled_at IS NOT NULL`,
      [id],
    );
    return Number(count) > 0;
  }

  async hasPassword(id: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT password_hash IS NOT NULL AS has FROM app_user WHERE id = $1`, [id]);
    return row?.has === true;
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  findInScope(id: string, scope: AcademyScope): Promise<UserEntity | null> {
    return this.scoped(scope).andWhere('u.id = :id', { id }).getOne();
  }

  async listInScope(scope: AcademyScope, filter: UserListFilter, page: Page): Promise<{ items: UserEntity[]; total: number }> {
    const query = this.scoped(scope);
    if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
    if (filter.academyId) query.andWhere('u.academy_id = :filterAcademyId', { filterAcademyId: filter.academyId });
    const [items, total] = await query
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * Inserts the account and its audit entry in one transaction, with whatever
   * `alsoWithin` writes (the invitation or verification link and its mail).
   */
  async create(
    user: NewUser,
    audit: Omit<AuditEntry, 'entityId' | 'entityType' | 'academyId'>,
    alsoWithin?: (manager: EntityManager, id: string) => Promise<void>,
  ): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.insert(UserEntity, user);
      const id = inserted.identifiers[0].id as string;
      await this.auditLog.append(manager, {
        ...audit,
        academyId: user.academyId,
        entityType: 'user',
        entityId: id,
        changes: { role: user.role, academyId: user.academyId, locale: user.locale, timeZone: user.timeZone, languages: user.languages },
      });
      await alsoWithin?.(manager, id);
      return manager.findOneOrFail(UserEntity, { where: { id } });
    });
  }

  private scoped(scope: AcademyScope): SelectQueryBuilder<UserEntity> {
    const query = this.users.createQueryBuilder('u').where('TRUE');
    if (scope.kind === 'academy') query.andWhere('u.academy_id = :scopeAcademyId', { scopeAcademyId: scope.academyId });
    return query;
  }
}
