import { ApiProperty } from '@nestjs/swagger';

export class JoinResponse {
  @ApiProperty({
    description:
      'The room, for the caller only: under jitsi-jwt it carries their own token (?jwt=), valid until closesAt. Never put it in a mail or a calendar.',
  })
  url: string;
  @ApiProperty({ format: 'date-time', description: 'Ten minutes before the start, in the caller’s time zone.' }) opensAt: string;
  @ApiProperty({ format: 'date-time', description: 'Fifteen minutes after the end, in the caller’s time zone.' }) closesAt: string;
}
