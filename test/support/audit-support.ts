/** Helpers for audit tests: an independent Merkle root, an RFC 4180 reader, raw DB access. */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { DataSource, type EntityManager } from 'typeorm';
import { runInTransaction } from '../../src/service/database/transaction-runner.js';
import type { TestApp } from './test-app.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The README's construction, written again here so that the test does not trust the service. */
export function expectedRoot(heads: Array<{ caseId: string; seq: number; head: string }>): string {
  const sorted = [...heads].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  let level = sorted.map((h) =>
    sha256(canonicalize({ caseId: h.caseId, seq: h.seq, head: h.head })),
  );
  if (level.length === 0) return sha256('');
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? sha256(`${level[i]}${level[i + 1]}`) : (level[i] as string));
    }
    level = next;
  }
  return level[0] as string;
}

export function recomputeHash(entry: Record<string, unknown>): string {
  const { hash: _hash, ...body } = entry;
  return sha256(`${entry.prevHash as string}${canonicalize(body)}`);
}

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF');
  return rows;
}

export function dataSourceOf(t: TestApp): DataSource {
  return t.app.get(DataSource);
}

/** Raw SQL on the app's database, in a transaction (SQLite serialises on its one connection). */
export function withManager<T>(
  t: TestApp,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return runInTransaction(dataSourceOf(t), work);
}

/** Test only: removes the append-only triggers of the throw-away database. */
export async function dropHistoryTriggers(t: TestApp): Promise<void> {
  await withManager(t, async (manager) => {
    if (t.database === 'postgres') {
      await manager.query(`DROP TRIGGER "history_entry_no_change" ON "history_entry"`);
      await manager.query(`DROP TRIGGER "history_entry_no_truncate" ON "history_entry"`);
    } else {
      await manager.query(`DROP TRIGGER "history_entry_no_update"`);
      await manager.query(`DROP TRIGGER "history_entry_no_delete"`);
    }
  });
}
