import { createHash } from 'node:crypto';
import { type ParsedMail } from 'mailparser';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { AccountLinks } from '../apps/api/src/auth/account-links.service';
import { SignInTokens } from '../apps/api/src/auth/sign-in-tokens.service';
import { FixedClock } from '../apps/api/src/common/clock';
import { HousekeepingService } from '../apps/worker/src/retention/housekeeping.service';
import { type AccountMailKind, type AccountTokenPurpose, UsersRepository } from '../libs/persistence/src';
import { academyIds, createStaff, newcomerBody, PASSWORD, registerNewcomer, type TestAccount, uniqueEmail } from './support/accounts';
import { holdLock, waitersOnLocks } from './support/locks';
import { sentTo } from './support/notifications';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * The API's clock, pinned to one instant; links' lifetimes are measured
 * against it. It is the start of the real minute, not a fixed date, because
 * the worker skips a link's mail by the real clock, and housekeeping and
 * sign-ins go by the database's own clock.
 */
const PINNED = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const NEW_PASSWORD = 'a different long phrase';

type Kind = 'sign_in' | 'password_reset' | 'email_verification' | 'invitation';
const PAGE: Record<Kind, string> = {
  sign_in: '/sign-in-link',
  password_reset: '/reset-password',
  email_verification: '/verify-email',
  invitation: '/accept-invitation',
};
const MAIL: Record<Kind, AccountMailKind> = {
  sign_in: 'sign_in_link',
  password_reset: 'password_reset',
  email_verification: 'email_verification',
  invitation: 'invitation',
};

function linkToken(mail: ParsedMail, page: string): string {
  const match = new RegExp(`http://coaching\\.test${page}#token=([A-Za-z0-9_-]+)`).exec(mail.text ?? '');
  if (!match) throw new Error(`no ${page} link in "${mail.subject}"`);
  return match[1];
}

/**
 * Issue 22, items 1–4, 11, 13 and 14, each reproduced as the security review
 * found it and shown refused: a password set before the address was confirmed,
 * links and calendar feeds that outlive the events that should end them, a
 * withdrawn invitation that leaves other ways in, a refresh retried by a
 * flaky phone, a class registering from one address, records kept for ever
 * and erasure on a stolen access token alone.
 */
