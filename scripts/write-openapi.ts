/**
 * Writes the OpenAPI document the service serves at /api/docs-json to a file (default
 * `build/openapi.json`), from an application started in-process on a throw-away SQLite file.
 * `npm run api:check` lints it (Redocly), generates types from it (openapi-typescript) and
 * type-checks the client in test/api-client against them.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp } from '../src/service/bootstrap.js';

const target = process.argv[2] ?? 'build/openapi.json';
const folder = mkdtempSync(join(tmpdir(), 'cadreflow-openapi-'));
// The app makes a signing key at start when none exists: a throw-away one, beside the database.
process.env.SIGNING_KEY_FILE = join(folder, 'signing.key');
try {
  const app = await createApp({
    databaseUrl: `sqlite:${join(folder, 'openapi.sqlite')}`,
    adminToken: randomBytes(24).toString('base64url'),
    logger: false,
    requestLog: { level: false },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const response = await app.inject({ method: 'GET', url: '/api/docs-json' });
  if (response.statusCode !== 200)
    throw new Error(`GET /api/docs-json answered ${response.statusCode}`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(JSON.parse(response.body), null, 2)}\n`);
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
