import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { MAX_MATCH_CANDIDATES } from '../apps/api/src/matches/matches.service';
import { MAX_COACHES_PER_SEARCH } from '../apps/api/src/slots/slots.service';
import { academyIds, createStaff, registerNewcomer, type TestAccount } from './support/accounts';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T06:00:00Z'); // a Monday

/**
 * Work per request is bounded, and an answer that was cut says so: slot
 * search pages through coaches, matching scores a capped number of them and
 * tells, and the audit list pages by keyset instead of counting past an OFFSET.
 */
describe('bounded searches say when they were cut', () => {
  let apps: TestApps;
  let db: DataSource;
  let siena: string;
  let admin: TestAccount;
  let coordinator: TestAccount;
  let coachIds: string[];
  const COACHES = Math.max(MAX_COACHES_PER_SEARCH, MAX_MATCH_CANDIDATES) + 5;
  const as = (account: TestAccount) => ({ Authorization: `Bearer ${account.token}` });

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW), privateDatabase: 'bounded' });
    db = apps.api.get(DataSource);
    ({ siena } = await academyIds(apps.http));
    admin = await createStaff(apps.api, apps.http, 'admin', null);
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    // Many active coaches at once, in SQL: Tuesday 09:00–10:00 in Rome each, one hour-long slot a week.
    const users: Array<{ id: string }> = await db.query(
      `INSERT INTO app_user (email, password_hash, role, academy_id, display_name, locale, time_zone, languages)
       SELECT 'bulk-coach-' || g || '@example.org', 'not-a-hash', 'coach', $1, 'Coach ' || g, 'en', 'Europe/Rome', '{en,ur}'
         FROM generate_series(1, $2::int) g RETURNING id`,
      [siena, COACHES],
    );
    coachIds = users.map((u) => u.id).sort();
    await db.query(
      `INSERT INTO coach_profile (user_id, topics, session_lengths, minimum_notice_minutes, status, availability_time_zone)
       SELECT id, '{employment}', '{60}', 60, 'active', 'Europe/Rome' FROM unnest($1::uuid[]) id`,
      [coachIds],
    );
    await db.query(
      `INSERT INTO availability_rule (coach_id, weekday, start_time, end_time, time_zone)
       SELECT id, 2, '09:00', '10:00', 'Europe/Rome' FROM unnest($1::uuid[]) id`,
      [coachIds],
    );
  });
  afterAll(() => apps.close());

  it('slot search answers a page of coaches, says it was cut, and gives the cursor to the rest', async () => {
    const path = `/v1/slots?from=2026-06-02&to=2026-06-02&timeZone=Europe/Rome&durationMinutes=60&academyId=${siena}`;
    const first = await apps.http().get(path).set(as(admin)).expect(200);
    expect(first.body.truncated).toBe(true);
    expect(first.body.slots).toHaveLength(MAX_COACHES_PER_SEARCH);
    expect(first.body.nextCoachCursor).toBe(coachIds[MAX_COACHES_PER_SEARCH - 1]);
    const seen = new Set<string>(first.body.slots.map((s: { coachId: string }) => s.coachId));
    let cursor: string | null = first.body.nextCoachCursor;
    while (cursor) {
      const page = await apps.http().get(`${path}&coachCursor=${cursor}`).set(as(admin)).expect(200);
      for (const slot of page.body.slots) seen.add(slot.coachId);
      cursor = page.body.nextCoachCursor;
      if (!cursor) expect(page.body.truncated).toBe(false);
    }
    expect([...seen].sort()).toEqual(coachIds);
    // A search that was not cut says so too.
    const one = await apps.http().get(`${path}&coachId=${coachIds[0]}`).set(as(admin)).expect(200);
    expect(one.body).toMatchObject({
      truncated: false,
      nextCoachCursor: null,
      slots: [expect.objectContaining({ coachId: coachIds[0], start: '2026-06-02T09:00:00+02:00' })],
    });
  });

  it('matching scores at most a capped number of coaches and says so in the answer', async () => {
    const newcomer = await registerNewcomer(apps.http, siena, { languages: ['ur'] });
    const response = await apps
      .http()
      .post('/v1/matches')
      .set(as(newcomer))
      .send({ languages: ['ur'], topics: ['employment'], timeZone: 'Europe/Rome', from: '2026-06-02', to: '2026-06-02', limit: 3 })
      .expect(200);
    expect(response.body.considered).toEqual({ coaches: MAX_MATCH_CANDIDATES, limit: MAX_MATCH_CANDIDATES, truncated: true });
    expect(response.body.candidates).toHaveLength(3);
    const narrow = await apps
      .http()
      .post('/v1/matches')
      .set(as(newcomer))
      .send({
        languages: ['ur'],
        topics: ['employment'],
        timeZone: 'Europe/Rome',
        from: '2026-06-02',
        to: '2026-06-02',
        coachGender: 'female',
      })
      .expect(200);
    expect(narrow.body.considered).toEqual({ coaches: 0, limit: MAX_MATCH_CANDIDATES, truncated: false });
  });

  it('the audit list pages by keyset: every entry once, in order, ties at one instant included', async () => {
    // Twelve entries, four of them at the very same instant.
    const at = new Date('2026-05-20T10:00:00Z');
    await db.query(
      `INSERT INTO audit_log (actor_id, academy_id, action, entity_type, entity_id, created_at)
       SELECT NULL, $1, 'test.keyset', 'user', $2, $3::timestamptz + CASE WHEN g <= 4 THEN interval '0' ELSE g * interval '1 minute' END
         FROM generate_series(1, 12) g`,
      [siena, coachIds[0], at],
    );
    const expected: Array<{ id: string }> = await db.query(
      `SELECT id FROM audit_log WHERE academy_id = $1 ORDER BY created_at DESC, id DESC`,
      [siena],
    );
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await apps
        .http()
        .get(`/v1/audit-log?limit=5${cursor ? `&cursor=${cursor}` : ''}`)
        .set(as(coordinator))
        .expect(200);
      ids.push(...response.body.items.map((e) => e.id));
      cursor = response.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(ids).toEqual(expected.map((e) => e.id));
    expect(pages).toBe(Math.ceil(expected.length / 5));
    // OFFSET is gone: asking for it is refused, naming it.
    const offset = await apps.http().get('/v1/audit-log?offset=1000000').set(as(coordinator)).expect(400);
    expect(offset.body.errors).toEqual([expect.objectContaining({ field: 'offset' })]);
  });
});
