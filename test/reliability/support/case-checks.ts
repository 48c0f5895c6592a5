/** Reads cases back through the API and checks what the tier promises of every one of them. */
import { REMINDER_DEFINITION, type ServiceClient } from './service-client.js';

export interface HistoryEntry {
  seq: number;
  event: string;
  actorId: string;
  from: string | null;
  to: string;
}

export interface CaseSummary {
  id: string;
  workflow: string;
  state: string;
  revision: number;
  overdue: boolean;
  deadlines?: Array<{ name: string; status: string; firedAt?: string | null }>;
}

export interface CheckedCase {
  view: CaseSummary;
  history: HistoryEntry[];
}

/** Every case in the database (all pages of GET /api/cases). */
export const listAllCases = async (
  client: ServiceClient,
  token: string,
  query = '',
): Promise<CaseSummary[]> => {
  const all: CaseSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: CaseSummary[]; nextCursor: string | null } = await client.expect(
      200,
      'GET',
      `/api/cases?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
};

/**
 * One case's invariants, returned as problems (empty: all hold): the chain verifies over every
 * entry, seq runs 1..n without a gap or a repeat, and the revision is n.
 */
export const checkCase = async (
  client: ServiceClient,
  token: string,
  id: string,
): Promise<{ checked: CheckedCase; problems: string[] }> => {
  const view = await client.expect<CaseSummary>(200, 'GET', `/api/cases/${id}`, { token });
  const history = await client.expect<HistoryEntry[]>(200, 'GET', `/api/cases/${id}/history`, {
    token,
  });
  const verify = await client.expect<{ valid: boolean; entries: number }>(
    200,
    'GET',
    `/api/cases/${id}/verify`,
    { token },
  );
  const problems: string[] = [];
  const seqs = history.map((entry) => entry.seq);
  if (seqs.some((seq, index) => seq !== index + 1)) {
    problems.push(`case ${id}: seq not contiguous from 1: ${seqs.join(',')}`);
  }
  if (view.revision !== history.length) {
    problems.push(`case ${id}: revision ${view.revision} but ${history.length} history entries`);
  }
  if (!verify.valid || verify.entries !== history.length) {
    problems.push(`case ${id}: chain does not verify: ${JSON.stringify(verify)}`);
  }
  return { checked: { view, history }, problems };
};

/** Runs `work` on every item with at most `width` at a time. */
export const inParallel = async <T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
};

/** An integer from the environment (the tier's sizes), or the CI-safe default. */
export const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number (got "${raw}")`);
  }
  return value;
};

/**
 * Polls until no reminder waits and every resignation still in its exchange is overdue, i.e.
 * every due deadline has fired; returns the counts still pending when `timeoutMs` runs out.
 */
export const waitForDeadlinesFired = async (
  client: ServiceClient,
  token: string,
  timeoutMs = 60_000,
  pollMs = 500,
): Promise<{ waiting: number; notFlagged: number } | null> => {
  const since = Date.now();
  for (;;) {
    const waiting = await listAllCases(
      client,
      token,
      `&workflow=${REMINDER_DEFINITION.key}&state=waiting`,
    );
    const notFlagged = await listAllCases(
      client,
      token,
      '&workflow=resignation&state=exchange&overdue=false',
    );
    if (waiting.length === 0 && notFlagged.length === 0) return null;
    if (Date.now() - since > timeoutMs) {
      return { waiting: waiting.length, notFlagged: notFlagged.length };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
};
