import { Redis } from 'ioredis';
import { type ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { SignInTokens } from '../apps/api/src/auth/sign-in-tokens.service';
import { UsersRepository } from '../libs/persistence/src';
import { academyIds, createStaff, newcomerBody, PASSWORD, registerNewcomer, type TestAccount, uniqueEmail } from './support/accounts';
import { createCoach, weekdays } from './support/coaches';
import { sentTo } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

/** The token of the link to `page` in a mail, read from the mail as its reader would see it. */
function linkToken(mail: ParsedMail, page: string): string {
  const match = new RegExp(`http://coaching\\.test${page}#token=([A-Za-z0-9_-]+)`).exec(mail.text ?? '');
  if (!match) throw new Error(`no ${page} link in "${mail.subject}"`);
  return match[1];
}

describe('accounts end to end: links read from the mail', () => {
  let apps: TestApps;
  let clock: FixedClock;
  let siena: string;
  let belgrade: string;
  let coordinator: TestAccount;
  let belgradeCoordinator: TestAccount;
  let admin: TestAccount;

  beforeAll(async () => {
    clock = new FixedClock(new Date());
    apps = await startTestApps({ clock });
    ({ siena, belgrade } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    belgradeCoordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    admin = await createStaff(apps.api, apps.http, 'admin', null);
  });
  afterAll(() => apps.close());
  afterEach(() => clock.set(new Date()));

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const mailTo = async (email: string, subject?: RegExp, count = 1) => {
    const mails = await apps.smtp.waitFor((m) => sentTo(email)(m) && (!subject || subject.test(m.subject ?? '')), count);
    return mails[count - 1];
  };
  const invite = async (locale = 'en', role: 'coach' | 'coordinator' = 'coach') => {
    const email = uniqueEmail(`invited-${role}`);
    const body = { email, displayName: 'Farah', locale, timeZone: 'Asia/Karachi', languages: ['ur', 'en'], role };
    const created = await apps.http().post('/v1/users').set(as(coordinator.token)).send(body).expect(201);
    return { id: created.body.id as string, email };
  };
  const signIn = (email: string, password = PASSWORD) => apps.http().post('/v1/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => apps.http().post('/v1/auth/refresh').send({ refreshToken });

  describe('invitations', () => {
    it('invite → set password → sign in, in the invitee’s locale, right to left for Urdu', async () => {
      const invitee = await invite('ur');
      const mail = await mailTo(invitee.email);
      expect(mail.subject).toBe('آپ کو Coaching across continents میں مدعو کیا گیا ہے');
      expect(mail.html).toContain('dir="rtl"');
      const token = linkToken(mail, '/accept-invitation');

      const accepted = await apps.http().post('/v1/auth/invitations/accept').send({ token, password: 'my own secret words' }).expect(200);
      expect(accepted.body).toMatchObject({ user: { id: invitee.id, role: 'coach', emailVerified: true }, expiresIn: 900 });
      await apps.http().get('/v1/me').set(as(accepted.body.accessToken)).expect(200);
      await signIn(invitee.email, 'my own secret words').expect(200);
    });

    it('refuses an invitation used twice', async () => {
      const invitee = await invite();
      const token = linkToken(await mailTo(invitee.email), '/accept-invitation');
      await apps.http().post('/v1/auth/invitations/accept').send({ token, password: 'first choice of words' }).expect(200);
      const again = await apps.http().post('/v1/auth/invitations/accept').send({ token, password: 'second choice of words' }).expect(400);
      expect(again.body).toMatchObject({ code: 'invalid_link_token', errors: [{ field: 'token' }] });
      await signIn(invitee.email, 'second choice of words').expect(401);
    });

    it('refuses an invitation used after 7 days, and accepts one used just before', async () => {
      const late = await invite();
      const onTime = await invite();
      const lateToken = linkToken(await mailTo(late.email), '/accept-invitation');
      const onTimeToken = linkToken(await mailTo(onTime.email), '/accept-invitation');
      clock.set(new Date(clock.now().getTime() + 7 * 86_400_000 - 60_000));
      await apps.http().post('/v1/auth/invitations/accept').send({ token: onTimeToken, password: 'just in time words' }).expect(200);
      clock.set(new Date(clock.now().getTime() + 2 * 60_000));
      const refused = await apps
        .http()
        .post('/v1/auth/invitations/accept')
        .send({ token: lateToken, password: 'too late for words' })
        .expect(400);
      expect(refused.body.code).toBe('invalid_link_token');
    });

    it('a resent invitation replaces the first; a revoked one stops working; an accepted one cannot be resent', async () => {
      const invitee = await invite('it');
      const first = linkToken(await mailTo(invitee.email), '/accept-invitation');
      await apps.http().post(`/v1/users/${invitee.id}/invitation`).set(as(coordinator.token)).expect(202);
      const second = linkToken(await mailTo(invitee.email, undefined, 2), '/accept-invitation');
      expect(second).not.toBe(first);
      await apps.http().post('/v1/auth/invitations/accept').send({ token: first, password: 'the replaced link' }).expect(400);

      await apps.http().delete(`/v1/users/${invitee.id}/invitation`).set(as(coordinator.token)).expect(204);
      await apps.http().post('/v1/auth/invitations/accept').send({ token: second, password: 'the revoked link' }).expect(400);

      await apps.http().post(`/v1/users/${invitee.id}/invitation`).set(as(coordinator.token)).expect(202);
      const third = linkToken(await mailTo(invitee.email, undefined, 3), '/accept-invitation');
      await apps.http().post('/v1/auth/invitations/accept').send({ token: third, password: 'the last link works' }).expect(200);
      const done = await apps.http().post(`/v1/users/${invitee.id}/invitation`).set(as(coordinator.token)).expect(409);
      expect(done.body.code).toBe('invitation_not_pending');
    });

    it('another academy’s coordinator cannot resend or revoke (404)', async () => {
      const invitee = await invite();
      await apps.http().post(`/v1/users/${invitee.id}/invitation`).set(as(belgradeCoordinator.token)).expect(404);
      await apps.http().delete(`/v1/users/${invitee.id}/invitation`).set(as(belgradeCoordinator.token)).expect(404);
    });
  });

  describe('password reset', () => {
    it('reset → old password refused, old refresh token refused, new password works', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'uk' });
      const before = (await signIn(account.email).expect(200)).body;

      const asked = await apps.http().post('/v1/auth/password-reset').send({ email: account.email.toUpperCase() }).expect(202);
      const unknown = await apps
        .http()
        .post('/v1/auth/password-reset')
        .send({ email: uniqueEmail('nobody') })
        .expect(202);
      expect(unknown.body).toEqual(asked.body);

      const mail = await mailTo(account.email, /новий пароль/);
      const token = linkToken(mail, '/reset-password');
      await apps.http().post('/v1/auth/password-reset/confirm').send({ token, password: 'brand new password' }).expect(204);

      await signIn(account.email, PASSWORD).expect(401);
      const refused = await refresh(before.refreshToken).expect(401);
      expect(refused.body.code).toBe('invalid_refresh_token');
      await apps.http().get('/v1/me').set(as(before.accessToken)).expect(401);
      await signIn(account.email, 'brand new password').expect(200);
      await apps.http().post('/v1/auth/password-reset/confirm').send({ token, password: 'yet another password' }).expect(400);
    });

    it('expires a reset link after 1 hour', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      await apps.http().post('/v1/auth/password-reset').send({ email: account.email }).expect(202);
      const token = linkToken(await mailTo(account.email, /new password/), '/reset-password');
      clock.set(new Date(clock.now().getTime() + 3600_000 + 1000));
      await apps.http().post('/v1/auth/password-reset/confirm').send({ token, password: 'brand new password' }).expect(400);
    });
  });

  describe('sign-in links', () => {
    it('signs a newcomer in from the mailed link, once', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'fa' });
      await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
      const mail = await mailTo(account.email, /لینک ورود/);
      expect(mail.html).toContain('dir="rtl"');
      const token = linkToken(mail, '/sign-in-link');
      const signedIn = await apps.http().post('/v1/auth/sign-in-link/consume').send({ token }).expect(200);
      expect(signedIn.body.user.id).toBe(account.id);
      await apps.http().get('/v1/me').set(as(signedIn.body.accessToken)).expect(200);
      await apps.http().post('/v1/auth/sign-in-link/consume').send({ token }).expect(400);
    });

    it('gives concurrent uses of one link one sign-in', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
      const token = linkToken(await mailTo(account.email, /sign-in link/), '/sign-in-link');
      const results = await Promise.all(Array.from({ length: 5 }, () => apps.http().post('/v1/auth/sign-in-link/consume').send({ token })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
    });
  });

  describe('sign-ins that can be ended', () => {
    it('a password change ends the other sign-ins, and this device gets a new pair', async () => {
      const account = await registerNewcomer(apps.http, siena);
      const phone = (await signIn(account.email).expect(200)).body;
      const laptop = (await signIn(account.email).expect(200)).body;
      const wrong = await apps
        .http()
        .put('/v1/me/password')
        .set(as(laptop.accessToken))
        .send({ currentPassword: 'not the one', newPassword: 'changed on the laptop' })
        .expect(422);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);

      const changed = await apps
        .http()
        .put('/v1/me/password')
        .set(as(laptop.accessToken))
        .send({ currentPassword: PASSWORD, newPassword: 'changed on the laptop' })
        .expect(200);
      await apps.http().get('/v1/me').set(as(phone.accessToken)).expect(401);
      await refresh(phone.refreshToken).expect(401);
      await apps.http().get('/v1/me').set(as(changed.body.accessToken)).expect(200);
      await refresh(changed.body.refreshToken).expect(200);
      await signIn(account.email, 'changed on the laptop').expect(200);
    });

    it('refresh rotates; reusing a spent refresh token ends the whole sign-in', async () => {
      const account = await registerNewcomer(apps.http, siena);
      const first = (await signIn(account.email).expect(200)).body;
      const second = (await refresh(first.refreshToken).expect(200)).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      const third = (await refresh(second.refreshToken).expect(200)).body;
      await apps.http().get('/v1/me').set(as(third.accessToken)).expect(200);

      // Someone replays the first token: the family ends, for the thief and for the owner.
      const reused = await refresh(first.refreshToken).expect(401);
      expect(reused.body.code).toBe('invalid_refresh_token');
      await refresh(third.refreshToken).expect(401);
      await apps.http().get('/v1/me').set(as(third.accessToken)).expect(401);
      // Another device of the same person is not affected.
      const other = (await signIn(account.email).expect(200)).body;
      await apps.http().get('/v1/me').set(as(other.accessToken)).expect(200);
    });

    it('of concurrent refreshes with one token from one device, all get the same one successor (a retry, not a theft)', async () => {
      const account = await registerNewcomer(apps.http, siena);
      const start = (await signIn(account.email).expect(200)).body;
      const results = await Promise.all(Array.from({ length: 4 }, () => refresh(start.refreshToken)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(results.map((r) => r.body.refreshToken)).size).toBe(1);
      // One successor was stored, and it works once.
      await refresh(results[0].body.refreshToken).expect(200);
    });

    it('signs out on this device only, or everywhere', async () => {
      const account = await registerNewcomer(apps.http, siena);
      const a = (await signIn(account.email).expect(200)).body;
      const b = (await signIn(account.email).expect(200)).body;
      const c = (await signIn(account.email).expect(200)).body;
      await apps.http().post('/v1/auth/logout').set(as(a.accessToken)).expect(204);
      await apps.http().get('/v1/me').set(as(a.accessToken)).expect(401);
      await refresh(a.refreshToken).expect(401);
      await apps.http().get('/v1/me').set(as(b.accessToken)).expect(200);

      await apps.http().post('/v1/auth/logout-all').set(as(b.accessToken)).expect(204);
      for (const device of [b, c]) {
        await apps.http().get('/v1/me').set(as(device.accessToken)).expect(401);
        await refresh(device.refreshToken).expect(401);
      }
      await signIn(account.email).expect(200);
    });
  });

  it('the language chosen after sign-in is the account’s: kept, and used for the next mail', async () => {
    const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
    const device = (await signIn(account.email).expect(200)).body;
    const refused = await apps.http().patch('/v1/me').set(as(device.accessToken)).send({ locale: 'xx' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'locale' }] });
    await apps
      .http()
      .patch('/v1/me')
      .set(as(device.accessToken))
      .send({ locale: 'fa' })
      .expect(200, /"locale":"fa"/);
    expect((await apps.http().get('/v1/me').set(as(device.accessToken)).expect(200)).body.locale).toBe('fa');
    await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
    const mail = await mailTo(account.email, /^لینک ورود شما$/);
    expect(mail.html).toContain('dir="rtl"');
    expect((await signIn(account.email).expect(200)).body.user.locale).toBe('fa');
  });

  it('erasure ends every sign-in, every open link and the calendar feed', async () => {
    const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
    const device = (await signIn(account.email).expect(200)).body;
    const feed = new URL((await apps.http().get('/v1/me/calendar-feed').set(as(device.accessToken)).expect(200)).body.url).pathname;
    await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
    const token = linkToken(await mailTo(account.email, /sign-in link/), '/sign-in-link');
    await apps.http().delete('/v1/me').set(as(device.accessToken)).expect(204);
    await refresh(device.refreshToken).expect(401);
    await apps.http().get(feed).expect(404);
    await apps.http().post('/v1/auth/sign-in-link/consume').send({ token }).expect(400);
  });

  describe('disabling accounts', () => {
    it('a disabled coach is refused at once, with a token issued before; enabled again, signs in', async () => {
      const coach = await createStaff(apps.api, apps.http, 'coach', siena);
      const before = (await signIn(coach.email).expect(200)).body;
      const disabled = await apps.http().post(`/v1/users/${coach.id}/disable`).set(as(coordinator.token)).expect(200);
      expect(disabled.body).toMatchObject({ id: coach.id, disabled: true });

      await apps.http().get('/v1/me').set(as(before.accessToken)).expect(401);
      await apps.http().get('/v1/me').set(as(coach.token)).expect(401);
      await refresh(before.refreshToken).expect(401);
      const refused = await signIn(coach.email).expect(403);
      expect(refused.body.code).toBe('account_disabled');
      await apps.http().post('/v1/auth/password-reset').send({ email: coach.email }).expect(202);

      await apps.http().post(`/v1/users/${coach.id}/enable`).set(as(coordinator.token)).expect(200);
      await signIn(coach.email).expect(200);
      const [entries] = [
        await apps.api.get(DataSource).query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY created_at`, [coach.id]),
      ];
      expect(entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['account.disabled', 'account.enabled']));
    });

    it('coordinators disable only the staff of their own academy; admins any account', async () => {
      const coach = await createStaff(apps.api, apps.http, 'coach', siena);
      const newcomer = await registerNewcomer(apps.http, siena);
      await apps.http().post(`/v1/users/${coach.id}/disable`).set(as(belgradeCoordinator.token)).expect(404);
      const notStaff = await apps.http().post(`/v1/users/${newcomer.id}/disable`).set(as(coordinator.token)).expect(403);
      expect(notStaff.body.code).toBe('forbidden');
      await apps.http().post(`/v1/users/${coordinator.id}/disable`).set(as(coordinator.token)).expect(403);
      await apps.http().post(`/v1/users/${newcomer.id}/disable`).set(as(admin.token)).expect(200);
      await apps.http().get('/v1/me').set(as(newcomer.token)).expect(401);
    });

    it('retiring a coach disables the account', async () => {
      const coach = await createCoach(apps.api, apps.http, coordinator, siena, {
        timeZone: 'Europe/Rome',
        weekly: weekdays('09:00', '10:00'),
      });
      await apps.http().post(`/v1/coaches/${coach.id}/status`).set(as(coordinator.token)).send({ status: 'retired' }).expect(200);
      await apps.http().get('/v1/me').set(as(coach.token)).expect(401);
      const user = await apps.http().get(`/v1/users/${coach.id}`).set(as(coordinator.token)).expect(200);
      expect(user.body.disabled).toBe(true);
    });
  });

  describe('registration', () => {
    it('a taken address gets the same status and body, and its owner a mail saying so, with a reset link', async () => {
      const owner = await registerNewcomer(apps.http, siena, { locale: 'sr' });
      const fresh = await apps.http().post('/v1/auth/register').send(newcomerBody(siena)).expect(202);
      const taken = await apps
        .http()
        .post('/v1/auth/register')
        .send(newcomerBody(belgrade, { email: owner.email, displayName: 'Someone Else' }))
        .expect(202);
      expect(taken.body).toEqual(fresh.body);
      expect(taken.headers['content-type']).toBe(fresh.headers['content-type']);

      const mail = await mailTo(owner.email, /Već imate nalog/);
      expect(mail.text).not.toContain('Someone Else');
      const token = linkToken(mail, '/reset-password');
      await apps.http().post('/v1/auth/password-reset/confirm').send({ token, password: 'the owner chooses' }).expect(204);
      await signIn(owner.email, 'the owner chooses').expect(200);
    });

    it('a newcomer signs in with a password, and books, only once the address is verified from the mailed link', async () => {
      const coach = await createCoach(apps.api, apps.http, coordinator, siena, {
        timeZone: 'Europe/Rome',
        weekly: weekdays('00:00', '24:00'),
        profile: { minimumNoticeMinutes: 0 },
      });
      const body = newcomerBody(siena, { locale: 'ar', languages: ['ar', 'en'] });
      await apps.http().post('/v1/auth/register').send(body).expect(202);
      expect((await signIn(body.email as string).expect(403)).body.code).toBe('email_not_verified');
      // A sign-in from before password sign-in waited for verification: it may not book either.
      const user = (await apps.api.get(UsersRepository).findLiveByEmail(body.email as string))!;
      const session = await apps.api.get(SignInTokens).issue(user, { address: '127.0.0.1', userAgent: 'older release' });
      expect(session.user.emailVerified).toBe(false);
      const start = new Date(Math.ceil((Date.now() + 26 * 3600_000) / 3600_000) * 3600_000);
      while ([0, 6].includes(new Date(start.getTime()).getUTCDay())) start.setTime(start.getTime() + 86_400_000);
      const booking = { coachId: coach.id, start: start.toISOString(), durationMinutes: 30, topic: 'housing', language: 'en' };
      const refused = await apps.http().post('/v1/sessions').set(as(session.accessToken)).send(booking).expect(403);
      expect(refused.body.code).toBe('email_not_verified');
      const match = { languages: ['en'], topics: ['housing'], timeZone: 'Europe/Rome', book: true };
      expect((await apps.http().post('/v1/matches').set(as(session.accessToken)).send(match).expect(403)).body.code).toBe(
        'email_not_verified',
      );

      const mail = await mailTo(body.email as string, /أكّد/);
      expect(mail.html).toContain('dir="rtl"');
      await apps
        .http()
        .post('/v1/auth/verify-email')
        .send({ token: linkToken(mail, '/verify-email'), password: PASSWORD })
        .expect(204);
      // Confirming ended the sign-in from before; the password chosen on confirming signs in.
      await apps.http().get('/v1/me').set(as(session.accessToken)).expect(401);
      const verified = (await signIn(body.email as string).expect(200)).body;
      expect(verified.user.emailVerified).toBe(true);
      await apps.http().post('/v1/sessions').set(as(verified.accessToken)).send(booking).expect(201);
    });

    it('resends the verification link, replacing the first', async () => {
      const body = newcomerBody(siena);
      await apps.http().post('/v1/auth/register').send(body).expect(202);
      const first = linkToken(await mailTo(body.email as string), '/verify-email');
      // Signed in from before password sign-in waited for verification (now only a link signs in, and it verifies).
      const user = (await apps.api.get(UsersRepository).findLiveByEmail(body.email as string))!;
      const session = await apps.api.get(SignInTokens).issue(user, { address: '127.0.0.1', userAgent: 'older release' });
      await apps.http().post('/v1/auth/verify-email/resend').set(as(session.accessToken)).expect(202);
      const second = linkToken(await mailTo(body.email as string, undefined, 2), '/verify-email');
      await apps.http().post('/v1/auth/verify-email').send({ token: first }).expect(400);
      await apps.http().post('/v1/auth/verify-email').send({ token: second }).expect(204);
    });
  });

  it('stores no link token: only hashes in the database, ids in the job data', async () => {
    const tokens = apps.smtp.received.flatMap((m) => [...(m.text ?? '').matchAll(/#token=([A-Za-z0-9_-]+)/g)].map((x) => x[1]));
    expect(tokens.length).toBeGreaterThan(10);
    const db = apps.api.get(DataSource);
    const dump = JSON.stringify(
      await db.query(`SELECT t.*, encode(t.token_hash, 'base64') AS h, encode(t.nonce, 'base64') AS n FROM account_token t`),
    );
    const mails = JSON.stringify(await db.query(`SELECT * FROM account_mail`));
    const audit = JSON.stringify(await db.query(`SELECT * FROM audit_log`));
    const redis = new Redis(apps.config.redisUrl!);
    let jobs = '';
    try {
      const keys = await redis.keys(`${apps.config.queuePrefix.replace(/[{}]/g, '\\$&')}*`);
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') jobs += JSON.stringify(await redis.hgetall(key));
        else if (type === 'string') jobs += await redis.get(key);
        else if (type === 'list') jobs += JSON.stringify(await redis.lrange(key, 0, -1));
        else if (type === 'zset') jobs += JSON.stringify(await redis.zrange(key, 0, -1));
        else if (type === 'stream') jobs += JSON.stringify(await redis.xrange(key, '-', '+'));
      }
    } finally {
      redis.disconnect();
    }
    expect(jobs).toContain('accountMailId');
    for (const token of tokens) {
      for (const place of [dump, mails, audit, jobs]) expect(place).not.toContain(token);
    }
  });
});
