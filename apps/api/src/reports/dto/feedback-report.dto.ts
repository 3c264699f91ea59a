import { ApiProperty } from '@nestjs/swagger';
import { FEEDBACK_HAPPENED, FeedbackHappened } from '@app/persistence';

export class FeedbackFiguresResponse {
  @ApiProperty({ type: 'integer', description: 'Feedback links mailed.' }) requested: number;
  @ApiProperty({ type: 'integer' }) answered: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'answered / requested, three decimals; null with no request.' })
  answerRate: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Mean score, 1 to 5, two decimals.' }) average: number | null;
  @ApiProperty({ type: 'integer', isArray: true, description: 'Answers with score 1, 2, 3, 4 and 5.', minItems: 5, maxItems: 5 })
  distribution: number[];
}

export class FeedbackMonthResponse extends FeedbackFiguresResponse {
  @ApiProperty({ example: '2026-03', description: 'A month of the academy’s time zone.' }) month: string;
}

export class FeedbackTopicResponse extends FeedbackFiguresResponse {
  @ApiProperty({ example: 'employment' }) topic: string;
}

export class HappenedResponse {
  @ApiProperty({ enum: FEEDBACK_HAPPENED, description: 'What the newcomer said.' }) happened: FeedbackHappened;
  @ApiProperty({ description: 'The session’s recorded status.' }) status: string;
  @ApiProperty({ type: 'integer' }) sessions: number;
}

class ProgressResponse {
  @ApiProperty({ type: 'integer' }) none: number;
  @ApiProperty({ type: 'integer' }) some: number;
  @ApiProperty({ type: 'integer' }) good: number;
}

class LevelCounts {
  @ApiProperty({ type: 'integer' }) concern: number;
  @ApiProperty({ type: 'integer' }) urgent: number;
}

class FlagCountsResponse {
  @ApiProperty({ type: LevelCounts }) raised: LevelCounts;
  @ApiProperty({ type: LevelCounts }) closed: LevelCounts;
}

class NewcomerCountsResponse {
  @ApiProperty({ type: 'integer', description: 'Distinct newcomers with a completed session.' }) served: number;
  @ApiProperty({ type: 'integer', description: 'Of them, those with two or more.' }) returning: number;
}

export class FeedbackReportResponse {
  @ApiProperty({ format: 'uuid' }) academyId: string;
  @ApiProperty({ example: 'Europe/Rome' }) timeZone: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: FeedbackFiguresResponse }) totals: FeedbackFiguresResponse;
  @ApiProperty({ type: [FeedbackMonthResponse], description: 'Every month of the period, by the sessions’ start.' })
  byMonth: FeedbackMonthResponse[];
  @ApiProperty({ type: [FeedbackTopicResponse] }) byTopic: FeedbackTopicResponse[];
  @ApiProperty({ type: [HappenedResponse] }) happened: HappenedResponse[];
  @ApiProperty({ type: ProgressResponse, description: 'Progress reported by coaches.' }) progress: ProgressResponse;
  @ApiProperty({ type: FlagCountsResponse, description: 'Concerns raised about the period’s sessions, and how many are closed.' })
  flags: FlagCountsResponse;
  @ApiProperty({ type: NewcomerCountsResponse }) newcomers: NewcomerCountsResponse;
}
