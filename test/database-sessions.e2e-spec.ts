import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * Settings of the API's own database sessions. JIT compilation is off: every
 * statement of the API is short, and at 20,000 coaches compiling the match
 * query took 0.9 s of its 1.3 s (bench/README.md).
 */
describe('the API’s database sessions', () => {
  let apps: TestApps;
  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
  });
  afterAll(() => apps.close());

  it('run without JIT, on every connection of the pool', async () => {
    const dataSource = apps.api.get(DataSource);
    // Concurrent queries take several connections of the pool.
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => dataSource.query(`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid, pg_sleep(0.05)`)),
    );
    expect(new Set(answers.map(([row]) => row.pid)).size).toBeGreaterThan(1);
    expect(answers.map(([row]) => row.jit)).toEqual(Array(6).fill('off'));
    // A plain connection to the same database gets the server's default: the setting is the API's own.
    const plain = new Client({ connectionString: apps.config.databaseUrl });
    await plain.connect();
    try {
      const { rows } = await plain.query(`SELECT current_setting('jit') AS jit`);
      expect(rows[0].jit).toBe('on');
    } finally {
      await plain.end();
    }
  });
});
