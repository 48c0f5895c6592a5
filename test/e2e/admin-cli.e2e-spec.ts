import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdminCli } from '../../src/service/cli/admin-cli.js';
import { createCast, openAppointment } from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

// `npx cadreflow …` against a listening service: what an administrator scripts.
describe.each(databasesUnderTest())('the admin command line on %s', (database) => {
  let t: TestApp;
  let env: Record<string, string>;
  let folder: string;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdminCli(argv, env, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    t = await startTestApp({ database });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    env = { CADREFLOW_URL: `http://127.0.0.1:${address.port}/`, CADREFLOW_TOKEN: t.adminToken };
    folder = mkdtempSync(join(tmpdir(), 'cadreflow-cli-'));
    const cast = await createCast(t);
    await openAppointment(t, cast.clerk);
  });

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('validates and publishes a YAML definition as written', async () => {
    const file = join(folder, 'rotation-cli.workflow.yaml');
    writeFileSync(
      file,
      readFileSync('workflows/rotation.workflow.yaml', 'utf8')
        .replace(/^key: rotation$/m, 'key: rotation-cli')
        .replace(/^version: 1\n/m, ''),
    );
    expect(await run('workflows', 'validate', file)).toMatchObject({
      code: 0,
      out: [`${file}: valid`],
    });
    const published = await run('workflows', 'publish', file);
    expect(published.code).toBe(0);
    expect(JSON.parse(published.out[0] ?? '{}')).toEqual({
      key: 'rotation-cli',
      version: 1,
      created: true,
    });
    const again = await run('workflows', 'publish', file);
    expect(JSON.parse(again.out[0] ?? '{}')).toMatchObject({ version: 1, created: false });
    const broken = join(folder, 'broken.workflow.yaml');
    writeFileSync(broken, 'key: broken\ntitle: {vi: x, en: x}\n');
    const invalid = await run('workflows', 'validate', broken);
    expect(invalid.code).toBe(1);
    expect(invalid.out.at(-1)).toMatch(/problem\(s\)$/);
  });

  it('exports the history, and the offline verifier accepts the export', async () => {
    const file = join(folder, 'export.ndjson');
    const exported = await run('export', `--out=${file}`);
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(exported.err.at(-1)).toBe(`exported ${lines.length} entries`);
    expect((await run('verify', file, '--quiet')).code).toBe(0);
    // An edited line fails verification: exit 1.
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...entry, actorId: 'someone-else' })}\n`);
    expect((await run('verify', file, '--quiet')).code).toBe(1);
  });

  it('prints the signed digest', async () => {
    const digest = await run('digest');
    expect(digest.code).toBe(0);
    expect(JSON.parse(digest.out.join('\n'))).toHaveProperty('root');
  });

  it('exits 2 on usage errors and 3 when the service refuses or cannot be reached', async () => {
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('workflows', 'validate', join(folder, 'missing.yaml'))).code).toBe(2);
    const noToken = await runAdminCli(
      ['digest'],
      { CADREFLOW_URL: env.CADREFLOW_URL },
      {
        out: () => undefined,
        err: () => undefined,
      },
    );
    expect(noToken).toBe(2);
    const refused = await runAdminCli(
      ['digest'],
      { ...env, CADREFLOW_TOKEN: 'cf_wrong_token_0123456789' },
      { out: () => undefined, err: () => undefined },
    );
    expect(refused).toBe(3);
    const unreachable = await runAdminCli(
      ['digest'],
      { ...env, CADREFLOW_URL: 'http://127.0.0.1:9' },
      { out: () => undefined, err: () => undefined },
    );
    expect(unreachable).toBe(3);
  });
});
