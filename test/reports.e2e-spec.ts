import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { type AcademyStaff, createAcademyStaff, type TestAccount } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { as } from './support/sessions';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-04-10T12:00:00Z');
const MARCH = 'from=2026-03-01&to=2026-03-31';

type CsvRow = Record<string, string>;

/**
 * Reports on a fixture whose figures are worked out by hand below, in a
 * database of this suite's own, so no other suite's sessions are counted.
 */
describe('reports, needs-attention list and audit log, per academy', () => {
  let apps: TestApps;
  let db: DataSource;
  let staff: AcademyStaff;
  let coachA: TestAccount;
  let coachB: TestAccount;
  let coachC: TestAccount;
  let coachD: TestAccount;
  let newcomerNames: string[];
  let newcomerEmails: string[];
  const ids: Record<string, string> = {};

  const insert = async (
    label: string,
    coach: TestAccount,
    newcomer: TestAccount,
    academyId: string,
    topic: string,
    start: string,
    minutes: number,
    status: string,
  ) => {
    const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
    const [row] = await db.query(
      `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
       blocked_start, blocked_end, status, meeting_url)
       VALUES ($1, $2, $3, $2, $4, 'it', $5, $6, $5, $6, $7, 'https://meet.jit.si/cac-report') RETURNING id`,
      [coach.id, newcomer.id, academyId, topic, start, end, status],
    );
    ids[label] = row.id;
  };

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW), privateDatabase: 'reports' });
    db = apps.api.get(DataSource);
    staff = await createAcademyStaff(apps);
    // A: Mon–Fri 09:00–12:00 Rome; March 2026 has 22 weekdays → 66 h offered.
    coachA = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '12:00'),
    });
    // B: Saturdays 10:00–12:00 Karachi (no DST); 4 Saturdays = 8 h, less 14 March taken off → 6 h.
    coachB = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Asia/Karachi',
      weekly: [{ weekday: 6, start: '10:00', end: '12:00' }],
    });
    await apps
      .http()
      .post(`/v1/coaches/${coachB.id}/time-off`)
      .set(as(staff.sienaCoordinator))
      .send({ start: '2026-03-14T00:00:00Z', end: '2026-03-15T00:00:00Z' })
      .expect(201);
    // C: paused now, so it offers nothing, but its sessions still count.
    coachC = await createCoach(apps.api, apps.http, staff.sienaCoordinator, staff.siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('14:00', '16:00'),
    });
    await apps.http().post(`/v1/coaches/${coachC.id}/status`).set(as(staff.sienaCoordinator)).send({ status: 'paused' }).expect(200);
    // D (Belgrade): Mondays 10:00–11:00 Belgrade; 5 Mondays in March → 5 h.
    coachD = await createCoach(apps.api, apps.http, staff.belgradeCoordinator, staff.belgrade, {
      timeZone: 'Europe/Belgrade',
      weekly: [{ weekday: 1, start: '10:00', end: '11:00' }],
    });

    const [n1, n2, n3, n4] = await createAccounts(apps.api, 'newcomer', staff.siena, 4);
    const [m1, m2] = await createAccounts(apps.api, 'newcomer', staff.belgrade, 2);
    const people = await db.query(`SELECT display_name, email FROM app_user WHERE id = ANY($1)`, [
      [n1, n2, n3, n4, m1, m2].map((n) => n.id),
    ]);
    newcomerNames = people.map((p: { display_name: string }) => p.display_name);
    newcomerEmails = people.map((p: { email: string }) => p.email);

    await insert('s1', coachA, n1, staff.siena, 'employment', '2026-03-02T08:00:00Z', 60, 'completed');
    await insert('s2', coachA, n1, staff.siena, 'employment', '2026-03-09T08:00:00Z', 60, 'completed');
    await insert('s3', coachA, n2, staff.siena, 'housing', '2026-03-10T08:00:00Z', 30, 'newcomer_no_show');
    // 1 April 00:30 in Rome (still 31 March in UTC): outside a March report.
    await insert('s4', coachA, n3, staff.siena, 'employment', '2026-03-31T22:30:00Z', 60, 'booked');
    await insert('s5', coachB, n2, staff.siena, 'housing', '2026-03-14T05:00:00Z', 60, 'completed');
    await insert('s6', coachB, n3, staff.siena, 'employment', '2026-03-20T05:00:00Z', 60, 'cancelled');
    await insert('s7', coachC, n3, staff.siena, 'employment', '2026-03-03T09:00:00Z', 60, 'coach_no_show');
    // 1 March 00:30 in Rome (still 28 February in UTC): inside.
    await insert('s8', coachC, n1, staff.siena, 'language', '2026-02-28T23:30:00Z', 60, 'completed');
    await insert('s9', coachA, n4, staff.siena, 'employment', '2026-04-06T08:00:00Z', 60, 'completed');
    await insert('s10', coachA, n2, staff.siena, 'housing', '2026-03-30T07:00:00Z', 60, 'booked');
    await insert('s11', coachD, m1, staff.belgrade, 'employment', '2026-03-02T09:00:00Z', 60, 'completed');
    await insert('s12', coachD, m1, staff.belgrade, 'employment', '2026-03-16T09:00:00Z', 60, 'completed');
    await insert('s13', coachD, m2, staff.belgrade, 'employment', '2026-03-23T09:00:00Z', 60, 'newcomer_no_show');
    await insert('s14', coachD, m2, staff.belgrade, 'employment', '2026-04-08T09:00:00Z', 60, 'booked');
  });
  afterAll(() => apps.close());

  const counts = (sessions: number, booked: number, cancelled: number, completed: number, newcomerNoShow: number, coachNoShow: number) => ({
    sessions,
    booked,
    cancelled,
    completed,
    newcomerNoShow,
    coachNoShow,
  });

  it('Siena in March, by hand: totals, coaches, topics, months, rates, utilisation and returning newcomers', async () => {
    const { body } = await apps.http().get(`/v1/reports/sessions?${MARCH}`).set(as(staff.sienaCoordinator)).expect(200);
    // In March (Rome): s1 s2 s3 s5 s6 s7 s8 s10. Not s4 (1 April in Rome), not s9.
    expect(body).toMatchObject({ academyId: staff.siena, timeZone: 'Europe/Rome', from: '2026-03-01', to: '2026-03-31' });
    // Booked hours leave out cancelled s6: A 1+1+0.5+1 = 3.5, B 1, C 1+1 = 2 → 6.5.
    // Utilisation counts active coaches only: (3.5 + 1) / (66 + 6) = 0.0625.
    expect(body.totals).toEqual({ ...counts(8, 1, 1, 4, 1, 1), bookedHours: 6.5, offeredHours: 72, utilisation: 0.0625 });
    expect(body.awaitingOutcome).toBe(1); // s10
    // Outcomes: 4 completed + 1 newcomer no-show + 1 coach no-show = 6.
    expect(body.noShow).toEqual({ outcomesRecorded: 6, newcomerRate: 0.1667, coachRate: 0.1667 });
    // Completed sessions per newcomer: n1 three (s1 s2 s8), n2 one (s5).
    expect(body.newcomers).toEqual({ served: 2, returning: 1, returningShare: 0.5 });
    const byCoach = Object.fromEntries(body.byCoach.map((c: { coachId: string }) => [c.coachId, c]));
    expect(Object.keys(byCoach).sort()).toEqual([coachA.id, coachB.id, coachC.id].sort());
    expect(byCoach[coachA.id]).toMatchObject({ ...counts(4, 1, 0, 2, 1, 0), bookedHours: 3.5, offeredHours: 66, utilisation: 0.053 });
    expect(byCoach[coachB.id]).toMatchObject({ ...counts(2, 0, 1, 1, 0, 0), bookedHours: 1, offeredHours: 6, utilisation: 0.1667 });
    expect(byCoach[coachC.id]).toMatchObject({ ...counts(2, 0, 0, 1, 0, 1), bookedHours: 2, offeredHours: null, utilisation: null });
    expect(body.byTopic).toEqual([
      { topic: 'employment', ...counts(4, 0, 1, 2, 0, 1) },
      { topic: 'housing', ...counts(3, 1, 0, 1, 1, 0) },
      { topic: 'language', ...counts(1, 0, 0, 1, 0, 0) },
    ]);
    expect(body.byMonth).toEqual([{ month: '2026-03', ...counts(8, 1, 1, 4, 1, 1) }]);
  });

  it('Belgrade in March, by hand; and a two-month period splits by month in the academy’s zone', async () => {
    const { body } = await apps.http().get(`/v1/reports/sessions?${MARCH}`).set(as(staff.belgradeCoordinator)).expect(200);
    expect(body.totals).toEqual({ ...counts(3, 0, 0, 2, 1, 0), bookedHours: 3, offeredHours: 5, utilisation: 0.6 });
    expect(body.noShow).toEqual({ outcomesRecorded: 3, newcomerRate: 0.3333, coachRate: 0 });
    expect(body.newcomers).toEqual({ served: 1, returning: 1, returningShare: 1 });
    expect(body.byCoach).toEqual([expect.objectContaining({ coachId: coachD.id, bookedHours: 3, offeredHours: 5, utilisation: 0.6 })]);

    const spring = await apps.http().get('/v1/reports/sessions?from=2026-02-01&to=2026-04-30').set(as(staff.sienaCoordinator)).expect(200);
    expect(spring.body.byMonth).toEqual([
      { month: '2026-03', ...counts(8, 1, 1, 4, 1, 1) },
      { month: '2026-04', ...counts(2, 1, 0, 1, 0, 0) },
    ]);
  });

  it('the CSV parses with csv-parse and agrees with the JSON report; it names no newcomer', async () => {
    const response = await apps.http().get(`/v1/reports/sessions.csv?${MARCH}`).set(as(staff.sienaCoordinator)).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const text: string = response.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows: CsvRow[] = parse(text, { bom: true, columns: true, strict: true } as never);
    const json = (await apps.http().get(`/v1/reports/sessions?${MARCH}`).set(as(staff.sienaCoordinator)).expect(200)).body;
    const num = (value: string) => (value === '' ? null : Number(value));
    const countsOf = (row: CsvRow) =>
      counts(
        Number(row.sessions),
        Number(row.booked),
        Number(row.cancelled),
        Number(row.completed),
        Number(row.newcomer_no_show),
        Number(row.coach_no_show),
      );
    const find = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key)!;

    const total = find('total', 'all');
    expect({
      ...countsOf(total),
      bookedHours: num(total.booked_hours),
      offeredHours: num(total.offered_hours),
      utilisation: num(total.utilisation),
    }).toEqual(json.totals);
    expect(num(find('total', 'awaiting_outcome').value)).toBe(json.awaitingOutcome);
    expect(num(find('rate', 'newcomer_no_show').value)).toBe(json.noShow.newcomerRate);
    expect(num(find('rate', 'coach_no_show').value)).toBe(json.noShow.coachRate);
    expect(num(find('newcomers', 'served').value)).toBe(json.newcomers.served);
    expect(num(find('rate', 'returning_share').value)).toBe(json.newcomers.returningShare);
    for (const coach of json.byCoach) {
      const row = find('coach', coach.coachId);
      expect({
        coachId: row.key,
        displayName: row.label,
        ...countsOf(row),
        bookedHours: num(row.booked_hours),
        offeredHours: num(row.offered_hours),
        utilisation: num(row.utilisation),
      }).toEqual(coach);
    }
    expect(rows.filter((r) => r.section === 'topic').map((r) => ({ topic: r.key, ...countsOf(r) }))).toEqual(json.byTopic);
    expect(rows.filter((r) => r.section === 'month').map((r) => ({ month: r.key, ...countsOf(r) }))).toEqual(json.byMonth);

    const sessions = rows.filter((r) => r.section === 'session');
    expect(sessions.map((r) => r.key).sort()).toEqual(['s1', 's2', 's3', 's5', 's6', 's7', 's8', 's10'].map((l) => ids[l]).sort());
    const byStatus = (status: string) => sessions.filter((r) => r.status === status).length;
    expect(
      counts(
        sessions.length,
        byStatus('booked'),
        byStatus('cancelled'),
        byStatus('completed'),
        byStatus('newcomer_no_show'),
        byStatus('coach_no_show'),
      ),
    ).toEqual(
      counts(
        json.totals.sessions,
        json.totals.booked,
        json.totals.cancelled,
        json.totals.completed,
        json.totals.newcomerNoShow,
        json.totals.coachNoShow,
      ),
    );
    expect(sessions.find((r) => r.key === ids.s8)).toMatchObject({
      start: '2026-03-01T00:30:00+01:00',
      topic: 'language',
      coach_id: coachC.id,
    });
    for (const secret of [...newcomerNames, ...newcomerEmails]) expect(text).not.toContain(secret);
  });

  it('keeps each academy to itself: figures, CSV, needs-attention and audit log', async () => {
    for (const path of [
      `/v1/reports/sessions?${MARCH}&academyId=${staff.belgrade}`,
      `/v1/reports/sessions.csv?${MARCH}&academyId=${staff.belgrade}`,
    ]) {
      const refused = await apps.http().get(path).set(as(staff.sienaCoordinator)).expect(403);
      expect(refused.body).toMatchObject({ code: 'academy_forbidden', errors: [{ field: 'academyId' }] });
      expect(JSON.stringify(refused.body)).not.toContain(coachD.id);
    }
    const needsAdmin = await apps.http().get(`/v1/reports/sessions?${MARCH}`).set(as(staff.admin)).expect(400);
    expect(needsAdmin.body.errors[0].field).toBe('academyId');
    const adminView = await apps.http().get(`/v1/reports/sessions?${MARCH}&academyId=${staff.belgrade}`).set(as(staff.admin)).expect(200);
    expect(adminView.body.totals.sessions).toBe(3);

    // Booked and ended more than 48 h before now (10 April 12:00 UTC): s10 and s4 in Siena, s14 in Belgrade.
    const sienaList = await apps.http().get('/v1/sessions/needs-attention').set(as(staff.sienaCoordinator)).expect(200);
    expect(sienaList.body.items.map((s: { id: string }) => s.id)).toEqual([ids.s10, ids.s4]);
    const belgradeList = await apps.http().get('/v1/sessions/needs-attention').set(as(staff.belgradeCoordinator)).expect(200);
    expect(belgradeList.body.items.map((s: { id: string }) => s.id)).toEqual([ids.s14]);
    const all = await apps.http().get('/v1/sessions/needs-attention').set(as(staff.admin)).expect(200);
    expect(all.body.total).toBe(3);
    await apps.http().get(`/v1/sessions/needs-attention?academyId=${staff.belgrade}`).set(as(staff.sienaCoordinator)).expect(403);
    // Recording the outcome takes it off the list.
    await apps.http().post(`/v1/sessions/${ids.s10}/attendance`).set(as(staff.sienaCoordinator)).send({ outcome: 'completed' }).expect(200);
    const after = await apps.http().get('/v1/sessions/needs-attention').set(as(staff.sienaCoordinator)).expect(200);
    expect(after.body.items.map((s: { id: string }) => s.id)).toEqual([ids.s4]);

    const sienaLog = await apps.http().get('/v1/audit-log?limit=100').set(as(staff.sienaCoordinator)).expect(200);
    expect(sienaLog.body.items.length).toBeGreaterThan(0);
    expect(sienaLog.body.items.every((e: { academyId: string }) => e.academyId === staff.siena)).toBe(true);
    expect(sienaLog.body.items[0]).toMatchObject({
      action: 'session.attendance-recorded',
      entityType: 'session',
      entityId: ids.s10,
      actorId: staff.sienaCoordinator.id,
    });
    // Another academy's record named in a filter is refused, as the academy itself would be.
    const foreign = await apps.http().get(`/v1/audit-log?entityId=${coachD.id}`).set(as(staff.sienaCoordinator)).expect(403);
    expect(foreign.body.code).toBe('academy_forbidden');
    await apps.http().get(`/v1/audit-log?academyId=${staff.belgrade}`).set(as(staff.sienaCoordinator)).expect(403);
    const adminLog = await apps.http().get(`/v1/audit-log?entityId=${coachD.id}`).set(as(staff.admin)).expect(200);
    expect(adminLog.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['coach.profile-created', 'coach.availability-replaced']),
    );
    const statusChange = await apps
      .http()
      .get(`/v1/audit-log?entityId=${coachC.id}&entityType=coach_profile`)
      .set(as(staff.sienaCoordinator))
      .expect(200);
    expect(statusChange.body.items[0]).toMatchObject({
      action: 'coach.status-changed',
      changes: { status: { from: 'active', to: 'paused' } },
    });
  });

  it('refuses bad periods, naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['from=2026-03-31&to=2026-03-01', 'to'],
      ['from=2026-01-01&to=2027-06-01', 'to'],
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['to=2026-03-01', 'from'],
      ['from=2026-03-01', 'to'],
      [`${MARCH}&academyId=not-a-uuid`, 'academyId'],
    ];
    for (const [query, field] of cases) {
      const response = await apps.http().get(`/v1/reports/sessions?${query}`).set(as(staff.sienaCoordinator));
      expect({ query, status: response.status, field: response.body.errors?.[0]?.field }).toEqual({ query, status: 400, field });
    }
    const unknown = await apps
      .http()
      .get(`/v1/reports/sessions?${MARCH}&academyId=00000000-0000-4000-8000-000000000000`)
      .set(as(staff.admin))
      .expect(422);
    expect(unknown.body.errors[0].field).toBe('academyId');
    // A refused CSV is a problem, not a download named like the report.
    for (const [query, status] of [
      ['from=2026-03-31&to=2026-03-01', 400],
      [`${MARCH}&academyId=${staff.belgrade}`, 403],
    ] as const) {
      const refused = await apps.http().get(`/v1/reports/sessions.csv?${query}`).set(as(staff.sienaCoordinator)).expect(status);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['content-disposition']).toBeUndefined();
    }
  });
});
