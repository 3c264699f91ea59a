import { ErrorCode } from '../apps/api/src/common/errors/error-code';
import { startTestApps, type TestApps } from './support/test-apps';

interface Schema {
  type?: string;
  format?: string;
  additionalProperties?: unknown;
  pattern?: string;
  nullable?: boolean;
  example?: unknown;
  enum?: unknown[];
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: Schema;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Routes anyone may call, as the access table shows; every other operation needs a token and says so. */
const PUBLIC = new Set([
  'POST /v1/auth/register',
  'POST /v1/auth/login',
  'POST /v1/auth/refresh',
  'POST /v1/auth/password-reset',
  'POST /v1/auth/password-reset/confirm',
  'POST /v1/auth/sign-in-link',
  'POST /v1/auth/sign-in-link/consume',
  'POST /v1/auth/verify-email',
  'POST /v1/auth/invitations/accept',
  'GET /v1/calendar-feeds/{secret}.ics',
  'POST /v1/waiting-list/renewals',
  // The feedback link's token is the credential: no sign-in.
  'POST /v1/feedback',
  'GET /v1/academies',
  'GET /health',
]);
/** Routes that refuse some signed-in roles with 403 forbidden, as the access table shows. */
const ROLE_RESTRICTED = [
  'POST /v1/users',
  'GET /v1/users',
  'GET /v1/users/{id}',
  'POST /v1/users/{id}/erase',
  'POST /v1/coaches',
  'PATCH /v1/coaches/{id}',
  'POST /v1/coaches/{id}/status',
  'GET /v1/coaches/{id}/availability',
  'PUT /v1/coaches/{id}/availability',
  'PUT /v1/coaches/{id}/overrides/{date}',
  'DELETE /v1/coaches/{id}/overrides/{date}',
  'POST /v1/coaches/{id}/time-off',
  'DELETE /v1/coaches/{id}/time-off/{timeOffId}',
  'POST /v1/matches',
  'POST /v1/sessions',
  'GET /v1/sessions/needs-attention',
  'POST /v1/sessions/{id}/attendance',
  'GET /v1/sessions/{id}/notifications',
  'GET /v1/reports/sessions',
  'GET /v1/reports/sessions.csv',
  'GET /v1/audit-log',
];
/** Numbers that are not whole: scores, hours and shares. Every other number of the contract is an integer. */
const FRACTIONAL = new Set([
  'score',
  'bookedHours',
  'offeredHours',
  'utilisation',
  'newcomerRate',
  'coachRate',
  'returningShare',
  // Feedback figures: a share of links answered, and a mean of scores.
  'answerRate',
  'average',
  'HoursApartResponse.from',
  'HoursApartResponse.to',
]);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The OpenAPI document is the contract the web app's types are generated
 * from: every error answer is described as problem+json, and ids, dates,
 * instants and whole numbers carry their format.
 */
describe('the OpenAPI document tells the truth', () => {
  let apps: TestApps;
  let document: Document;
  const operations: Array<{ route: string; operation: Operation }> = [];

  beforeAll(async () => {
    apps = await startTestApps({ worker: false });
    document = (await apps.http().get('/docs-json').expect(200)).body as Document;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) operations.push({ route: `${method.toUpperCase()} ${path}`, operation });
    }
  });
  afterAll(() => apps.close());

  const refersToProblem = (schema: Schema | undefined): boolean =>
    schema?.$ref === '#/components/schemas/ProblemDetails' || (schema?.allOf ?? []).some((part) => refersToProblem(part));

  it('has a problem+json schema whose code lists every error code', () => {
    const problem = document.components.schemas.ProblemDetails;
    expect(problem).toBeDefined();
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    expect(problem.properties!.status.type).toBe('integer');
    expect([...(problem.properties!.code.enum ?? [])].sort()).toEqual(Object.values(ErrorCode).sort());
    const fieldError = problem.properties!.errors.items!;
    const resolved = fieldError.$ref ? document.components.schemas[fieldError.$ref.split('/').pop()!] : fieldError;
    expect(resolved.required).toEqual(expect.arrayContaining(['field', 'message']));
  });

