// Helpers for the benches that start the API and call it: its environment, waiting for it, and access tokens for it.
import { createHmac } from 'node:crypto';
import { dbUrl, REDIS_URL } from './common.mjs';

/** The environment of an API process a bench starts: production mode on the bench's database, quiet logs. */
export const benchApiEnvironment = ({ database, jwtSecret, port, ...more }) => ({
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: dbUrl(database),
  REDIS_URL,
  QUEUE_PREFIX: `{cac-bench-${database}}`,
  JWT_SECRET: jwtSecret,
  PORT: String(port),
  LOG_LEVEL: 'warn',
  ...more,
});

/** Waits for a started API to answer /health: `seconds` at most (30), and an error at once if the process exits. */
export async function waitForHealth(child, base, seconds = 30) {
  for (let i = 0; i < seconds * 5; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // Not listening yet: try again shortly.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API did not become healthy in ${seconds} s`);
}

/** A one-hour access token as the API issues them, signed with the bench API's JWT secret; `claims` name the account. */
export function accessToken(secret, claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 3600, iss: 'coaching-api', aud: 'coaching' })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
