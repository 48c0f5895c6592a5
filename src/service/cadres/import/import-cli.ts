/**
 * `npm run import:cadres -- <file.xlsx|file.csv> [--url http://host:3000] [--dry-run] [--lang vi|en] [--json]`
 *
 * With `--url`, sends the file to `POST <url>/api/cadres/import` (`?dryRun=true` with
 * `--dry-run`) with the token in the environment variable CADREFLOW_TOKEN, and prints the answer.
 * Without `--url`, or when the service has no import route yet (404), checks the file here and
 * prints its problems: nothing is written. Exit status: 0 clean (or imported), 1 problems or a
 * refusal, 2 usage or an unreadable file.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Language } from '../../common/language.js';
import { parseCadreSheet, type CadreSheetFormat, type ImportProblem } from './parse-cadre-sheet.js';
import { CadreSheetError, DEFAULT_SHEET_LIMITS } from './sheet-limits.js';

export const CADRE_SHEET_MEDIA_TYPES: Readonly<Record<CadreSheetFormat, string>> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const USAGE =
  'usage: import-cadres <file.xlsx|file.csv> [--url <service url>] [--dry-run] [--format csv|xlsx] [--lang vi|en] [--json]\n' +
  '  the token is read from the environment variable CADREFLOW_TOKEN';

interface CliArgs {
  readonly file: string;
  readonly url?: string;
  readonly dryRun: boolean;
  readonly format: CadreSheetFormat;
  readonly lang: Language;
  readonly json: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs | string {
  let file: string | undefined;
  let url: string | undefined;
  let format: string | undefined;
  let lang: string = 'vi';
  let dryRun = false;
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[i + 1];
      i += 1;
      return next;
    };
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--json') json = true;
    else if (arg === '--url') url = value();
    else if (arg === '--format') format = value();
    else if (arg === '--lang') lang = value() ?? '';
    else if (arg === '--help' || arg === '-h') return USAGE;
    else if (arg.startsWith('--')) return `unknown option ${arg}\n${USAGE}`;
    else if (file === undefined) file = arg;
    else return `one file at a time\n${USAGE}`;
  }
  if (file === undefined) return USAGE;
  const chosen = format ?? extname(file).slice(1).toLowerCase();
  if (chosen !== 'csv' && chosen !== 'xlsx') {
    return `cannot tell the format of ${file}: use --format csv|xlsx\n${USAGE}`;
  }
  if (lang !== 'vi' && lang !== 'en') return `--lang is vi or en\n${USAGE}`;
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) return `--url must be http(s)://…`;
  return { file, url, dryRun, format: chosen, lang, json };
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

function describeProblem(problem: ImportProblem, lang: Language): string {
  const where =
    problem.column === '' ? `row ${problem.row}` : `row ${problem.row}, ${problem.column}`;
  return `${where}: ${problem.code}: ${problem.message[lang]}`;
}

export async function runImportCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: (line: string) => void,
  err: (line: string) => void,
  fetchImpl: Fetch = fetch,
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err(args);
    return 2;
  }
  let bytes: Buffer;
  try {
    const { size } = await stat(args.file);
    if (size > DEFAULT_SHEET_LIMITS.maxBytes) {
      err(`${args.file}: ${size} bytes, more than the ${DEFAULT_SHEET_LIMITS.maxBytes} accepted`);
      return 2;
    }
    bytes = await readFile(args.file);
  } catch (error) {
    err(`cannot read ${args.file}: ${(error as Error).message}`);
    return 2;
  }

  if (args.url !== undefined) {
    const token = env['CADREFLOW_TOKEN'];
    if (token === undefined || token === '') {
      err('set CADREFLOW_TOKEN to the token of a principal allowed to import cadres');
      return 2;
    }
    const target = `${args.url.replace(/\/+$/, '')}/api/cadres/import${args.dryRun ? '?dryRun=true' : ''}`;
    err(`sending ${args.file} (${bytes.length} bytes) to ${target}…`);
    let response: Response;
    try {
      response = await fetchImpl(target, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': CADRE_SHEET_MEDIA_TYPES[args.format],
          'accept-language': args.lang,
        },
        body: bytes,
      });
    } catch (error) {
      err(`cannot reach ${args.url}: ${(error as Error).message}`);
      return 2;
    }
    if (response.status !== 404) {
      const text = await response.text();
      out(text);
      return response.ok ? 0 : 1;
    }
    err('the service has no import route yet (404): checking the file here, nothing is written');
  }

  err(`reading ${args.file}…`);
  try {
    const result = await parseCadreSheet(bytes, args.format, {
      onProgress: (done, total) => {
        if (total >= 1_000) err(`rows checked: ${done}/${total}`);
      },
    });
    if (args.json) {
      out(JSON.stringify({ rows: result.rows.length, problems: result.problems }, null, 2));
    } else {
      for (const problem of result.problems) out(describeProblem(problem, args.lang));
      out(
        args.lang === 'vi'
          ? `${result.rowCount} dòng, ${result.rows.length} hợp lệ, ${result.problems.length} lỗi`
          : `${result.rowCount} rows, ${result.rows.length} valid, ${result.problems.length} problems`,
      );
    }
    return result.problems.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof CadreSheetError) {
      err(`${error.code} (${error.httpStatus}): ${error.texts[args.lang]}`);
      return 2;
    }
    throw error;
  }
}
