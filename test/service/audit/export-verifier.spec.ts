import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { seededChain } from '../../../scripts/lib/seed-history.js';
import { buildDigest, merkleRoot } from '../../../src/service/audit/chain-digest.js';
import { csvField, entryToCsv, entryToNdjson } from '../../../src/service/audit/export-format.js';
import {
  ChainSetVerifier,
  parseHistoryEntry,
  verifyExportLines,
} from '../../../src/service/audit/export-verifier.js';
import type { HistoryEntryView } from '../../../src/service/history/chain.js';
import { runVerifyCli } from '../../../src/service/audit/verify-cli.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const actor = '00000000-0000-4000-8000-000000000001';
const start = new Date('2026-01-05T00:00:00.000Z');
const A = '10000000-0000-4000-8000-000000000000';
const B = '20000000-0000-4000-8000-000000000000';
const C = '30000000-0000-4000-8000-000000000000';

const chainOf = (caseId: string, entries: number, index = 0) =>
  seededChain(caseId, index, entries, actor, start);
const headOf = (chain: HistoryEntryView[], seq = chain.length) => {
  const entry = chain[seq - 1] as HistoryEntryView;
  return { caseId: entry.caseId, seq, head: entry.hash };
};
const lines = (entries: HistoryEntryView[], extra: string[] = []) =>
  Readable.from([...entries.map((entry) => entryToNdjson(entry).trimEnd()), ...extra]);

describe('the Merkle root of a digest', () => {
  const heads = [C, A, B].map((id) => ({ caseId: id, seq: 2, head: 'a'.repeat(64) }));
  const leaf = (id: string) => sha(`{"caseId":"${id}","head":"${'a'.repeat(64)}","seq":2}`);

  it('hashes JCS leaves in caseId order, pairs left to right, and lifts an odd last node', () => {
    expect(merkleRoot(heads)).toBe(sha(sha(leaf(A) + leaf(B)) + leaf(C)));
    expect(merkleRoot(heads.slice(0, 1))).toBe(leaf(C));
    expect(merkleRoot([])).toBe(sha(''));
  });

  it('does not depend on the order the heads are given in, and changes with any head', () => {
    expect(merkleRoot([...heads].reverse())).toBe(merkleRoot(heads));
    const changed = heads.map((h, i) => (i === 1 ? { ...h, seq: 3 } : h));
    expect(merkleRoot(changed)).not.toBe(merkleRoot(heads));
  });
});

