/**
 * The cadre registry over HTTP (SPEC §7): records that only grow, corrections that supersede,
 * `asOf` time travel, each cadre's own hash chain, access by role and the one error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { runInTransaction } from '../../src/service/database/transaction-runner.js';
import { bearer, createCast, TestClock, type Cast } from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

/** An instant of Hà Nội's wall clock. */
const vn = (local: string) => `${local}+07:00`;

const person = { fullName: 'Nguyễn Văn Đức', gender: 'male', dateOfBirth: '1975-04-02' };
const discipline = (effectiveOn: string) => ({
  level: 'reprimand',
  decisionNumber: '12-QĐ/UBKT',
  issuer: 'Ủy ban Kiểm tra Tỉnh ủy',
  effectiveOn,
});

interface Entry {
  seq: number;
  kind: string;
  data: Record<string, unknown> | null;
  supersedes: number | null;
  hash: string;
  prevHash: string;
}

describe.each(databasesUnderTest())('cadre registry on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const clock = new TestClock(new Date(vn('2026-01-05T09:00:00')));

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  const createCadre = async (code: string, extra: Record<string, unknown> = {}) => {
    const response = await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send({
        code,
        person,
        posts: [{ postTitle: 'Phó Giám đốc Sở Nội vụ', unitId: 'u-noi-vu', since: '2021-06-01' }],
        ...extra,
      })
      .expect(201);
    return response.body as { id: string; view: string; disciplines: Array<{ data: unknown }> };
  };

  it('shows asOf the first discipline and today its correction; the chain verifies, and a row edited behind the service does not', async () => {
    clock.set(vn('2026-01-05T09:00:00'));
    const cadre = await createCadre('CB-ASOF');
    clock.set(vn('2026-03-10T09:00:00'));
    const recorded = await t.http
      .post(`/api/cadres/${cadre.id}/entries`)
      .set('Authorization', bearer(cast.board))
      .send({ entries: [{ kind: 'discipline', data: discipline('2026-03-01') }] })
      .expect(200);
    expect(recorded.body).toMatchObject({ view: 'full', disciplines: [{ seq: 3, firstSeq: 3 }] });
    clock.set(vn('2026-03-20T09:00:00'));
    await t.http
      .post(`/api/cadres/${cadre.id}/entries`)
      .set('Authorization', bearer(cast.board))
      .send({
        entries: [
          {
            kind: 'discipline',
            supersedes: 3,
            data: discipline('2025-03-01'),
            note: 'Ngày hiệu lực ghi sai',
          },
        ],
      })
      .expect(200);

    const then = await t.http
      .get(`/api/cadres/${cadre.id}?asOf=2026-03-15`)
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    expect(then.body).toMatchObject({
      asOf: '2026-03-15',
      disciplines: [{ data: discipline('2026-03-01'), seq: 3, firstSeq: 3 }],
    });
    const today = await t.http
      .get(`/api/cadres/${cadre.id}`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(today.body).toMatchObject({
      asOf: null,
      disciplines: [{ data: discipline('2025-03-01'), seq: 4, firstSeq: 3 }],
    });
    // Before the cadre entered the registry, it did not exist.
    await t.http
      .get(`/api/cadres/${cadre.id}?asOf=2026-01-04`)
      .set('Authorization', bearer(cast.clerk))
      .expect(404);

    const history = await t.http
      .get(`/api/cadres/${cadre.id}/history`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    const entries = history.body as Entry[];
    expect(entries.map((e) => [e.seq, e.kind, e.supersedes])).toEqual([
      [1, 'person', null],
      [2, 'post', null],
      [3, 'discipline', null],
      [4, 'discipline', 3],
    ]);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    const verified = await t.http
      .get(`/api/cadres/${cadre.id}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(verified.body).toEqual({ valid: true, entries: 4, head: entries[3]?.hash });

    // Behind the service's back: the database refuses an edit, so the trigger goes first.
    const dataSource = t.app.get(DataSource);
    const postgres = database === 'postgres';
    const edit = `UPDATE cadre_entry SET data = '${JSON.stringify(discipline('2027-01-01'))}' WHERE cadre_id = '${cadre.id}' AND seq = 3`;
    await expect(runInTransaction(dataSource, (m) => m.query(edit))).rejects.toThrow(/append-only/);
    await runInTransaction(dataSource, async (m) => {
      await m.query(
        postgres
          ? 'ALTER TABLE cadre_entry DISABLE TRIGGER cadre_entry_no_change'
          : 'DROP TRIGGER cadre_entry_no_update',
      );
      await m.query(edit);
    });
    const broken = await t.http
      .get(`/api/cadres/${cadre.id}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(broken.body).toMatchObject({ valid: false, brokenAt: 3 });
  });

  it('refuses a correction of an entry already corrected (409) or of another kind (422), and changes nothing', async () => {
    const cadre = await createCadre('CB-CONFLICT', { disciplines: [discipline('2024-01-01')] });
    const send = (entries: unknown[]) =>
      t.http
        .post(`/api/cadres/${cadre.id}/entries`)
        .set('Authorization', bearer(cast.clerk))
        .send({ entries });
    await send([{ kind: 'discipline', supersedes: 3, data: discipline('2024-01-02') }]).expect(200);
    const again = await send([
      { kind: 'discipline', supersedes: 3, data: discipline('2024-01-03') },
    ]).expect(409);
    expect(again.body).toMatchObject({ code: 'REGISTRY_CONFLICT', details: { supersededBy: 4 } });
    const other = await send([
      {
        kind: 'freeze',
        supersedes: 2,
        data: { kind: 'inspection', since: '2024-01-01', source: 'TB 1' },
      },
    ]).expect(422);
    expect(other.body).toMatchObject({ code: 'SUPERSEDES_INVALID' });
    await send([{ kind: 'discipline', supersedes: 99, void: true }]).expect(422);
    const history = await t.http
      .get(`/api/cadres/${cadre.id}/history`)
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    expect((history.body as Entry[]).length).toBe(4);
  });

  it('answers bad input with 4xx in the one error shape', async () => {
    const cadre = await createCadre('CB-BAD');
    const cases: Array<[string, string, unknown, number]> = [
      ['post', '/api/cadres', { code: 'X', person: { ...person, dateOfBirth: '1975-02-30' } }, 400],
      ['post', '/api/cadres', { code: 'X', person, disciplines: [{ level: 'death' }] }, 400],
      ['post', '/api/cadres', { code: 'X', person, extra: 1 }, 400],
      ['post', '/api/cadres', [1, 2], 400],
      [
        'post',
        `/api/cadres/${cadre.id}/entries`,
        { entries: [{ kind: 'nonsense', data: {} }] },
        400,
      ],
      [
        'post',
        `/api/cadres/${cadre.id}/entries`,
        { entries: [{ kind: 'rating', data: { year: 'x' } }] },
        400,
      ],
      ['post', `/api/cadres/${cadre.id}/entries`, { entries: [{ kind: 'rating' }] }, 400],
      ['post', `/api/cadres/${cadre.id}/entries`, { entries: [] }, 400],
      [
        'post',
        `/api/cadres/${cadre.id}/entries`,
        {
          entries: Array.from({ length: 101 }, () => ({
            kind: 'rating',
            data: { year: 2020, rating: 'good' },
          })),
        },
        400,
      ],
      ['get', `/api/cadres/${cadre.id}?asOf=2026-13-01`, undefined, 400],
      ['get', `/api/cadres/${cadre.id}?asOf=yesterday`, undefined, 400],
      ['get', '/api/cadres?cursor=nonsense', undefined, 400],
      ['get', '/api/cadres/not-a-uuid', undefined, 404],
      ['get', '/api/cadres/00000000-0000-4000-8000-0000000000ff', undefined, 404],
      [
        'post',
        '/api/cadres/00000000-0000-4000-8000-0000000000ff/entries',
        { entries: [{ kind: 'rating', data: { year: 2020, rating: 'good' } }] },
        404,
      ],
    ];
    for (const [method, path, body, status] of cases) {
      const request = method === 'get' ? t.http.get(path) : t.http.post(path);
      const response = await (body === undefined ? request : request.send(body as object)).set(
        'Authorization',
        bearer(cast.clerk),
      );
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.body).toMatchObject({
        statusCode: status,
        code: expect.any(String),
        message: expect.any(String),
      });
    }
  });

  it('finds "Nguyễn Văn Đức" by "nguyen van duc" and by "ĐỨC", and lists no personal data', async () => {
    await createCadre('CB-SEARCH');
    const byAscii = await t.http
      .get('/api/cadres?q=nguyen%20van%20duc')
      .set('Authorization', bearer(cast.head))
      .expect(200);
    const items = (byAscii.body as { items: Array<Record<string, unknown>> }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.find((item) => item['code'] === 'CB-SEARCH')).toEqual({
      id: expect.any(String),
      code: 'CB-SEARCH',
      fullName: 'Nguyễn Văn Đức',
      unitId: expect.any(String),
      postTitle: 'Phó Giám đốc Sở Nội vụ',
    });
    const byUpper = await t.http
      .get(`/api/cadres?q=${encodeURIComponent('ĐỨC')}&limit=1`)
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    expect((byUpper.body as { items: unknown[] }).items).toHaveLength(1);
    const next = (byUpper.body as { nextCursor: string | null }).nextCursor;
    expect(next).not.toBeNull();
    const page2 = await t.http
      .get(`/api/cadres?q=${encodeURIComponent('ĐỨC')}&limit=1&cursor=${next}`)
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    expect((page2.body as { items: Array<{ id: string }> }).items[0]?.id).not.toEqual(
      (byUpper.body as { items: Array<{ id: string }> }).items[0]?.id,
    );
    const none = await t.http
      .get('/api/cadres?q=tran')
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    expect((none.body as { items: unknown[] }).items).toEqual([]);
  });

  it('gives head and authority the summary only, and refuses writes to other roles', async () => {
    const cadre = await createCadre('CB-ROLES');
    for (const principal of [cast.head, cast.authority]) {
      const response = await t.http
        .get(`/api/cadres/${cadre.id}`)
        .set('Authorization', bearer(principal))
        .expect(200);
      expect(response.body).toEqual({
        view: 'summary',
        id: cadre.id,
        code: 'CB-ROLES',
        fullName: person.fullName,
        unitId: expect.any(String),
        postTitle: 'Phó Giám đốc Sở Nội vụ',
      });
      await t.http
        .get(`/api/cadres/${cadre.id}/history`)
        .set('Authorization', bearer(principal))
        .expect(403);
    }
    await t.http
      .post(`/api/cadres/${cadre.id}/entries`)
      .set('Authorization', bearer(cast.auditor))
      .send({ entries: [{ kind: 'rating', data: { year: 2025, rating: 'good' } }] })
      .expect(403);
  });

  it('applies the same draft twice without a change (idempotent by code)', async () => {
    const draft = {
      code: 'CB-IDEM',
      person,
      ratings: [{ year: 2024, rating: 'good' }],
    };
    const first = await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send(draft)
      .expect(201);
    const id = (first.body as { id: string }).id;
    await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send(draft)
      .expect(200);
    const changed = await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send({
        ...draft,
        person: { ...person, ethnicity: 'Kinh' },
        ratings: [
          { rating: 'good', year: 2024 },
          { year: 2025, rating: 'excellent' },
        ],
      })
      .expect(200);
    expect(changed.body).toMatchObject({
      id,
      person: { seq: 3, firstSeq: 1 },
      ratings: [{ seq: 2 }, { seq: 4 }],
    });
    const history = await t.http
      .get(`/api/cadres/${id}/history`)
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    expect((history.body as Entry[]).map((e) => e.kind)).toEqual([
      'person',
      'rating',
      'person',
      'rating',
    ]);
  });
});
