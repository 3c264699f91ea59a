import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { type AppConfig } from '@app/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per intended message, so a re-send after a crash carries the same Message-ID. */
  messageId: string;
  headers?: Record<string, string>;
  /** An iCalendar invitation, sent as a text/calendar alternative and attachment. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; filename: string; content: string };
}

export interface SentMail {
  /** The id the SMTP server or file sink gave the message. */
  providerMessageId: string;
}

/** Delivery only: rendering happens before, in the job handler. */
export abstract class MailTransport {
  abstract send(mail: OutgoingMail): Promise<SentMail>;
  abstract close(): Promise<void>;
}

class SmtpMailTransport extends MailTransport {
  constructor(
    private readonly transporter: Transporter,
    private readonly from: string,
  ) {
    super();
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.transporter.sendMail({ ...mail, from: this.from });
    const accepted = (info.accepted ?? []) as unknown[];
    if (accepted.length === 0) throw new Error(`SMTP server accepted no recipient: ${String(info.response)}`);
    return { providerMessageId: String(info.response ?? info.messageId) };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** Writes each message as an .eml file: the embedded default when no SMTP server is configured. */
class FileMailTransport extends MailTransport {
  private readonly renderer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly directory: string,
    private readonly from: string,
  ) {
    super();
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.renderer.sendMail({ ...mail, from: this.from });
    await mkdir(this.directory, { recursive: true });
    const safeId = mail.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9.@-]/g, '_');
    const path = join(this.directory, `${safeId}.eml`);
    await writeFile(path, info.message as Buffer);
    return { providerMessageId: `file:${path}` };
  }

  async close(): Promise<void> {
    this.renderer.close();
  }
}

export function createMailTransport(config: Pick<AppConfig, 'smtpUrl' | 'mailDirectory' | 'mailFrom'>): MailTransport {
  if (config.smtpUrl) {
    // Options go beside the url: a second argument would be message defaults, and the pool would silently
    // not exist (one new SMTP connection per message). One connection per concurrent job at most.
    const transporter = nodemailer.createTransport({ url: config.smtpUrl, pool: true, maxConnections: 16, maxMessages: 1000 });
    return new SmtpMailTransport(transporter, config.mailFrom);
  }
  return new FileMailTransport(config.mailDirectory, config.mailFrom);
}
