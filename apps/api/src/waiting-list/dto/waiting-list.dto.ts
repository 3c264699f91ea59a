import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { WAITING_LIST_STATUSES, type WaitingListEntry, type WaitingListStatus } from '@app/persistence';
import { formatInZone } from '@app/scheduling';
import { WeeklyRuleDto } from '../../coaches/dto/availability.dto';
import { PageQuery } from '../../common/http/page.query';
import { OffsetPageOf } from '../../common/http/page.response';
import { IsLanguageCode, IsOmittable, IsTopic } from '../../common/http/validators';
import { MatchRequestDto } from '../../matches/dto/match.dto';

/** What `POST /v1/matches` takes of a newcomer's wishes: the waiting list keeps no more. */
export class JoinWaitingListDto extends PickType(MatchRequestDto, ['languages', 'topics', 'timeZone', 'preferredWindows'] as const) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Coordinators and admins: the newcomer of their academy to put on the list.' })
  @IsOmittable()
  @IsUUID('all')
  newcomerId?: string;

  @ApiPropertyOptional({ description: 'Required, and true, on a newcomer’s behalf: the newcomer agreed to be put on the list.' })
  @IsOmittable()
  @IsBoolean()
  newcomerConsent?: boolean;
}

export class WaitingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WAITING_LIST_STATUSES })
  @IsOptional()
  @IsIn(WAITING_LIST_STATUSES as unknown as string[], { message: `must be one of ${WAITING_LIST_STATUSES.join(', ')}` })
  status?: WaitingListStatus;

  @ApiPropertyOptional({ example: 'ur', description: 'Entries asking for this language.' })
  @IsOptional()
  @IsLanguageCode()
  language?: string;

  @ApiPropertyOptional({ example: 'housing', description: 'Entries asking for this topic.' })
  @IsOptional()
  @IsTopic()
  topic?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one academy. Coordinators may name only their own.' })
  @IsOptional()
  @IsUUID('all')
  academyId?: string;
}

export class WithdrawQuery {
  @ApiPropertyOptional({ maxLength: 500, description: 'Staff: why the entry was withdrawn; kept in the audit log.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RenewWaitingListDto {
  @ApiProperty({ description: 'The token from the link in the expiry notice.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,128}$/, { message: 'must be the token from the link' })
  token: string;
}

export class WaitingListEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) newcomerId: string;
  @ApiProperty({ format: 'uuid' }) academyId: string;
  @ApiProperty({ enum: WAITING_LIST_STATUSES }) status: WaitingListStatus;
  @ApiProperty({ format: 'date-time', description: 'In the reader’s zone.' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the entry lapses unless kept; a mail goes out 7 days before.' })
  expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastOfferedAt: string | null;
  @ApiProperty({ type: [String], example: ['ha'] }) languages: string[];
  @ApiProperty({ type: [String], example: ['housing'] }) topics: string[];
  @ApiProperty({ example: 'Europe/Rome' }) timeZone: string;
  @ApiProperty({ type: [WeeklyRuleDto] }) preferredWindows: WeeklyRuleDto[];

  static from(entry: WaitingListEntry, zone: string): WaitingListEntryResponse {
    const show = (d: Date) => formatInZone(d.getTime(), zone);
    return {
      id: entry.id,
      newcomerId: entry.newcomerId,
      academyId: entry.academyId,
      status: entry.status,
      createdAt: show(entry.createdAt),
      expiresAt: show(entry.expiresAt),
      lastOfferedAt: entry.lastOfferedAt ? show(entry.lastOfferedAt) : null,
      languages: entry.languages,
      topics: entry.topics,
      timeZone: entry.timeZone,
      preferredWindows: entry.preferredWindows,
    };
  }
}

export class WaitingListPageResponse extends OffsetPageOf(WaitingListEntryResponse) {}
