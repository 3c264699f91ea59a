import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  AcademyScope,
  ALL_ACADEMIES,
  academyScope,
  MatchCandidateRow,
  UsersRepository,
  MatchCandidatesRepository,
  CoachSchedulesRepository,
  WaitingListRepository,
} from '@app/persistence';
import {
  formatInZone,
  generateSlots,
  LOAD_WINDOW_DAYS,
  MatchCandidate,
  MatchRequest,
  preferredIntervals,
  RankedCandidate,
  rankCandidates,
  slotsTouching,
} from '@app/scheduling';
import { Actor, assertMayBook } from '../auth/actor';
import { ForeignIds } from '../common/academy/foreign-ids.service';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { assertEndsAfterStart } from '../common/http/validators';
import { BookingService } from '../sessions/booking.service';
import { MAX_RANGE_DAYS, SCHEDULE_MARGIN_MS, toCoachSchedule } from '../common/schedule/coach-schedule.mapper';
import { MatchRequestDto, MatchResponse } from './dto/match.dto';
import { MatchPolicy } from './match.policy';

const DEFAULT_RANGE_DAYS = 14;
/**
 * Coaches scored per request at most, each with a schedule to load and slots
 * to generate. Language, academy and gender filters come first, in SQL, and
 * coaches covering a requested topic, then the least loaded, are taken first;
 * the answer says when more would have qualified.
 */
export const MAX_MATCH_CANDIDATES = 200;
const NEXT_SLOTS = 3;
/** A booking that loses a race for a slot tries the next one, this many times in all. */
const BOOKING_TRIES = 3;

export interface MatchResult {
  status: 200 | 201;
  body: MatchResponse;
  replayed?: boolean;
}

@Injectable()
export class MatchesService {
  constructor(
    private readonly candidates: MatchCandidatesRepository,
    private readonly schedules: CoachSchedulesRepository,
    private readonly users: UsersRepository,
    private readonly booking: BookingService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly foreignIds: ForeignIds,
    private readonly waitingList: WaitingListRepository,
  ) {}

  async match(actor: Actor, dto: MatchRequestDto, idempotencyKey?: string): Promise<MatchResult> {
    MatchPolicy.assertMayMatch(actor);
    const windows = dto.preferredWindows ?? [];
    assertEndsAfterStart(windows, 'preferredWindows');
    await this.foreignIds.assertOwnAcademy(actor, { newcomerId: dto.newcomerId });
    const newcomer = await this.newcomerFor(actor, dto);
    const scope = this.scopeFor(actor, dto, newcomer?.academyId ?? null);
    const durationMinutes = dto.durationMinutes ?? 60;
    const { from, to } = this.range(dto);

    const now = this.clock.now();
    const loadFrom = new Date(now.getTime() - LOAD_WINDOW_DAYS * 86_400_000);
    const gender = dto.coachGender ?? null;
    // One more than the cap, to know whether the answer is cut.
    const found = await this.candidates.matchCandidates(scope, {
      languages: dto.languages,
      topics: dto.topics,
      newcomerId: newcomer?.id ?? null,
      loadFrom,
      limit: MAX_MATCH_CANDIDATES + 1,
      gender,
    });
    const rows = found.slice(0, MAX_MATCH_CANDIDATES);
    const considered = { coaches: rows.length, limit: MAX_MATCH_CANDIDATES, truncated: found.length > MAX_MATCH_CANDIDATES };
    if (rows.length === 0) {
      await this.countUnmet(scope, dto, now);
      return { status: 200, body: await this.nobody(scope, dto, loadFrom, considered) };
    }

    const request: MatchRequest = {
      languages: dto.languages,
      topics: dto.topics,
      timeZone: dto.timeZone,
      preferredWindows: windows,
      academyId: scope.kind === 'academy' ? scope.academyId : null,
      from,
      to,
    };
    // The newcomer's own sessions: a time they are already taken is no offer, whichever coach has it.
    const busy = newcomer ? await this.candidates.newcomerBusy(newcomer.id, new Date(from), new Date(to + 86_400_000)) : [];
    const everyone = rankCandidates(
      request,
      await this.withFreeSlots(rows, request, durationMinutes, now.getTime(), busy),
      this.config.matchWeights,
    );
    // A coach free only outside the hours asked for has no time to offer in them: no card with nothing to tap.
    const ranked = windows.length > 0 ? everyone.filter((c) => c.matchingSlots.length > 0) : everyone;
    if (ranked.length === 0) {
      await this.countUnmet(scope, dto, now);
      const code = everyone.length > 0 ? 'no_free_slots_in_hours' : 'no_free_slots';
      return { status: 200, body: { timeZone: dto.timeZone, candidates: [], considered, reason: { code } } };
    }
    const byId = new Map(rows.map((r) => [r.coachId, r]));

    const body: MatchResponse = {
      timeZone: dto.timeZone,
      considered,
      candidates: ranked.slice(0, dto.limit ?? 5).map((c) => ({
        coachId: c.coachId,
        displayName: c.displayName,
        score: c.score,
        // What to book this coach with: the first requested topic and language they cover (the filters make sure of one).
        topic: dto.topics.find((t) => byId.get(c.coachId)!.topics.includes(t))!,
        language: dto.languages.find((l) => byId.get(c.coachId)!.languages.includes(l))!,
        reasons: c.reasons,
        warnings: c.warnings,
        nextSlots: c.matchingSlots
          .slice(0, NEXT_SLOTS)
          .map((s) => ({ coachId: s.coachId, start: formatInZone(s.start, dto.timeZone), end: formatInZone(s.end, dto.timeZone) })),
      })),
    };
    if (!dto.book) return { status: 200, body };
    assertMayBook(actor);
    if (!newcomer) throw ApiException.field(ErrorCode.ValidationFailed, 'newcomerId', 'is required to book on a newcomer’s behalf');
    // A retried request with the same key gets the session it booked the first time, not a second one.
    // Keys are the caller's, across endpoints: the same key sent to POST /v1/sessions is a reuse (422).
    const idempotency = idempotencyKey ? { key: idempotencyKey, request: ['POST /v1/matches', dto] } : undefined;
    const replay = idempotency ? await this.booking.replayFor(actor, idempotency.key, idempotency.request) : null;
    if (replay) return { status: 201, body: { ...body, booking: replay.body as MatchResponse['booking'] }, replayed: true };
    body.booking = await this.bookBest(actor, dto, newcomer, ranked, rows, durationMinutes, idempotency);
    return { status: 201, body };
  }

