/**
 * Issue 11, definitions and data: a definition's patterns cannot stall the service (RE2), what
 * a definition schema may not contain is refused with its location (never a 500), and a case's
 * subject, data and event payloads — and a page of cases — are bounded in bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  appointmentSubject,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type Cast,
} from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: {
    problems?: Array<Record<string, unknown>>;
    errors?: Array<Record<string, unknown>>;
  };
}

type Json = Record<string, unknown>;

/** draft --SUBMIT(payload)--> done. */
function patternDefinition(key: string, payload: Json): Json {
  return {
    key,
    title: { vi: 'Mẫu', en: 'Pattern probe' },
    regulation: 'test',
    initial: 'draft',
    states: {
      draft: { on: { SUBMIT: { roles: ['clerk'], payload, target: 'done' } } },
      done: { type: 'final' },
    },
  };
}

const named = (pattern: string): Json => ({
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern } },
});

describe.each(databasesUnderTest())('definitions and case data on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const admin = () => `Bearer ${t.adminToken}`;
  const publish = (definition: Json) =>
    t.http.post('/api/workflows').set('Authorization', admin()).send(definition);
  const validate = (definition: Json) =>
    t.http.post('/api/workflows/validate').set('Authorization', admin()).send(definition);

  beforeAll(async () => {
    t = await startTestApp({ database });
    cast = await createCast(t);
  });
  afterAll(() => t.close());

  describe('item 3: regular-expression denial of service', () => {
    it('answers a catastrophic pattern against 30 a + b at once with 400, and health stays up', async () => {
      await publish(patternDefinition('redos-probe', named('^(a+)+$'))).expect(201);
      const opened = await t.http
        .post('/api/cases')
        .set('Authorization', bearer(cast.clerk))
        .send({ workflow: 'redos-probe', subject: {} })
        .expect(201);
      const id = (opened.body as { id: string }).id;

      const started = Date.now();
      const [refused, health] = await Promise.all([
        sendEvent(t, cast.clerk, id, {
          type: 'SUBMIT',
          payload: { name: `${'a'.repeat(30)}b` },
        }),
        t.http.get('/api/health'),
      ]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(refused.status).toBe(400);
      expect((refused.body as ErrorBody).code).toBe('VALIDATION_FAILED');
      expect(health.status).toBe(200);

      const accepted = await sendEvent(t, cast.clerk, id, {
        type: 'SUBMIT',
        payload: { name: 'a'.repeat(30) },
      });
      expect(accepted.status).toBe(200);
    });

    it.each([
      ['a backreference', '^(a+)\\1$'],
      ['a lookahead', '^(?=.*\\d)\\w+$'],
      ['a lookbehind', '(?<=x)y'],
    ])(
      'refuses %s at publish and at validate, located, publishing nothing',
      async (_name, pattern) => {
        const definition = patternDefinition('unsupported-pattern', named(pattern));
        const refused = await publish(definition).expect(400);
        const body = refused.body as ErrorBody;
        expect(body.code).toBe('DEFINITION_INVALID');
        const located = {
          code: 'BAD_SCHEMA',
          path: 'states.draft.on.SUBMIT.payload.properties.name.pattern',
          state: 'draft',
          event: 'SUBMIT',
        };
        expect(body.details?.problems).toEqual([expect.objectContaining(located)]);
        const checked = await validate(definition).expect(200);
        expect(checked.body).toMatchObject({ valid: false, problems: [located] });
        await t.http
          .get('/api/workflows/unsupported-pattern')
          .set('Authorization', admin())
          .expect(404);
      },
    );
  });

  describe('item 8: definition schemas with $id', () => {
    const withId = patternDefinition('with-id', {
      $id: 'https://example.test/payload.json',
      type: 'object',
    });

    it('refuses $id at publish with a located 400, never a 500', async () => {
      const refused = await publish(withId).expect(400);
      expect((refused.body as ErrorBody).details?.problems).toEqual([
        expect.objectContaining({
          code: 'BAD_SCHEMA',
          path: 'states.draft.on.SUBMIT.payload.$id',
          state: 'draft',
          event: 'SUBMIT',
        }),
      ]);
      expect(t.serverErrors()).toEqual([]);
    });

    it('gives the same answer to the same definition every time it is validated', async () => {
      // An $id no earlier request has used: Ajv's shared cache once made the second answer differ.
      const fresh = patternDefinition('with-id', {
        $id: 'https://example.test/validated-twice.json',
        type: 'object',
      });
      const first = (await validate(fresh).expect(200)).body as Json;
      const second = (await validate(fresh).expect(200)).body as Json;
      expect(first).toMatchObject({ valid: false });
      expect(second).toEqual(first);
      // Without $id the same definition is valid, again and again.
      const clean = patternDefinition('without-id', { type: 'object' });
      for (let index = 0; index < 3; index += 1) {
        expect((await validate(clean).expect(200)).body).toMatchObject({ valid: true });
      }
    });

    it('refuses a remote $ref with its location', async () => {
      const refused = await publish(
        patternDefinition('remote-ref', {
          type: 'object',
          properties: { a: { $ref: 'https://example.test/schema.json' } },
        }),
      ).expect(400);
      expect((refused.body as ErrorBody).details?.problems).toEqual([
        expect.objectContaining({ path: 'states.draft.on.SUBMIT.payload.properties.a.$ref' }),
      ]);
    });
  });

  describe('item 7: unbounded data', () => {
    const caseCount = async (): Promise<number> => {
      let count = 0;
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await t.http
          .get(`/api/cases?limit=200${query}`)
          .set('Authorization', bearer(cast.clerk))
          .expect(200);
        const body = page.body as { items: unknown[]; nextCursor: string | null };
        count += body.items.length;
        cursor = body.nextCursor;
      } while (cursor !== null);
      return count;
    };

    it.each([
      ['data', { data: { note: 'x'.repeat(70_000) } }],
      // 25,000 characters, 75,000 UTF-8 bytes: the cap counts bytes, not characters.
      ['data', { data: { note: 'ệ'.repeat(25_000) } }],
      [
        'subject',
        {
          subject: {
            ...appointmentSubject(),
            position: { title: 'x'.repeat(70_000), unit: 'Sở X' },
          },
        },
      ],
    ])('refuses a case whose %s exceeds 64 KiB, creating nothing', async (path, extra) => {
      const before = await caseCount();
      const refused = await t.http
        .post('/api/cases')
        .set('Authorization', bearer(cast.clerk))
        .send({ workflow: 'appointment', subject: appointmentSubject(), ...extra })
        .expect(400);
      const body = refused.body as ErrorBody;
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details?.errors).toEqual([
        expect.objectContaining({ path, constraint: 'maxBytes' }),
      ]);
      expect(await caseCount()).toBe(before);
    });

    it('refuses an event payload over 64 KiB without touching the case', async () => {
      const opened = await openAppointment(t, cast.clerk);
      const refused = await sendEvent(t, cast.clerk, opened.id, {
        type: 'SUBMIT',
        payload: { headcount: 1, source: 'internal', duties: 'x'.repeat(70_000) },
      }).expect(400);
      expect((refused.body as ErrorBody).details?.errors).toEqual([
        expect.objectContaining({ path: 'payload', constraint: 'maxBytes' }),
      ]);
      const after = await t.http
        .get(`/api/cases/${opened.id}`)
        .set('Authorization', bearer(cast.clerk))
        .expect(200);
      expect(after.body).toMatchObject({ revision: opened.revision, state: opened.state });
    });

    it('refuses subject properties that a closed subject schema does not declare', async () => {
      // Published versions never change, so the built-ins keep their open v1 subjects; a
      // definition that closes its subject (`additionalProperties: false`) is held to it.
      await publish({
        ...patternDefinition('closed-subject', named('^[a-z]+$')),
        subject: {
          type: 'object',
          additionalProperties: false,
          required: ['position'],
          properties: {
            position: {
              type: 'object',
              additionalProperties: false,
              required: ['title'],
              properties: { title: { type: 'string' } },
            },
          },
        },
      }).expect(201);
      const open = (subject: Json) =>
        t.http
          .post('/api/cases')
          .set('Authorization', bearer(cast.clerk))
          .send({ workflow: 'closed-subject', subject });
      await open({ position: { title: 'Giám đốc' } }).expect(201);
      for (const subject of [
        { position: { title: 'Giám đốc' }, extra: 'x' },
        { position: { title: 'Giám đốc', note: 'x' } },
      ]) {
        const before = await caseCount();
        const refused = await open(subject).expect(400);
        expect((refused.body as ErrorBody).code).toBe('VALIDATION_FAILED');
        expect(await caseCount()).toBe(before);
      }
    });

    it('bounds a page of cases by bytes, and the cursor reaches every case once', async () => {
      const opened = new Set<string>();
      for (let index = 0; index < 20; index += 1) {
        const response = await t.http
          .post('/api/cases')
          .set('Authorization', bearer(cast.clerk))
          .send({
            workflow: 'appointment',
            subject: appointmentSubject(),
            data: { note: `${index}`.padEnd(60_000, 'x') },
          })
          .expect(201);
        opened.add((response.body as { id: string }).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await t.http
          .get(`/api/cases?limit=40${query}`)
          .set('Authorization', bearer(cast.clerk))
          .expect(200);
        // 1 MiB budget, passed by at most the one item that crossed it.
        expect(page.text.length).toBeLessThan(1024 * 1024 + 200 * 1024);
        const body = page.body as { items: Array<{ id: string }>; nextCursor: string | null };
        expect(body.items.length).toBeGreaterThan(0);
        seen.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBeGreaterThan(1);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of opened) expect(seen).toContain(id);
    });
  });

  it('answered no request with a 5xx', () => {
    expect(t.serverErrors()).toEqual([]);
  });
});
