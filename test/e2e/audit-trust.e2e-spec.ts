/**
 * Issue 11, the audit routes under attack: a digest that lists one head a thousand times, CSV
 * formula injection, pages and export batches bounded by bytes, signed digests.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import canonicalizeModule from 'canonicalize';
import type { Test } from 'supertest';
import { seedHistory } from '../../scripts/lib/seed-history.js';
import {
  AuditService,
  EXPORT_BATCH_BYTES,
  PAGE_BYTES,
} from '../../src/service/audit/audit.service.js';
import { verifyExportLines } from '../../src/service/audit/export-verifier.js';
import { runVerifyCli } from '../../src/service/audit/verify-cli.js';
import {
  hashEntry,
  type HistoryEntryView,
  type UnhashedEntry,
} from '../../src/service/history/chain.js';
import {
  HistoryEntryEntity,
  toHistoryRow,
} from '../../src/service/history/history-entry.entity.js';
import { partial } from '../../src/service/database/insert-row.js';
import { HistoryStore } from '../../src/service/history/history.store.js';
import { bearer, createCast, type Cast } from '../support/case-fixtures.js';
import { dataSourceOf, parseCsv, withManager } from '../support/audit-support.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string;

interface SignedDigest {
  at: string;
  cases: number;
  heads: Array<{ caseId: string; seq: number; head: string }>;
  root: string;
  keyId: string;
  signature: string;
}

interface Page {
  items: HistoryEntryView[];
  nextCursor: string | null;
}

/** The body of a streamed export as text. */
const textOf = (test: Test): Test =>
  test.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(null, text));
  });

interface Digest {
  at: string;
  cases: number;
  heads: Array<{ caseId: string; seq: number; head: string }>;
  root: string;
}

