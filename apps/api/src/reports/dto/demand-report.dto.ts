import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsLocalDate } from '../../common/http/validators';

export class DemandReportQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Coordinators: their own academy, the default. Admins: one academy; none: each.' })
  @IsOptional()
  @IsUUID('all')
  academyId?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-01-01',
    description: 'First date joined, in the academy’s zone; default 364 days before to.',
  })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-12-31',
    description: 'Last date joined, inclusive; default today; at most 366 days after from.',
  })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class DemandNeedResponse {
  @ApiProperty({ example: 'ur' }) language: string;
  @ApiProperty({ example: 'housing' }) topic: string;
  @ApiProperty({ type: 'integer', description: 'Entries still waiting (or offered and not booked).' }) open: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Median wait of the open entries so far, in whole days.' })
  medianWaitDays: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Longest wait of an open entry so far, in whole days.' })
  longestWaitDays: number | null;
  @ApiProperty({ type: 'integer' }) offersMade: number;
  @ApiProperty({ type: 'integer', description: 'Entries booked within 7 days of joining.' }) bookedWithin7Days: number;
  @ApiProperty({ type: 'integer', description: 'Entries booked within 30 days of joining.' }) bookedWithin30Days: number;
}

export class UnmetSearchResponse {
  @ApiProperty({ example: '2026-11', description: 'Calendar month (UTC).' }) month: string;
  @ApiProperty({ example: 'ha' }) language: string;
  @ApiProperty({ example: 'housing' }) topic: string;
  @ApiProperty({ type: 'integer', description: 'Searches that found no coach; who searched is not recorded.' }) searches: number;
}

export class AcademyDemandResponse {
  @ApiProperty({ format: 'uuid' }) academyId: string;
  @ApiProperty({ example: 'siena' }) slug: string;
  @ApiProperty({ example: 'Europe/Rome' }) timeZone: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [DemandNeedResponse], description: 'Entries that joined in the period, by language × topic; most open first.' })
  needs: DemandNeedResponse[];
  @ApiProperty({ type: [UnmetSearchResponse] }) unmetSearches: UnmetSearchResponse[];
}

export class DemandReportResponse {
  @ApiProperty({ type: [AcademyDemandResponse] }) academies: AcademyDemandResponse[];
}
