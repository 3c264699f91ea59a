import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { joinPageUrl } from '@app/notifications';
import { type CoachingSessionEntity, SessionsRepository } from '@app/persistence';
import { type Actor } from '../auth/actor';
import { SessionResponse } from './dto/session.response';
import { MeetingRooms } from './meeting-rooms';

/** Sessions as their answers show them: the join page and what the card may say about the room, never the room. */
@Injectable()
export class SessionView {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rooms: MeetingRooms,
    private readonly sessions: SessionsRepository,
  ) {}

  /** Without the joins: for answers to a change, whose viewer reads them again in the list. */
  of(session: CoachingSessionEntity, viewer: Actor): SessionResponse {
    return SessionResponse.from(session, viewer, {
      joinUrl: joinPageUrl(this.config.publicUrl, session.id),
      room: this.rooms.viewOf(session),
    });
  }

  /** With who opened each room and when (one query for the page). */
  async withJoins(sessions: readonly CoachingSessionEntity[], viewer: Actor): Promise<SessionResponse[]> {
    const joins = viewer.role === 'newcomer' ? new Map() : await this.sessions.joinsOf(sessions.map((s) => s.id));
    return sessions.map((session) =>
      SessionResponse.from(session, viewer, {
        joinUrl: joinPageUrl(this.config.publicUrl, session.id),
        room: this.rooms.viewOf(session),
        joins: viewer.role === 'newcomer' ? undefined : (joins.get(session.id) ?? []),
      }),
    );
  }
}