describe('the offline verifier', () => {
  const a = chainOf(A, 5, 0);
  const b = chainOf(B, 3, 1);

  it('verifies chains interleaved and out of order, grouped per case', async () => {
    const shuffled = [b[2], a[1], a[0], b[0], a[4], b[1], a[3], a[2]] as HistoryEntryView[];
    const result = await verifyExportLines(lines(shuffled, ['', '  ']));
    expect(result).toMatchObject({ valid: true, entries: 8, lineProblems: [] });
    expect(result.cases).toEqual([
      { caseId: A, valid: true, entries: 5, head: a[4]?.hash },
      { caseId: B, valid: true, entries: 3, head: b[2]?.hash },
    ]);
  });

  it('finds a changed entry, a missing one, a repeated one and a chain that does not start at 1', async () => {
    const changed = a.map((e) => (e.seq === 3 ? { ...e, comment: 'sửa' } : e));
    expect((await verifyExportLines(lines(changed))).cases[0]).toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: expect.stringMatching(/content was changed/) as unknown as string,
    });
    const gap = a.filter((e) => e.seq !== 2);
    expect((await verifyExportLines(lines(gap))).cases[0]).toMatchObject({
      valid: false,
      brokenAt: 2,
    });
    expect(
      (await verifyExportLines(lines([...a, a[1] as HistoryEntryView]))).cases[0],
    ).toMatchObject({
      valid: false,
      brokenAt: 2,
    });
    const relinked = { ...(a[1] as HistoryEntryView), prevHash: 'b'.repeat(64) };
    expect(
      (await verifyExportLines(lines([a[0] as HistoryEntryView, relinked]))).cases[0],
    ).toMatchObject({
      valid: false,
      brokenAt: 2,
      reason: expect.stringMatching(/prevHash/) as unknown as string,
    });
    expect((await verifyExportLines(lines(a.slice(2)))).valid).toBe(false);
  });

  it('reports lines that are not entries, with their number', async () => {
    const result = await verifyExportLines(
      lines(a.slice(0, 1), [
        '{oops',
        '[1]',
        JSON.stringify({ ...a[1], extra: 1 }),
        JSON.stringify({ ...a[1], seq: 0 }),
      ]),
    );
    expect(result.valid).toBe(false);
    expect(result.lineProblems.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    expect(parseHistoryEntry({ ...a[0], hash: 'XYZ' })).toBe('hash must be 64 hex digits');
  });

  it('checks a digest: heads at their seq, the root, and what changed before it', () => {
    const digest = buildDigest('2026-01-06T00:00:00.000Z', [headOf(a, 3), headOf(b)]);
    const run = (entries: HistoryEntryView[], d = digest) => {
      const verifier = new ChainSetVerifier(d);
      for (const entry of entries) verifier.add(entry);
      return verifier.finish();
    };
    expect(run([...a, ...b]).digest).toEqual({
      valid: true,
      checked: 2,
      signed: false,
      problems: [],
    });
    // A change after the digest's seq breaks the chain, not the digest.
    const late = run([...a.map((e) => (e.seq === 5 ? { ...e, comment: 'x' } : e)), ...b]);
    expect(late.valid).toBe(false);
    expect(late.digest?.valid).toBe(true);
    const early = run([...a.map((e) => (e.seq === 2 ? { ...e, comment: 'x' } : e)), ...b]);
    expect(early.digest?.problems).toEqual([
      expect.objectContaining({ code: 'CHAIN_BROKEN', caseId: A, seq: 2 }),
    ]);
    expect(run(a).digest?.problems).toEqual([
      expect.objectContaining({ code: 'CASE_MISSING', caseId: B }),
    ]);
    expect(run([...a.slice(0, 2), ...b]).digest?.problems).toEqual([
      expect.objectContaining({ code: 'ENTRY_MISSING', caseId: A }),
    ]);
    const rewritten = chainOf(A, 5, 7); // another history for the same case, valid on its own
    expect(run([...rewritten, ...b]).digest?.problems).toEqual([
      expect.objectContaining({ code: 'HEAD_CHANGED', caseId: A, seq: 3 }),
    ]);
    expect(run([...a, ...b], { ...digest, root: 'c'.repeat(64) }).digest?.problems).toEqual([
      expect.objectContaining({ code: 'ROOT_MISMATCH' }),
    ]);
  });
});

describe('the export formats', () => {
  it('quotes CSV fields per RFC 4180 only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('writes one CSV row per entry with JSON columns as JSON text, and one NDJSON line', () => {
    const entry = chainOf(A, 3)[2] as HistoryEntryView;
    const row = entryToCsv(entry);
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toContain('"{""summoned"":17,""present"":15,""inFavour"":9,""against"":6}"');
    expect(row).toContain('"[""clerk""]"');
    expect(JSON.parse(entryToNdjson(entry))).toEqual(entry);
    expect(entryToNdjson(entry).split('\n')).toHaveLength(2);
  });
});

describe('npm run verify', () => {
  it('exits 0 on a valid export and digest, 1 on a broken one, 2 on bad usage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cadreflow-verify-'));
    try {
      const a = chainOf(A, 4);
      const good = join(dir, 'good.ndjson');
      const bad = join(dir, 'bad.ndjson');
      const digestFile = join(dir, 'digest.json');
      await writeFile(good, a.map(entryToNdjson).join(''));
      await writeFile(
        bad,
        a.map((e) => entryToNdjson(e.seq === 4 ? { ...e, to: 'x' } : e)).join(''),
      );
      await writeFile(digestFile, JSON.stringify(buildDigest('2026-01-06T00:00:00Z', [headOf(a)])));
      const run = async (args: string[]) => {
        const out: string[] = [];
        const code = await runVerifyCli(
          args,
          (l) => out.push(l),
          (l) => out.push(l),
        );
        return { code, out: out.join('\n') };
      };
      const ok = await run([good, '--digest', digestFile]);
      expect(ok.code).toBe(0);
      expect(ok.out).toContain(`ok      ${A}  4 entries`);
      expect(ok.out).toContain('digest: valid, 1 heads checked');
      const broken = await run([bad, '--digest', digestFile, '--quiet']);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain(`BROKEN  ${A}  at entry 4`);
      expect(broken.out).toContain('DIGEST  CHAIN_BROKEN');
      expect((await run([])).code).toBe(2);
      expect((await run([good, '--digest'])).code).toBe(2);
      expect((await run([join(dir, 'absent.ndjson')])).code).toBe(2);
      expect((await run([good, '--digest', good])).code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
