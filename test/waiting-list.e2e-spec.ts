import { DataSource } from 'typeorm';
import { FixedClock } from '../libs/clock/src';
import { CATALOGUES } from '../libs/i18n/src';
import { createAcademyStaff, registerNewcomer, type AcademyStaff, type TestAccount } from './support/accounts';
import { createAccounts } from './support/coaches';
import { ALL_WEEK, sentTo, sleep } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

const DAY_MS = 86_400_000;
const as = (a: TestAccount) => ({ Authorization: `Bearer ${a.token}` });
const OFFER_SUBJECT = { ar: CATALOGUES.ar['mail.waitingList.offer.subject'], en: CATALOGUES.en['mail.waitingList.offer.subject'] };
const NOTICE_SUBJECT_UK = CATALOGUES.uk['mail.waitingList.expiry.subject'];

/**
 * The waiting list end to end, on real PostgreSQL, Redis and SMTP. The API and the worker share one pinned clock, set
 * to the real "now" of the suite's start and moved back by whole days where an entry must look old, so nothing depends
 * on the date the suite runs.
 */
// Each test waits for the worker's mail (30 s at most per wait), more than Jest's default allows.
jest.setTimeout(120_000);

describe('waiting list and unmet demand', () => {
  const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = new FixedClock(T0);
  let apps: TestApps;
  let staff: AcademyStaff;
  let db: DataSource;

  beforeAll(async () => {
    // A database of its own: other suites' coaches (a Hausa speaker among them) must not answer its searches.
    apps = await startTestApps({ clock, privateDatabase: 'waiting-list' });
    staff = await createAcademyStaff(apps);
    db = apps.api.get(DataSource);
  });
  afterAll(() => apps.close());
  afterEach(() => clock.set(T0));

  const join = (who: TestAccount, body: Record<string, unknown>) => apps.http().post('/v1/waiting-list').set(as(who)).send(body);
  const myEntries = async (who: TestAccount) => (await apps.http().get('/v1/waiting-list').set(as(who)).expect(200)).body.items;
  const offersFor = (entryId: string): Promise<Array<{ coach_id: string; state: string }>> =>
    db.query(`SELECT coach_id, state FROM waiting_list_outbox WHERE entry_id = $1 AND kind = 'offer'`, [entryId]);
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
      await sleep(200);
    }
  }

  /** A trained coach of the academy, with hours all week, whom `activator` then makes active. */
  async function coachSpeaking(
    languages: string[],
    topics: string[],
    activator: TestAccount,
    academyId = staff.siena,
  ): Promise<TestAccount> {
    const [coach] = await createAccounts(apps.api, 'coach', academyId, 1, { languages, timeZone: 'Africa/Lagos' });
    await apps
      .http()
      .post('/v1/coaches')
      .set(as(staff.sienaCoordinator))
      .send({
        userId: coach.id,
        topics,
        sessionLengths: [60],
        minimumNoticeMinutes: 60,
        horizonDays: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        status: 'trained',
      })
      .expect(201);
    await apps
      .http()
      .put(`/v1/coaches/${coach.id}/availability`)
      .set(as(staff.sienaCoordinator))
      .send({ timeZone: 'Africa/Lagos', weekly: ALL_WEEK })
      .expect(200);
    await apps.http().post(`/v1/coaches/${coach.id}/status`).set(as(activator)).send({ status: 'active' }).expect(200);
    return coach;
  }

  it('a Hausa speaker who finds nobody joins; the report counts them; a Hausa coach’s arrival offers, in Arabic, a link that books; booking closes the entry', async () => {
    const amina = await registerNewcomer(apps.http, staff.siena, { locale: 'ar', languages: ['ha'], timeZone: 'Europe/Rome' });
    const other = await registerNewcomer(apps.http, staff.siena, { locale: 'en', languages: ['ha'], timeZone: 'Europe/Rome' });
    const request = { languages: ['ha'], topics: ['housing'], timeZone: 'Europe/Rome' };

    const found = await apps.http().post('/v1/matches').set(as(amina)).send(request).expect(200);
    expect(found.body.candidates).toEqual([]);
    const joined = await join(amina, request).expect(201);
    expect(joined.body).toMatchObject({ status: 'waiting', languages: ['ha'], topics: ['housing'], timeZone: 'Europe/Rome' });
    expect(new Date(joined.body.expiresAt).getTime() - T0.getTime()).toBe(60 * DAY_MS);
    // Posting again updates the one open entry.
    const again = await join(amina, { ...request, preferredWindows: [{ weekday: 1, start: '00:00', end: '24:00' }] }).expect(200);
    expect(again.body.id).toBe(joined.body.id);
    expect(await myEntries(amina)).toHaveLength(1);
    // Someone whose topic the coach will not cover.
    await apps
      .http()
      .post('/v1/matches')
      .set(as(other))
      .send({ ...request, topics: ['education'] })
      .expect(200);
    const otherEntry = (await join(other, { ...request, topics: ['education'] }).expect(201)).body;

    const report = await apps.http().get('/v1/reports/demand').set(as(staff.sienaCoordinator)).expect(200);
    expect(report.body.academies).toHaveLength(1);
    const [siena] = report.body.academies;
    expect(siena.academyId).toBe(staff.siena);
    expect(siena.needs).toContainEqual(expect.objectContaining({ language: 'ha', topic: 'housing', open: 1, offersMade: 0 }));
    expect(siena.needs).toContainEqual(expect.objectContaining({ language: 'ha', topic: 'education', open: 1 }));
    const month = T0.toISOString().slice(0, 7);
    expect(siena.unmetSearches).toContainEqual({ month, language: 'ha', topic: 'housing', searches: expect.any(Number) });
    // The CSV says what the JSON says.
    const csv = await apps.http().get('/v1/reports/demand.csv').set(as(staff.sienaCoordinator)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const records = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const [header, ...rows] = records;
    const fromCsv = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(fromCsv.filter((r) => r.section === 'need').map((r) => [r.language, r.topic, Number(r.open), Number(r.offers_made)])).toEqual(
      siena.needs.map((n: { language: string; topic: string; open: number; offersMade: number }) => [
        n.language,
        n.topic,
        n.open,
        n.offersMade,
      ]),
    );
    expect(fromCsv.filter((r) => r.section === 'unmet_search').map((r) => [r.month, r.language, r.topic, Number(r.searches)])).toEqual(
      siena.unmetSearches.map((u: { month: string; language: string; topic: string; searches: number }) => [
        u.month,
        u.language,
        u.topic,
        u.searches,
      ]),
    );

    // Belgrade sees none of it.
    const belgradeList = await apps.http().get('/v1/waiting-list').set(as(staff.belgradeCoordinator)).expect(200);
    expect(belgradeList.body.items.map((e: { id: string }) => e.id)).not.toContain(joined.body.id);
    const belgradeReport = await apps.http().get('/v1/reports/demand').set(as(staff.belgradeCoordinator)).expect(200);
    expect(belgradeReport.body.academies.map((a: { academyId: string }) => a.academyId)).toEqual([staff.belgrade]);
    expect(JSON.stringify(belgradeReport.body)).not.toContain('"ha"');
    await apps.http().get('/v1/reports/demand').query({ academyId: staff.siena }).set(as(staff.belgradeCoordinator)).expect(403);
    await apps.http().delete(`/v1/waiting-list/${joined.body.id}`).set(as(staff.belgradeCoordinator)).expect(404);
    const adminList = await apps.http().get('/v1/waiting-list').query({ language: 'ha', limit: 100 }).set(as(staff.admin)).expect(200);
    expect(adminList.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([joined.body.id, otherEntry.id]));

    // An admin activates a Hausa-speaking coach with hours all week, who covers housing but not education.
    const coach = await coachSpeaking(['ha', 'en'], ['housing', 'employment'], staff.admin);
    const [offer] = await apps.smtp.waitFor((m) => sentTo(amina.email)(m) && m.subject === OFFER_SUBJECT.ar, 1, 30_000);
    expect(offer.text).toContain('http://coaching.test/waiting-list');
    expect(offer.html).toContain('dir="rtl"');
    expect(offer.text).not.toContain(coach.email);
    const link = /http:\/\/coaching\.test(\/waiting-list)\b/.exec(offer.text!)![1];
    const page = await apps.http().get(link).set('Accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const [entry] = await myEntries(amina);
    expect(entry.status).toBe('offered');

    // The page behind the link books through the match for the entry's request: the coach is there with free times.
    const match = await apps.http().post('/v1/matches').set(as(amina)).send(request).expect(200);
    expect(match.body.candidates[0].coachId).toBe(coach.id);
    const slot = match.body.candidates[0].nextSlots[0];
    await apps
      .http()
      .post('/v1/sessions')
      .set(as(amina))
      .send({ coachId: coach.id, start: slot.start, durationMinutes: 60, topic: 'housing', language: 'ha' })
      .expect(201);
    expect((await myEntries(amina))[0].status).toBe('booked');

    // The newcomer whose topic the coach does not cover got nothing.
    expect(await offersFor(otherEntry.id)).toEqual([]);
    expect(apps.smtp.received.filter(sentTo(other.email)).map((m) => m.subject)).not.toContain(OFFER_SUBJECT.en);
    expect((await myEntries(other))[0].status).toBe('waiting');
    // The report counts the offer and the booking.
    const after = (await apps.http().get('/v1/reports/demand').set(as(staff.sienaCoordinator)).expect(200)).body.academies[0];
    expect(after.needs).toContainEqual(
      expect.objectContaining({ language: 'ha', topic: 'housing', open: 0, offersMade: 1, bookedWithin7Days: 1, bookedWithin30Days: 1 }),
    );
  });

  it('at most one offer per entry in 24 hours, and never the same coach twice', async () => {
    const newcomer = await registerNewcomer(apps.http, staff.siena, { locale: 'en', languages: ['yo'] });
    const entry = (await join(newcomer, { languages: ['yo'], topics: ['employment'], timeZone: 'Europe/Rome' }).expect(201)).body;
    const first = await coachSpeaking(['yo'], ['employment'], staff.sienaCoordinator);
    await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject === OFFER_SUBJECT.en, 1, 30_000);
    const second = await coachSpeaking(['yo'], ['employment'], staff.sienaCoordinator);
    // The second coach's change is matched (its row settles) and makes no offer: the entry was offered today.
    await until(
      () => db.query(`SELECT state FROM waiting_list_outbox WHERE coach_id = $1 AND kind = 'coach_changed'`, [second.id]),
      (rows: Array<{ state: string }>) => rows.length > 0 && rows.every((r) => r.state === 'done'),
    );
    expect((await offersFor(entry.id)).map((o) => o.coach_id)).toEqual([first.id]);

    // A day later (the offer's time is moved back rather than the shared clock forward), the second coach's new hours offer.
    await db.query(`UPDATE waiting_list_entry SET last_offered_at = last_offered_at - interval '25 hours' WHERE id = $1`, [entry.id]);
    await apps
      .http()
      .put(`/v1/coaches/${second.id}/availability`)
      .set(as(staff.sienaCoordinator))
      .send({ timeZone: 'Africa/Lagos', weekly: ALL_WEEK.slice(0, 6) })
      .expect(200);
    await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject === OFFER_SUBJECT.en, 2, 30_000);
    // The first coach changing hours again offers nothing more: not twice for the same coach and entry.
    await db.query(`UPDATE waiting_list_entry SET last_offered_at = last_offered_at - interval '25 hours' WHERE id = $1`, [entry.id]);
    await apps
      .http()
      .put(`/v1/coaches/${first.id}/availability`)
      .set(as(staff.sienaCoordinator))
      .send({ timeZone: 'Africa/Lagos', weekly: ALL_WEEK.slice(0, 5) })
      .expect(200);
    await until(
      () => db.query(`SELECT state FROM waiting_list_outbox WHERE coach_id = $1 AND kind = 'coach_changed'`, [first.id]),
      (rows: Array<{ state: string }>) => rows.length >= 2 && rows.every((r) => r.state === 'done'),
    );
    expect((await offersFor(entry.id)).map((o) => o.coach_id).sort()).toEqual([first.id, second.id].sort());
    expect(apps.smtp.received.filter((m) => sentTo(newcomer.email)(m) && m.subject === OFFER_SUBJECT.en)).toHaveLength(2);
  });

  it('withdraws: the newcomer their own entry, staff with a reason in the audit log; a coach may not; a closed entry stays closed', async () => {
    const newcomer = await registerNewcomer(apps.http, staff.siena, { languages: ['so'] });
    const body = { languages: ['so'], topics: ['education'], timeZone: 'Europe/Rome' };
    const entry = (await join(newcomer, body).expect(201)).body;
    const [coach] = await createAccounts(apps.api, 'coach', staff.siena, 1);
    await apps.http().delete(`/v1/waiting-list/${entry.id}`).set(as(coach)).expect(403);
    await apps.http().get('/v1/waiting-list').set(as(coach)).expect(403);
    await apps.http().delete(`/v1/waiting-list/${entry.id}`).set(as(newcomer)).expect(204);
    expect((await myEntries(newcomer))[0].status).toBe('withdrawn');
    const twice = await apps.http().delete(`/v1/waiting-list/${entry.id}`).set(as(newcomer)).expect(409);
    expect(twice.body.code).toBe('waiting_list_entry_closed');

    // A coordinator puts them back, with their consent, and takes them off with a reason.
    const refused = await join(staff.sienaCoordinator, { ...body, newcomerId: newcomer.id }).expect(422);
    expect(refused.body.errors[0].field).toBe('newcomerConsent');
    await join(staff.belgradeCoordinator, { ...body, newcomerId: newcomer.id, newcomerConsent: true }).expect(422);
    const back = (await join(staff.sienaCoordinator, { ...body, newcomerId: newcomer.id, newcomerConsent: true }).expect(201)).body;
    expect(back.id).not.toBe(entry.id);
    await apps
      .http()
      .delete(`/v1/waiting-list/${back.id}`)
      .query({ reason: 'Found a coach elsewhere' })
      .set(as(staff.sienaCoordinator))
      .expect(204);
    const audit: Array<{ action: string; changes: { reason?: string } }> = await db.query(
      `SELECT action, changes FROM audit_log WHERE entity_id = $1 ORDER BY created_at`,
      [back.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['waiting-list.joined-on-behalf', 'waiting-list.withdrawn-by-staff']);
    expect(audit[1].changes.reason).toBe('Found a coach elsewhere');
    // Bad input names the field.
    const bad = await join(newcomer, { ...body, languages: ['xx'] }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('languages');
  });

  it('expires after WAITING_LIST_DAYS (the pinned clock puts the join 61 days back)', async () => {
    const newcomer = await registerNewcomer(apps.http, staff.siena, { languages: ['ig'] });
    clock.set(new Date(T0.getTime() - 61 * DAY_MS));
    const entry = (await join(newcomer, { languages: ['ig'], topics: ['housing'], timeZone: 'Europe/Rome' }).expect(201)).body;
    expect(entry.status).toBe('waiting');
    clock.set(T0);
    expect((await myEntries(newcomer))[0].status).toBe('expired');
    // The worker's sweep writes it down; expired entries are not withdrawn, and a new join starts a new entry.
    await until(
      () => db.query(`SELECT status FROM waiting_list_entry WHERE id = $1`, [entry.id]),
      (rows: Array<{ status: string }>) => rows[0].status === 'expired',
    );
    await apps.http().delete(`/v1/waiting-list/${entry.id}`).set(as(newcomer)).expect(409);
    const fresh = (await join(newcomer, { languages: ['ig'], topics: ['housing'], timeZone: 'Europe/Rome' }).expect(201)).body;
    expect(fresh.id).not.toBe(entry.id);
  });

  it('mails 7 days before the end, in the newcomer’s language, with a link that keeps the entry for another period, once', async () => {
    const newcomer = await registerNewcomer(apps.http, staff.siena, { locale: 'uk', languages: ['tw'], timeZone: 'Europe/Kyiv' });
    // Joined 55 days before now: 5 days are left.
    clock.set(new Date(T0.getTime() - 55 * DAY_MS));
    const entry = (await join(newcomer, { languages: ['tw'], topics: ['housing'], timeZone: 'Europe/Kyiv' }).expect(201)).body;
    clock.set(T0);
    const [notice] = await apps.smtp.waitFor((m) => sentTo(newcomer.email)(m) && m.subject === NOTICE_SUBJECT_UK, 1, 30_000);
    const token = /\/waiting-list\/renew#token=([A-Za-z0-9_-]+)/.exec(notice.text!)![1];
    const stored: Array<{ token_hash: Buffer }> = await db.query(`SELECT token_hash FROM waiting_list_outbox WHERE entry_id = $1`, [
      entry.id,
    ]);
    expect(stored.map((r) => r.token_hash.toString('base64url'))).not.toContain(token);

    const renewed = await apps.http().post('/v1/waiting-list/renewals').send({ token }).expect(200);
    expect(renewed.body.id).toBe(entry.id);
    expect(new Date(renewed.body.expiresAt).getTime()).toBe(T0.getTime() + 60 * DAY_MS);
    const reused = await apps.http().post('/v1/waiting-list/renewals').send({ token }).expect(400);
    expect(reused.body.code).toBe('invalid_link_token');
    expect((await myEntries(newcomer))[0].status).toBe('waiting');
  });
});
