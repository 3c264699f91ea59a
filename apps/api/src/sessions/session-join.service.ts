import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DateTime } from 'luxon';
import { SessionsRepository } from '@app/persistence';
import { type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { type JoinResponse } from './dto/join.response';
import { MeetingRooms, ROOM_CLOSES_AFTER_MS, ROOM_OPENS_BEFORE_MS } from './meeting-rooms';
import { SessionPolicy } from './session.policy';
import { SessionsService } from './sessions.service';

/**
 * Letting a session's two people into its room, and only around its time:
 * from ten minutes before the start until fifteen after the end. Each time
 * someone gets in is recorded (the first time is kept), so the coach sees
 * who came when recording the outcome.
 */
@Injectable()
export class SessionJoinService {
  constructor(
    private readonly lifecycle: SessionsService,
    private readonly sessions: SessionsRepository,
    private readonly rooms: MeetingRooms,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** MEETING_PROVIDER=url: the coach or a coordinator says where the session meets. The answer does not repeat it. */
  async setMeetingUrl(actor: Actor, id: string, url: string): Promise<void> {
    SessionPolicy.assertMaySetMeetingUrl(actor);
    await this.sessions.transaction(async (manager) => {
      // Found in the caller's scope first: another academy's session is not found, whatever the provider.
      const session = await this.lifecycle.lock(manager, actor, id);
      if (this.config.meeting.provider !== 'url') throw new ApiException(ErrorCode.MeetingUrlNotUsed);
      if (session.status === 'cancelled' || session.endAt.getTime() + ROOM_CLOSES_AFTER_MS <= this.clock.now().getTime()) {
        throw new ApiException(ErrorCode.SessionNotChangeable, 'The session is cancelled or over');
      }
      await this.sessions.setExternalMeetingUrl(manager, session, url, actor.id);
    });
  }

  async join(actor: Actor, id: string): Promise<JoinResponse> {
    SessionPolicy.assertMayJoin(actor);
    // The session is looked up in the caller's own sessions: anyone else's is not found.
    const session = await this.lifecycle.get(actor, id);
    const show = (date: Date) => DateTime.fromJSDate(date, { zone: actor.timeZone }).toISO({ suppressMilliseconds: true })!;
    const opensAt = new Date(session.startAt.getTime() - ROOM_OPENS_BEFORE_MS);
    const closesAt = new Date(session.endAt.getTime() + ROOM_CLOSES_AFTER_MS);
    if (session.status === 'cancelled') throw new ApiException(ErrorCode.SessionCancelled, 'The session was cancelled');
    const now = this.clock.now();
    if (now < opensAt) {
      throw new ApiException(ErrorCode.TooEarly, `The room opens at ${show(opensAt)}`, undefined, undefined, {
        opensAt: show(opensAt),
        closesAt: show(closesAt),
      });
    }
    if (now >= closesAt) throw new ApiException(ErrorCode.SessionOver, `The room closed at ${show(closesAt)}`);
    const isCoach = actor.id === session.coachId;
    const url = await this.rooms.urlFor(session, { id: actor.id, displayName: actor.displayName, moderator: isCoach }, now);
    if (url === null) throw new ApiException(ErrorCode.MeetingUrlMissing, 'The coach or a coordinator has not set the meeting URL yet');
    await this.sessions.recordJoin(session.id, actor.id, now);
    return { url, opensAt: show(opensAt), closesAt: show(closesAt) };
  }
}
