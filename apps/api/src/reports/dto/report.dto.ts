import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsLocalDate } from '../../common/http/validators';

export class ReportQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Coordinators: their own academy, the default. Admins: required.' })
  @IsOptional()
  @IsUUID('all')
  academyId?: string;

  @ApiProperty({ format: 'date', example: '2026-01-01', description: 'First date, in the academy’s time zone.' })
  @IsLocalDate()
  from: string;

  @ApiProperty({
    format: 'date',
    example: '2026-06-30',
    description: 'Last date, in the academy’s time zone, inclusive; at most 366 days after from.',
  })
  @IsLocalDate()
  to: string;
}

class StatusCountsResponse {
  @ApiProperty({ type: 'integer' }) sessions: number;
  @ApiProperty({ type: 'integer' }) booked: number;
  @ApiProperty({ type: 'integer' }) cancelled: number;
  @ApiProperty({ type: 'integer' }) completed: number;
  @ApiProperty({ type: 'integer' }) newcomerNoShow: number;
  @ApiProperty({ type: 'integer' }) coachNoShow: number;
}

class TotalsResponse extends StatusCountsResponse {
  @ApiProperty({ description: 'Hours of sessions not cancelled.' }) bookedHours: number;
  @ApiProperty({ nullable: true, type: Number }) offeredHours: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Booked over offered hours; see utilisationBasis.' }) utilisation:
    number | null;
}

class CoachFiguresResponse extends TotalsResponse {
  @ApiProperty({ format: 'uuid' }) coachId: string;
  @ApiProperty() displayName: string;
}

class TopicFiguresResponse extends StatusCountsResponse {
  @ApiProperty() topic: string;
}

class MonthFiguresResponse extends StatusCountsResponse {
  @ApiProperty({ example: '2026-03', description: 'Month of the session start, in the academy’s time zone.' }) month: string;
}

class NoShowResponse {
  @ApiProperty({ type: 'integer', description: 'Sessions with an outcome: completed or a no-show.' }) outcomesRecorded: number;
  @ApiProperty({ nullable: true, type: Number }) newcomerRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) coachRate: number | null;
}

class NewcomersResponse {
  @ApiProperty({ type: 'integer', description: 'Distinct newcomers with at least one completed session in the period.' }) served: number;
  @ApiProperty({ type: 'integer', description: 'Of those, the ones with at least two.' }) returning: number;
  @ApiProperty({ nullable: true, type: Number }) returningShare: number | null;
}

export class SessionReportResponse {
  @ApiProperty({ format: 'uuid' }) academyId: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: TotalsResponse }) totals: TotalsResponse;
  @ApiProperty({ type: 'integer', description: 'Booked sessions that ended without an outcome.' }) awaitingOutcome: number;
  @ApiProperty({ type: NoShowResponse }) noShow: NoShowResponse;
  @ApiProperty({ type: NewcomersResponse }) newcomers: NewcomersResponse;
  @ApiProperty({ type: [CoachFiguresResponse] }) byCoach: CoachFiguresResponse[];
  @ApiProperty({ type: [TopicFiguresResponse] }) byTopic: TopicFiguresResponse[];
  @ApiProperty({ type: [MonthFiguresResponse] }) byMonth: MonthFiguresResponse[];
  @ApiProperty() utilisationBasis: string;
}
