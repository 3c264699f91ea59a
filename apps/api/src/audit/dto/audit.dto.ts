import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { LimitQuery } from '../../common/http/page.query';
import { IsInstant } from '../../common/http/validators';

export const AUDITED_ENTITIES = ['session', 'coach_profile', 'user'] as const;

/** Paged by keyset, not by offset: `cursor` is the `nextCursor` of the previous page. */
export class AuditLogQuery extends LimitQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The nextCursor of the previous page: the entries after it.' })
  @IsOptional()
  @IsUUID('all')
  cursor?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one academy. Coordinators: only their own, which is what they see anyway.' })
  @IsOptional()
  @IsUUID('all')
  academyId?: string;

  @ApiPropertyOptional({ enum: AUDITED_ENTITIES })
  @IsOptional()
  @IsIn(AUDITED_ENTITIES as unknown as string[], { message: `must be one of ${AUDITED_ENTITIES.join(', ')}` })
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-03-01T00:00:00+01:00', description: 'Entries at or after this instant.' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-04-01T00:00:00+02:00', description: 'Entries before this instant.' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class AuditEntryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null when the platform itself acted.' }) actorId:
    string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) academyId: string | null;
  @ApiProperty({ example: 'session.cancelled' }) action: string;
  @ApiProperty({ enum: AUDITED_ENTITIES }) entityType: string;
  @ApiProperty({ format: 'uuid' }) entityId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What changed; free text is recorded as "(changed)", never copied.',
  })
  changes: Record<string, unknown>;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse], description: 'Newest first.' }) items: AuditEntryResponse[];
  @ApiProperty({ type: 'integer' }) limit: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Pass as cursor for the next page; null on the last one.' })
  nextCursor: string | null;
}