  /**
   * Why no coach is proposed, most basic first: nobody speaks the languages
   * in the academy; nobody who does covers a requested topic; nobody of the
   * gender asked for. Only whether a coach would match without the gender is
   * asked: no coach's gender is loaded.
   */
  private async nobody(
    scope: AcademyScope,
    dto: MatchRequestDto,
    loadFrom: Date,
    considered: MatchResponse['considered'],
  ): Promise<MatchResponse> {
    const empty = { timeZone: dto.timeZone, candidates: [], considered };
    const speakers = await this.candidates.matchCandidates(scope, { languages: dto.languages, loadFrom, limit: 1 });
    if (speakers.length === 0)
      return { ...empty, reason: { code: 'no_shared_language', coveredLanguages: await this.candidates.coveredLanguages(scope) } };
    const helpers = await this.candidates.matchCandidates(scope, { languages: dto.languages, topics: dto.topics, loadFrom, limit: 1 });
    if (helpers.length === 0)
      return { ...empty, reason: { code: 'no_topic_coach', coveredTopics: await this.candidates.coveredTopics(scope, dto.languages) } };
    return { ...empty, reason: { code: 'no_coach_of_requested_gender' } };
  }

  /**
   * Books the best candidate's first matching slot through the booking
   * service, so every rule and the exclusion constraints apply. A slot lost to
   * a concurrent booking gives way to the next one.
   */
  private async bookBest(
    actor: Actor,
    dto: MatchRequestDto,
    newcomer: { id: string; academyId: string | null },
    ranked: RankedCandidate[],
    rows: MatchCandidateRow[],
    durationMinutes: number,
    idempotency?: { key: string; request: unknown },
  ) {
    const byId = new Map(rows.map((r) => [r.coachId, r]));
    let tries = 0;
    for (const candidate of ranked) {
      const coach = byId.get(candidate.coachId)!;
      const topic = dto.topics.find((t) => coach.topics.includes(t));
      const language = dto.languages.find((l) => coach.languages.includes(l))!;
      if (!topic || coach.academyId !== newcomer.academyId) continue;
      for (const slot of candidate.matchingSlots) {
        if (tries++ >= BOOKING_TRIES) break;
        try {
          const booked = await this.booking.book(
            actor,
            {
              coachId: coach.coachId,
              start: new Date(slot.start).toISOString(),
              durationMinutes,
              topic,
              language,
              // A newcomer books for themselves without naming anyone; staff book on the newcomer's behalf.
              newcomerId: newcomer.id === actor.id ? undefined : newcomer.id,
              newcomerConsent: dto.newcomerConsent,
            },
            idempotency?.key,
            idempotency?.request,
          );
          return booked.body as MatchResponse['booking'];
        } catch (error) {
          if (!(error instanceof ApiException) || error.code !== ErrorCode.SlotUnavailable) throw error;
        }
      }
    }
    throw new ApiException(
      ErrorCode.NoMatch,
      'No candidate of the newcomer’s academy covers a requested topic with a free slot in the preferred windows',
    );
  }

