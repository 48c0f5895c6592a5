#!/usr/bin/env node
/** `npx cadreflow …`: see src/service/cli/admin-cli.ts (after `npm run build`). */
import { runAdminCli } from '../src/service/cli/admin-cli.js';

process.exitCode = await runAdminCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
