import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  runImportCli,
  writeCadreSheet,
  type Fetch,
} from '../../../../src/service/cadres/import/index.js';
import { cadreSheetFixture } from '../../../support/cadre-sheet-fixture.js';

describe('runImportCli', () => {
  let dir: string;
  let bad: string;
  let clean: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cadreflow-import-'));
    bad = join(dir, 'bad.xlsx');
    clean = join(dir, 'clean.csv');
    await writeFile(bad, await writeCadreSheet(cadreSheetFixture({ badRows: true }).rows));
    await writeFile(
      clean,
      await writeCadreSheet(cadreSheetFixture({ count: 20 }).rows, { format: 'csv' }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function run(argv: string[], env: Record<string, string> = {}, fetchImpl?: Fetch) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportCli(
      argv,
      env,
      (line) => out.push(line),
      (line) => err.push(line),
      fetchImpl,
    );
    return { code, out, err };
  }

  it('checks a file locally: the problems by row and column, progress on stderr, exit 1', async () => {
    const { code, out, err } = await run([bad, '--lang', 'en']);
    expect(code).toBe(1);
    const expected = cadreSheetFixture({ badRows: true }).expected;
    expect(out).toHaveLength(expected.length + 1);
    for (const problem of expected) {
      expect(out).toContainEqual(
        expect.stringContaining(`row ${problem.row}, ${problem.column}: ${problem.code}:`),
      );
    }
    expect(out.at(-1)).toBe('1000 rows, 995 valid, 6 problems');
    expect(err).toContain('rows checked: 500/1000');
    expect(err).toContain('rows checked: 1000/1000');
  });

  it('exits 0 on a clean file', async () => {
    const { code, out } = await run([clean]);
    expect([code, out]).toEqual([0, ['20 dòng, 20 hợp lệ, 0 lỗi']]);
  });

  it('posts the file with the token from CADREFLOW_TOKEN, and prints the answer', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fake: Fetch = (url, init) => {
      calls.push({ url, init });
      return Promise.resolve(new Response('{"created":20,"updated":0}', { status: 200 }));
    };
    const { code, out } = await run(
      [clean, '--url', 'http://localhost:3000/', '--dry-run'],
      { CADREFLOW_TOKEN: 'secret' },
      fake,
    );
    expect(code).toBe(0);
    expect(out).toEqual(['{"created":20,"updated":0}']);
    expect(calls[0]?.url).toBe('http://localhost:3000/api/cadres/import?dryRun=true');
    expect(calls[0]?.init.headers).toMatchObject({
      authorization: 'Bearer secret',
      'content-type': 'text/csv',
    });
  });

  it('checks locally when the service has no import route (404)', async () => {
    const notFound: Fetch = () => Promise.resolve(new Response('{}', { status: 404 }));
    const { code, err } = await run(
      [clean, '--url', 'http://localhost:3000'],
      { CADREFLOW_TOKEN: 't' },
      notFound,
    );
    expect(code).toBe(0);
    expect(err.join('\n')).toContain('no import route yet');
  });

  it('refuses to send without a token, and explains its usage', async () => {
    expect((await run([clean, '--url', 'http://localhost:3000'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    expect((await run([join(dir, 'cadres.txt')])).err[0]).toContain('--format csv|xlsx');
  });
});
