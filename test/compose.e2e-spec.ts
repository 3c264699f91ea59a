import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../libs/config/src';

const ROOT = join(__dirname, '..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  container_name?: string;
  profiles?: string[];
}

/** Compose's interpolation as `docker compose` does it: ${X:?message} needs X, ${X:-default} falls back. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_]+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    if (env[name]) return env[name];
    if (kind === '-') return rest;
    throw new Error(`${name} must be set: ${rest}`);
  });
}

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked
 * as data: each app's environment passes the apps' own configuration
 * validator, in production, on the real services; migrations come first; the
 * stateful services keep their data in named volumes.
 */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const { services } = compose;
  const apps = ['migrate', 'api', 'worker'] as const;
  const jitsiServices = ['jitsi-jicofo', 'jitsi-jvb', 'jitsi-prosody', 'jitsi-web'];
  /** What an operator who accepts meet.jit.si's moderator sign-in sets; `withOwnJitsi` is the `jitsi` profile's. */
  const operatorEnv = { JWT_SECRET: 'k'.repeat(48), MEETING_ALLOW_PUBLIC_JITSI: 'true' };
  const withOwnJitsi = {
    JWT_SECRET: 'k'.repeat(48),
    MEETING_PROVIDER: 'jitsi-jwt',
    JITSI_URL: 'https://video.example.org',
    JITSI_APP_SECRET: 'j'.repeat(48),
  };
  const environmentOf = (name: string, env: Record<string, string> = operatorEnv) =>
    Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, interpolate(String(value), env)]));

  it('runs postgres, redis, mailpit, the migrations, the api and the worker; Jitsi only with its profile', () => {
    const always = Object.keys(services).filter((name) => !services[name].profiles);
    expect(always.sort()).toEqual(['api', 'mailpit', 'migrate', 'postgres', 'redis', 'worker']);
    const profiled = Object.keys(services).filter((name) => services[name].profiles);
    expect(profiled.sort()).toEqual(jitsiServices);
    for (const name of profiled) {
      expect(services[name].profiles).toEqual(['jitsi']);
      expect(services[name].image).toMatch(/^jitsi\/(web|prosody|jicofo|jvb):/);
    }
  });

  it.each(apps)('refuses, for %s, rooms on meet.jit.si in production unless MEETING_ALLOW_PUBLIC_JITSI says so', (name) => {
    expect(() => loadConfig(environmentOf(name, { JWT_SECRET: 'k'.repeat(48) }))).toThrow(/MEETING_ALLOW_PUBLIC_JITSI=true/);
  });

  it.each(apps)('with the jitsi profile, gives %s tokens the Jitsi services accept: the same app id and secret', (name) => {
    const config = loadConfig(environmentOf(name, withOwnJitsi));
    expect(config.meeting).toEqual({
      provider: 'jitsi-jwt',
      jitsiUrl: 'https://video.example.org',
      domain: 'video.example.org',
      appId: 'coaching',
      appSecret: 'j'.repeat(48),
    });
    for (const service of jitsiServices) {
      const env = environmentOf(service, withOwnJitsi);
      expect({ service, ...env }).toMatchObject({
        service,
        ENABLE_AUTH: '1',
        ENABLE_GUESTS: '0',
        AUTH_TYPE: 'jwt',
        JWT_APP_ID: config.meeting.provider === 'jitsi-jwt' ? config.meeting.appId : '',
        JWT_APP_SECRET: 'j'.repeat(48),
        JWT_ACCEPTED_ISSUERS: 'coaching',
        JWT_ACCEPTED_AUDIENCES: 'jitsi',
        PUBLIC_URL: 'https://video.example.org',
      });
    }
    // Web on 80/443 (80 also for Let's Encrypt), media on UDP 10000, as the README says.
    expect(services['jitsi-web'].ports).toEqual(['80:80', '443:443']);
    expect(services['jitsi-jvb'].ports).toEqual(['10000:10000/udp']);
  });

  it.each(apps)('gives %s an environment the configuration accepts in production, on the real services', (name) => {
    const env = environmentOf(name);
    const config = loadConfig(env);
    expect(config).toMatchObject({ env: 'production', queueBackend: 'redis' });
    expect(config.smtpUrl).toBeDefined();
    // Each URL points at a service of this file.
    for (const url of [config.databaseUrl, config.redisUrl!, config.smtpUrl!])
      expect(Object.keys(services)).toContain(new URL(url).hostname);
  });

  it('refuses to start without JWT_SECRET, rather than with a default', () => {
    expect(() => interpolate(String(services.api.environment!.JWT_SECRET), {})).toThrow('JWT_SECRET must be set');
  });

  it('sets only variables the README documents', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    for (const name of apps)
      for (const key of Object.keys(services[name].environment ?? {}))
        expect({ key, documented: documented.has(key) }).toEqual({ key, documented: true });
  });

  it('starts the apps only after the migrations completed, and the migrations only on a healthy database', () => {
    expect(services.migrate.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(services.migrate.command).toEqual(expect.arrayContaining(['migration:run']));
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('runs the same entry points as the package scripts', () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts['start:api']).toBe(`node ${services.api.command!.slice(1).join(' ')}`);
    expect(scripts['start:worker']).toBe(`node ${services.worker.command!.slice(1).join(' ')}`);
  });

  it('checks the health of every long-running service, and keeps data in named volumes', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'migrate') continue;
      expect({ name, healthcheck: Boolean(service.healthcheck?.test) && !service.healthcheck?.disable }).toEqual({
        name,
        healthcheck: true,
      });
    }
    for (const name of ['postgres', 'redis', ...jitsiServices]) {
      const volume = services[name].volumes![0].split(':')[0];
      expect(compose.volumes).toHaveProperty(volume);
    }
  });

  it('lets the worker scale: no fixed host port or container name', () => {
    expect(services.worker.ports).toBeUndefined();
    expect(services.worker.container_name).toBeUndefined();
    expect(services.api.ports).toEqual(['3000:3000']);
  });
});
