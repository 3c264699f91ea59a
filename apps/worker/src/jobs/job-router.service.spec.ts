import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ALL_JOB_NAMES, JobName, JobOutcome } from '@app/queue';
import { JobHandler } from './job-handler.decorator';
import { JobRouter } from './job-router.service';

@Injectable()
class WelcomeHandler {
  calls: unknown[] = [];

  @JobHandler(JobName.SendAccountWelcome)
  async handleWelcome(payload: unknown): Promise<JobOutcome> {
    this.calls.push(payload);
    return { status: 'done' };
  }
}

@Injectable()
class SecondWelcomeHandler {
  @JobHandler(JobName.SendAccountWelcome)
  async handleWelcomeAgain(): Promise<JobOutcome> {
    return { status: 'done' };
  }
}

@Injectable()
class NotificationHandlers {
  @JobHandler(JobName.SendAccountMail)
  async sendAccountMail(): Promise<JobOutcome> {
    return { status: 'done' };
  }

  @JobHandler(JobName.SendNotification)
  async send(): Promise<JobOutcome> {
    return { status: 'skipped', reason: 'test' };
  }

  @JobHandler(JobName.ReconcileNotifications)
  async reconcile(): Promise<JobOutcome> {
    return { status: 'done' };
  }

  @JobHandler(JobName.EraseInactiveNewcomers)
  async eraseInactive(): Promise<JobOutcome> {
    return { status: 'done' };
  }

  @JobHandler(JobName.PurgeExpiredRecords)
  async purge(): Promise<JobOutcome> {
    return { status: 'done' };
  }

  @JobHandler(JobName.MatchWaitingList)
  async matchWaitingList(): Promise<JobOutcome> {
    return { status: 'done' };
  }

  @JobHandler(JobName.SendWaitingListOffer)
  async sendOffer(): Promise<JobOutcome> {
    return { status: 'done' };
  }

  @JobHandler(JobName.SendWaitingListExpiryNotice)
  async sendExpiryNotice(): Promise<JobOutcome> {
    return { status: 'done' };
  }
}

const context = { attempt: 1, maxAttempts: 1 };

async function boot(providers: Array<new (...args: never[]) => unknown>) {
  const module = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [JobRouter, ...providers] }).compile();
  return module.init();
}

describe('JobRouter', () => {
  it('refuses to start when a job name has no handler, naming it', async () => {
    await expect(boot([])).rejects.toThrow(`no handler for job names: ${ALL_JOB_NAMES.join(', ')}`);
  });

  it('refuses to start when a job name has two handlers', async () => {
    await expect(boot([WelcomeHandler, SecondWelcomeHandler, NotificationHandlers])).rejects.toThrow(
      `more than one handler for: ${JobName.SendAccountWelcome}`,
    );
  });

  it('dispatches each job name to its handler, and fails unknown names so they are retried elsewhere', async () => {
    await expect(boot([WelcomeHandler])).rejects.toThrow(
      'no handler for job names: ' +
        [
          JobName.SendAccountMail,
          JobName.SendNotification,
          JobName.ReconcileNotifications,
          JobName.EraseInactiveNewcomers,
          JobName.PurgeExpiredRecords,
        ].join(', '),
    );
    const app = await boot([WelcomeHandler, NotificationHandlers]);
    const router = app.get(JobRouter);
    await expect(router.dispatch(JobName.SendAccountWelcome, { userId: 'u1' }, context)).resolves.toEqual({ status: 'done' });
    expect(app.get(WelcomeHandler).calls).toEqual([{ userId: 'u1' }]);
    await expect(router.dispatch('session.unknown', {}, context)).rejects.toThrow('No handler for job "session.unknown"');
    await app.close();
  });
});
