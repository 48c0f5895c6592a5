/**
 * Chain-head anchoring. A digest is the list of every case's chain head `(caseId, seq, head)` at
 * one moment, summed up by a Merkle root, to be kept outside the system (printed, mailed, signed,
 * timestamped). Later, anyone can check that every chain still has that hash at that seq, and
 * that the root still recomputes: nothing recorded before the digest was changed.
 *
 * Construction of `root` (SHA-256 everywhere, hex digests, lowercase):
 * - leaves: `sha256_hex(JCS({caseId, seq, head}))`, in ascending order of `caseId` (code units);
 * - a level's nodes are paired left to right, each pair giving `sha256_hex(left + right)` (the
 *   two 64-character hex strings concatenated); an odd last node goes up unchanged;
 * - the root is the single node left; a digest with no case has `sha256_hex("")`.
 */
import { canonicalJson, sha256Hex } from '../common/canonical-json.js';

/**
 * The most heads a digest sent to POST /api/audit/digest/verify may list (more: 400
 * VALIDATION_FAILED on `heads`). Far above any realistic number of cases for one body limit.
 */
export const MAX_DIGEST_HEADS = 100_000;

export interface ChainHead {
  readonly caseId: string;
  readonly seq: number;
  readonly head: string;
}

export interface ChainDigest {
  /** When the heads were read (ISO 8601). */
  readonly at: string;
  readonly cases: number;
  readonly heads: readonly ChainHead[];
  readonly root: string;
  /** The signing key's id (see signing-key.ts); absent from an unsigned digest. */
  readonly keyId?: string;
  /** Ed25519 signature (base64) of the signed bytes (see signing-key.ts). */
  readonly signature?: string;
}

export type DigestProblemCode =
  | 'SIGNATURE_INVALID'
  | 'KEY_UNKNOWN'
  | 'ROOT_MISMATCH'
  | 'COUNT_MISMATCH'
  | 'DUPLICATE_CASE'
  | 'CASE_MISSING'
  | 'ENTRY_MISSING'
  | 'HEAD_CHANGED'
  | 'CHAIN_BROKEN';

export interface DigestProblem {
  readonly code: DigestProblemCode;
  readonly caseId?: string;
  readonly seq?: number;
  readonly reason: string;
}

export interface DigestVerification {
  readonly valid: boolean;
  /** How many heads of the digest were checked against the chains. */
  readonly checked: number;
  /** Whether the digest carried a signature that was checked and is valid. */
  readonly signed: boolean;
  readonly problems: readonly DigestProblem[];
}

const byCaseId = (a: ChainHead, b: ChainHead): number =>
  a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;

export function leafHash(head: ChainHead): string {
  return sha256Hex(canonicalJson({ caseId: head.caseId, seq: head.seq, head: head.head }));
}

export function merkleRoot(heads: readonly ChainHead[]): string {
  let level = [...heads].sort(byCaseId).map(leafHash);
  if (level.length === 0) return sha256Hex('');
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as string;
      const right = level[i + 1];
      next.push(right === undefined ? left : sha256Hex(left + right));
    }
    level = next;
  }
  return level[0] as string;
}

export function buildDigest(at: string, heads: readonly ChainHead[]): ChainDigest {
  const sorted = [...heads].sort(byCaseId);
  return { at, cases: sorted.length, heads: sorted, root: merkleRoot(sorted) };
}

/** The checks on the digest document itself: its count, its case list and its root. */
export function digestSelfProblems(digest: ChainDigest): DigestProblem[] {
  const problems: DigestProblem[] = [];
  if (digest.cases !== digest.heads.length) {
    problems.push({
      code: 'COUNT_MISMATCH',
      reason: `the digest says ${digest.cases} cases but lists ${digest.heads.length} heads`,
    });
  }
  const seen = new Set<string>();
  for (const head of digest.heads) {
    if (seen.has(head.caseId)) {
      problems.push({
        code: 'DUPLICATE_CASE',
        caseId: head.caseId,
        reason: `case ${head.caseId} is listed more than once`,
      });
    }
    seen.add(head.caseId);
  }
  const root = merkleRoot(digest.heads);
  if (root !== digest.root) {
    problems.push({
      code: 'ROOT_MISMATCH',
      reason: `the heads give the root ${root}, not the digest's ${digest.root}: the digest document was altered`,
    });
  }
  return problems;
}

/** What a case's chain says at the digest's seq: compared with the digest's head. */
export type ChainAtSeq =
  | { readonly kind: 'case-missing' }
  | { readonly kind: 'entry-missing'; readonly lastSeq: number }
  | { readonly kind: 'broken'; readonly brokenAt: number; readonly reason: string }
  | { readonly kind: 'ok'; readonly hash: string };

export function headProblem(head: ChainHead, chain: ChainAtSeq): DigestProblem | null {
  const { caseId, seq } = head;
  switch (chain.kind) {
    case 'case-missing':
      return { code: 'CASE_MISSING', caseId, seq, reason: `case ${caseId} has no history` };
    case 'entry-missing':
      return {
        code: 'ENTRY_MISSING',
        caseId,
        seq,
        reason: `case ${caseId} has no entry ${seq} (its history ends at ${chain.lastSeq})`,
      };
    case 'broken':
      return {
        code: 'CHAIN_BROKEN',
        caseId,
        seq: chain.brokenAt,
        reason: `case ${caseId}: ${chain.reason}`,
      };
    case 'ok':
      return chain.hash === head.head
        ? null
        : {
            code: 'HEAD_CHANGED',
            caseId,
            seq,
            reason: `entry ${seq} of case ${caseId} now has the hash ${chain.hash}, not ${head.head}`,
          };
  }
}
