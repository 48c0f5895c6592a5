/**
 * Moved: canonical JSON and SHA-256 live in common/canonical-json.ts, the history's chain in
 * history/chain.ts. Kept only for src/service/workflows, whose import moves with its own change.
 */
export { canonicalJson, sha256Hex } from '../common/canonical-json.js';
