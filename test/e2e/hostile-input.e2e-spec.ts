/**
 * Hostile input: a seeded fast-check fuzz of every registered route with malformed, oversize,
 * wrongly typed, deeply nested, Unicode-edge and injection-shaped paths, query strings, headers
 * and bodies. Every answer must be a 4xx (or a 2xx for a request that happens to be valid), the
 * data must not change, the service must stay up, and no prototype may be polluted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import request, { type Test } from 'supertest';
import { MAX_JSON_DEPTH } from '../../src/service/common/json-body-parser.js';
import {
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type Cast,
} from '../support/case-fixtures.js';
import {
  dataFingerprint,
  registeredRoutes,
  type DataFingerprint,
  type RegisteredRoute,
} from '../support/http-surface.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

const SEED = 20_261_123;
/** Routes that take a body but change nothing: dry runs and a digest check. */
const READ_ONLY: ReadonlySet<string> = new Set([
  'POST /api/workflows/validate',
  'POST /api/workflows/simulate',
  'POST /api/audit/digest/verify',
]);
const FUZZ_RUNS = 2_500;

const INJECTIONS = [
  "'; DROP TABLE workflow_case; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "1' UNION SELECT token_hash FROM principal --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '${process.exit(1)}',
  '{{constructor.constructor("return process")()}}',
  '#{7*7}',
  '$(rm -rf /)',
  '`id`',
  '{"$gt":""}',
  '{"$where":"1==1"}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x7fffffff',
  '9007199254740993',
  '',
  ' ',
];
const UNICODE_EDGES = [
  '\uD800',
  '\uDFFF',
  'a\uD83Db',
  '\uDC00\uD800',
  'x \uD800',
  'Nguye\u0302\u0303n',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\uFFFF',
  '\u0301\u0301\u0301',
  'Ǆ',
  '🧨'.repeat(50),
  'Nguyễn Văn A',
  '\r\n\t',
];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '$gt',
  '$where',
  'toString',
  'hasOwnProperty',
  '',
];

/** A string with lone surrogates among its code units (JSON.stringify writes them as \u escapes). */
const loneSurrogates = fc
  .array(fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0x20, max: 0x7e })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((units) => String.fromCharCode(...units));

const hostileString = fc.oneof(
  fc.constantFrom(...INJECTIONS, ...UNICODE_EDGES),
  loneSurrogates,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => 'x'.repeat(n)),
);

/** A JSON value from hostile leaves, in objects that may carry pollution keys at any depth. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
    fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, -0),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), hostileString), tie('value'), {
      maxKeys: 5,
    }),
  ),
})).value;

/** Shapes the API expects, filled with hostile or wrongly typed values. */
const plausibleBody = (cast: Cast) =>
  fc.oneof(
    fc.record(
      { name: hostileJson, roles: fc.oneof(hostileJson, fc.constant(['admin'])) },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        workflow: fc.oneof(fc.constant('appointment'), hostileJson),
        subject: hostileJson,
        data: hostileJson,
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('SUBMIT', 'APPROVE', 'RECORD_VOTE', 'WITHDRAW'),
          hostileJson,
        ),
        payload: hostileJson,
        comment: hostileJson,
        expectedRevision: fc.oneof(fc.constant(1), hostileJson),
        actorId: fc.constant(cast.authority.id),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      { definition: hostileJson, subject: hostileJson, events: hostileJson },
      { requiredKeys: [] },
    ),
  );

