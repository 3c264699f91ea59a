import { DataSource } from 'typeorm';
import { FixedClock } from '../apps/api/src/common/clock';
import { academyIds, createStaff, type TestAccount } from './support/accounts';
import { createAccounts, createCoach, weekdays } from './support/coaches';
import { startTestApps, type TestApps } from './support/test-apps';

const NOW = new Date('2026-06-01T06:00:00Z'); // a Monday

interface SchemaObject {
  type?: string;
  nullable?: boolean;
  items?: SchemaObject;
  $ref?: string;
  properties?: Record<string, SchemaObject>;
  allOf?: SchemaObject[];
}

interface Operation {
  method: string;
  path: string;
  properties: Record<string, SchemaObject>;
}

interface Probe {
  operation: string;
  field: string;
  shape: 'deep nesting' | 'null' | 'NUL character';
  status: number;
  contentType: string;
  body: Record<string, unknown>;
  text: string;
}

/** `{"field": [[[…]]]}` written as text: 20,000 levels, about 40 kB, under the body limit. */
const deeplyNested = (field: string, depth = 20_000) => `{${JSON.stringify(field)}:${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** The same text with the NUL character in it, for strings and for lists of strings. */
const withNul = (schema: SchemaObject): unknown => (schema.type === 'array' ? ['abc\u0000def'] : 'abc\u0000def');

/**
 * Drives every operation that takes a body, as the OpenAPI document lists
 * them (so a new operation is covered the day it is added), through the three
 * shapes that used to reach class-transformer's recursion or a PostgreSQL
 * error: deep nesting, `null` in a field that is not nullable, and a NUL
 * character in text. Each must be a 4xx problem naming the field, without a
 * stack trace, and must write nothing.
 */
describe('every operation with a body refuses deep nesting, null and NUL characters', () => {
  let apps: TestApps;
  let db: DataSource;
  let admin: TestAccount;
  let operations: Operation[];
  const pathValues: Record<string, string> = {};
  const probes: Probe[] = [];

  /** One fingerprint of every row of every table: equal before and after means nothing was written. */
  const fingerprint = async (): Promise<string> => {
    const tables: Array<{ name: string }> = await db.query(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const [{ digest }] = await db.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${name} t`);
      parts.push(`${name}:${digest}`);
    }
    return parts.join('\n');
  };

  const concretePath = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => pathValues[name] ?? pathValues.id);

  const send = async (operation: Operation, field: string, shape: Probe['shape'], text: string) => {
    const http = apps.http();
    const response = await http[operation.method as 'post'](concretePath(operation.path))
      .set('Authorization', `Bearer ${admin.token}`)
      .set('Content-Type', 'application/json')
      .send(text);
    probes.push({
      operation: `${operation.method.toUpperCase()} ${operation.path}`,
      field,
      shape,
      status: response.status,
      contentType: response.headers['content-type'] ?? '',
      body: response.body,
      text: response.text,
    });
  };

  beforeAll(async () => {
    apps = await startTestApps({ worker: false, clock: new FixedClock(NOW) });
    db = apps.api.get(DataSource);
    const { siena } = await academyIds(apps.http);
    admin = await createStaff(apps.api, apps.http, 'admin', null);
    const coordinator = await createStaff(apps.api, apps.http, 'coordinator', siena);
    const coach = await createCoach(apps.api, apps.http, coordinator, siena, {
      timeZone: 'Europe/Rome',
      weekly: weekdays('09:00', '17:00'),
    });
    const [newcomer] = await createAccounts(apps.api, 'newcomer', siena, 1);
    const booked = await apps
      .http()
      .post('/v1/sessions')
      .set('Authorization', `Bearer ${newcomer.token}`)
      .send({ coachId: coach.id, start: '2026-06-02T08:00:00Z', durationMinutes: 30, topic: 'employment', language: 'en' })
      .expect(201);
    // Real records behind the ids, so that a shape that got through would reach the database.
    pathValues.date = '2026-06-03';
    pathValues.coach = coach.id;
    pathValues.session = booked.body.id;

    const document = (await apps.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: SchemaObject }> } }>>;
      components: { schemas: Record<string, SchemaObject> };
    };
    const resolve = (schema: SchemaObject): Record<string, SchemaObject> => {
      if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
      return { ...Object.assign({}, ...(schema.allOf ?? []).map(resolve)), ...schema.properties };
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.requestBody)
        .map(([method, operation]) => ({ method, path, properties: resolve(operation.requestBody!.content['application/json'].schema) })),
    );
  });
  afterAll(() => apps.close());

  it('finds the operations with a body in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(14);
    for (const operation of operations) expect(Object.keys(operation.properties).length).toBeGreaterThan(0);
  });

  it('answers each shape in each field with a 4xx problem naming the field, and writes nothing', async () => {
    const before = await fingerprint();
    for (const operation of operations) {
      pathValues.id = operation.path.startsWith('/v1/sessions') ? pathValues.session : pathValues.coach;
      for (const [field, schema] of Object.entries(operation.properties)) {
        await send(operation, field, 'deep nesting', deeplyNested(field));
        if (!schema.nullable) await send(operation, field, 'null', JSON.stringify({ [field]: null }));
        if (schema.type === 'string' || schema.items?.type === 'string')
          await send(operation, field, 'NUL character', JSON.stringify({ [field]: withNul(schema) }));
      }
    }
    const after = await fingerprint();

    const wrong = probes
      .filter(
        (p) =>
          p.status < 400 ||
          p.status >= 500 ||
          !p.contentType.startsWith('application/problem+json') ||
          !(p.body.errors as Array<{ field: string }> | undefined)?.some((e) => e.field === p.field || e.field.startsWith(`${p.field}.`)) ||
          /at .*\.(js|ts):\d+/.test(p.text),
      )
      .map((p) => `${p.operation} ${p.field} (${p.shape}): ${p.status} ${p.text.slice(0, 160)}`);
    expect(wrong).toEqual([]);
    expect(probes.filter((p) => p.shape === 'null').length).toBeGreaterThan(40);
    expect(probes.filter((p) => p.shape === 'NUL character').length).toBeGreaterThan(15);
    expect(after).toBe(before);
  }, 120_000);

  it('200 deeply nested logins from 8 streams are all refused, and /health keeps answering between them', async () => {
    const healthStatuses: number[] = [];
    let flooding = true;
    let loginsWhenHealthAnswered: number[] = [];
    const statuses: number[] = [];
    const probeHealth = async () => {
      while (flooding) {
        healthStatuses.push((await apps.http().get('/health')).status);
        loginsWhenHealthAnswered.push(statuses.length);
      }
    };
    const stream = async () => {
      for (let i = 0; i < 25; i++)
        statuses.push(
          (await apps.http().post('/v1/auth/login').set('Content-Type', 'application/json').send(deeplyNested('password'))).status,
        );
    };
    const health = probeHealth();
    await Promise.all(Array.from({ length: 8 }, stream));
    flooding = false;
    await health;
    expect(statuses).toEqual(Array(200).fill(400));
    expect(healthStatuses.every((status) => status === 200)).toBe(true);
    // Not starved: /health was answered while the flood was still going, not only once it had ended.
    loginsWhenHealthAnswered = loginsWhenHealthAnswered.filter((done) => done < 200);
    expect(loginsWhenHealthAnswered.length).toBeGreaterThan(0);
  });

  it('a deeply nested body is refused naming the field, before it is turned into objects', async () => {
    const response = await apps.http().post('/v1/auth/login').set('Content-Type', 'application/json').send(deeplyNested('password'));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });
});
