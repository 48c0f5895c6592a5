/**
 * `npm run verify -- <export.ndjson> [--digest <digest.json>] [--quiet]`: checks an NDJSON export
 * of GET /api/audit/transitions offline, with no database. Exit code 0 only when every chain
 * (and the digest, if given) verifies; 1 when something does not; 2 on a usage or file error.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ChainDigest } from './chain-digest.js';
import { parseDigest, verifyExportLines, type ExportVerification } from './export-verifier.js';

const USAGE = 'usage: npm run verify -- <export.ndjson> [--digest <digest.json>] [--quiet]';

interface CliArguments {
  exportPath: string;
  digestPath?: string;
  quiet: boolean;
}

function parseArguments(args: readonly string[]): CliArguments | string {
  let exportPath: string | undefined;
  let digestPath: string | undefined;
  let quiet = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--digest') {
      digestPath = args[i + 1];
      if (digestPath === undefined) return '--digest needs a file';
      i += 1;
    } else if (arg === '--quiet') {
      quiet = true;
    } else if (arg.startsWith('-')) {
      return `unknown option ${arg}`;
    } else if (exportPath === undefined) {
      exportPath = arg;
    } else {
      return `unexpected argument ${arg}`;
    }
  }
  if (exportPath === undefined) return 'the export file is missing';
  return { exportPath, quiet, ...(digestPath !== undefined ? { digestPath } : {}) };
}

async function readDigest(path: string): Promise<ChainDigest | string> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return `cannot read the digest ${path}: ${(error as Error).message}`;
  }
  const digest = parseDigest(value);
  return typeof digest === 'string' ? `${path} is not a digest: ${digest}` : digest;
}

function report(result: ExportVerification, quiet: boolean, print: (line: string) => void): void {
  for (const problem of result.lineProblems) {
    print(`BAD LINE ${problem.line}: ${problem.reason}`);
  }
  for (const chain of result.cases) {
    if (chain.valid) {
      if (!quiet) print(`ok      ${chain.caseId}  ${chain.entries} entries  head ${chain.head}`);
    } else {
      print(`BROKEN  ${chain.caseId}  at entry ${chain.brokenAt}: ${chain.reason}`);
    }
  }
  const broken = result.cases.filter((chain) => !chain.valid).length;
  print(
    `chains: ${result.cases.length - broken} of ${result.cases.length} cases valid, ` +
      `${result.entries} entries` +
      (result.lineProblems.length > 0 ? `, ${result.lineProblems.length} bad lines` : ''),
  );
  if (result.digest) {
    for (const problem of result.digest.problems)
      print(`DIGEST  ${problem.code}: ${problem.reason}`);
    print(
      `digest: ${result.digest.valid ? 'valid' : 'INVALID'}, ${result.digest.checked} heads checked`,
    );
  }
  print(result.valid ? 'RESULT: VALID' : 'RESULT: INVALID');
}

/** Runs the verifier; returns the exit code. */
export async function runVerifyCli(
  args: readonly string[],
  print: (line: string) => void,
  printError: (line: string) => void,
): Promise<number> {
  const parsed = parseArguments(args);
  if (typeof parsed === 'string') {
    printError(`${parsed}\n${USAGE}`);
    return 2;
  }
  let digest: ChainDigest | undefined;
  if (parsed.digestPath !== undefined) {
    const read = await readDigest(parsed.digestPath);
    if (typeof read === 'string') {
      printError(read);
      return 2;
    }
    digest = read;
  }
  const input = createReadStream(parsed.exportPath, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let result: ExportVerification;
  try {
    result = await verifyExportLines(lines, digest);
  } catch (error) {
    printError(`cannot read the export ${parsed.exportPath}: ${(error as Error).message}`);
    return 2;
  } finally {
    lines.close();
    input.destroy();
  }
  report(result, parsed.quiet, print);
  return result.valid ? 0 : 1;
}
