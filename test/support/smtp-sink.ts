import { type AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process: the worker delivers to it over a
 * real SMTP conversation, and tests read the parsed messages.
 */
export class SmtpSink {
  readonly received: ParsedMail[] = [];
  /** When set, every recipient is refused with this SMTP reply. */
  refuseWith: string | null = null;
  /** The reply code of those refusals: 5xx is permanent, 4xx asks the client to try again later. */
  refuseCode = 550;
  /** When set, only this many more recipients are refused; then `refuseWith` is cleared. */
  refuseTimes: number | null = null;
  /** While set, message data is read but not answered until the promise settles (a slow mail server). */
  hold: Promise<void> | null = null;
  /** Called when a message's data starts arriving. */
  onDataStart: (() => void) | null = null;
  /** SMTP connections opened to this server so far. */
  connections = 0;
  private server?: SMTPServer;
  private waiters: Array<() => void> = [];

  async start(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onRcptTo: (_address, _session, callback) => {
        if (this.refuseWith) {
          const error = new Error(this.refuseWith) as Error & { responseCode: number };
          error.responseCode = this.refuseCode;
          if (this.refuseTimes !== null && --this.refuseTimes <= 0) {
            this.refuseWith = null;
            this.refuseTimes = null;
          }
          return callback(error);
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        this.onDataStart?.();
        const held = this.hold ?? Promise.resolve();
        simpleParser(stream)
          .then(async (mail) => {
            await held;
            this.received.push(mail);
            this.waiters.splice(0).forEach((wake) => wake());
            callback();
          })
          .catch(callback);
      },
    });
    // A client that dies mid-conversation (a killed worker) resets its connection: not the sink's failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server!.server.address() as AddressInfo).port}`;
  }

  /** Resolves with the mails matching `predicate` once there are `count` of them; rejects after `timeoutMs`. */
  async waitFor(predicate: (mail: ParsedMail) => boolean, count = 1, timeoutMs = 15_000): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.received.filter(predicate);
      if (matching.length >= count) return matching;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`expected ${count} matching mail(s), got ${matching.length} in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
