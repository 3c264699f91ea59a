import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { calendarOf, hashToken, joinPageUrl, LinkTokens, sessionEvent } from '@app/notifications';
import { CalendarFeedsRepository } from '@app/persistence';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';
import { CalendarFeedPolicy } from './calendar-feed.policy';

/** Sessions that ended longer ago than this are left out of the feed. */
const FEED_PAST_DAYS = 30;
/** A feed lists at most this many sessions (a coach's year is a few hundred). */
const FEED_LIMIT = 2_000;
const FEED_SECRET = /^[A-Za-z0-9_-]{43}$/;

export interface CalendarFeedLinks {
  url: string;
  webcalUrl: string;
}

/**
 * A secret, rotatable iCalendar feed of each coach's and newcomer's
 * sessions. The secret is derived from a stored nonce (as link tokens are),
 * so the URL can be shown again without being stored; a new nonce changes
 * it, and the old URL then matches nothing (404).
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly feeds: CalendarFeedsRepository,
    private readonly clock: Clock,
    private readonly secrets: LinkTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async linksOf(actor: Actor): Promise<CalendarFeedLinks> {
    CalendarFeedPolicy.assertMayHaveFeed(actor);
    let nonce = await this.feeds.nonceOf(actor.id);
    if (!nonce) {
      const fresh = LinkTokens.newNonce();
      await this.feeds.setFeed(actor.id, fresh, hashToken(this.secrets.deriveFeed(actor.id, fresh)), true);
      nonce = (await this.feeds.nonceOf(actor.id))!;
    }
    return this.links(this.secrets.deriveFeed(actor.id, nonce));
  }

  async rotate(actor: Actor): Promise<CalendarFeedLinks> {
    CalendarFeedPolicy.assertMayHaveFeed(actor);
    const nonce = LinkTokens.newNonce();
    const secret = this.secrets.deriveFeed(actor.id, nonce);
    await this.feeds.setFeed(actor.id, nonce, hashToken(secret), false);
    return this.links(secret);
  }

  async feed(secret: string): Promise<string> {
    const owner = FEED_SECRET.test(secret) ? await this.feeds.ownerOf(hashToken(secret)) : null;
    if (!owner) throw new ApiException(ErrorCode.NotFound, 'No such calendar feed');
    const now = this.clock.now();
    const sessions = await this.feeds.sessionsOf(owner.id, new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000), FEED_LIMIT);
    return calendarOf(
      'PUBLISH',
      sessions.map((s) => sessionEvent({ ...s, locale: owner.locale, joinUrl: joinPageUrl(this.config.publicUrl, s.id) }, 'PUBLISH', now)),
      'Coaching across continents',
    );
  }

  private links(secret: string): CalendarFeedLinks {
    const url = `${this.config.publicUrl}/v1/calendar-feeds/${secret}.ics`;
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
  }
}
