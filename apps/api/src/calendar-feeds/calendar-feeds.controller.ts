import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Public } from '../auth/roles.decorator';
import { CalendarFeedLinks, CalendarFeedsService } from './calendar-feeds.service';

export class CalendarFeedResponse implements CalendarFeedLinks {
  @ApiProperty({ description: 'The secret feed URL (iCalendar). Whoever has it sees the sessions: keep it private.' }) url: string;
  @ApiProperty({ description: 'The same feed as a webcal:// link, which phones and desktop calendars subscribe to in one tap.' })
  webcalUrl: string;
}

@ApiTags('calendar feeds')
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get('v1/me/calendar-feed')
  @ApiBearerAuth()
  @ApiOkResponse({
    type: CalendarFeedResponse,
    description: 'Coaches and newcomers: the personal feed of their sessions from 30 days ago on.',
  })
  link(@CurrentActor() actor: Actor): Promise<CalendarFeedResponse> {
    return this.feeds.linksOf(actor);
  }

  @Post('v1/me/calendar-feed/rotate')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: CalendarFeedResponse, description: 'A new feed URL; the old one answers 404 from now on.' })
  rotate(@CurrentActor() actor: Actor): Promise<CalendarFeedResponse> {
    return this.feeds.rotate(actor);
  }

  @Public()
  @Get('v1/calendar-feeds/:secret.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'The iCalendar feed: stable UIDs, SEQUENCE equal to the session’s version, STATUS:CANCELLED for cancelled sessions.',
  })
  feed(@Param('secret') secret: string): Promise<string> {
    return this.feeds.feed(secret);
  }
}
