/**
 * `npx cadreflow …` (package.json `bin`, built to dist/scripts/cli.js): the administrator's
 * command line over a running service. The service's URL and a token come from the environment
 * (CADREFLOW_URL, default http://localhost:3000; CADREFLOW_TOKEN), never from the arguments, so
 * a token does not land in the shell's history or the process list.
 *
 *   cadreflow workflows validate FILE.yaml    every problem, located; exit 1 when invalid
 *   cadreflow workflows publish FILE.yaml     {key, version, created}
 *   cadreflow export [--from=ISO] [--to=ISO] [--out=FILE]   NDJSON of the history, progress on stderr
 *   cadreflow verify EXPORT.ndjson [--digest FILE [--public-key FILE]]   offline, no service
 *   cadreflow cadres import FILE.xlsx|.csv [--dry-run]
 *   cadreflow digest [--out=FILE]             the signed digest of every chain head
 *
 * Exit codes: 0 done; 1 the service or the verifier found problems (invalid definition, import
 * problems, broken chain); 2 usage (unknown command, unreadable file, no token); 3 the service
 * refused or could not be reached (its answer on stderr).
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { runVerifyCli } from '../audit/verify-cli.js';
import { runImportCli, type Fetch } from '../cadres/import/import-cli.js';

export interface CliIo {
  /** One line of the command's result (stdout). */
  readonly out: (line: string) => void;
  /** Progress and errors (stderr). */
  readonly err: (line: string) => void;
}

const USAGE = [
  'usage: cadreflow <command> … (CADREFLOW_URL, CADREFLOW_TOKEN from the environment)',
  '  workflows validate FILE.yaml | workflows publish FILE.yaml',
  '  export [--from=ISO] [--to=ISO] [--out=FILE]',
  '  verify EXPORT.ndjson [--digest FILE [--public-key FILE]] [--quiet]',
  '  cadres import FILE.xlsx|FILE.csv [--dry-run]',
  '  digest [--out=FILE]',
].join('\n');

const option = (argv: readonly string[], name: string): string | undefined =>
  argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);

export async function runAdminCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  fetchImpl: Fetch = fetch,
): Promise<number> {
  const [command, ...rest] = argv;
  const base = (env.CADREFLOW_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const token = env.CADREFLOW_TOKEN;
  if (command === 'verify') return runVerifyCli(rest, io.out, io.err);
  if (command === 'cadres' && rest[0] === 'import') {
    const hasUrl = rest.some((argument) => argument === '--url' || argument.startsWith('--url='));
    return runImportCli(
      hasUrl ? rest.slice(1) : [...rest.slice(1), '--url', base],
      env,
      io.out,
      io.err,
      fetchImpl,
    );
  }
  const known =
    (command === 'workflows' && (rest[0] === 'validate' || rest[0] === 'publish')) ||
    command === 'export' ||
    command === 'digest';
  if (!known) {
    io.err(USAGE);
    return 2;
  }
  if (!token) {
    io.err('CADREFLOW_TOKEN is not set: export an admin (or auditor) token first');
    return 2;
  }
  const call = async (path: string, init: RequestInit = {}): Promise<Response | number> => {
    try {
      const response = await fetchImpl(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
      });
      if (
        response.status >= 400 &&
        !(path === '/api/workflows/validate' && response.status === 400)
      ) {
        io.err(`${response.status} ${await response.text()}`);
        return 3;
      }
      return response;
    } catch (error) {
      io.err(`cannot reach ${base}: ${(error as Error).message}`);
      return 3;
    }
  };

  if (command === 'workflows') {
    const file = rest[1];
    if (!file) {
      io.err(USAGE);
      return 2;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (error) {
      io.err(`cannot read ${file}: ${(error as Error).message}`);
      return 2;
    }
    const type = /\.json$/i.test(file) ? 'application/json' : 'application/yaml';
    const path = rest[0] === 'validate' ? '/api/workflows/validate' : '/api/workflows';
    const answer = await call(path, { method: 'POST', body, headers: { 'content-type': type } });
    if (typeof answer === 'number') return answer;
    const result = (await answer.json()) as { valid?: boolean; problems?: unknown[] } & Record<
      string,
      unknown
    >;
    if (rest[0] === 'validate') {
      for (const problem of result.problems ?? []) io.out(JSON.stringify(problem));
      io.out(
        result.valid ? `${file}: valid` : `${file}: ${result.problems?.length ?? 0} problem(s)`,
      );
      return result.valid ? 0 : 1;
    }
    io.out(JSON.stringify({ ...result, created: answer.status === 201 }));
    return 0;
  }

  const target = option(rest, 'out');
  const sink = target ? createWriteStream(target) : undefined;
  const write = (chunk: string) => (sink ? sink.write(chunk) : io.out(chunk.replace(/\n$/, '')));
  try {
    if (command === 'digest') {
      const answer = await call('/api/audit/digest');
      if (typeof answer === 'number') return answer;
      write(`${await answer.text()}\n`);
      return 0;
    }
    const query = new URLSearchParams({ format: 'ndjson' });
    for (const name of ['from', 'to']) {
      const value = option(rest, name);
      if (value) query.set(name, value);
    }
    const answer = await call(`/api/audit/transitions?${query.toString()}`);
    if (typeof answer === 'number') return answer;
    let lines = 0;
    let pending = '';
    const decoder = new TextDecoder();
    for await (const chunk of answer.body ?? []) {
      pending += decoder.decode(chunk as Uint8Array, { stream: true });
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) continue;
      const complete = pending.slice(0, cut + 1);
      pending = pending.slice(cut + 1);
      write(complete);
      const before = lines;
      lines += complete.split('\n').length - 1;
      if (Math.floor(lines / 10_000) > Math.floor(before / 10_000))
        io.err(`exported ${lines} entries…`);
    }
    if (pending !== '') {
      write(`${pending}\n`);
      lines += 1;
    }
    io.err(`exported ${lines} entries`);
    return 0;
  } finally {
    if (sink) await new Promise<void>((resolve) => sink.end(resolve));
  }
}