/** A raw body: JSON text, broken JSON, a huge or deeply nested document, a pollution attempt. */
const rawBody = (cast: Cast): fc.Arbitrary<string> =>
  fc.oneof(
    hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
    plausibleBody(cast).map((value) => JSON.stringify(value)),
    fc.constantFrom(
      '',
      '{',
      '{"a":}',
      "{'a':1}",
      '[1,2,',
      'NaN',
      '\u0000',
      '{"a":1}{"b":2}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"a":{"b":{"constructor":{"prototype":{"polluted":true}}}}}',
      '{"\\u005f_proto__":{"polluted":true}}',
      '{"type":"SUBMIT","payload":{"prototype":{"polluted":true}}}',
      '{"type":"SUBMIT","comment":"x \\ud800"}',
      '{"type":"SUBMIT","\\udfff":1}',
      '{"type":"SUBMIT","payload":{"headcount":1e400}}',
      '{"workflow":"appointment","subject":{"constructor":{"name":"x"}}}',
    ),
    fc
      .record({
        depth: fc.integer({ min: MAX_JSON_DEPTH - 2, max: 20_000 }),
        open: fc.constantFrom('[', '{"a":'),
      })
      .map(
        ({ depth, open }) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`,
      ),
  );

/** Byte sequences that are not UTF-8: stray bytes, overlong forms, CESU surrogates, truncations. */
const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe1, 0xba],
  [0xc3],
];

/** A JSON body with invalid UTF-8 bytes put into one of its strings (or anywhere). */
const invalidUtf8Body = (cast: Cast): fc.Arbitrary<Buffer> =>
  fc
    .tuple(
      plausibleBody(cast).map((value) => JSON.stringify(value)),
      fc.constantFrom(...INVALID_UTF8),
      fc.nat(),
    )
    .map(([text, bytes, at]) => {
      const quotes = [...text.matchAll(/"/g)].map((match) => match.index);
      const cut =
        quotes.length > 0 ? (quotes[at % quotes.length] ?? 0) + 1 : at % (text.length + 1);
      const raw = Buffer.from(text, 'utf8');
      const offset = Buffer.byteLength(text.slice(0, cut), 'utf8');
      return Buffer.concat([raw.subarray(0, offset), Buffer.from(bytes), raw.subarray(offset)]);
    });

/** Percent-encodes every byte (a lone surrogate becomes U+FFFD, as a browser would send it). */
const encodeSegment = (value: string): string =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const rawSegment = fc.constantFrom(
  '..',
  '../..',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%2e%2e%2f',
  '%252e',
  '..;',
  'a%2Fb',
  '*',
  ';',
);

/** Header values Node lets a client send (it refuses control characters itself). */
const headerValue = hostileString.map((value) =>
  [...value]
    .filter((char) => /^[\t\x20-\x7e\u0080-\u00ff]$/.test(char))
    .join('')
    .slice(0, 2_000),
);

interface FuzzRequest {
  route: RegisteredRoute;
  params: string[];
  query: string;
  caller: 'admin' | 'clerk' | 'authority' | 'auditor' | 'board' | 'hostile' | 'none';
  hostileAuthorization: string;
  headers: Array<[string, string]>;
  body: string | Buffer | undefined;
  contentType: string;
}

const fuzzRequest = (routes: RegisteredRoute[], cast: Cast, caseId: string) =>
  fc.record<FuzzRequest>({
    route: fc.constantFrom(...routes),
    params: fc.array(
      fc.oneof(
        fc.constantFrom(caseId, 'appointment', '1', '2026', cast.clerk.id),
        hostileString.map(encodeSegment),
        rawSegment,
        fc.integer({ min: 1, max: 3_000 }).map((n) => 'a'.repeat(n)),
      ),
      { minLength: 3, maxLength: 3 },
    ),
    query: fc.oneof(
      fc.constant(''),
      fc
        .array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(
                'limit',
                'cursor',
                'workflow',
                'state',
                'status',
                'overdue',
                'format',
                'version',
                'from',
                'to',
                'actor',
                'event',
                '__proto__',
                '__proto__[polluted]',
                'constructor[prototype][polluted]',
                'limit[$gt]',
              ),
              hostileString,
            ),
            hostileString,
          ),
          { maxLength: 4 },
        )
        .map((pairs) =>
          pairs
            // Long enough to be hostile, short enough that most URLs fit Node's 16 KiB header limit.
            .map(
              ([key, value]) =>
                `${encodeSegment(key.slice(0, 300))}=${encodeSegment(value.slice(0, 1_000))}`,
            )
            .join('&'),
        ),
      rawSegment.map((raw) => `limit=${raw}&limit=2&limit`),
    ),
    caller: fc.constantFrom('admin', 'clerk', 'authority', 'auditor', 'board', 'hostile', 'none'),
    hostileAuthorization: fc.oneof(
      headerValue,
      headerValue.map((value) => `Bearer ${value}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Basic YWRtaW46YWRtaW4=',
        `Bearer ${'a'.repeat(10_000)}`,
      ),
    ),
    headers: fc.array(
      fc.tuple(
        fc.constantFrom(
          'idempotency-key',
          'x-request-id',
          'accept',
          'accept-language',
          'if-match',
          'x-forwarded-for',
        ),
        headerValue,
      ),
      { maxLength: 3 },
    ),
    body: fc.option(fc.oneof({ weight: 4, arbitrary: rawBody(cast) }, invalidUtf8Body(cast)), {
      nil: undefined,
      freq: 4,
    }),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json\u00e9',
      '',
    ),
  });

