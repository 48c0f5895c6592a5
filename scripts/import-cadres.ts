/**
 * Checks a cadre sheet, or sends it to a running service (see src/service/cadres/import/import-cli.ts):
 *   CADREFLOW_TOKEN=… npm run import:cadres -- cadres.xlsx --url http://localhost:3000 --dry-run
 */
import { runImportCli } from '../src/service/cadres/import/import-cli.js';

process.exitCode = await runImportCli(
  process.argv.slice(2),
  process.env,
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
);
