import { Injectable, Logger } from '@nestjs/common';
import { AcademiesRepository, hasSqlState, Role, SqlState, UserEntity, UsersRepository } from '@app/persistence';
import { JobName, QueueProducer } from '@app/queue';
import { Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { PasswordHasher } from '../auth/password-hasher';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { AccountFieldsDto } from './dto/account-fields.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { RegisterDto } from './dto/register.dto';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly academies: AcademiesRepository,
    private readonly hasher: PasswordHasher,
    private readonly queue: QueueProducer,
  ) {}

  /** Newcomer self-registration. */
  async register(dto: RegisterDto): Promise<UserEntity> {
    await this.requireAcademy(dto.academyId);
    const user = await this.insert(dto, 'newcomer', dto.academyId, null, 'account.registered');
    await this.sendWelcome(user.id);
    return user;
  }

  /** A coordinator creates accounts in their own academy; an admin in any academy. */
  async create(actor: Actor, dto: CreateUserDto): Promise<UserEntity> {
    let academyId: string;
    if (actor.role === 'admin') {
      if (!dto.academyId) throw ApiException.field(ErrorCode.ValidationFailed, 'academyId', 'is required when an admin creates an account');
      academyId = dto.academyId;
    } else {
      if (dto.academyId && dto.academyId !== actor.academyId) {
        throw new ApiException(ErrorCode.AcademyForbidden, 'Coordinators create accounts only in their own academy', [
          { field: 'academyId', message: 'must be your own academy' },
        ]);
      }
      academyId = actor.academyId!;
    }
    await this.requireAcademy(academyId);
    return this.insert(dto, dto.role, academyId, actor.id, 'account.created');
  }

  list(actor: Actor, query: ListUsersQuery): Promise<{ items: UserEntity[]; total: number }> {
    assertOwnAcademy(actor, query.academyId);
    return this.users.listInScope(scopeOf(actor), { role: query.role, academyId: query.academyId }, query);
  }

  async get(actor: Actor, id: string): Promise<UserEntity> {
    const user = await this.users.findInScope(id, scopeOf(actor));
    if (!user) throw new ApiException(ErrorCode.NotFound, 'No such account in your academy');
    return user;
  }

  async me(actor: Actor): Promise<UserEntity> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new ApiException(ErrorCode.Unauthorized);
    return user;
  }

  private async insert(dto: AccountFieldsDto, role: Role, academyId: string, actorId: string | null, action: string): Promise<UserEntity> {
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      return await this.users.create(
        {
          email: dto.email,
          passwordHash,
          role,
          academyId,
          displayName: dto.displayName,
          locale: dto.locale,
          timeZone: dto.timeZone,
          languages: dto.languages,
        },
        { actorId, action },
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

  private async requireAcademy(academyId: string): Promise<void> {
    if (!(await this.academies.findById(academyId))) {
      throw new ApiException(ErrorCode.UnknownAcademy, 'No academy has this id', [{ field: 'academyId', message: 'is not an academy' }]);
    }
  }

  /**
   * The account exists whatever happens to the welcome mail: if Redis is down
   * the mail is lost, which is acceptable for a courtesy message (session
   * messages go through the notification outbox instead).
   */
  private async sendWelcome(userId: string): Promise<void> {
    try {
      await this.queue.enqueue(JobName.SendAccountWelcome, { userId }, { jobId: `welcome-${userId}` });
    } catch (error) {
      this.logger.warn({ err: error, userId }, 'Could not enqueue the welcome mail');
    }
  }
}