describe.each(databasesUnderTest())('hostile input on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  let caseId: string;
  let routes: RegisteredRoute[];
  let before: DataFingerprint;
  let fixtureBefore: { revision: number; history: number };
  const statuses = new Map<number, number>();
  let sent = 0;
  let base: string;

  const fixtureCase = async () => {
    const view = await t.http
      .get(`/api/cases/${caseId}`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    const history = await t.http
      .get(`/api/cases/${caseId}/history`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    return {
      revision: (view.body as { revision: number }).revision,
      history: (history.body as unknown[]).length,
    };
  };

  beforeAll(async () => {
    // The failure limiter would turn the hostile tokens into 429s after 20: tested elsewhere.
    t = await startTestApp({ database, authFailuresPerMinute: 0 });
    cast = await createCast(t);
    const opened = await openAppointment(t, cast.clerk);
    caseId = opened.id;
    await sendEvent(t, cast.clerk, caseId, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    }).expect(200);
    routes = registeredRoutes(t.app);
    // One listening socket for the whole run (supertest would otherwise listen per request).
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    before = await dataFingerprint(t.app);
    fixtureBefore = await fixtureCase();
  });

  afterAll(async () => {
    await t.close();
  });

  const tokenOf = (request: FuzzRequest): string | undefined => {
    switch (request.caller) {
      case 'admin':
        return `Bearer ${t.adminToken}`;
      case 'clerk':
        return bearer(cast.clerk);
      case 'authority':
        return bearer(cast.authority);
      case 'auditor':
        return bearer(cast.auditor);
      case 'board':
        return bearer(cast.board);
      case 'hostile':
        return request.hostileAuthorization;
      case 'none':
        return undefined;
    }
  };

  const send = (fuzzed: FuzzRequest): Test => {
    let index = 0;
    const path = fuzzed.route.path
      .replace(/:[A-Za-z]+/g, () => fuzzed.params[index++] ?? 'x')
      .replace('*', fuzzed.params[2] ?? 'x');
    const url = fuzzed.query === '' ? path : `${path}?${fuzzed.query}`;
    const verb = fuzzed.route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    let call = request(base)[verb](url);
    const token = tokenOf(fuzzed);
    if (token !== undefined) call = call.set('Authorization', token);
    for (const [name, value] of fuzzed.headers) call = call.set(name, value);
    if (fuzzed.body !== undefined) {
      call = call.set('Content-Type', fuzzed.contentType);
      // Bytes go as they are (supertest would serialise a Buffer as a JSON object).
      if (Buffer.isBuffer(fuzzed.body))
        call = call.serialize(((bytes: Buffer) => bytes) as unknown as (body: unknown) => string);
      call = call.send(fuzzed.body);
    }
    return call;
  };

  it(`answers ${FUZZ_RUNS} fuzzed requests to every route with 4xx (or 2xx), never 5xx`, async () => {
    const ids = await Promise.all(
      ['clerk2', 'head'].map(async () => (await t.createPrincipal(['head'])).id),
    );
    before = await dataFingerprint(t.app); // (the two principals above are part of the baseline)
    await fc.assert(
      fc.asyncProperty(fuzzRequest(routes, cast, caseId), async (fuzzed) => {
        // Deleting a real principal is a legitimate change: only hostile ids are deleted.
        if (fuzzed.route.method === 'DELETE' && ids.some((id) => fuzzed.params.includes(id)))
          return;
        if (fuzzed.route.method === 'DELETE' && fuzzed.params.includes(cast.clerk.id)) {
          fuzzed.params[0] = 'not-a-principal';
        }
        const response = await send(fuzzed);
        sent += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect({ status: response.status, route: fuzzed.route }).toEqual({
          status: expect.any(Number),
          route: fuzzed.route,
        });
        if (
          response.status >= 500 ||
          response.status < 200 ||
          (response.status >= 300 && response.status < 400)
        ) {
          throw new Error(
            `${fuzzed.route.method} ${fuzzed.route.path} answered ${response.status}: ${response.text.slice(0, 300)}`,
          );
        }
        // A write that succeeded would change the data: only reads and dry runs may answer 2xx.
        if (
          response.status < 300 &&
          !READ_ONLY.has(`${fuzzed.route.method} ${fuzzed.route.path}`) &&
          fuzzed.route.method !== 'GET'
        ) {
          throw new Error(
            `${fuzzed.route.method} ${fuzzed.route.path} accepted a fuzzed request (${response.status})`,
          );
        }
      }),
      {
        seed: SEED,
        numRuns: FUZZ_RUNS,
        endOnFailure: true,
        // Counterexamples can hold 50 kB strings: report the cause and a readable excerpt.
        reporter: (details) => {
          if (!details.failed) return;
          throw new Error(
            `fuzzing failed (seed ${details.seed}, path ${details.counterexamplePath ?? '?'}): ` +
              `${String(details.errorInstance)}\n` +
              `${JSON.stringify(details.counterexample).slice(0, 1_500)}`,
          );
        },
      },
    );
    // Every route was hit, and most requests got past authentication into validation.
    expect(sent).toBe(FUZZ_RUNS);
    expect(t.serverErrors()).toEqual([]);
    const summary = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    expect(Object.keys(summary).every((status) => Number(status) < 500)).toBe(true);
    // Most requests got past the transport and authentication, into routing and validation.
    const pastTheDoor = [...statuses]
      .filter(([status]) => ![401, 414, 431].includes(status))
      .reduce((total, [, count]) => total + count, 0);
    expect(pastTheDoor).toBeGreaterThan(FUZZ_RUNS / 2);
    expect(summary[400] ?? 0).toBeGreaterThan(FUZZ_RUNS / 20);
  });

  it('refuses pollution keys anywhere in a body with 400, and pollutes no prototype', async () => {
    const attempts: Array<[string, string]> = [
      ['/api/principals', '{"name":"x","roles":["clerk"],"constructor":{"polluted":true}}'],
      ['/api/principals', '{"name":"x","roles":["clerk"],"prototype":{"polluted":true}}'],
      [
        '/api/cases',
        '{"workflow":"appointment","subject":{"a":[{"constructor":{"prototype":{"polluted":true}}}]}}',
      ],
      ['/api/cases', '{"workflow":"appointment","subject":{"position":{"prototype":1}}}'],
      [
        `/api/cases/${caseId}/events`,
        '{"type":"APPROVE","payload":{"x":{"__proto__":{"polluted":true}}}}',
      ],
      [`/api/cases/${caseId}/events`, '{"type":"APPROVE","payload":{"constructor":1}}'],
      ['/api/workflows/validate', '{"key":"x","states":{"constructor":{"type":"final"}}}'],
    ];
    for (const [path, body] of attempts) {
      const token = path.startsWith('/api/cases/')
        ? bearer(cast.authority)
        : path === '/api/cases'
          ? bearer(cast.clerk)
          : `Bearer ${t.adminToken}`;
      const response = await t.http
        .post(path)
        .set('Authorization', token)
        .set('Content-Type', 'application/json')
        .send(body);
      expect({
        path,
        body,
        status: response.status,
        code: (response.body as { code?: string }).code,
      }).toEqual({
        path,
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const deep = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    const tooDeep = await t.http
      .post('/api/principals')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .set('Content-Type', 'application/json')
      .send(deep)
      .expect(400);
    expect((tooDeep.body as { message: string }).message).toContain('levels deep');
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('polluted');
  });

  it('refuses U+0000 in a path, a query or a body with 400 (PostgreSQL would refuse it in text)', async () => {
    const admin = `Bearer ${t.adminToken}`;
    const attempts: Array<[string, string, string, unknown]> = [
      ['GET', '/api/workflows/%00/versions', admin, undefined],
      ['GET', `/api/cases/${caseId}%00`, admin, undefined],
      ['GET', '/api/cases?workflow=app%00ointment', admin, undefined],
      ['GET', '/api/audit/transitions?actor=%00', admin, undefined],
      ['POST', '/api/principals', admin, { name: 'a\u0000b', roles: ['clerk'] }],
      [
        'POST',
        `/api/cases/${caseId}/events`,
        bearer(cast.authority),
        { type: 'APPROVE', comment: '\u0000' },
      ],
      [
        'POST',
        '/api/cases',
        bearer(cast.clerk),
        { workflow: 'appointment', subject: { '\u0000': 1 } },
      ],
    ];
    for (const [method, path, token, body] of attempts) {
      const call = method === 'GET' ? t.http.get(path) : t.http.post(path).send(body as object);
      const response = await call.set('Authorization', token);
      expect({
        path,
        status: response.status,
        code: (response.body as { code?: string }).code,
      }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('answers an oversize body on every route that takes one with 413', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), roles: ['clerk'] });
    for (const route of routes.filter((r) => r.method === 'POST' || r.method === 'PUT')) {
      const path = route.path.replace(/:[A-Za-z]+/g, (name) =>
        name === ':year' ? '2030' : caseId,
      );
      const verb = route.method === 'POST' ? 'post' : 'put';
      const response = await t.http[verb](path)
        .set('Authorization', `Bearer ${t.adminToken}`)
        .set('Content-Type', 'application/json')
        .send(huge);
      expect({ path, status: response.status }).toEqual({ path, status: 413 });
    }
  });

  it('leaves the data unchanged and the service up', async () => {
    expect(await dataFingerprint(t.app)).toEqual(before);
    expect(await fixtureCase()).toEqual(fixtureBefore);
    await t.http.get('/api/health').expect(200, { status: 'ok' });
    await t.http
      .get(`/api/cases/${caseId}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(t.serverErrors()).toEqual([]);
    process.stdout.write(
      `hostile input on ${database}: ${sent} fuzzed requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}\n`,
    );
  });
});
