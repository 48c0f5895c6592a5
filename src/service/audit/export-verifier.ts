/**
 * Offline verification of an NDJSON export (one history entry per line, any order of cases):
 * entries are grouped per case and every chain is recomputed as the lines stream in. Memory is
 * one small state per case (plus entries that arrive ahead of a missing one), never the export.
 * Used by the `npm run verify` command line; needs no database.
 */
import {
  digestSelfProblems,
  headProblem,
  type ChainAtSeq,
  type ChainDigest,
  type ChainHead,
  type DigestProblem,
  type DigestVerification,
} from './chain-digest.js';
import type { KeyObject } from 'node:crypto';
import {
  GENESIS_HASH,
  HISTORY_ENTRY_FIELDS,
  hashEntry,
  type HistoryEntryView,
} from '../history/chain.js';
import { fieldSpec, type HistoryField } from '../history/history-fields.js';
import { digestSignatureValid, keyIdOf } from './signing-key.js';

export type CaseChainResult =
  | {
      readonly caseId: string;
      readonly valid: true;
      readonly entries: number;
      readonly head: string;
    }
  | {
      readonly caseId: string;
      readonly valid: false;
      readonly entries: number;
      readonly brokenAt: number;
      readonly reason: string;
    };

export interface LineProblem {
  readonly line: number;
  readonly reason: string;
}

export interface ExportVerification {
  readonly valid: boolean;
  readonly entries: number;
  readonly cases: readonly CaseChainResult[];
  readonly lineProblems: readonly LineProblem[];
  readonly digest?: DigestVerification;
}

const HEX64 = /^[0-9a-f]{64}$/;
const ENTRY_FIELDS = HISTORY_ENTRY_FIELDS;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a field's value is not of its kind (history-fields.ts); null when it is. */
function fieldProblem(field: HistoryField, value: unknown): string | null {
  const spec = fieldSpec(field);
  switch (spec.kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1
        ? null
        : `${field} must be an integer of at least 1`;
    case 'string':
      if (spec.hex64) {
        return typeof value === 'string' && HEX64.test(value)
          ? null
          : `${field} must be 64 hex digits`;
      }
      return typeof value === 'string' ? null : `${field} must be a string`;
    case 'string?':
      return value === null || typeof value === 'string'
        ? null
        : `${field} must be a string or null`;
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? null
        : `${field} must be an array of strings`;
    case 'object':
      return isObject(value) ? null : `${field} must be an object`;
    case 'object?':
      return value === null || isObject(value) ? null : `${field} must be an object or null`;
  }
}

/** A history entry of an export line, or why the line is not one. */
export function parseHistoryEntry(value: unknown): HistoryEntryView | string {
  if (!isObject(value)) return 'the line is not a JSON object';
  const unknown = Object.keys(value).filter(
    (key) => !(ENTRY_FIELDS as readonly string[]).includes(key),
  );
  if (unknown.length > 0) return `unknown fields ${unknown.join(', ')}`;
  const missing = ENTRY_FIELDS.filter((key) => !(key in value));
  if (missing.length > 0) return `missing fields ${missing.join(', ')}`;
  for (const field of ENTRY_FIELDS) {
    const problem = fieldProblem(field, value[field]);
    if (problem !== null) return problem;
  }
  return value as unknown as HistoryEntryView;
}

/** A digest document (GET /api/audit/digest), or why it is not one. */
export function parseDigest(value: unknown): ChainDigest | string {
  if (!isObject(value)) return 'the digest is not a JSON object';
  const { at, cases, heads, root, keyId, signature } = value;
  if (keyId !== undefined && (typeof keyId !== 'string' || !HEX64.test(keyId))) {
    return 'keyId must be 64 hex digits';
  }
  if (signature !== undefined && typeof signature !== 'string') {
    return 'signature must be a string';
  }
  if (typeof at !== 'string') return 'at must be a string';
  if (typeof cases !== 'number' || !Number.isInteger(cases)) return 'cases must be an integer';
  if (typeof root !== 'string' || !HEX64.test(root)) return 'root must be 64 hex digits';
  if (!Array.isArray(heads)) return 'heads must be an array';
  for (const [index, head] of heads.entries()) {
    if (
      !isObject(head) ||
      typeof head.caseId !== 'string' ||
      typeof head.seq !== 'number' ||
      !Number.isInteger(head.seq) ||
      head.seq < 1 ||
      typeof head.head !== 'string' ||
      !HEX64.test(head.head)
    ) {
      return `heads[${index}] must be {caseId, seq, head}`;
    }
  }
  return {
    at,
    cases,
    root,
    ...(keyId !== undefined ? { keyId } : {}),
    ...(signature !== undefined ? { signature } : {}),
    heads: (heads as Record<string, unknown>[]).map((head) => ({
      caseId: head.caseId as string,
      seq: head.seq as number,
      head: head.head as string,
    })),
  };
}

interface CaseState {
  nextSeq: number;
  prevHash: string;
  entries: number;
  /** Entries that came before the one the chain needs next. */
  pending: Map<number, HistoryEntryView>;
  broken: { brokenAt: number; reason: string } | null;
  /** The digest's head for this case, and what the chain had at that seq. */
  anchor: ChainHead | null;
  atAnchor: ChainAtSeq | null;
}

/** Feeds entries in any order of cases; each case's entries may come in any order too. */
export class ChainSetVerifier {
  private readonly states = new Map<string, CaseState>();
  private readonly anchors = new Map<string, ChainHead>();
  private count = 0;

  constructor(private readonly digest?: ChainDigest) {
    for (const head of digest?.heads ?? []) this.anchors.set(head.caseId, head);
  }

