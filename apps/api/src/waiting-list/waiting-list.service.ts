import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { hashToken } from '@app/notifications';
import { AuditLogRepository, UsersRepository, WaitingListRepository } from '@app/persistence';
import { Actor, scopeOf } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { assertEndsAfterStart } from '../common/http/validators';
import {
  JoinWaitingListDto,
  RenewWaitingListDto,
  WaitingListEntryResponse,
  WaitingListPageResponse,
  WaitingListQuery,
  WithdrawQuery,
} from './dto/waiting-list.dto';
import { WaitingListPolicy } from './waiting-list.policy';

const DAY_MS = 86_400_000;

@Injectable()
export class WaitingListService {
  constructor(
    private readonly entries: WaitingListRepository,
    private readonly users: UsersRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 201 with a new entry, 200 with the newcomer's open entry updated to what they ask for now. */
  async join(actor: Actor, dto: JoinWaitingListDto): Promise<{ status: 200 | 201; body: WaitingListEntryResponse }> {
    const windows = dto.preferredWindows ?? [];
    assertEndsAfterStart(windows, 'preferredWindows');
    const newcomer = await this.newcomerFor(actor, dto);
    const now = this.clock.now();
    const { entry, created } = await this.entries.join(
      {
        newcomerId: newcomer.id,
        academyId: newcomer.academyId,
        languages: dto.languages,
        topics: dto.topics,
        timeZone: dto.timeZone,
        preferredWindows: windows.map(({ weekday, start, end }) => ({ weekday, start, end })),
      },
      now,
      new Date(now.getTime() + this.config.waitingListDays * DAY_MS),
      newcomer.id === actor.id
        ? undefined
        : { actorId: actor.id, academyId: newcomer.academyId, action: 'waiting-list.joined-on-behalf', entityType: 'waiting_list_entry' },
    );
    return { status: created ? 201 : 200, body: WaitingListEntryResponse.from(entry, actor.timeZone) };
  }

  async list(actor: Actor, query: WaitingListQuery): Promise<WaitingListPageResponse> {
    const { scope, newcomerId } = WaitingListPolicy.readScope(actor, query.academyId);
    const page = await this.entries.list(
      scope,
      { newcomerId: newcomerId ?? undefined, status: query.status, language: query.language, topic: query.topic },
      { limit: query.limit, offset: query.offset },
      this.clock.now(),
    );
    return {
      items: page.items.map((e) => WaitingListEntryResponse.from(e, actor.timeZone)),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async withdraw(actor: Actor, id: string, query: WithdrawQuery): Promise<void> {
    const { scope, newcomerId } = WaitingListPolicy.readScope(actor);
    const reason = query.reason?.trim() || null;
    if (reason && actor.role === 'newcomer') throw ApiException.field(ErrorCode.ValidationFailed, 'reason', 'is for staff only');
    await this.entries.transaction(async (manager) => {
      const now = this.clock.now();
      const result = await this.entries.withdraw(manager, id, scope, newcomerId, now);
      if (!result) throw new ApiException(ErrorCode.NotFound, 'No such waiting-list entry');
      if (!result.closed) throw new ApiException(ErrorCode.WaitingListEntryClosed, 'The entry was booked, withdrawn or has expired');
      await this.auditLog.append(manager, {
        actorId: actor.id,
        academyId: result.academyId,
        action: actor.role === 'newcomer' ? 'waiting-list.withdrawn' : 'waiting-list.withdrawn-by-staff',
        entityType: 'waiting_list_entry',
        entityId: id,
        changes: reason ? { reason } : {},
      });
    });
  }

  /** The expiry notice's link: the entry stays for another WAITING_LIST_DAYS. The token is single use. */
  async renew(dto: RenewWaitingListDto): Promise<WaitingListEntryResponse> {
    const entry = await this.entries.renew(hashToken(dto.token), this.clock.now(), this.config.waitingListDays);
    if (!entry) throw ApiException.field(ErrorCode.InvalidLinkToken, 'token', 'is unknown, used, or its entry is no longer open');
    return WaitingListEntryResponse.from(entry, entry.timeZone);
  }

  private async newcomerFor(actor: Actor, dto: JoinWaitingListDto): Promise<{ id: string; academyId: string }> {
    if (WaitingListPolicy.assertMayJoinFor(actor, dto.newcomerId).forSelf) return { id: actor.id, academyId: actor.academyId! };
    if (!dto.newcomerId) throw ApiException.field(ErrorCode.ValidationFailed, 'newcomerId', 'is required on a newcomer’s behalf');
    const found = await this.users.findInScope(dto.newcomerId, scopeOf(actor));
    if (!found || found.role !== 'newcomer' || found.erasedAt || !found.academyId)
      throw ApiException.field(ErrorCode.NotANewcomer, 'newcomerId', 'is not a newcomer of your academy');
    if (dto.newcomerConsent !== true)
      throw ApiException.field(ErrorCode.ConsentRequired, 'newcomerConsent', 'must be true: record that the newcomer agreed');
    return { id: found.id, academyId: found.academyId };
  }
}
