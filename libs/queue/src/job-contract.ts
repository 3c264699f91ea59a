/**
 * The one contract between the API (producer) and the worker (consumer).
 *
 * The string values of these enums are stored in Redis with every job and are
 * read by workers of other versions during a rolling deploy: never change or
 * reuse one. Add a new name instead.
 */
export enum QueueName {
  Notifications = 'notifications',
}

export enum JobName {
  /**
   * Welcome mail to a newcomer who has just registered. No longer produced
   * (registration writes an account_mail row instead); kept so that jobs
   * queued by an older API during a rolling deploy are still handled.
   */
  SendAccountWelcome = 'account.send-welcome',
  /** One row of the account-mail outbox: invitation, reset, sign-in link, verification or "you already have an account". */
  SendAccountMail = 'account.send-mail',
  /** One row of the notification outbox: a confirmation, reminder, notice or follow-up about a session. */
  SendNotification = 'notification.send',
  /** Finds queued notifications whose job Redis no longer holds, and hands them back to the relay. */
  ReconcileNotifications = 'notifications.reconcile',
  /** Erases newcomers inactive for longer than the retention period (RETENTION_MONTHS). */
  EraseInactiveNewcomers = 'people.erase-inactive',
  /** Deletes expired idempotency keys and old settled notification rows. */
  PurgeExpiredRecords = 'records.purge-expired',
  /** A coach's offer changed (activated, back from a pause, new hours): offers go to the waiting entries they fit. */
  MatchWaitingList = 'waiting-list.match-coach',
  /** One offer mail: a coach who fits has time for a newcomer on the waiting list. */
  SendWaitingListOffer = 'waiting-list.send-offer',
  /** The mail 7 days before a waiting-list entry lapses, with the link that keeps it. */
  SendWaitingListExpiryNotice = 'waiting-list.send-expiry-notice',
}

/** Payloads carry ids only: the database is the truth, and the handler reloads the rows. */
export interface JobPayloads {
  [JobName.SendAccountWelcome]: { userId: string };
  [JobName.SendAccountMail]: { accountMailId: string };
  [JobName.SendNotification]: { notificationId: string };
  [JobName.ReconcileNotifications]: Record<string, never>;
  [JobName.EraseInactiveNewcomers]: Record<string, never>;
  [JobName.PurgeExpiredRecords]: Record<string, never>;
  [JobName.MatchWaitingList]: { waitingListOutboxId: string };
  [JobName.SendWaitingListOffer]: { waitingListOutboxId: string };
  [JobName.SendWaitingListExpiryNotice]: { waitingListOutboxId: string };
}

/** Which queue each job travels on. A `Record` over the enum, so a new job cannot be forgotten here. */
export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.SendAccountWelcome]: QueueName.Notifications,
  [JobName.SendAccountMail]: QueueName.Notifications,
  [JobName.SendNotification]: QueueName.Notifications,
  [JobName.ReconcileNotifications]: QueueName.Notifications,
  // Housekeeping shares the one queue: it is a short daily job.
  [JobName.EraseInactiveNewcomers]: QueueName.Notifications,
  [JobName.PurgeExpiredRecords]: QueueName.Notifications,
  [JobName.MatchWaitingList]: QueueName.Notifications,
  [JobName.SendWaitingListOffer]: QueueName.Notifications,
  [JobName.SendWaitingListExpiryNotice]: QueueName.Notifications,
};

/** What a handler knows of the job it runs, beyond the payload. */
export interface JobContext {
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
  /**
   * What an earlier attempt of this job saved with the job (in the queue's store,
   * not the database): a delivery saves the mail server's message id once the
   * server has taken the mail, so a retry records the send instead of repeating it.
   */
  checkpoint?: string | null;
  saveCheckpoint?: (value: string) => Promise<void>;
}

/** What a handler reports: the work was done, or it was no longer wanted. Real failures throw. */
export type JobOutcome = { status: 'done'; detail?: Record<string, unknown> } | { status: 'skipped'; reason: string };

export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JobName);
export const ALL_QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);
