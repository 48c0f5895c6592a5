import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/service-process.js';

const root = process.cwd();
const entry = join(root, 'dist/src/main.js');
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[`);

/** Runs the built service until it answers, makes one request, stops it with SIGTERM. */
const runService = async (
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number | null; signal: string | null }> => {
  const folder = mkdtempSync(join(tmpdir(), 'cadreflow-logs-'));
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(folder, 'logs.sqlite')}`,
      ADMIN_TOKEN: 'cf_log_probe_token_0123456789',
      SIGNING_KEY_FILE: join(folder, 'signing.key'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const started = Date.now();
    for (;;) {
      if (Date.now() - started > 60_000) throw new Error(`no answer in 60 s:\n${stdout}${stderr}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (response.status === 200) break;
      } catch {
        // not yet listening
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, string | null];
    return { stdout, stderr, code, signal };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
};

describe('the service process logs', () => {
  it('writes only JSON lines in the request log shape, says where it listens and that it shuts down, and no colours', async () => {
    const { stdout, code, signal } = await runService({ LOG_FORMAT: 'json', LOG_LEVEL: 'log' });
    // Nest closes the application, then re-raises the signal: the usual end of a process on SIGTERM.
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(3);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of parsed) {
      expect(typeof line.level).toBe('number');
      expect(typeof line.time).toBe('number');
      expect(typeof line.msg).toBe('string');
    }
    const messages = parsed.map((line) => String(line.msg));
    expect(messages.some((msg) => /listens on http:\/\/127\.0\.0\.1:\d+\/api/.test(msg))).toBe(
      true,
    );
    expect(messages.some((msg) => msg.startsWith('shutting down on SIGTERM'))).toBe(true);
    // Application lines and request lines share the shape; the request log has its ids.
    expect(parsed.some((line) => line.context === 'Main')).toBe(true);
    expect(parsed.some((line) => typeof line.reqId === 'string')).toBe(true);
    expect(stdout).not.toMatch(ANSI);
    expect(stdout).not.toContain('cf_log_probe_token');
  });

  it('writes readable lines with LOG_FORMAT=pretty, without colours when not on a terminal', async () => {
    const { stdout, signal } = await runService({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'log' });
    expect(signal).toBe('SIGTERM');
    expect(stdout).toMatch(/INFO.*\[Main\] cadreflow listens on http:\/\/127\.0\.0\.1:\d+\/api/);
    expect(stdout).not.toMatch(ANSI);
    expect(stdout.split('\n').filter((line) => line.startsWith('{'))).toEqual([]);
  });
});
