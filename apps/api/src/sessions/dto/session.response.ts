import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { CoachingSessionEntity, SESSION_STATUSES, SessionStatus } from '@app/persistence';
import { Actor } from '../../auth/actor';
import { OffsetPageOf } from '../../common/http/page.response';
import { SessionPolicy } from '../session.policy';

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
  @ApiProperty() meetingUrl: string;
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
  static from(session: CoachingSessionEntity, viewer: Actor): SessionResponse {
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
      meetingUrl: session.meetingUrl,
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