  private async withFreeSlots(
    rows: MatchCandidateRow[],
    request: MatchRequest,
    durationMinutes: number,
    now: number,
    busy: ReadonlyArray<{ start: number; end: number }>,
  ): Promise<MatchCandidate[]> {
    const eligible = rows.filter((r) => r.sessionLengths.includes(durationMinutes));
    const schedules = await this.schedules.loadSchedules(
      eligible.map((r) => r.coachId),
      new Date(request.from - SCHEDULE_MARGIN_MS),
      new Date(request.to + SCHEDULE_MARGIN_MS),
    );
    const byId = new Map(eligible.map((r) => [r.coachId, r]));
    // Scoring reads only the free time that overlaps the preferred windows, and whether there is any:
    // slots elsewhere are not generated (the ranking is the same, see matching-fast-path.spec.ts).
    const within = request.preferredWindows.length > 0 ? preferredIntervals(request) : null;
    const candidates: MatchCandidate[] = [];
    for (const rowSet of schedules) {
      const row = byId.get(rowSet.profile.userId)!;
      const schedule = toCoachSchedule(rowSet);
      if (!schedule) continue;
      const query = { from: request.from, to: request.to, durationMinutes, now, busy };
      candidates.push({
        ...row,
        active: true,
        timeZone: schedule.timeZone,
        freeSlots: within ? slotsTouching(schedule, query, within) : generateSlots(schedule, query),
      });
    }
    return candidates;
  }

  /**
   * A search of one academy that found no coach counts towards the demand report, once per language and topic
   * asked for, in the month it happened; nothing about who searched is kept. Searches across academies are
   * left out: their academy is not one place to recruit for.
   */
  private async countUnmet(scope: AcademyScope, dto: MatchRequestDto, now: Date): Promise<void> {
    if (scope.kind !== 'academy') return;
    await this.waitingList.countUnmetSearch(scope.academyId, now, dto.languages, dto.topics);
  }

  private range(dto: MatchRequestDto): { from: number; to: number } {
    const zone = dto.timeZone;
    const from = dto.from ? DateTime.fromISO(dto.from, { zone }) : DateTime.fromJSDate(this.clock.now(), { zone }).startOf('day');
    const last = dto.to ? DateTime.fromISO(dto.to, { zone }) : from.plus({ days: DEFAULT_RANGE_DAYS - 1 });
    if (last < from) throw ApiException.field(ErrorCode.ValidationFailed, 'to', 'must not be before from');
    if (last.diff(from, 'days').days >= MAX_RANGE_DAYS)
      throw ApiException.field(ErrorCode.ValidationFailed, 'to', `must be less than ${MAX_RANGE_DAYS} days after from`);
    return { from: from.toMillis(), to: last.plus({ days: 1 }).startOf('day').toMillis() };
  }

  /** Who the match is for: the newcomer asking, or a newcomer of the coordinator's academy. */
  private async newcomerFor(actor: Actor, dto: MatchRequestDto): Promise<{ id: string; academyId: string | null } | null> {
    if (MatchPolicy.assertMayMatchFor(actor, dto.newcomerId).forSelf) return { id: actor.id, academyId: actor.academyId };
    if (!dto.newcomerId) return null;
    const found = await this.users.findInScope(dto.newcomerId, MatchPolicy.scopeOf(actor));
    if (!found || found.role !== 'newcomer')
      throw ApiException.field(ErrorCode.NotANewcomer, 'newcomerId', 'is not a newcomer of your academy');
    return { id: found.id, academyId: found.academyId };
  }

  private scopeFor(actor: Actor, dto: MatchRequestDto, newcomerAcademy: string | null): AcademyScope {
    if (dto.anyAcademy) {
      MatchPolicy.assertMayMatchAcrossAcademies(actor);
      if (dto.book)
        throw ApiException.field(
          ErrorCode.ValidationFailed,
          'book',
          'cannot be combined with anyAcademy: sessions are booked within the newcomer’s academy',
        );
      return ALL_ACADEMIES;
    }
    const academyId = MatchPolicy.academyOf(actor, dto.academyId, newcomerAcademy);
    if (!academyId) throw ApiException.field(ErrorCode.ValidationFailed, 'academyId', 'is required for admins matching without a newcomer');
    return academyScope(academyId);
  }
}
