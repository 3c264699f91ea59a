import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApps, type TestApps } from './support/test-apps';

/**
 * The web app's types are generated from the OpenAPI document the API serves.
 * This fails when the checked-in file differs from what the running API would
 * give today; `UPDATE_API_TYPES=1 npx jest test/web-api-types.e2e-spec.ts` rewrites it.
 */
const CHECKED_IN = join(__dirname, '../apps/web/src/api/schema.d.ts');

describe('web app types and the running API', () => {
  let apps: TestApps;
  let scratch: string;

  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
    scratch = mkdtempSync(join(tmpdir(), 'cac-openapi-'));
  });
  afterAll(async () => {
    await apps.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('checked-in apps/web/src/api/schema.d.ts equals openapi-typescript of /docs-json', async () => {
    const document = (await apps.http().get('/docs-json').expect(200)).body;
    const input = join(scratch, 'openapi.json');
    const output = join(scratch, 'schema.d.ts');
    writeFileSync(input, JSON.stringify(document));
    execFileSync(process.execPath, [join(__dirname, '../node_modules/openapi-typescript/bin/cli.js'), input, '--output', output], {
      stdio: 'pipe',
    });
    const generated = readFileSync(output, 'utf8');
    if (process.env.UPDATE_API_TYPES === '1') writeFileSync(CHECKED_IN, generated);
    expect(readFileSync(CHECKED_IN, 'utf8')).toBe(generated);
  });
});
