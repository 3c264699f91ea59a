import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import { Role, UserEntity } from '../entities';
import { AcademyScope } from './academy-scope';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  academyId: string | null;
  displayName: string;
  locale: string;
  timeZone: string;
  languages: string[];
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
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  /** Inactivity, for the retention job, is counted from the last sign-in among other things. */
  async recordLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: () => 'now()' });
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

  /** Inserts the account and its audit entry in one transaction. */
  async create(user: NewUser, audit: Omit<AuditEntry, 'entityId' | 'entityType' | 'academyId'>): Promise<UserEntity> {
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
      return manager.findOneOrFail(UserEntity, { where: { id } });
    });
  }

  private scoped(scope: AcademyScope): SelectQueryBuilder<UserEntity> {
    const query = this.users.createQueryBuilder('u').where('TRUE');
    if (scope.kind === 'academy') query.andWhere('u.academy_id = :scopeAcademyId', { scopeAcademyId: scope.academyId });
    return query;
  }
}
