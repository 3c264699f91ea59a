import { Client } from 'pg';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { academyIds, registerNewcomer } from './support/accounts';
import { waitersOnLocks } from './support/locks';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * GET /v1/me/export reads everything in one REPEATABLE READ transaction: one
 * connection and one snapshot, so a change committed while it runs shows in
 * none of its parts or in all of them, never in some.
 */
describe('personal data export: one snapshot', () => {
  let apps: TestApps;
  let db: DataSource;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
    db = apps.api.get(DataSource);
  }, 60_000);
  afterAll(() => apps.close());

  it('does not mix data from before and after a change committed while it reads', async () => {
    const { siena } = await academyIds(apps.http);
    const newcomer = await registerNewcomer(apps.http, siena, { locale: 'en', displayName: 'Before Change' });
    const other = new Client({ connectionString: apps.config.databaseUrl });
    await other.connect();
    try {
      // Hold the audit log, so the export stops there, after it has read the account.
      await other.query('BEGIN');
      await other.query('LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE');
      const exported = Promise.resolve(
        apps
          .http()
          .get('/v1/me/export')
          .set({ Authorization: `Bearer ${newcomer.token}` }) as PromiseLike<Response>,
      );
      await waitersOnLocks(db, 1);
      // Meanwhile the account is renamed, and the rename is audited, in one commit.
      await other.query(`UPDATE app_user SET display_name = 'After Change' WHERE id = $1`, [newcomer.id]);
      await other.query(
        `INSERT INTO audit_log (actor_id, academy_id, action, entity_type, entity_id, changes) VALUES ($1, $2, 'account.renamed', 'user', $1, '{}')`,
        [newcomer.id, siena],
      );
      await other.query('COMMIT');
      const body = (await exported).body;
      const renamed = body.auditEntries.some((e: { action: string }) => e.action === 'account.renamed');
      // Either both parts see the rename or neither does.
      expect([body.account.displayName, renamed]).toEqual(['Before Change', false]);
    } finally {
      await other.end();
    }
  });
});
