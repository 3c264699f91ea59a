import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { NOTIFICATION_KINDS, NOTIFICATION_STATES, NotificationEntity, NotificationKind, NotificationState } from '@app/persistence';

/** One intended message about a session, as a coordinator sees it: who it was for, never their address. */
export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ type: 'integer', description: 'The version of the session the message was written for.' }) sessionVersion: number;
  @ApiProperty({ type: 'integer', description: 'Seconds before the start, for reminders; 0 otherwise.' }) offsetSeconds: number;
  @ApiProperty({ format: 'uuid' }) recipientId: string;
  @ApiProperty({ enum: ['newcomer', 'coach'] }) recipientRole: 'newcomer' | 'coach';
  @ApiProperty({ enum: NOTIFICATION_STATES }) state: NotificationState;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The last delivery error, or why the message was skipped.' })
  lastError: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'What the SMTP server answered when it took the message.' })
  providerMessageId: string | null;

  static from(row: NotificationEntity, coachId: string, timeZone: string): NotificationResponse {
    const show = (date: Date | null) => (date ? DateTime.fromJSDate(date, { zone: timeZone }).toISO({ suppressMilliseconds: true }) : null);
    return {
      id: row.id,
      kind: row.kind,
      sessionVersion: row.sessionVersion,
      offsetSeconds: row.offsetSeconds,
      recipientId: row.recipientId,
      recipientRole: row.recipientId === coachId ? 'coach' : 'newcomer',
      state: row.state,
      dueAt: show(row.dueAt)!,
      attempts: row.attempts,
      lastError: row.lastError,
      sentAt: show(row.sentAt),
      providerMessageId: row.providerMessageId,
    };
  }
}

export class NotificationListResponse {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
}