  add(entry: HistoryEntryView): void {
    this.count += 1;
    let state = this.states.get(entry.caseId);
    if (!state) {
      state = {
        nextSeq: 1,
        prevHash: GENESIS_HASH,
        entries: 0,
        pending: new Map(),
        broken: null,
        anchor: this.anchors.get(entry.caseId) ?? null,
        atAnchor: null,
      };
      this.states.set(entry.caseId, state);
    }
    state.entries += 1;
    if (state.broken) return;
    if (entry.seq < state.nextSeq || state.pending.has(entry.seq)) {
      this.breakAt(state, entry.seq, `entry ${entry.seq} appears more than once`);
      return;
    }
    state.pending.set(entry.seq, entry);
    for (
      let next = state.pending.get(state.nextSeq);
      next;
      next = state.pending.get(state.nextSeq)
    ) {
      state.pending.delete(next.seq);
      if (next.prevHash !== state.prevHash) {
        this.breakAt(
          state,
          next.seq,
          `prevHash of entry ${next.seq} does not match the hash of the entry before it`,
        );
        return;
      }
      if (hashEntry(next) !== next.hash) {
        this.breakAt(
          state,
          next.seq,
          `entry ${next.seq} does not match its hash: its content was changed`,
        );
        return;
      }
      state.prevHash = next.hash;
      state.nextSeq += 1;
      if (state.anchor?.seq === next.seq) state.atAnchor = { kind: 'ok', hash: next.hash };
    }
  }

  private breakAt(state: CaseState, brokenAt: number, reason: string): void {
    state.broken = { brokenAt, reason };
    state.pending.clear();
    if (state.anchor && !state.atAnchor && brokenAt <= state.anchor.seq) {
      state.atAnchor = { kind: 'broken', brokenAt, reason };
    }
  }

  finish(lineProblems: readonly LineProblem[] = []): ExportVerification {
    const cases: CaseChainResult[] = [];
    for (const [caseId, state] of this.states) {
      if (!state.broken && state.pending.size > 0) {
        const found = Math.min(...state.pending.keys());
        this.breakAt(state, state.nextSeq, `entry ${state.nextSeq} is missing (found ${found})`);
      }
      cases.push(
        state.broken
          ? { caseId, valid: false, entries: state.entries, ...state.broken }
          : { caseId, valid: true, entries: state.entries, head: state.prevHash },
      );
    }
    cases.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
    const digest = this.digest ? this.verifyDigest(this.digest) : undefined;
    const valid =
      lineProblems.length === 0 && cases.every((result) => result.valid) && (digest?.valid ?? true);
    return {
      valid,
      entries: this.count,
      cases,
      lineProblems,
      ...(digest ? { digest } : {}),
    };
  }

  private verifyDigest(digest: ChainDigest): DigestVerification {
    const problems: DigestProblem[] = digestSelfProblems(digest);
    for (const head of digest.heads) {
      const state = this.states.get(head.caseId);
      const chain: ChainAtSeq = !state
        ? { kind: 'case-missing' }
        : (state.atAnchor ?? { kind: 'entry-missing', lastSeq: state.nextSeq - 1 });
      const problem = headProblem(head, chain);
      if (problem) problems.push(problem);
    }
    return { valid: problems.length === 0, checked: digest.heads.length, signed: false, problems };
  }
}

/**
 * The signature problems of a digest for a public key the verifier trusts (none when the
 * signature is valid): unsigned, signed by another key, or altered since it was signed.
 */
export function digestSignatureProblems(
  digest: ChainDigest,
  publicKey: KeyObject,
): DigestProblem[] {
  const keyId = keyIdOf(publicKey);
  if (digest.signature === undefined || digest.keyId === undefined) {
    return [{ code: 'SIGNATURE_INVALID', reason: 'the digest is not signed' }];
  }
  if (digest.keyId !== keyId) {
    return [
      {
        code: 'KEY_UNKNOWN',
        reason: `the digest was signed by the key ${digest.keyId}, not by the given key ${keyId}`,
      },
    ];
  }
  const fields = { at: digest.at, cases: digest.cases, root: digest.root, keyId };
  return digestSignatureValid(fields, digest.signature, publicKey)
    ? []
    : [
        {
          code: 'SIGNATURE_INVALID',
          reason: 'the signature does not match the digest: it was altered',
        },
      ];
}

/** Adds the signature check to a verification (the digest's result and the overall one). */
export function withSignatureCheck(
  result: ExportVerification,
  digest: ChainDigest,
  publicKey: KeyObject,
): ExportVerification {
  const signatureProblems = digestSignatureProblems(digest, publicKey);
  const checked = result.digest ?? {
    valid: true,
    checked: 0,
    signed: false,
    problems: [],
  };
  const combined: DigestVerification = {
    valid: checked.valid && signatureProblems.length === 0,
    checked: checked.checked,
    signed: signatureProblems.length === 0,
    problems: [...signatureProblems, ...checked.problems],
  };
  return { ...result, valid: result.valid && combined.valid, digest: combined };
}

/** Verifies the lines of an NDJSON export as they come (blank lines are ignored). */
export async function verifyExportLines(
  lines: AsyncIterable<string>,
  digest?: ChainDigest,
): Promise<ExportVerification> {
  const verifier = new ChainSetVerifier(digest);
  const lineProblems: LineProblem[] = [];
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      lineProblems.push({ line: number, reason: 'the line is not valid JSON' });
      continue;
    }
    const entry = parseHistoryEntry(value);
    if (typeof entry === 'string') lineProblems.push({ line: number, reason: entry });
    else verifier.add(entry);
  }
  return verifier.finish(lineProblems);
}
