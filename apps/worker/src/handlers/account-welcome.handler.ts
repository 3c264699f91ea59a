import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { MailTransport, renderWelcome } from '@app/notifications';
import { UsersRepository } from '@app/persistence';
import { JobName, JobOutcome, JobPayloads } from '@app/queue';
import { JobHandler } from '../jobs/job-handler.decorator';
import { messageIdFor } from '../notifications/message-id';

@Injectable()
export class AccountWelcomeHandler {
  constructor(
    private readonly users: UsersRepository,
    private readonly mail: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler(JobName.SendAccountWelcome)
  async handleSendAccountWelcome({ userId }: JobPayloads[JobName.SendAccountWelcome]): Promise<JobOutcome> {
    const user = await this.users.findById(userId);
    if (!user) return { status: 'skipped', reason: 'account no longer exists' };
    if (user.erasedAt) return { status: 'skipped', reason: 'account erased' };
    const rendered = renderWelcome(user.locale, user.displayName, `${this.config.publicUrl}/`);
    const sent = await this.mail.send({
      to: user.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdFor(`welcome.${user.id}`, this.config.mailFrom),
    });
    return { status: 'done', detail: { providerMessageId: sent.providerMessageId, locale: rendered.locale } };
  }
}
