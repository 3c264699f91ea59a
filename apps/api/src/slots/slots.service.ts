import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CoachProfilesRepository, CoachSchedulesRepository, MatchCandidatesRepository } from '@app/persistence';
import { formatInZone, generateSlots, Slot } from '@app/scheduling';
import { Actor, assertOwnAcademy, scopeOf } from '../auth/actor';
import { ForeignIds } from '../common/academy/foreign-ids.service';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { MAX_RANGE_DAYS, SCHEDULE_MARGIN_MS, toCoachSchedule } from '../common/schedule/coach-schedule.mapper';
import { SlotQueryDto, SlotsResponse } from './slots.dto';

/** Coaches whose slots one answer holds; a broader search is paged by coach (`coachCursor`). */
export const MAX_COACHES_PER_SEARCH = 200;

@Injectable()
export class SlotsService {
  constructor(
    private readonly profiles: CoachProfilesRepository,
    private readonly schedules: CoachSchedulesRepository,
    private readonly candidates: MatchCandidatesRepository,
    private readonly clock: Clock,
    private readonly foreignIds: ForeignIds,
  ) {}

  async search(actor: Actor, query: SlotQueryDto): Promise<SlotsResponse> {
    const zone = query.timeZone;
    const from = DateTime.fromISO(query.from, { zone }).startOf('day');
    const toExclusive = DateTime.fromISO(query.to, { zone }).plus({ days: 1 }).startOf('day');
    if (toExclusive <= from) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must not be before from');
    if (DateTime.fromISO(query.to).diff(DateTime.fromISO(query.from), 'days').days >= MAX_RANGE_DAYS) {
      throw ApiException.field(ErrorCode.ValidationFailed, 'to', `must be less than ${MAX_RANGE_DAYS} days after from`);
    }
    assertOwnAcademy(actor, query.academyId);
    await this.foreignIds.assertOwnAcademy(actor, { coachId: query.coachId });

    const scope = scopeOf(actor);
    const filter = { coachId: query.coachId, language: query.language, topic: query.topic, academyId: query.academyId, activeOnly: true };
    // One more than a page, to know whether the answer is cut.
    const found = await this.profiles.listIds(scope, filter, MAX_COACHES_PER_SEARCH + 1, query.coachCursor);
    const truncated = found.length > MAX_COACHES_PER_SEARCH;
    const coachIds = found.slice(0, MAX_COACHES_PER_SEARCH);
    const rows = await this.schedules.loadSchedules(
      coachIds,
      new Date(from.toMillis() - SCHEDULE_MARGIN_MS),
      new Date(toExclusive.toMillis() + SCHEDULE_MARGIN_MS),
    );

    const now = this.clock.now().getTime();
    // A newcomer is not offered times they already have a session at: booking one would be refused.
    const busy =
      actor.role === 'newcomer'
        ? await this.candidates.newcomerBusy(actor.id, from.toJSDate(), new Date(toExclusive.toMillis() + 86_400_000))
        : [];
    const slots: Slot[] = [];
    for (const row of rows) {
      if (!row.profile.sessionLengths.includes(query.durationMinutes)) continue;
      const schedule = toCoachSchedule(row);
      if (!schedule) continue;
      slots.push(
        ...generateSlots(schedule, {
          from: from.toMillis(),
          to: toExclusive.toMillis(),
          durationMinutes: query.durationMinutes,
          now,
          busy,
        }),
      );
    }
    slots.sort((a, b) => a.start - b.start || a.coachId.localeCompare(b.coachId));
    return {
      timeZone: zone,
      slots: slots.map((s) => ({ coachId: s.coachId, start: formatInZone(s.start, zone), end: formatInZone(s.end, zone) })),
      truncated,
      nextCoachCursor: truncated ? coachIds[coachIds.length - 1] : null,
    };
  }
}
