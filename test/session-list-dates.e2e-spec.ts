import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { createCoach, weekdays } from './support/coaches';
import { as, bookSession } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T06:00:00Z'); // Monday

/**
 * `GET /v1/sessions?from&to` reads its dates in the caller's own time zone,
 * as every time in the answer is shown: a Sydney coach's Tuesday is Tuesday
 * in Sydney, which begins on Monday in UTC.
 */
describe('session list dates are the viewer’s dates', () => {
  let apps: TestApps;
  let coach: TestAccount;
  let coordinator: TestAccount;
  let sessionId: string;
  const listed = async (who: TestAccount, from: string, to: string) =>
    ((await apps.http().get(`/v1/sessions?from=${from}&to=${to}`).set(as(who)).expect(200)).body.items as Array<{ id: string }>).map(
      (s) => s.id,
    );

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW), privateDatabase: 'session-list-dates' });
    const { siena } = await academyIds(apps.http);
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena); // Europe/Rome
    coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Australia/Sydney',
      weekly: weekdays('08:00', '10:00'),
    });
    const newcomer = await registerNewcomer(apps.http, siena, { languages: ['en'] });
    // Tuesday 2 June, 08:00 in Sydney (UTC+10) is Monday 1 June, 22:00 UTC, and midnight in Rome.
    sessionId = await bookSession(apps.http, newcomer, { coachId: coach.id, start: '2026-06-02T08:00:00+10:00', durationMinutes: 30 });
  });
  afterAll(() => apps.close());

  it('a Sydney coach filtering on their Tuesday finds that morning’s session', async () => {
    expect(await listed(coach, '2026-06-02', '2026-06-02')).toEqual([sessionId]);
    expect(await listed(coach, '2026-06-01', '2026-06-01')).toEqual([]);
  });

  it('a coordinator in Rome reads the same dates in Rome', async () => {
    expect(await listed(coordinator, '2026-06-02', '2026-06-02')).toEqual([sessionId]);
    expect(await listed(coordinator, '2026-06-01', '2026-06-01')).toEqual([]);
  });
});