describe.each(databasesUnderTest())('audit under load on %s', (database) => {
  let t: TestApp;
  let cast: Cast;

  const get = (path: string) => t.http.get(path).set('Authorization', bearer(cast.auditor));
  const postDigest = (body: unknown) =>
    t.http
      .post('/api/audit/digest/verify')
      .set('Authorization', bearer(cast.auditor))
      .send(body as object);

  /** A seeded case of one entry, then one entry per comment, chained; by a fresh actor. */
  async function caseWithComments(comments: readonly string[]): Promise<HistoryEntryView[]> {
    const actorId = randomUUID();
    const seeded = await seedHistory(dataSourceOf(t), { cases: 1, entriesPerCase: 1, actorId });
    const first = ((await get(`/api/audit/transitions?actor=${actorId}`).expect(200)).body as Page)
      .items[0] as HistoryEntryView;
    expect(first.caseId).toBe(seeded.caseIds[0]);
    const chain: HistoryEntryView[] = [first];
    for (const comment of comments) {
      const previous = chain[chain.length - 1] as HistoryEntryView;
      const unhashed: UnhashedEntry = {
        ...previous,
        seq: previous.seq + 1,
        at: new Date(Date.parse(previous.at) + 60_000).toISOString(),
        event: 'COMMENT',
        from: previous.to,
        comment,
        outcome: null,
        payload: {},
        prevHash: previous.hash,
      };
      chain.push({ ...unhashed, hash: hashEntry(unhashed) });
    }
    await withManager(t, async (manager) => {
      for (const entry of chain.slice(1)) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(HistoryEntryEntity)
          .values(partial<HistoryEntryEntity>(toHistoryRow(entry, 'appointment')))
          .execute();
      }
    });
    return chain;
  }

  beforeAll(async () => {
    t = await startTestApp({ database });
    cast = await createCast(t);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  describe('POST /api/audit/digest/verify with one head listed 1,000 times', () => {
    it('verifies the chain once: answers quickly, correctly, and health stays responsive', async () => {
      const seeded = await seedHistory(dataSourceOf(t), {
        cases: 1,
        entriesPerCase: 1000,
        actorId: randomUUID(),
      });
      const caseId = seeded.caseIds[0] as string;
      const digest = (await get('/api/audit/digest').expect(200)).body as Digest;
      const head = digest.heads.find((h) => h.caseId === caseId) as Digest['heads'][number];
      expect(head.seq).toBe(1000);
      const attack = { ...digest, cases: 1000, heads: Array.from({ length: 1000 }, () => head) };

      const readChains = jest.spyOn(t.app.get(HistoryStore), 'readChains');
      const started = Date.now();
      let healthWaited = -1;
      const verifying = postDigest(attack).then((response) => response);
      // Health, asked while the verification runs, must not wait for all of it.
      const health = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const asked = Date.now();
        await t.http.get('/api/health').expect(200);
        healthWaited = Date.now() - asked;
      })();
      const [response] = await Promise.all([verifying, health]);
      const elapsed = Date.now() - started;
      // The work done: the case's chain was read once, for the one case, up to its head.
      expect(readChains).toHaveBeenCalledTimes(1);
      expect(readChains.mock.calls[0]?.[1]).toEqual([caseId]);
      expect([...(readChains.mock.calls[0]?.[2] ?? new Map<string, number>())]).toEqual([
        [caseId, 1000],
      ]);
      readChains.mockRestore();

      expect(response.status).toBe(200);
      const body = response.body as {
        valid: boolean;
        checked: number;
        problems: Array<{ code: string; caseId?: string }>;
      };
      expect(body.valid).toBe(false);
      expect(body.checked).toBe(1000);
      const codes = new Set(body.problems.map((p) => p.code));
      // The document lists a case twice, its root is not the heads' root and its signed count
      // was changed; the chain itself is fine.
      expect([...codes].sort()).toEqual(['DUPLICATE_CASE', 'ROOT_MISMATCH', 'SIGNATURE_INVALID']);
      expect(body.problems.filter((p) => p.code === 'DUPLICATE_CASE')).toHaveLength(999);
      // Generous bounds: before the fix this took tens of seconds and blocked health throughout.
      expect(elapsed).toBeLessThan(8_000);
      expect(healthWaited).toBeGreaterThanOrEqual(0);
      expect(healthWaited).toBeLessThan(2_000);
    }, 120_000);
  });

  describe('CSV export', () => {
    it("neutralises cells a spreadsheet would run as a formula with a leading ' (NDJSON unchanged)", async () => {
      const hostile = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
      const chain = await caseWithComments([...hostile, 'plain']);
      const actor = chain[0]?.actorId as string;
      const csv = await textOf(get(`/api/audit/transitions?format=csv&actor=${actor}`)).expect(200);
      const rows = parseCsv(csv.body as string).slice(1);
      expect(rows.map((row) => row[9])).toEqual(['', ...hostile.map((c) => `'${c}`), 'plain']);
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

      const ndjson = await textOf(
        get(`/api/audit/transitions?format=ndjson&actor=${actor}`),
      ).expect(200);
      const lines = (ndjson.body as string).split('\n').filter((line) => line !== '');
      expect(lines.map((line) => (JSON.parse(line) as HistoryEntryView).comment)).toEqual([
        null,
        ...hostile,
        'plain',
      ]);
      const verification = await verifyExportLines(
        lines.values() as unknown as AsyncIterable<string>,
      );
      expect(verification.valid).toBe(true);
    });
  });

  describe('pages and export batches bounded by bytes', () => {
    const BIG = 700_000;
    let chain: HistoryEntryView[];
    let actor: string;
    const size = (entries: readonly HistoryEntryView[]) =>
      entries.reduce((sum, entry) => sum + Buffer.byteLength(JSON.stringify(entry), 'utf8'), 0);

    beforeAll(async () => {
      chain = await caseWithComments(Array.from({ length: 12 }, (_, i) => `${i}`.repeat(BIG)));
      actor = chain[0]?.actorId as string;
    }, 60_000);

    it('ends a JSON page once it passes the byte budget; nextCursor continues it', async () => {
      const pages: Page[] = [];
      let cursor: string | null = null;
      do {
        const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const page = (
          await get(`/api/audit/transitions?actor=${actor}&limit=100${suffix}`).expect(200)
        ).body as Page;
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor !== null && pages.length < 50);
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) {
        expect(page.items.length).toBeGreaterThan(0);
        // At most one entry beyond the budget.
        expect(size(page.items.slice(0, -1))).toBeLessThan(PAGE_BYTES);
      }
      expect(pages.flatMap((page) => page.items)).toEqual(chain);
    }, 60_000);

    it('ends an export batch once it passes its byte budget, and the export stays whole', async () => {
      const batches: HistoryEntryView[][] = [];
      for await (const batch of t.app.get(AuditService).entries({ actor })) {
        // Each line is the entry's own JSON (what the NDJSON export writes).
        expect(batch.lines).toEqual(batch.rows.map((row) => JSON.stringify(row)));
        batches.push(batch.rows);
      }
      expect(batches.length).toBeGreaterThan(1);
      for (const batch of batches)
        expect(size(batch.slice(0, -1))).toBeLessThan(EXPORT_BATCH_BYTES);
      expect(batches.flat()).toEqual(chain);

      const ndjson = await textOf(
        get(`/api/audit/transitions?format=ndjson&actor=${actor}`),
      ).expect(200);
      const lines = (ndjson.body as string).split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(chain.length);
      const verification = await verifyExportLines(
        lines.values() as unknown as AsyncIterable<string>,
      );
      expect(verification).toMatchObject({ valid: true, entries: chain.length });
    }, 60_000);
  });
});