  it('describes the error answers of every operation as problem+json', () => {
    const missing: string[] = [];
    for (const { route, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      const need = new Set<string>();
      if (!PUBLIC.has(route)) need.add('401');
      if (ROLE_RESTRICTED.includes(route)) need.add('403');
      if ((operation.parameters ?? []).length > 0 || operation.requestBody) need.add('400');
      if (operation.requestBody) ['413', '415'].forEach((s) => need.add(s));
      if ((operation.parameters ?? []).some((p) => p.in === 'path')) need.add('404');
      if (route === 'POST /v1/auth/login') ['401', '429'].forEach((s) => need.add(s));
      if (route === 'GET /health') need.add('503');
      // Only an operation that takes nothing and is open to all (the academy list) has no 4xx answer.
      if ([...need].some((s) => s.startsWith('4')) && !statuses.some((s) => s.startsWith('4'))) missing.push(`${route}: no 4xx at all`);
      for (const status of need) if (!statuses.includes(status)) missing.push(`${route}: no ${status}`);
      for (const status of statuses.filter((s) => Number(s) >= 400 && route !== 'GET /health')) {
        const content = operation.responses[status].content ?? {};
        if (!refersToProblem(content['application/problem+json']?.schema)) missing.push(`${route}: ${status} is not problem+json`);
      }
      if (!PUBLIC.has(route) && !(operation.security ?? []).length) missing.push(`${route}: no security requirement`);
    }
    expect(missing).toEqual([]);
  });

  it('names the codes each error answer can carry', () => {
    const book = document.paths['/v1/sessions'].post.responses;
    const codesOf = (status: string) => {
      const schema = book[status].content!['application/problem+json'].schema;
      return (schema.allOf ?? []).flatMap((part) => part.properties?.code?.enum ?? []);
    };
    expect(codesOf('409')).toEqual(expect.arrayContaining(['slot_unavailable']));
    expect(codesOf('422')).toEqual(
      expect.arrayContaining(['outside_availability', 'too_short_notice', 'beyond_horizon', 'daily_limit_reached', 'weekly_limit_reached']),
    );
  });

  it('gives ids, dates, instants and whole numbers their formats', () => {
    const wrong: string[] = [];
    const check = (where: string, name: string, schema: Schema) => {
      if (schema.$ref || schema.allOf || schema.oneOf) return;
      if (schema.type === 'string') {
        if ((name === 'id' || /Id$/.test(name)) && !['requestId', 'providerMessageId'].includes(name) && schema.format !== 'uuid')
          wrong.push(`${where}: an id without format uuid`);
        if (/At$/.test(name) && schema.format !== 'date-time') wrong.push(`${where}: an instant without format date-time`);
        if (typeof schema.example === 'string' && DATE.test(schema.example) && schema.format !== 'date')
          wrong.push(`${where}: a date without format date`);
        if (typeof schema.example === 'string' && INSTANT.test(schema.example) && schema.format !== 'date-time')
          wrong.push(`${where}: an instant without format date-time`);
        if (['from', 'to', 'date'].includes(name) && !['date', 'date-time'].includes(schema.format ?? ''))
          wrong.push(`${where}: a date without a format`);
        if (['start', 'end'].includes(name) && schema.format !== 'date-time' && !schema.pattern)
          wrong.push(`${where}: a time without format date-time or a pattern`);
      }
      if (schema.type === 'array' && schema.items) {
        if (/Ids$/.test(name) && schema.items.format !== 'uuid') wrong.push(`${where}: ids without format uuid`);
        check(`${where}[]`, name, schema.items);
      }
      if (schema.type === 'number' && !FRACTIONAL.has(name) && !FRACTIONAL.has(where))
        wrong.push(`${where}: a whole number typed as number`);
      if (schema.type === 'object' && !schema.properties && !schema.additionalProperties)
        wrong.push(`${where}: an object without its properties`);
      if (schema.type === 'object' && !schema.properties && ['maxSessionsPerDay', 'maxSessionsPerWeek'].includes(name))
        wrong.push(`${where}: typed as object`);
      for (const [child, childSchema] of Object.entries(schema.properties ?? {})) check(`${where}.${child}`, child, childSchema);
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const [property, propertySchema] of Object.entries(schema.properties ?? {}))
        check(`${name}.${property}`, property, propertySchema);
    }
    for (const { route, operation } of operations)
      for (const parameter of operation.parameters ?? [])
        check(`${route} ${parameter.in} ${parameter.name}`, parameter.name, parameter.schema);
    expect(wrong).toEqual([]);
  });

  it('names only schemas it defines', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    expect([...new Set(refs)].filter((name) => !document.components.schemas[name])).toEqual([]);
  });

  it('types the daily and weekly caps as nullable integers, and paging as integers', () => {
    for (const dto of ['CreateCoachDto', 'UpdateCoachDto', 'BookingPolicyResponse']) {
      for (const cap of ['maxSessionsPerDay', 'maxSessionsPerWeek']) {
        expect(document.components.schemas[dto].properties![cap]).toMatchObject({ type: 'integer', nullable: true });
      }
    }
    const listSessions = document.paths['/v1/sessions'].get.parameters!;
    for (const name of ['limit', 'offset']) expect(listSessions.find((p) => p.name === name)?.schema.type).toBe('integer');
  });
});
