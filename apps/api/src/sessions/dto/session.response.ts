import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { CoachingSessionEntity, SESSION_STATUSES, SessionStatus } from '@app/persistence';
import { Actor } from '../../auth/actor';
import { OffsetPageOf } from '../../common/http/page.response';
import { MEETING_PROVIDERS, type MeetingProvider } from '@app/config';
import { type RoomView } from '../meeting-rooms';
import { SessionPolicy } from '../session.policy';

class RoomSummary {
  @ApiProperty({ enum: MEETING_PROVIDERS }) provider: MeetingProvider;
  @ApiProperty({
    description: 'The rooms are on meet.jit.si: the coach must sign in there (Google, Facebook or GitHub) as moderator to open the room.',
  })
  moderatorMustSignIn: boolean;
  @ApiProperty({ description: 'False only when the session needs a meeting URL (MEETING_PROVIDER=url) and nobody has set one.' })
  ready: boolean;
}

class JoinSummary {
  @ApiProperty({ enum: ['coach', 'newcomer'] }) role: 'coach' | 'newcomer';
  @ApiProperty() displayName: string;
  @ApiProperty({ format: 'date-time', description: 'When they first opened the room, in the caller’s time zone.' }) joinedAt: string;
}

/** What a session's answer says about its room and who opened it; the room itself is only in the join answer. */
export interface SessionRoomContext {
  joinUrl: string;
  room: RoomView;
  /** Shown to all but the newcomer (attendance is the coach's record); omitted where not loaded. */
  joins?: ReadonlyArray<{ userId: string; joinedAt: Date }>;
}

class PersonSummary {
  @ApiPropertyOptional({ format: 'uuid', description: 'Omitted for coaches viewing a newcomer.' }) id?: string;
  @ApiProperty() displayName: string;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) coachId: string;
  @ApiProperty({ format: 'uuid' }) academyId: string;
  @ApiProperty() topic: string;
  @ApiProperty() language: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-30T18:00:00+02:00', description: 'In the caller’s time zone.' }) start: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-30T19:00:00+02:00' }) end: string;
  @ApiProperty({ type: 'integer' }) durationMinutes: number;
  @ApiProperty({ enum: SESSION_STATUSES }) status: SessionStatus;
  @ApiProperty({
    description:
      'The session’s join page in the web app. The room itself is given only by GET /v1/sessions/{id}/join, around the session’s time.',
  })
  joinUrl: string;
  @ApiProperty({ type: RoomSummary }) room: RoomSummary;
  @ApiPropertyOptional({ type: [JoinSummary], description: 'Who opened the room, and when. Not shown to the newcomer.' })
  joins?: JoinSummary[];
  @ApiProperty({ type: 'integer', description: 'Grows by one with every reschedule or cancellation.' }) version: number;
  @ApiProperty({ type: PersonSummary }) coach: PersonSummary;
  @ApiProperty({ type: PersonSummary }) newcomer: PersonSummary;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Who booked it: the newcomer, or a coordinator on their behalf. Omitted for coaches (it is usually the newcomer’s id).',
  })
  bookedBy?: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When booked on the newcomer’s behalf: when their consent was recorded.',
  })
  consentRecordedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancellationReason?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Coach and coordinators only.' }) coachNotes?: string | null;
  @ApiPropertyOptional({
    enum: ['concern', 'urgent'],
    description: 'In the needs-attention list only: the open safeguarding flag the coach’s report raised.',
  })
  concern?: 'concern' | 'urgent';

  /** What the viewer may see, by `SessionPolicy`: a coach sees the newcomer's display name (the language is the session's), no id. */
  static from(session: CoachingSessionEntity, viewer: Actor, context: SessionRoomContext): SessionResponse {
    const show = (date: Date) => DateTime.fromJSDate(date, { zone: viewer.timeZone }).toISO({ suppressMilliseconds: true })!;
    const showNewcomerId = SessionPolicy.maySeeNewcomerId(viewer);
    return {
      id: session.id,
      coachId: session.coachId,
      academyId: session.academyId,
      topic: session.topic,
      language: session.language,
      start: show(session.startAt),
      end: show(session.endAt),
      durationMinutes: Math.round((session.endAt.getTime() - session.startAt.getTime()) / 60_000),
      status: session.status,
      joinUrl: context.joinUrl,
      room: context.room,
      ...(context.joins && viewer.role !== 'newcomer'
        ? {
            joins: context.joins.map((j) => ({
              role: j.userId === session.coachId ? ('coach' as const) : ('newcomer' as const),
              displayName: j.userId === session.coachId ? session.coach!.displayName : session.newcomer!.displayName,
              joinedAt: show(j.joinedAt),
            })),
          }
        : {}),
      version: session.version,
      coach: { id: session.coachId, displayName: session.coach!.displayName },
      newcomer: showNewcomerId
        ? { id: session.newcomerId, displayName: session.newcomer!.displayName }
        : { displayName: session.newcomer!.displayName },
      ...(showNewcomerId ? { bookedBy: session.bookedBy } : {}),
      consentRecordedAt: session.consentRecordedAt ? show(session.consentRecordedAt) : null,
      cancellationReason: session.cancellationReason,
      ...(SessionPolicy.maySeeCoachNotes(viewer) ? { coachNotes: session.coachNotes } : {}),
    };
  }
}

export class SessionPageResponse extends OffsetPageOf(SessionResponse) {}