describe.each(databasesUnderTest())('signed digests on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  let dir: string;

  const get = (path: string) => t.http.get(path).set('Authorization', bearer(cast.auditor));
  const postDigest = (body: unknown) =>
    t.http
      .post('/api/audit/digest/verify')
      .set('Authorization', bearer(cast.auditor))
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp({ database });
    cast = await createCast(t);
    await seedHistory(dataSourceOf(t), { cases: 3, entriesPerCase: 4, actorId: randomUUID() });
    dir = await mkdtemp(join(tmpdir(), 'cadreflow-signed-'));
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('signs the documented bytes with the key GET /api/audit/public-key gives', async () => {
    const digest = (await get('/api/audit/digest').expect(200)).body as SignedDigest;
    const key = (await get('/api/audit/public-key').expect(200)).body as {
      algorithm: string;
      keyId: string;
      pem: string;
      jwk: { kty: string; crv: string; x: string };
    };
    expect(key.algorithm).toBe('Ed25519');
    expect(key.jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const publicKey = createPublicKey(key.pem);
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    expect(key.keyId).toBe(createHash('sha256').update(spki).digest('hex'));
    expect(digest.keyId).toBe(key.keyId);
    const bytes = Buffer.from(
      canonicalize({
        type: 'cadreflow.digest.v1',
        at: digest.at,
        cases: digest.cases,
        root: digest.root,
        keyId: digest.keyId,
      }),
      'utf8',
    );
    expect(verify(null, bytes, publicKey, Buffer.from(digest.signature, 'base64'))).toBe(true);
    // The public key is behind the audit roles like every other audit route.
    await t.http.get('/api/audit/public-key').expect(401);
    const clerk = await t.createPrincipal(['clerk']);
    await t.http.get('/api/audit/public-key').set('Authorization', bearer(clerk)).expect(403);
  });

  it('checks the signature when a digest comes back, and finds an altered or foreign one', async () => {
    const digest = (await get('/api/audit/digest').expect(200)).body as SignedDigest;
    expect((await postDigest(digest).expect(200)).body).toEqual({
      valid: true,
      checked: digest.cases,
      signed: true,
      problems: [],
    });
    const codes = async (body: unknown) =>
      ((await postDigest(body).expect(200)).body as { problems: Array<{ code: string }> }).problems
        .map((p) => p.code)
        .sort();
    // Moved in time: the root and heads still match, only the signature tells.
    expect(await codes({ ...digest, at: '2020-01-01T00:00:00.000Z' })).toEqual([
      'SIGNATURE_INVALID',
    ]);
    expect(await codes({ ...digest, keyId: 'a'.repeat(64) })).toEqual(['KEY_UNKNOWN']);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = sign(null, Buffer.from('x'), other).toString('base64');
    expect(await codes({ ...digest, signature: forged })).toEqual(['SIGNATURE_INVALID']);
    const { keyId: _keyId, signature: _signature, ...unsigned } = digest;
    expect((await postDigest(unsigned).expect(200)).body).toMatchObject({
      valid: true,
      signed: false,
    });
  });

  it('lets the offline verifier check the signature with --public-key', async () => {
    const digest = (await get('/api/audit/digest').expect(200)).body as SignedDigest;
    const key = (await get('/api/audit/public-key').expect(200)).body as { pem: string };
    const ndjson = await textOf(get('/api/audit/transitions?format=ndjson')).expect(200);
    const files = {
      export: join(dir, 'export.ndjson'),
      digest: join(dir, 'digest.json'),
      altered: join(dir, 'altered.json'),
      key: join(dir, 'key.pem'),
      otherKey: join(dir, 'other.pem'),
    };
    await writeFile(files.export, ndjson.body as string);
    await writeFile(files.digest, JSON.stringify(digest));
    await writeFile(files.altered, JSON.stringify({ ...digest, at: '2020-01-01T00:00:00.000Z' }));
    await writeFile(files.key, key.pem);
    const other = generateKeyPairSync('ed25519').publicKey;
    await writeFile(files.otherKey, other.export({ type: 'spki', format: 'pem' }).toString());
    const run = async (args: string[]) => {
      const lines: string[] = [];
      const code = await runVerifyCli(
        args,
        (line) => lines.push(line),
        (line) => lines.push(line),
      );
      return { code, text: lines.join('\n') };
    };
    const ok = await run([files.export, '--digest', files.digest, '--public-key', files.key]);
    expect(ok.code).toBe(0);
    expect(ok.text).toContain('signature: valid');
    const altered = await run([files.export, '--digest', files.altered, '--public-key', files.key]);
    expect(altered.code).toBe(1);
    expect(altered.text).toContain('SIGNATURE_INVALID');
    const foreign = await run([
      files.export,
      '--digest',
      files.digest,
      '--public-key',
      files.otherKey,
    ]);
    expect(foreign.code).toBe(1);
    expect(foreign.text).toContain('KEY_UNKNOWN');
    expect((await run([files.export, '--public-key', files.key])).code).toBe(2);
  });

  if (database === 'sqlite') {
    it('keeps its key beside the SQLite file, mode 0600, and signs with it again after a restart', async () => {
      const store = await createThrowawayDatabase('sqlite');
      try {
        const file = join(dirname(store.url.slice('sqlite:'.length)), 'signing-key.pem');
        const first = await startTestApp({ database, existingDatabase: store });
        const keyId = (
          (
            await first.http
              .get('/api/audit/public-key')
              .set('Authorization', bearer({ token: first.adminToken }))
              .expect(200)
          ).body as { keyId: string }
        ).keyId;
        await first.close();
        expect((await stat(file)).mode & 0o777).toBe(0o600);
        const second = await startTestApp({ database, existingDatabase: store });
        const again = (
          (
            await second.http
              .get('/api/audit/public-key')
              .set('Authorization', bearer({ token: second.adminToken }))
              .expect(200)
          ).body as { keyId: string }
        ).keyId;
        await second.close();
        expect(again).toBe(keyId);
      } finally {
        await store.drop();
      }
    });
  }
});
