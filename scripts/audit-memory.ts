/**
 * Measures the memory of a streamed history export (GET /api/audit/transitions?format=ndjson):
 *   npm run audit:memory [-- --entries 100000 --per-case 10 --database-url <an EMPTY database>]
 * A child process seeds valid chains with bulk INSERTs (SQLite in a temp directory by default),
 * so that this process starts measuring from a clean baseline. It then downloads the export over
 * real HTTP into a file (with backpressure), samples RSS and heap every 20 ms (and the live heap,
 * after a forced GC, every 200 ms), and checks the file with the offline verifier. Server and
 * client share this process: the figures are an upper bound for the server.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { verifyExportLines } from '../src/service/audit/export-verifier.js';
import { createApp } from '../src/service/bootstrap.js';
import { seedHistory } from './lib/seed-history.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '100000' },
    'per-case': { type: 'string', default: '10' },
    'database-url': { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
  },
});
const entries = Number(values.entries);
const perCase = Number(values['per-case']);
if (!Number.isInteger(entries) || !Number.isInteger(perCase) || entries % perCase !== 0) {
  throw new Error('--entries must be a multiple of --per-case');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const snapshot = () => {
  gc();
  return process.memoryUsage();
};

async function seed(databaseUrl: string, adminToken: string): Promise<void> {
  const app = await createApp({ databaseUrl, adminToken, logger: ['warn', 'error', 'fatal'] });
  try {
    await app.init();
    const started = Date.now();
    await seedHistory(app.get(DataSource), {
      cases: entries / perCase,
      entriesPerCase: perCase,
      actorId: '00000000-0000-4000-8000-000000000001',
      casesPerTransaction: 500,
    });
    console.log(
      `seeded ${entries} entries (${entries / perCase} cases) in ${Date.now() - started} ms`,
    );
  } finally {
    await app.close();
  }
}

if (values['seed-only']) {
  await seed(values['database-url'] as string, process.env.ADMIN_TOKEN as string);
  process.exit(0);
}

const dir = await mkdtemp(join(tmpdir(), 'cadreflow-audit-memory-'));
const databaseUrl = values['database-url'] ?? `sqlite:${join(dir, 'cadreflow.sqlite')}`;
const adminToken = `cf_memory_${randomBytes(24).toString('base64url')}`;
execFileSync(
  process.execPath,
  [
    process.argv[1] as string,
    '--seed-only',
    '--entries',
    String(entries),
    '--per-case',
    String(perCase),
    '--database-url',
    databaseUrl,
  ],
  { stdio: 'inherit', env: { ...process.env, ADMIN_TOKEN: adminToken } },
);
const app = await createApp({ databaseUrl, adminToken, logger: ['warn', 'error', 'fatal'] });
try {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api`;
  const auditor = (await (
    await fetch(`${base}/principals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'memory auditor', roles: ['auditor'] }),
    })
  ).json()) as { token: string };

  const before = snapshot();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let peakLive = before.heapUsed;
  let samples = 0;
  const sampler = setInterval(() => {
    samples += 1;
    if (samples % 10 === 0) gc();
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
    if (samples % 10 === 0) peakLive = Math.max(peakLive, now.heapUsed);
  }, 20);

  const file = join(dir, 'export.ndjson');
  let started = Date.now();
  await new Promise<void>((resolve, reject) => {
    get(
      `${base}/audit/transitions?format=ndjson`,
      { headers: { authorization: `Bearer ${auditor.token}` } },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`export: HTTP ${response.statusCode}`));
        pipeline(response, createWriteStream(file)).then(resolve, reject);
      },
    ).on('error', reject);
  });
  const exportMs = Date.now() - started;
  clearInterval(sampler);
  const after = snapshot();
  const size = (await stat(file)).size;

  started = Date.now();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const verification = await verifyExportLines(lines);
  const verifyMs = Date.now() - started;

  console.log(`database: ${databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite'}`);
  console.log(`export: ${entries} entries, ${mb(size)} of NDJSON in ${exportMs} ms`);
  console.log(`            rss        heapUsed`);
  console.log(`before      ${mb(before.rss).padEnd(11)}${mb(before.heapUsed)}`);
  console.log(`peak        ${mb(peakRss).padEnd(11)}${mb(peakHeap)}`);
  console.log(`live peak              ${mb(peakLive)} (heap right after a GC)`);
  console.log(`after (gc)  ${mb(after.rss).padEnd(11)}${mb(after.heapUsed)}`);
  console.log(
    `growth during the export: rss +${mb(peakRss - before.rss)}, heap +${mb(peakHeap - before.heapUsed)}, ` +
      `live heap +${mb(peakLive - before.heapUsed)} ` +
      `(the export itself is ${mb(size)})`,
  );
  console.log(
    `offline verifier: ${verification.valid ? 'VALID' : 'INVALID'}, ${verification.entries} entries, ` +
      `${verification.cases.length} chains, in ${verifyMs} ms`,
  );
  if (!verification.valid || verification.entries !== entries) process.exitCode = 1;
} finally {
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
