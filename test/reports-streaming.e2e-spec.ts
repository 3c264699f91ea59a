import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { academyIds, createStaff, type TestAccount } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { startTestApps, type TestApps } from './support/test-apps';

const STATUSES = ['completed', 'completed', 'cancelled', 'newcomer_no_show', 'booked', 'coach_no_show'];
const QUERY = 'from=2026-01-01&to=2026-03-31';

/**
 * The report is aggregated in SQL and its CSV streamed from the database in
 * batches: many sessions, more than one batch, give the same figures as the
 * rows themselves, and the download arrives in chunks.
 */
describe('reports over many sessions', () => {
  let apps: TestApps;
  let db: DataSource;
  let coordinator: TestAccount;
  let coach: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, privateDatabase: 'reports-streaming' });
    db = apps.api.get(DataSource);
    const { siena } = await academyIds(apps.http);
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    coach = await createCoach(apps.api, apps.http, coordinator, siena, { timeZone: 'Europe/Rome', weekly: weekdays('09:00', '12:00') });
    const newcomers = await createAccounts(apps.api, 'newcomer', siena, 7);
    // 2,500 consecutive half-hours from 1 January (Rome), statuses in turn, newcomers in turn.
    await db.query(
      `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
       blocked_start, blocked_end, status, meeting_url)
       SELECT $1, ($2::uuid[])[1 + g % 7], $3, ($2::uuid[])[1 + g % 7], CASE WHEN g % 3 = 0 THEN 'housing' ELSE 'employment' END, 'it',
              t, t + interval '30 minutes', t, t + interval '30 minutes', ($4::text[])[1 + g % 6], 'https://meet.jit.si/cac-stream'
         FROM generate_series(0, 2499) g, LATERAL (SELECT timestamptz '2026-01-01 00:00 Europe/Rome' + g * interval '30 minutes' AS t) x`,
      [coach.id, newcomers.map((n) => n.id), siena, STATUSES],
    );
  }, 60_000);
  afterAll(() => apps.close());

  it('counts in SQL what the rows say', async () => {
    const report = (
      await apps
        .http()
        .get(`/v1/reports/sessions?${QUERY}`)
        .set({ Authorization: `Bearer ${coordinator.token}` })
        .expect(200)
    ).body;
    const [truth] = await db.query(
      `SELECT count(*)::int AS sessions, count(*) FILTER (WHERE status = 'completed')::int AS completed,
       count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE status = 'booked')::int AS booked, count(*) FILTER (WHERE status = 'newcomer_no_show')::int AS "newcomerNoShow",
              count(*) FILTER (WHERE status = 'coach_no_show')::int AS "coachNoShow"
         FROM coaching_session WHERE coach_id = $1`,
      [coach.id],
    );
    expect(report.totals).toMatchObject(truth);
    expect(report.totals.bookedHours).toBe(((2500 - truth.cancelled) * 30) / 60);
    const months = Object.fromEntries(report.byMonth.map((m: { month: string; sessions: number }) => [m.month, m.sessions]));
    // 1 January 00:00 Rome + 2,500 half-hours ends on 22 February: January has 31 × 48 of them.
    expect(months).toEqual({ '2026-01': 1488, '2026-02': 1012 });
    expect(report.byTopic.map((t: { topic: string; sessions: number }) => [t.topic, t.sessions])).toEqual([
      ['employment', 1666],
      ['housing', 834],
    ]);
    expect(report.newcomers.served).toBe(7);
  });

  it('streams the CSV in chunks, every session once, in start order', async () => {
    const response = await apps
      .http()
      .get(`/v1/reports/sessions.csv?${QUERY}`)
      .set({ Authorization: `Bearer ${coordinator.token}` })
      .expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    const rows: Array<Record<string, string>> = parse(response.text.replace(/^\uFEFF/, ''), { columns: true });
    const sessions = rows.filter((r) => r.section === 'session');
    expect(sessions).toHaveLength(2500);
    expect(new Set(sessions.map((r) => r.key)).size).toBe(2500);
    // January and February in Rome share one offset, so the local times sort as the instants do.
    const starts = sessions.map((r) => r.start);
    expect(starts).toEqual([...starts].sort());
    expect(rows.find((r) => r.section === 'total' && r.key === 'all')).toMatchObject({ sessions: '2500' });
  });

  it('writes what people typed by the CSV rules: quotes doubled, commas quoted, formulas defused', async () => {
    const { belgrade } = await academyIds(apps.http);
    const other = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    const tricky = await createCoach(apps.api, apps.http, other, belgrade, {
      timeZone: 'Europe/Belgrade',
      weekly: weekdays('09:00', '12:00'),
    });
    await db.query(`UPDATE app_user SET display_name = $2 WHERE id = $1`, [tricky.id, '=HYPERLINK("x"), Đoka']);
    const [newcomer] = await createAccounts(apps.api, 'newcomer', belgrade, 1);
    await db.query(
      `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at,
       blocked_start, blocked_end, status, meeting_url)
       VALUES ($1, $2, $3, $2, '-housing, "rent"', '@sr', '2026-03-29T00:30:00Z', '2026-03-29T01:45:00Z',
       '2026-03-29T00:30:00Z', '2026-03-29T01:45:00Z', 'booked', 'https://meet.jit.si/cac-x')`,
      [tricky.id, newcomer.id, belgrade],
    );
    const response = await apps
      .http()
      .get(`/v1/reports/sessions.csv?${QUERY}`)
      .set({ Authorization: `Bearer ${other.token}` })
      .expect(200);
    const rows: Array<Record<string, string>> = parse(response.text.replace(/^\uFEFF/, ''), { columns: true });
    const [session] = rows.filter((r) => r.section === 'session');
    expect(session).toMatchObject({
      label: `'=HYPERLINK("x"), Đoka`,
      topic: `'-housing, "rent"`,
      language: `'@sr`,
      booked_hours: '1.25',
      // Belgrade's clocks went forward at 02:00 that night: 01:30 CET, 03:45 CEST.
      start: '2026-03-29T01:30:00+01:00',
      end: '2026-03-29T03:45:00+02:00',
      status: 'booked',
      coach_id: tricky.id,
    });
    expect(rows.find((r) => r.section === 'coach' && r.key === tricky.id)?.label).toBe(session.label);
  });
});
