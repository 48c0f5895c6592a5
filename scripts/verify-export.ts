/**
 * The offline verifier of an NDJSON history export (see src/service/audit/verify-cli.ts):
 *   npm run verify -- export.ndjson [--digest digest.json [--public-key key.pem]] [--quiet]
 */
import { runVerifyCli } from '../src/service/audit/verify-cli.js';

process.exitCode = await runVerifyCli(
  process.argv.slice(2),
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
);
