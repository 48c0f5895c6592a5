import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { writeCadreSheet } from '../../src/service/cadres/import/index.js';
import { withManager } from '../support/audit-support.js';
import { bearer } from '../support/case-fixtures.js';
import { cadreSheetFixture, FIXTURE_UNIT_CODES } from '../support/cadre-sheet-fixture.js';
import {
  databasesUnderTest,
  startTestApp,
  type TestApp,
  type TestPrincipal,
} from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Report {
  dryRun: boolean;
  rows: number;
  sha256: string;
  problems: Array<{ row: number; column: string; code: string; message: string }>;
  created: number;
  changed: number;
  unchanged: number;
}

// Issue 14's acceptance: 1,000 cadres from an XLSX with 5 bad rows; the dry run names exactly
// those rows and columns; the fixed file writes 1,000 cadres in one transaction; twice is once.
describe.each(databasesUnderTest())('cadre import from spreadsheets on %s', (database) => {
  let t: TestApp;
  let clerk: TestPrincipal;
  let bad: Buffer;
  let good: Buffer;

  const upload = (body: Buffer | string, query = '', type = XLSX, who = clerk) =>
    t.http
      .post(`/api/cadres/import${query}`)
      .set('Authorization', bearer(who))
      .set('Content-Type', type)
      .send(body);
  const cadreCount = async (): Promise<number> =>
    Number(
      (
        await withManager(t, (m) =>
          m.query<Array<{ n: string | number }>>('SELECT COUNT(*) AS n FROM cadre'),
        )
      )[0]?.n,
    );

  beforeAll(async () => {
    t = await startTestApp({ database });
    for (const code of FIXTURE_UNIT_CODES) {
      await t.http
        .post('/api/units')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ code, name: `Đơn vị ${code}` })
        .expect(201);
    }
    clerk = await t.createPrincipal(['clerk'], 'Chuyên viên nhập liệu');
    bad = Buffer.from(await writeCadreSheet(cadreSheetFixture({ badRows: true }).rows));
    good = Buffer.from(await writeCadreSheet(cadreSheetFixture().rows));
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('dry run: names exactly the 5 bad rows and their columns, and writes nothing', async () => {
    const fixture = cadreSheetFixture({ badRows: true });
    const response = await upload(bad, '?dryRun=true').set('Accept-Language', 'vi').expect(200);
    const report = response.body as Report;
    expect(report.dryRun).toBe(true);
    expect(report.rows).toBe(1000);
    expect(report.problems.map(({ row, column, code }) => ({ row, column, code }))).toEqual(
      fixture.expected,
    );
    expect(new Set(report.problems.map((problem) => problem.row)).size).toBe(5);
    expect(report.problems[0]?.message).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]/i);
    expect(await cadreCount()).toBe(0);
  });

  it('refuses the bad file for real (400, every problem in details), and writes nothing', async () => {
    const response = await upload(bad).expect(400);
    const body = response.body as { code: string; details: { errors: Array<{ path: string }> } };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.errors.length).toBeGreaterThanOrEqual(5);
    expect(await cadreCount()).toBe(0);
  });

  it('imports the fixed file: 1,000 cadres in one transaction, recorded in the system log', async () => {
    const dry = (await upload(good, '?dryRun=true').expect(200)).body as Report;
    expect(dry).toMatchObject({ dryRun: true, problems: [], created: 1000 });
    expect(await cadreCount()).toBe(0);
    const report = (await upload(good).expect(200)).body as Report;
    expect(report).toMatchObject({
      dryRun: false,
      rows: 1000,
      created: 1000,
      changed: 0,
      unchanged: 0,
    });
    expect(report.sha256).toBe(createHash('sha256').update(good).digest('hex'));
    expect(await cadreCount()).toBe(1000);
    const log = await t.http
      .get('/api/audit/system')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .expect(200);
    const entries = (
      log.body as {
        items: Array<{ action: string; target: string; payload: Record<string, unknown> }>;
      }
    ).items;
    const entry = entries.find((item) => item.action === 'cadre.import');
    expect(entry).toMatchObject({
      target: `sheet:${report.sha256}`,
      payload: { created: 1000, rows: 1000 },
    });
  });

  it('changes nothing when the same file comes again (idempotent by "Mã cán bộ")', async () => {
    const report = (await upload(good).expect(200)).body as Report;
    expect(report).toMatchObject({ created: 0, changed: 0, unchanged: 1000 });
    expect(await cadreCount()).toBe(1000);
    // A name found without its accents, as a clerk types it.
    const first = cadreSheetFixture().rows[0] as unknown as { fullName: string };
    const plain = first.fullName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    const found = await t.http
      .get(`/api/cadres?q=${encodeURIComponent(plain)}`)
      .set('Authorization', bearer(clerk))
      .expect(200);
    expect(
      (found.body as { items: Array<{ fullName: string }> }).items.map((i) => i.fullName),
    ).toContain(first.fullName);
  });

  it('takes CSV too, and refuses what is not a spreadsheet with a clear 4xx', async () => {
    const csv = Buffer.from(
      await writeCadreSheet(cadreSheetFixture({ count: 3, seed: 77 }).rows, { format: 'csv' }),
    );
    const report = (await upload(csv, '?dryRun=true', 'text/csv; charset=utf-8').expect(200))
      .body as Report;
    expect(report).toMatchObject({ rows: 3, problems: [] });
    const garbage = await upload(Buffer.from('PK\u0003\u0004 not really a zip'), '', XLSX);
    expect(garbage.status).toBe(422);
    expect((garbage.body as { code: string }).code).toBe('FILE_UNREADABLE');
    const json = await t.http
      .post('/api/cadres/import')
      .set('Authorization', bearer(clerk))
      .send({ rows: [] });
    expect(json.status).toBe(415);
    // Sheets go to the import only.
    const elsewhere = await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(clerk))
      .set('Content-Type', 'text/csv')
      .send('a,b\n');
    expect(elsewhere.status).toBe(415);
    await upload(good, '?dryRun=maybe').expect(400);
    // Files larger than a JSON body are taken (the sheet parser's own limit, 8 MiB) …
    const wide = Buffer.from(
      await writeCadreSheet(cadreSheetFixture({ count: 6000, seed: 5 }).rows, { format: 'csv' }),
    );
    expect(wide.length).toBeGreaterThan(512 * 1024);
    const taken = (await upload(wide, '?dryRun=true', 'text/csv').expect(200)).body as Report;
    expect(taken.rows).toBe(6000);
    // … and anything beyond it is a 413, read no further.
    const oversize = await upload(Buffer.alloc(9 * 1024 * 1024, 0x61), '?dryRun=true', 'text/csv');
    expect(oversize.status).toBe(413);
    expect((oversize.body as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('imports the same new file three times at once: one writes it, the others changes nothing or is 409, never a 500', async () => {
    const fresh = Buffer.from(
      await writeCadreSheet(
        cadreSheetFixture({ count: 50, seed: 991 }).rows.map((row) => ({
          ...row,
          code: `RACE-${String(row.code)}`,
        })),
      ),
    );
    const before = await cadreCount();
    const answers = await Promise.all([upload(fresh), upload(fresh), upload(fresh)]);
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    const created = answers
      .filter((answer) => answer.status === 200)
      .map((answer) => (answer.body as Report).created);
    expect(created.filter((n) => n === 50)).toHaveLength(1);
    expect(created.filter((n) => n !== 50 && n !== 0)).toEqual([]);
    expect(await cadreCount()).toBe(before + 50);
  });

  it("reports a unit outside the importer's scope like an unknown one", async () => {
    const units = (
      await t.http.get('/api/units').set('Authorization', `Bearer ${t.adminToken}`).expect(200)
    ).body as Array<{ id: string; code: string }>;
    const soNv = units.find((unit) => unit.code === 'SO-NV');
    // A clerk of SO-NV only.
    const scoped = await t.http
      .post('/api/principals')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ name: 'Chuyên viên SO-NV', roles: ['clerk'], unitId: soNv?.id })
      .expect(201);
    const token = (scoped.body as { token: string }).token;
    const report = (
      await upload(good, '?dryRun=true', XLSX, { id: '', name: '', token } as TestPrincipal).expect(
        200,
      )
    ).body as Report;
    const unknownUnits = report.problems.filter((problem) => problem.code === 'UNKNOWN_UNIT');
    // Two thirds of the rows are of the other two units.
    expect(unknownUnits.length).toBeGreaterThan(600);
    expect(unknownUnits.length).toBeLessThan(700);
  });
});
