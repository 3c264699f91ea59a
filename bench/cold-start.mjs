// Cold start of the embedded default: the built all-in-one, started with no
// environment in an empty directory, timed from spawn to the first 200 from
// /health; then again on the data the first start left (a restart). Run with
// `npm run bench:cold-start`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const MAIN = join(process.cwd(), 'dist/apps/all-in-one/apps/all-in-one/src/main.js');
const PORT = process.env.BENCH_PORT ?? '3210';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function startOnce(directory) {
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    cwd: directory,
    env: { PATH: process.env.PATH, PORT, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error('the platform exited before answering /health');
    await new Promise((r) => setTimeout(r, 25));
  }
  const elapsed = performance.now() - started;
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`exit status ${code} after SIGTERM`);
  return elapsed;
}

const fresh = [];
const restart = [];
for (let i = 0; i < RUNS; i++) {
  const directory = mkdtempSync(join(tmpdir(), 'cac-cold-'));
  try {
    fresh.push(await startOnce(directory));
    restart.push(await startOnce(directory));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
const show = (values) => values.map((v) => `${(v / 1000).toFixed(2)} s`).join(', ');
console.log(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
console.log(`Empty directory (create the database, migrate, seed the demo) to first /health 200: ${show(fresh)}`);
console.log(`Restart on existing data to first /health 200: ${show(restart)}`);
