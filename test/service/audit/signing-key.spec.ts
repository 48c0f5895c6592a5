import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  defaultSigningKeyFile,
  loadOrCreateSigningKey,
} from '../../../src/service/audit/signing-key.js';

describe('the digest signing key file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cadreflow-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is created once, mode 0600, even when several processes start at the same time', async () => {
    const path = join(dir, 'nested', 'signing-key.pem');
    const loads = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSigningKey(path)));
    expect(new Set(loads.map((load) => load.key.keyId)).size).toBe(1);
    expect(loads.filter((load) => load.created)).toHaveLength(1);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    // No temporary file is left behind.
    expect(await readdir(join(dir, 'nested'))).toEqual(['signing-key.pem']);
    const again = await loadOrCreateSigningKey(path);
    expect(again).toMatchObject({ created: false, key: { keyId: loads[0]?.key.keyId } });
  });

  it('defaults to the SQLite file directory, or data/ for PostgreSQL', () => {
    expect(defaultSigningKeyFile('sqlite:/srv/cadreflow/db.sqlite')).toBe(
      '/srv/cadreflow/signing-key.pem',
    );
    expect(defaultSigningKeyFile('postgres://u@h/db')).toBe(resolve('data', 'signing-key.pem'));
    expect(defaultSigningKeyFile('sqlite::memory:')).toBe(resolve('data', 'signing-key.pem'));
  });
});
