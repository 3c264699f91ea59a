import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig, type MeetingProvider } from '@app/config';
import { type CoachingSessionEntity } from '@app/persistence';

/** The room opens this long before the session's start… */
export const ROOM_OPENS_BEFORE_MS = 10 * 60_000;
/** …and closes this long after its end. */
export const ROOM_CLOSES_AFTER_MS = 15 * 60_000;

/** Who enters a room: the session's coach is its moderator, anyone else is not. */
export interface RoomGuest {
  id: string;
  displayName: string;
  moderator: boolean;
}

/** What a session's card may say about its room, without the room itself. */
export interface RoomView {
  provider: MeetingProvider;
  /** meet.jit.si: the coach must sign in there (Google, Facebook or GitHub) as moderator before the room opens. */
  moderatorMustSignIn: boolean;
  /** False only with the `url` provider while nobody has set the session's meeting URL. */
  ready: boolean;
}

/**
 * The meeting rooms of MEETING_PROVIDER. A room's name is `cac-` and 128
 * random bits, made at booking and stored with the session; its URL is built
 * on the current provider's base when someone joins, so a change of provider
 * keeps the sessions already booked. Under `jitsi-jwt` each person gets a
 * token of their own (HS256, signed with @nestjs/jwt), valid from ten minutes
 * before the start to fifteen after the end; tokens are never stored or
 * logged.
 */
@Injectable()
export class MeetingRooms {
  private readonly signer = new JwtService();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The room URL stored with a new session. */
  newRoomUrl(): string {
    const meeting = this.config.meeting;
    const base = meeting.provider === 'jitsi-jwt' ? `${meeting.jitsiUrl}/` : this.config.meetingBaseUrl;
    return `${base}cac-${randomBytes(16).toString('hex')}`;
  }

  viewOf(session: Pick<CoachingSessionEntity, 'externalMeetingUrl'>): RoomView {
    const meeting = this.config.meeting;
    return {
      provider: meeting.provider,
      moderatorMustSignIn: meeting.provider === 'jitsi' && meeting.publicJitsi,
      ready: meeting.provider !== 'url' || Boolean(session.externalMeetingUrl),
    };
  }

  /** The URL that lets `guest` into the session's room; null when the `url` provider has none yet. */
  async urlFor(
    session: Pick<CoachingSessionEntity, 'meetingUrl' | 'externalMeetingUrl' | 'startAt' | 'endAt'>,
    guest: RoomGuest,
    now: Date,
  ): Promise<string | null> {
    const meeting = this.config.meeting;
    const room = roomNameOf(session.meetingUrl);
    switch (meeting.provider) {
      case 'url':
        return session.externalMeetingUrl;
      case 'jitsi':
        return `${meeting.baseUrl}${room}`;
      case 'jitsi-jwt': {
        const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
        const token = await this.signer.signAsync(
          {
            aud: 'jitsi',
            iss: meeting.appId,
            sub: meeting.domain,
            room,
            iat: seconds(now),
            nbf: seconds(new Date(session.startAt.getTime() - ROOM_OPENS_BEFORE_MS)),
            exp: seconds(new Date(session.endAt.getTime() + ROOM_CLOSES_AFTER_MS)),
            context: { user: { id: guest.id, name: guest.displayName, moderator: guest.moderator } },
          },
          { secret: meeting.appSecret, algorithm: 'HS256' },
        );
        return `${meeting.jitsiUrl}/${room}?jwt=${token}`;
      }
    }
  }
}

/** The room's name: the last path segment of the stored room URL. */
export function roomNameOf(meetingUrl: string): string {
  const path = new URL(meetingUrl).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}
