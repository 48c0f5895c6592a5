/**
 * `npm run verify -- <export.ndjson> [--digest <digest.json> [--public-key <key.pem>]] [--quiet]`:
 * checks an NDJSON export of GET /api/audit/transitions offline, with no database. With
 * `--public-key` (the PEM of GET /api/audit/public-key, kept apart from the service) the digest
 * must carry a valid signature by that key. Exit code 0 only when every chain (and the digest,
 * and its signature, if given) verifies; 1 when something does not; 2 on a usage or file error.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { KeyObject } from 'node:crypto';
import type { ChainDigest } from './chain-digest.js';
import {
  parseDigest,
  verifyExportLines,
  withSignatureCheck,
  type ExportVerification,
} from './export-verifier.js';
import { keyIdOf, parsePublicKey } from './signing-key.js';

const USAGE =
  'usage: npm run verify -- <export.ndjson> [--digest <digest.json> [--public-key <key.pem>]] [--quiet]';

interface CliArguments {
  exportPath: string;
  digestPath?: string;
  publicKeyPath?: string;
  quiet: boolean;
}

function parseArguments(args: readonly string[]): CliArguments | string {
  let exportPath: string | undefined;
  let digestPath: string | undefined;
  let publicKeyPath: string | undefined;
  let quiet = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--digest') {
      digestPath = args[i + 1];
      if (digestPath === undefined) return '--digest needs a file';
      i += 1;
    } else if (arg === '--public-key') {
      publicKeyPath = args[i + 1];
      if (publicKeyPath === undefined) return '--public-key needs a file';
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
  if (publicKeyPath !== undefined && digestPath === undefined) {
    return '--public-key checks the signature of a digest: give --digest too';
  }
  return {
    exportPath,
    quiet,
    ...(digestPath !== undefined ? { digestPath } : {}),
    ...(publicKeyPath !== undefined ? { publicKeyPath } : {}),
  };
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

async function readPublicKey(path: string): Promise<KeyObject | string> {
  try {
    return parsePublicKey(await readFile(path, 'utf8'));
  } catch (error) {
    return `cannot read the public key ${path}: ${(error as Error).message}`;
  }
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
    print(
      result.digest.signed
        ? 'signature: valid'
        : 'signature: not checked as valid (give --public-key to check it)',
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
  let publicKey: KeyObject | undefined;
  if (parsed.publicKeyPath !== undefined) {
    const read = await readPublicKey(parsed.publicKeyPath);
    if (typeof read === 'string') {
      printError(read);
      return 2;
    }
    publicKey = read;
    if (!parsed.quiet) print(`public key ${keyIdOf(publicKey)}`);
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
  if (digest && publicKey) result = withSignatureCheck(result, digest, publicKey);
  report(result, parsed.quiet, print);
  return result.valid ? 0 : 1;
}