describe('accounts, round 2: links die with the password', () => {
  let apps: TestApps;
  let db: DataSource;
  let siena: string;
  let belgrade: string;
  let coordinator: TestAccount;
  let belgradeCoordinator: TestAccount;
  let admin: TestAccount;

  beforeAll(async () => {
    apps = await startTestApps({ clock: new FixedClock(PINNED) });
    db = apps.api.get(DataSource);
    ({ siena, belgrade } = await academyIds(apps.http));
    coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    belgradeCoordinator = await createStaff(apps.api, apps.http, 'coordinator', belgrade);
    admin = await createStaff(apps.api, apps.http, 'admin', null);
  }, 60_000);
  afterAll(() => apps.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const signIn = (email: string, password = PASSWORD) => apps.http().post('/v1/auth/login').send({ email, password });
  const mailsTo = (email: string, page: string, count: number) =>
    apps.smtp.waitFor((m) => sentTo(email)(m) && (m.text ?? '').includes(`http://coaching.test${page}#token=`), count);
  const tokenFromMail = async (email: string, kind: Kind, count = 1) =>
    linkToken((await mailsTo(email, PAGE[kind], count))[count - 1], PAGE[kind]);
  const mailCount = async (email: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM account_mail m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1`, [email]))[0]
      .n as number;

  /** Sends a link the way the API does (row, mail, outbox), for kinds no public route sends in this state; read back from the mail. */
  const sendDirectly = async (userId: string, email: string, kind: Kind): Promise<string> => {
    const links = apps.api.get(AccountLinks);
    const before = (await db.query(`SELECT count(*)::int AS n FROM account_token WHERE user_id = $1 AND purpose = $2`, [userId, kind]))[0]
      .n as number;
    await links.transaction((manager) => links.send(manager, userId, kind as AccountTokenPurpose, MAIL[kind]));
    return tokenFromMail(email, kind, before + 1);
  };

  /** Each kind of link, used: 400 `invalid_link_token` if it is dead. */
  const use = (kind: Kind, token: string) => {
    switch (kind) {
      case 'sign_in':
        return apps.http().post('/v1/auth/sign-in-link/consume').send({ token });
      case 'password_reset':
        return apps.http().post('/v1/auth/password-reset/confirm').send({ token, password: 'chosen by the link holder' });
      case 'email_verification':
        return apps.http().post('/v1/auth/verify-email').send({ token });
      case 'invitation':
        return apps.http().post('/v1/auth/invitations/accept').send({ token, password: 'chosen by the link holder' });
    }
  };
  const expectDead = async (kind: Kind, token: string) => {
    const response = await use(kind, token);
    expect({ kind, status: response.status, code: response.body.code }).toEqual({ kind, status: 400, code: 'invalid_link_token' });
  };

  /** A verified newcomer, signed in, with an open sign-in link, reset link and verification link. */
  const newcomerWithLinks = async (): Promise<
    TestAccount & { links: Record<'sign_in' | 'password_reset' | 'email_verification', string> }
  > => {
    const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
    await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
    await apps.http().post('/v1/auth/password-reset').send({ email: account.email }).expect(202);
    const signInLink = await tokenFromMail(account.email, 'sign_in');
    const reset = await tokenFromMail(account.email, 'password_reset');
    // The registration's verification link was never opened (the helper marks the address directly); a fresh one.
    const verification = await sendDirectly(account.id, account.email, 'email_verification');
    return { ...account, links: { sign_in: signInLink, password_reset: reset, email_verification: verification } };
  };

  const invite = async (role: 'coach' | 'coordinator' = 'coach') => {
    const email = uniqueEmail(`invited-${role}`);
    const body = { email, displayName: 'Farah', locale: 'en', timeZone: 'Asia/Karachi', languages: ['ur', 'en'], role };
    const created = await apps.http().post('/v1/users').set(as(coordinator.token)).send(body).expect(201);
    return { id: created.body.id as string, email, invitation: await tokenFromMail(email, 'invitation') };
  };

  describe('1. pre-hijacking: a password set before the address is confirmed', () => {
    it('cannot sign in until the address is confirmed, and dies when the owner confirms it', async () => {
      const victim = uniqueEmail('victim');
      // The attacker registers the victim's address with a password of their own…
      await apps
        .http()
        .post('/v1/auth/register')
        .send(newcomerBody(siena, { email: victim, password: 'attacker knows this' }))
        .expect(202);
      // …and cannot sign in with it: the address is not confirmed (and the right password is needed to learn that).
      expect((await signIn(victim, 'attacker knows this').expect(403)).body.code).toBe('email_not_verified');
      expect((await signIn(victim, 'a wrong guess of words').expect(401)).body.code).toBe('invalid_credentials');

      // The victim confirms the address from the welcome mail; the attacker's password is gone.
      const token = await tokenFromMail(victim, 'email_verification');
      await apps.http().post('/v1/auth/verify-email').send({ token }).expect(204);
      expect((await signIn(victim, 'attacker knows this').expect(401)).body.code).toBe('invalid_credentials');
    });

    it('confirming with a password of one’s own: that password works, the one set before does not', async () => {
      const owner = uniqueEmail('owner');
      await apps
        .http()
        .post('/v1/auth/register')
        .send(newcomerBody(siena, { email: owner, password: 'set at registration' }))
        .expect(202);
      const token = await tokenFromMail(owner, 'email_verification');
      await apps.http().post('/v1/auth/verify-email').send({ token, password: 'chosen when confirming' }).expect(204);
      await signIn(owner, 'set at registration').expect(401);
      const signedIn = await signIn(owner, 'chosen when confirming').expect(200);
      expect(signedIn.body.user).toMatchObject({ emailVerified: true });
    });

    it('a sign-in that began before confirmation ends when the address is confirmed, by the welcome link or a sign-in link', async () => {
      for (const confirmBy of ['email_verification', 'sign_in'] as const) {
        const victim = uniqueEmail(`victim-${confirmBy}`);
        await apps
          .http()
          .post('/v1/auth/register')
          .send(newcomerBody(siena, { email: victim, password: 'attacker knows this' }))
          .expect(202);
        // A sign-in the attacker held from before this release (when unconfirmed addresses could sign in).
        const user = (await apps.api.get(UsersRepository).findLiveByEmail(victim))!;
        const attacker = await apps.api.get(SignInTokens).issue(user, { address: '203.0.113.9', userAgent: 'attacker' });
        await apps.http().get('/v1/me').set(as(attacker.accessToken)).expect(200);
        const feedBefore = (await apps.http().get('/v1/me/calendar-feed').set(as(attacker.accessToken)).expect(200)).body.url as string;

        if (confirmBy === 'email_verification') {
          await apps
            .http()
            .post('/v1/auth/verify-email')
            .send({ token: await tokenFromMail(victim, 'email_verification') })
            .expect(204);
        } else {
          await apps.http().post('/v1/auth/sign-in-link').send({ email: victim }).expect(202);
          const signedIn = await apps
            .http()
            .post('/v1/auth/sign-in-link/consume')
            .send({ token: await tokenFromMail(victim, 'sign_in') })
            .expect(200);
          expect(signedIn.body.user).toMatchObject({ emailVerified: true });
          await apps.http().get('/v1/me').set(as(signedIn.body.accessToken)).expect(200);
        }
        // The attacker's access token, refresh token, password and feed URL all stop working.
        await apps.http().get('/v1/me').set(as(attacker.accessToken)).expect(401);
        await apps.http().get('/v1/me/export').set(as(attacker.accessToken)).expect(401);
        await apps.http().post('/v1/auth/refresh').send({ refreshToken: attacker.refreshToken }).expect(401);
        await signIn(victim, 'attacker knows this').expect(401);
        await apps.http().get(new URL(feedBefore).pathname).expect(404);
      }
    });

    it('a later sign-in link does not clear a password chosen after confirmation', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
      await apps
        .http()
        .post('/v1/auth/sign-in-link/consume')
        .send({ token: await tokenFromMail(account.email, 'sign_in') })
        .expect(200);
      await signIn(account.email).expect(200);
      await apps.http().get('/v1/me').set(as(account.token)).expect(200);
    });
  });

  describe('2–4. every link of the account ends with the event', () => {
    it('a password change ends the sign-in, reset and verification links sent before it', async () => {
      const account = await newcomerWithLinks();
      await apps
        .http()
        .put('/v1/me/password')
        .set(as(account.token))
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(200);
      for (const [kind, token] of Object.entries(account.links)) await expectDead(kind as Kind, token);
      await signIn(account.email, NEW_PASSWORD).expect(200);
    });

    it('a password reset ends the sign-in and verification links sent before it, and any reset link but its own', async () => {
      const account = await newcomerWithLinks();
      const olderReset = account.links.password_reset;
      await apps.http().post('/v1/auth/password-reset').send({ email: account.email }).expect(202);
      const reset = await tokenFromMail(account.email, 'password_reset', 2);
      await apps.http().post('/v1/auth/password-reset/confirm').send({ token: reset, password: NEW_PASSWORD }).expect(204);
      await expectDead('sign_in', account.links.sign_in);
      await expectDead('email_verification', account.links.email_verification);
      await expectDead('password_reset', olderReset);
      await expectDead('password_reset', reset);
      await signIn(account.email, NEW_PASSWORD).expect(200);
    });

    it('signing out everywhere ends the sign-in, reset and verification links', async () => {
      const account = await newcomerWithLinks();
      await apps.http().post('/v1/auth/logout-all').set(as(account.token)).expect(204);
      for (const [kind, token] of Object.entries(account.links)) await expectDead(kind as Kind, token);
      await signIn(account.email).expect(200);
    });

    it('disabling ends the sign-in, reset, verification and invitation links, and enabling again does not revive them', async () => {
      const account = await newcomerWithLinks();
      const invited = await invite();
      await apps.http().post(`/v1/users/${account.id}/disable`).set(as(admin.token)).expect(200);
      await apps.http().post(`/v1/users/${invited.id}/disable`).set(as(coordinator.token)).expect(200);
      for (const [kind, token] of Object.entries(account.links)) await expectDead(kind as Kind, token);
      await expectDead('invitation', invited.invitation);
      await apps.http().post(`/v1/users/${account.id}/enable`).set(as(admin.token)).expect(200);
      await apps.http().post(`/v1/users/${invited.id}/enable`).set(as(coordinator.token)).expect(200);
      for (const [kind, token] of Object.entries(account.links)) await expectDead(kind as Kind, token);
      await expectDead('invitation', invited.invitation);
    });

    it('3. a withdrawn invitation ends its link and every other, and no sign-in or reset link is sent for the address', async () => {
      const invited = await invite();
      // Links of other kinds that reached the account before (a pending invitation now takes none).
      const signInLink = await sendDirectly(invited.id, invited.email, 'sign_in');
      const reset = await sendDirectly(invited.id, invited.email, 'password_reset');
      const verification = await sendDirectly(invited.id, invited.email, 'email_verification');
      await apps.http().delete(`/v1/users/${invited.id}/invitation`).set(as(coordinator.token)).expect(204);
      await expectDead('invitation', invited.invitation);
      await expectDead('sign_in', signInLink);
      await expectDead('password_reset', reset);
      await expectDead('email_verification', verification);

      // As the review reproduced it: ask for a sign-in link, a reset, or register the address: no link is made.
      const mailsBefore = await mailCount(invited.email);
      await apps.http().post('/v1/auth/sign-in-link').send({ email: invited.email }).expect(202);
      await apps.http().post('/v1/auth/password-reset').send({ email: invited.email }).expect(202);
      await apps
        .http()
        .post('/v1/auth/register')
        .send(newcomerBody(siena, { email: invited.email }))
        .expect(202);
      expect(await mailCount(invited.email)).toBe(mailsBefore);
      await signIn(invited.email, 'chosen by the link holder').expect(401);

      // Invited again, the new link works (and only it opens the account).
      await apps.http().post(`/v1/users/${invited.id}/invitation`).set(as(coordinator.token)).expect(202);
      const again = await tokenFromMail(invited.email, 'invitation', 2);
      const accepted = await use('invitation', again).expect(200);
      expect(accepted.body.user).toMatchObject({ id: invited.id, role: 'coach' });
    });

    it('links for an account with a pending invitation are refused, even one sent before', async () => {
      const invited = await invite();
      const signInLink = await sendDirectly(invited.id, invited.email, 'sign_in');
      const reset = await sendDirectly(invited.id, invited.email, 'password_reset');
      const mailsBefore = await mailCount(invited.email);
      await apps.http().post('/v1/auth/sign-in-link').send({ email: invited.email }).expect(202);
      await apps.http().post('/v1/auth/password-reset').send({ email: invited.email }).expect(202);
      expect(await mailCount(invited.email)).toBe(mailsBefore);
      await expectDead('sign_in', signInLink);
      await expectDead('password_reset', reset);
      // The invitation itself still opens the account.
      await use('invitation', invited.invitation).expect(200);
    });

    it('4. the calendar feed’s URL ends with signing out everywhere, a reset and a password change; a new one is given', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      const feedPath = async (token: string) =>
        new URL((await apps.http().get('/v1/me/calendar-feed').set(as(token)).expect(200)).body.url).pathname;
      let token = account.token;
      let password = PASSWORD;
      const events: Array<[string, () => Promise<void>]> = [
        ['sign out everywhere', async () => void (await apps.http().post('/v1/auth/logout-all').set(as(token)).expect(204))],
        [
          'reset',
          async () => {
            await apps.http().post('/v1/auth/password-reset').send({ email: account.email }).expect(202);
            const reset = await tokenFromMail(account.email, 'password_reset');
            password = 'after the reset words';
            await apps.http().post('/v1/auth/password-reset/confirm').send({ token: reset, password }).expect(204);
          },
        ],
        [
          'password change',
          async () => {
            const next = 'after the change words';
            token = (
              await apps.http().put('/v1/me/password').set(as(token)).send({ currentPassword: password, newPassword: next }).expect(200)
            ).body.accessToken;
            password = next;
          },
        ],
      ];
      for (const [event, run] of events) {
        const before = await feedPath(token);
        await apps.http().get(before).expect(200);
        await run();
        if (event !== 'password change') token = (await signIn(account.email, password).expect(200)).body.accessToken;
        expect({ event, status: (await apps.http().get(before)).status }).toEqual({ event, status: 404 });
        const after = await feedPath(token);
        expect(after).not.toBe(before);
        await apps.http().get(after).expect(200);
      }
    });
  });

  describe('13. a refresh retried by the same device', () => {
    const refresh = (refreshToken: string, device = 'phone A') =>
      apps.http().post('/v1/auth/refresh').set('User-Agent', device).send({ refreshToken });

    it('two truly concurrent refreshes with one token both get the same successor, and the sign-in lives on', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      const first = (await signIn(account.email).set('User-Agent', 'phone A').expect(200)).body.refreshToken as string;
      // Both requests are held at the token's row until both wait there, then let go together.
      const hash = createHash('sha256').update(first).digest();
      const lock = await holdLock(db, `SELECT 1 FROM refresh_token WHERE token_hash = $1 FOR UPDATE`, [hash]);
      const racing = [refresh(first), refresh(first)].map((r) => Promise.resolve(r as PromiseLike<Response>));
      await waitersOnLocks(db, 2);
      await lock.release();
      const [a, b] = await Promise.all(racing);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.refreshToken).toBe(b.body.refreshToken);
      await apps.http().get('/v1/me').set(as(a.body.accessToken)).expect(200);
      await apps.http().get('/v1/me').set(as(b.body.accessToken)).expect(200);
      // The successor works once, as every refresh token does.
      const third = (await refresh(a.body.refreshToken).expect(200)).body;
      await apps.http().get('/v1/me').set(as(third.accessToken)).expect(200);
    });

    it('a retry after the successor was used, or from another device, still ends the sign-in', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      const first = (await signIn(account.email).set('User-Agent', 'phone A').expect(200)).body.refreshToken as string;
      const second = (await refresh(first).expect(200)).body;
      // Another device presents the spent token: a copy is elsewhere; the sign-in ends.
      expect((await refresh(first, 'someone else').expect(401)).body.code).toBe('invalid_refresh_token');
      await apps.http().get('/v1/me').set(as(second.accessToken)).expect(401);
      await refresh(second.refreshToken).expect(401);

      const again = (await signIn(account.email).set('User-Agent', 'phone A').expect(200)).body.refreshToken as string;
      const next = (await refresh(again).expect(200)).body;
      await refresh(next.refreshToken).expect(200);
      // The successor was spent, so the old token again is no retry: the sign-in ends.
      await refresh(again).expect(401);
      await apps.http().get('/v1/me').set(as(next.accessToken)).expect(401);
    });
  });

  describe('14. a class registers from one address; coordinators register newcomers', () => {
    it('25 registrations from one address within the hour pass with the default limit', async () => {
      const classroom = await startTestApps({ worker: false, env: { REGISTER_MAX_PER_ADDRESS: '' } });
      try {
        expect(classroom.config.registerRateLimit.perAddress).toBe(200);
        const { siena: academy } = await academyIds(classroom.http);
        for (let i = 0; i < 25; i++) {
          await classroom
            .http()
            .post('/v1/auth/register')
            .send(newcomerBody(academy, { email: uniqueEmail(`class-${i}`) }))
            .expect(202);
        }
      } finally {
        await classroom.close();
      }
    }, 120_000);

    it('a coordinator registers a newcomer of their academy, who gets an invitation in their language and signs in', async () => {
      const email = uniqueEmail('registered-by-coordinator');
      const body = { email, displayName: 'Oksana', locale: 'uk', timeZone: 'Europe/Rome', languages: ['uk', 'it'] };
      const created = await apps.http().post('/v1/newcomers').set(as(coordinator.token)).send(body).expect(201);
      expect(created.body).toMatchObject({ role: 'newcomer', academyId: siena, locale: 'uk', emailVerified: false });
      const [mail] = await mailsTo(email, '/accept-invitation', 1);
      expect(mail.subject).toBe('Вас запрошено до Coaching across continents');
      // Until accepted, no other link is sent for the address.
      const mailsBefore = await mailCount(email);
      await apps.http().post('/v1/auth/sign-in-link').send({ email }).expect(202);
      expect(await mailCount(email)).toBe(mailsBefore);
      const accepted = await use('invitation', linkToken(mail, '/accept-invitation')).expect(200);
      expect(accepted.body.user).toMatchObject({ id: created.body.id, role: 'newcomer', academyId: siena, emailVerified: true });
      await signIn(email, 'chosen by the link holder').expect(200);
    });

    it('is scoped by academy and role', async () => {
      const body = () => ({
        email: uniqueEmail('scoped'),
        displayName: 'Ali',
        locale: 'fa',
        timeZone: 'Europe/Belgrade',
        languages: ['fa'],
      });
      const refused = await apps
        .http()
        .post('/v1/newcomers')
        .set(as(belgradeCoordinator.token))
        .send({ ...body(), academyId: siena })
        .expect(403);
      expect(refused.body.code).toBe('academy_forbidden');
      const own = await apps.http().post('/v1/newcomers').set(as(belgradeCoordinator.token)).send(body()).expect(201);
      expect(own.body.academyId).toBe(belgrade);
      const noAcademy = await apps.http().post('/v1/newcomers').set(as(admin.token)).send(body()).expect(400);
      expect(noAcademy.body.errors).toEqual([expect.objectContaining({ field: 'academyId' })]);
      await apps
        .http()
        .post('/v1/newcomers')
        .set(as(admin.token))
        .send({ ...body(), academyId: belgrade })
        .expect(201);
      const newcomer = await registerNewcomer(apps.http, siena, { locale: 'en' });
      await apps.http().post('/v1/newcomers').set(as(newcomer.token)).send(body()).expect(403);
      await apps.http().post('/v1/newcomers').send(body()).expect(401);
      const withPassword = await apps
        .http()
        .post('/v1/newcomers')
        .set(as(coordinator.token))
        .send({ ...body(), password: PASSWORD })
        .expect(400);
      expect(withPassword.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    });
  });

  describe('11. records kept no longer than needed; sign-in history; erasure asks who it is', () => {
    it('the export lists sign-ins with when and which device, never a token', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      const signedIn = (await signIn(account.email).set('User-Agent', 'Mozilla/5.0 (Android 14) Phone').expect(200)).body;
      const exported = (await apps.http().get('/v1/me/export').set(as(signedIn.accessToken)).expect(200)).body;
      expect(exported.signIns).toHaveLength(2);
      expect(exported.signIns[1]).toEqual({
        signedInAt: expect.any(String),
        device: 'Mozilla/5.0 (Android 14) Phone',
        expiresAt: expect.any(String),
        endedAt: null,
        endedBecause: null,
      });
      const text = JSON.stringify(exported);
      expect(text).not.toContain(signedIn.refreshToken);
      expect(text).not.toContain(signedIn.accessToken);
      expect(text).not.toMatch(/token_?hash|refreshToken/i);
    });

    it('DELETE /v1/me needs a sign-in of the last 10 minutes, the password, or a fresh sign-in by link', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      // The sign-in began 11 minutes ago (by the database's clock, which stamped it).
      await db.query(`UPDATE sign_in SET created_at = now() - interval '11 minutes' WHERE user_id = $1`, [account.id]);
      const stale = await apps.http().delete('/v1/me').set(as(account.token)).expect(403);
      expect(stale.body.code).toBe('recent_sign_in_required');
      const wrong = await apps.http().delete('/v1/me').set(as(account.token)).send({ password: 'not the password' }).expect(422);
      expect(wrong.body).toMatchObject({ code: 'wrong_password', errors: [{ field: 'password' }] });
      await apps.http().get('/v1/me').set(as(account.token)).expect(200);

      // A fresh sign-in by link is enough on its own.
      await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
      const byLink = (
        await apps
          .http()
          .post('/v1/auth/sign-in-link/consume')
          .send({ token: await tokenFromMail(account.email, 'sign_in') })
          .expect(200)
      ).body;
      await apps.http().delete('/v1/me').set(as(byLink.accessToken)).expect(204);

      // The password is enough on an old sign-in.
      const other = await registerNewcomer(apps.http, siena, { locale: 'en' });
      await db.query(`UPDATE sign_in SET created_at = now() - interval '1 day' WHERE user_id = $1`, [other.id]);
      await apps.http().delete('/v1/me').set(as(other.token)).send({ password: PASSWORD }).expect(204);
      await apps.http().get('/v1/me').set(as(other.token)).expect(401);
    });

    it('housekeeping deletes dead links, sent account mails, ended sign-ins and spent refresh tokens after the retention period', async () => {
      const account = await registerNewcomer(apps.http, siena, { locale: 'en' });
      const first = (await signIn(account.email).expect(200)).body.refreshToken as string;
      await apps.http().post('/v1/auth/refresh').send({ refreshToken: first }).expect(200);
      await apps.http().post('/v1/auth/sign-in-link').send({ email: account.email }).expect(202);
      await tokenFromMail(account.email, 'sign_in');
      // A live link sent a while ago, whose mail is still to be sent: it stays.
      await apps.http().post('/v1/auth/password-reset').send({ email: account.email }).expect(202);
      await tokenFromMail(account.email, 'password_reset');
      await apps.http().post('/v1/auth/logout-all').set(as(account.token)).expect(204);
      const live = (await signIn(account.email).expect(200)).body;

      const counts = async () =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM account_token WHERE user_id = $1) AS tokens,
                    (SELECT count(*)::int FROM account_mail WHERE user_id = $1) AS mails,
                    (SELECT count(*)::int FROM sign_in WHERE user_id = $1) AS "signIns",
                    (SELECT count(*)::int FROM refresh_token r JOIN sign_in s ON s.id = r.sign_in_id WHERE s.user_id = $1) AS refresh`,
            [account.id],
          )
        )[0];
      // Every mail of the account sent (the worker marks it just after the SMTP server has it).
      for (let tries = 0; ; tries++) {
        const [{ open }] = await db.query(
          `SELECT count(*)::int AS open FROM account_mail WHERE user_id = $1 AND state NOT IN ('sent', 'skipped')`,
          [account.id],
        );
        if (open === 0) break;
        if (tries > 200) throw new Error('account mails never sent');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const before = await counts();
      // Retention is 30 days by default: 29 days on nothing goes; 31 days on the dead go.
      const age = async (days: number) => {
        await db.query(
          `UPDATE account_token SET created_at = created_at - make_interval(days => $2), expires_at = expires_at - make_interval(days => $2),
                  used_at = used_at - make_interval(days => $2), revoked_at = revoked_at - make_interval(days => $2) WHERE user_id = $1`,
          [account.id, days],
        );
        await db.query(`UPDATE account_mail SET created_at = created_at - make_interval(days => $2) WHERE user_id = $1`, [
          account.id,
          days,
        ]);
        await db.query(
          `UPDATE sign_in SET created_at = created_at - make_interval(days => $2), revoked_at = revoked_at - make_interval(days => $2)
            WHERE user_id = $1`,
          [account.id, days],
        );
        await db.query(
          `UPDATE refresh_token SET used_at = used_at - make_interval(days => $2) WHERE sign_in_id IN (SELECT id FROM sign_in WHERE user_id = $1)`,
          [account.id, days],
        );
      };
      const housekeeping = apps.worker!.get(HousekeepingService);
      await age(29);
      await housekeeping.purge();
      expect(await counts()).toEqual(before);
      await age(2);
      const purged = await housekeeping.purge();
      expect(purged).toMatchObject({
        accountTokens: expect.any(Number),
        accountMails: expect.any(Number),
        signIns: expect.any(Number),
        refreshTokens: expect.any(Number),
      });
      // Left: the live sign-in (which expires 30 days after it began) and its one unspent refresh token; no link, no mail.
      expect(await counts()).toEqual({ tokens: 0, mails: 0, signIns: 1, refresh: 1 });
      await apps.http().post('/v1/auth/refresh').send({ refreshToken: live.refreshToken }).expect(200);
    });
  });
});
