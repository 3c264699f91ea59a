import { ApiProperty } from '@nestjs/swagger';

export class ErasureResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'False when the person had been erased already.' }) erased: boolean;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true, description: 'Their future sessions, cancelled; the coaches are told.' })
  cancelledSessionIds: string[];
}
