import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export const LINK_PURPOSES = ['invitation', 'password_reset', 'sign_in', 'email_verification'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** How long each kind of link works. */
export const LINK_LIFETIME_SECONDS: Readonly<Record<LinkPurpose, number>> = {
  invitation: 7 * 86_400,
  password_reset: 3600,
  sign_in: 30 * 60,
  email_verification: 48 * 3600,
};

/** The web app's page for each purpose; the token travels in the fragment, which browsers never send to a server. */
export const LINK_PAGE: Readonly<Record<LinkPurpose, string>> = {
  invitation: '/accept-invitation',
  password_reset: '/reset-password',
  sign_in: '/sign-in-link',
  email_verification: '/verify-email',
};

/**
 * Link tokens are derived, not stored. The API writes a row (id, purpose,
 * random 128-bit nonce, sha256 of the token) and the job that mails the link
 * carries only the mail's id; the worker derives the same token again from
 * the row with a key only the servers hold. So the token is never in the
 * database, a job payload or a log, and a copy of the database alone cannot
 * forge or recover a link. The key is derived from JWT_SECRET: changing that
 * secret ends every outstanding link, as it ends every access token.
 */
export class LinkTokens {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(serverSecret, 'utf8'), Buffer.alloc(0), 'coaching link tokens v1', 32));
  }

  static newNonce(): Buffer {
    return randomBytes(16);
  }

  /** 256 bits, base64url: the HMAC of the row's id, purpose and nonce. */
  derive(id: string, purpose: LinkPurpose, nonce: Buffer): string {
    return createHmac('sha256', this.key).update(`${purpose}\n${id}\n`).update(nonce).digest('base64url');
  }

  /** The secret in a person's calendar feed URL: shown again on request, changed by a new nonce. */
  deriveFeed(userId: string, nonce: Buffer): string {
    return createHmac('sha256', this.key).update(`calendar_feed\n${userId}\n`).update(nonce).digest('base64url');
  }

  /**
   * The refresh token that replaces `refreshToken`. Derived rather than
   * random so that a retry of the same refresh (a phone whose answer was
   * lost) can be given the same successor again without storing it.
   */
  deriveRefreshSuccessor(refreshToken: string): string {
    return createHmac('sha256', this.key).update('refresh_successor\n').update(refreshToken, 'utf8').digest('base64url');
  }

  /** The token of a waiting-list expiry notice's link, from the notice's outbox row. Single use; see the renewal route. */
  deriveWaitingListRenewal(outboxId: string, nonce: Buffer): string {
    return createHmac('sha256', this.key).update(`waiting_list_renewal\n${outboxId}\n`).update(nonce).digest('base64url');
  }

  waitingListRenewalUrl(publicUrl: string, token: string): string {
    return `${publicUrl}/waiting-list/renew#token=${token}`;
  }

  /**
   * The secret of a newcomer's feedback links about one session: tied to that
   * session and newcomer, the same in every mail about it (so a later use
   * updates the answer), and stored only as its hash, by the worker that mails it.
   */
  deriveFeedback(sessionId: string, newcomerId: string): string {
    return createHmac('sha256', this.key).update(`session_feedback\n${sessionId}\n${newcomerId}\n`).digest('base64url');
  }

  url(publicUrl: string, purpose: LinkPurpose, token: string): string {
    return `${publicUrl}${LINK_PAGE[purpose]}#token=${token}`;
  }
}

/** How long a feedback link works, from the moment its mail was due. */
export const FEEDBACK_LINK_LIFETIME_SECONDS = 14 * 86_400;

/** One face of the feedback mail: the page records `score` as soon as it opens. */
export function feedbackUrl(publicUrl: string, token: string, score: number): string {
  return `${publicUrl}/feedback#token=${token}&score=${score}`;
}

/** What is stored and looked up: sha256 of a high-entropy token (a slow hash adds nothing at 256 bits). */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
