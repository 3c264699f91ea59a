import { Injectable } from '@nestjs/common';
import {
  AcademiesRepository,
  AuditLogRepository,
  hasSqlState,
  SignInsRepository,
  SqlState,
  UserEntity,
  UsersRepository,
} from '@app/persistence';
import { AccountLinks } from '../auth/account-links.service';
import { Actor } from '../auth/actor';
import { PasswordHasher } from '@app/security';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { RequestThrottle } from '../common/throttle/request-throttle.service';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { RegisterDto } from './dto/register.dto';
import { UpdateMeDto } from './dto/update-me.dto';
import { UserPolicy } from './user.policy';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly academies: AcademiesRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly signIns: SignInsRepository,
    private readonly hasher: PasswordHasher,
    private readonly links: AccountLinks,
    private readonly throttle: RequestThrottle,
  ) {}

  /**
   * Newcomer self-registration. Whether the address is new or taken, the
   * caller learns nothing: a new account gets a verification link, the owner
   * of an existing one a mail saying so (with a reset link). Both paths hash
   * the password, so they also take the same time.
   */
  async register(dto: RegisterDto, clientAddress: string): Promise<void> {
    await this.throttle.consume('register-address', clientAddress);
    await this.throttle.consume('register-email', dto.email);
    await this.requireAcademy(dto.academyId);
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      await this.users.create(
        {
          email: dto.email,
          passwordHash,
          role: 'newcomer',
          academyId: dto.academyId,
          displayName: dto.displayName,
          locale: dto.locale,
          timeZone: dto.timeZone,
          languages: dto.languages,
          emailVerifiedAt: null,
        },
        { actorId: null, action: 'account.registered' },
        (manager, id) => this.links.send(manager, id, 'email_verification', 'email_verification'),
      );
    } catch (error) {
      if (!hasSqlState(error, SqlState.UniqueViolation, 'UQ_app_user_email_lower')) throw error;
      const owner = await this.users.findLiveByEmail(dto.email);
      // An invited account is opened by its invitation only; a reset link would be a way around a withdrawn one.
      if (owner && !(await this.links.invitationPending(owner.id)))
        await this.links.transaction((manager) => this.links.send(manager, owner.id, 'password_reset', 'account_exists'));
    }
  }

  /**
   * A coordinator invites staff, or registers a newcomer, in their own
   * academy; an admin in any academy. The account has no password until the
   * invitee chooses one from the invitation mail, in their own locale.
   */
  async create(actor: Actor, dto: Omit<CreateUserDto, 'role'> & { role: CreateUserDto['role'] | 'newcomer' }): Promise<UserEntity> {
    const academyId = UserPolicy.academyForNewAccount(actor, dto.academyId);
    await this.requireAcademy(academyId);
    try {
      return await this.users.create(
        {
          email: dto.email,
          passwordHash: null,
          role: dto.role,
          academyId,
          displayName: dto.displayName,
          locale: dto.locale,
          timeZone: dto.timeZone,
          languages: dto.languages,
          emailVerifiedAt: null,
        },
        { actorId: actor.id, action: 'account.created' },
        (manager, id) => this.links.send(manager, id, 'invitation', 'invitation'),
      );
    } catch (error) {
      if (hasSqlState(error, SqlState.UniqueViolation, 'UQ_app_user_email_lower')) {
        throw new ApiException(ErrorCode.EmailTaken, 'An account with this email already exists', [
          { field: 'email', message: 'is already registered' },
        ]);
      }
      throw error;
    }
  }

  list(actor: Actor, query: ListUsersQuery): Promise<{ items: UserEntity[]; total: number }> {
    UserPolicy.assertMayList(actor, query.academyId);
    return this.users.listInScope(UserPolicy.scopeOf(actor), { role: query.role, academyId: query.academyId }, query);
  }

  async get(actor: Actor, id: string): Promise<UserEntity> {
    const user = await this.users.findInScope(id, UserPolicy.scopeOf(actor));
    if (!user) throw new ApiException(ErrorCode.NotFound, 'No such account in your academy');
    return user;
  }

  async me(actor: Actor): Promise<UserEntity> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new ApiException(ErrorCode.Unauthorized);
    return user;
  }

  /** The caller's own language, chosen on any page once signed in. */
  async updateMe(actor: Actor, dto: UpdateMeDto): Promise<UserEntity> {
    await this.users.setSettings(actor.id, { locale: dto.locale, timeZone: dto.timeZone });
    return this.me(actor);
  }

  /** A new invitation link, replacing the last one; only while the invitee has not set a password. */
  async resendInvitation(actor: Actor, id: string): Promise<void> {
    const user = await this.manageable(actor, id);
    if (await this.users.hasPassword(user.id))
      throw new ApiException(ErrorCode.InvitationNotPending, 'The person has already accepted the invitation');
    await this.links.transaction(async (manager) => {
      await this.links.send(manager, user.id, 'invitation', 'invitation');
      await this.auditLog.append(manager, {
        actorId: actor.id,
        academyId: user.academyId,
        action: 'account.invitation-sent',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  /**
   * The invitation link stops working, and with it every other link and
   * sign-in of the account; the account stays, without a password, and takes
   * no sign-in or reset link until invited again and accepted.
   */
  async revokeInvitation(actor: Actor, id: string): Promise<void> {
    const user = await this.manageable(actor, id);
    if (await this.users.hasPassword(user.id))
      throw new ApiException(ErrorCode.InvitationNotPending, 'The person has already accepted the invitation');
    await this.links.transaction(async (manager) => {
      const revoked = await this.links.revokeOpen(manager, user.id, 'invitation');
      await this.signIns.endEverywhere(manager, user.id, 'invitation_withdrawn');
      if (revoked > 0) {
        await this.auditLog.append(manager, {
          actorId: actor.id,
          academyId: user.academyId,
          action: 'account.invitation-revoked',
          entityType: 'user',
          entityId: user.id,
        });
      }
    });
  }

  /** A disabled account cannot sign in, and every token it holds stops working at once. */
  async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<UserEntity> {
    const user = await this.manageable(actor, id);
    UserPolicy.assertMayDisable(actor, user);
    await this.signIns.transaction(async (manager) => {
      if (!(await this.users.setDisabled(manager, user.id, disabled))) return;
      if (disabled) await this.signIns.endEverywhere(manager, user.id, 'disabled');
      await this.auditLog.append(manager, {
        actorId: actor.id,
        academyId: user.academyId,
        action: disabled ? 'account.disabled' : 'account.enabled',
        entityType: 'user',
        entityId: user.id,
      });
    });
    return this.get(actor, id);
  }

  /**
   * Accounts the caller manages: an admin any account but erased ones; a
   * coordinator the coaches and coordinators of their own academy. Another
   * academy's account is a 404, as for reading it; a newcomer or an admin of
   * one's own academy is a 403.
   */
  private async manageable(actor: Actor, id: string): Promise<UserEntity> {
    const user = await this.users.findInScope(id, UserPolicy.scopeOf(actor));
    if (!user || user.erasedAt) throw new ApiException(ErrorCode.NotFound, 'No such account in your academy');
    UserPolicy.assertMayManage(actor, user);
    return user;
  }

  private async requireAcademy(academyId: string): Promise<void> {
    if (!(await this.academies.findById(academyId))) {
      throw new ApiException(ErrorCode.UnknownAcademy, 'No academy has this id', [{ field: 'academyId', message: 'is not an academy' }]);
    }
  }
}
