import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/clock';
import { APP_CONFIG, AppConfig } from '@app/config';
import { LinkTokens, MailTransport, renderAccountMail } from '@app/notifications';
import { AccountTokensRepository } from '@app/persistence';
import { JobName, JobOutcome, JobPayloads } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { messageIdFor } from '../notifications/message-id';

/**
 * Sends one row of the account-mail outbox. The link's token is derived here
 * from the token row (see LinkTokens) and lives only in the mail: the job
 * carries the row's id, and nothing about the token is logged.
 */
@Injectable()
export class AccountMailHandler {
  constructor(
    private readonly accountTokens: AccountTokensRepository,
    private readonly mail: MailTransport,
    private readonly links: LinkTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @JobHandler(JobName.SendAccountMail)
  async handleSendAccountMail({ accountMailId }: JobPayloads[JobName.SendAccountMail]): Promise<JobOutcome> {
    const row = await this.accountTokens.findMail(accountMailId);
    if (!row) return { status: 'skipped', reason: 'mail no longer exists' };
    if (row.state === 'sent') return { status: 'skipped', reason: 'already sent' };
    const skip = async (reason: string): Promise<JobOutcome> => {
      await this.accountTokens.markSkipped(row.id);
      return { status: 'skipped', reason };
    };
    if (row.erased) return skip('account erased');
    if (row.disabled) return skip('account disabled');
    if (!row.token.open) return skip('link used or replaced');
    if (row.token.expiresAt.getTime() <= this.clock.now().getTime()) return skip('link expired');

    const link = this.links.url(
      this.config.publicUrl,
      row.token.purpose,
      this.links.derive(row.token.id, row.token.purpose, row.token.nonce),
    );
    const rendered = renderAccountMail(row.kind, row.locale, row.displayName, link);
    const sent = await this.mail.send({
      to: row.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdFor(`account-mail.${row.id}`, this.config.mailFrom),
    });
    await this.accountTokens.markSent(row.id, sent.providerMessageId);
    return { status: 'done', detail: { kind: row.kind, locale: rendered.locale } };
  }
}
