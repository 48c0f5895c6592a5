/**
 * POST /api/units/import over HTTP: a dry run lists every problem and writes nothing; a real
 * import is one transaction with one system log entry, or nothing; a second run changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dataFingerprint } from '../support/http-surface.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

interface ImportReport {
  dryRun: boolean;
  valid: boolean;
  problems: Array<{ path: string; constraint: string }>;
  created: string[];
  unchanged: string[];
}

const tree = {
  units: [
    { code: 'HN-BTC-P1', name: 'Phòng 1', parentCode: 'HN-BTC' },
    { code: 'HN-BTC', name: 'Ban Tổ chức Thành ủy', parentCode: 'HN' },
    { code: 'HN', name: 'Thành ủy Hà Nội' },
    { code: 'HP', name: 'Thành ủy Hải Phòng', parentCode: null },
  ],
};

describe.each(databasesUnderTest())('units import on %s', (database) => {
  let t: TestApp;
  const admin = () => `Bearer ${t.adminToken}`;
  const post = (body: unknown, dryRun?: string) =>
    t.http
      .post(`/api/units/import${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`)
      .set('Authorization', admin())
      .send(body as object);
  const systemLog = async () =>
    (
      (await t.http.get('/api/audit/system?limit=1000').set('Authorization', admin()).expect(200))
        .body as { items: Array<{ action: string; payload: Record<string, unknown> }> }
    ).items;

  beforeAll(async () => {
    t = await startTestApp({ database });
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('a dry run lists every problem by row and field, and writes nothing', async () => {
    const before = await dataFingerprint(t.app);
    const response = await post(
      {
        units: [
          { code: 'A', name: 'A', parentCode: 'NOWHERE' },
          { code: 'B', name: 'B', parentCode: 'C' },
          { code: 'C', name: 'C', parentCode: 'B' },
          { code: 'D', name: 'D' },
          { code: 'D', name: 'D lặp' },
          { code: 'E', name: 'x'.repeat(10_240) },
        ],
      },
      'true',
    ).expect(200);
    const report = response.body as ImportReport;
    expect(report).toMatchObject({ dryRun: true, valid: false });
    expect(report.problems.map((problem) => `${problem.path} ${problem.constraint}`)).toEqual([
      'units[0].parentCode unitExists',
      'units[1].parentCode noCycle',
      'units[2].parentCode noCycle',
      'units[4].code isUnique',
      'units[5].name maxLength',
    ]);
    expect(await dataFingerprint(t.app)).toEqual(before);
  });

  it('a valid dry run says what it would create, and still writes nothing', async () => {
    const before = await dataFingerprint(t.app);
    const report = (await post(tree, 'true').expect(200)).body as ImportReport;
    expect(report).toEqual({
      dryRun: true,
      valid: true,
      problems: [],
      created: ['HN', 'HN-BTC', 'HN-BTC-P1', 'HP'],
      unchanged: [],
    });
    expect(await dataFingerprint(t.app)).toEqual(before);
  });

  it('a real import with a problem is refused whole (400, the same problems)', async () => {
    const before = await dataFingerprint(t.app);
    const response = await post({
      units: [...tree.units, { code: 'BAD', name: 'Sai', parentCode: 'NOWHERE' }],
    }).expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { errors: [{ path: 'units[4].parentCode', constraint: 'unitExists' }] },
    });
    expect(await dataFingerprint(t.app)).toEqual(before);
  });

  it('imports the tree in one transaction with one system log entry; again changes nothing', async () => {
    const logBefore = (await systemLog()).length;
    const report = (await post(tree, 'false').expect(200)).body as ImportReport;
    expect(report).toMatchObject({ dryRun: false, valid: true, unchanged: [] });
    expect(report.created).toEqual(['HN', 'HN-BTC', 'HN-BTC-P1', 'HP']);
    const log = await systemLog();
    expect(log).toHaveLength(logBefore + 1);
    expect(log[log.length - 1]).toMatchObject({ action: 'unit.import' });

    const units = (await t.http.get('/api/units').set('Authorization', admin()).expect(200))
      .body as Array<{ id: string; code: string; parentId: string | null }>;
    const byCode = new Map(units.map((unit) => [unit.code, unit]));
    expect(byCode.get('HN-BTC')?.parentId).toBe(byCode.get('HN')?.id);
    expect(byCode.get('HN-BTC-P1')?.parentId).toBe(byCode.get('HN-BTC')?.id);

    const before = await dataFingerprint(t.app);
    const again = (await post(tree).expect(200)).body as ImportReport;
    expect(again).toMatchObject({ created: [], unchanged: ['HN-BTC-P1', 'HN-BTC', 'HN', 'HP'] });
    expect(await dataFingerprint(t.app)).toEqual(before);
  });

  it('refuses a move or a rename of an existing unit, and a non-admin', async () => {
    const moved = await post({
      units: [{ code: 'HN-BTC', name: 'Ban Tổ chức Thành ủy', parentCode: 'HP' }],
    }).expect(400);
    expect(moved.body).toMatchObject({
      details: { errors: [{ path: 'units[0].parentCode', constraint: 'notReparented' }] },
    });
    const renamed = await post({ units: [{ code: 'HN', name: 'Tên mới' }] }).expect(400);
    expect(renamed.body).toMatchObject({
      details: { errors: [{ path: 'units[0].name', constraint: 'notRenamed' }] },
    });
    const clerk = await t.createPrincipal(['clerk']);
    await t.http
      .post('/api/units/import')
      .set('Authorization', `Bearer ${clerk.token}`)
      .send(tree)
      .expect(403);
  });

  it('refuses malformed bodies and flags with 400', async () => {
    await post({ units: 'nope' }).expect(400);
    await post({}).expect(400);
    await post(tree, 'maybe').expect(400);
    await post({
      units: Array.from({ length: 5001 }, (_, i) => ({ code: `U${i}`, name: 'U' })),
    }).expect(400);
  });
});
