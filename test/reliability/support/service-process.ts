/**
 * The real service in a child process: `node dist/src/main.js` (built by the tier's globalSetup)
 * on a given database, killed with SIGKILL and restarted on the same database and port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const entry = join(root, 'dist', 'src', 'main.js');
const shiftClock = join(import.meta.dirname, 'shift-clock.js');

export const DAY_MS = 86_400_000;

/** A port nobody listens on now (the OS picks it). */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
};

export interface ServiceOptions {
  databaseUrl: string;
  adminToken: string;
  /** DEADLINE_POLL_MS: 0 turns the scheduler off in this process. */
  deadlinePollMs: number;
  /** Moves the process's wall clock forward (see shift-clock.js). */
  clockShiftMs?: number;
  port?: number;
  /** More of the service's environment (AUTH_FAILURES_PER_MINUTE, BODY_LIMIT_BYTES…). */
  env?: Readonly<Record<string, string>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One service process at a time on a fixed port: start, kill -9, start again. */
export class ServiceProcess {
  readonly port: number;
  readonly baseUrl: string;
  private child: ChildProcess | undefined;
  private output = '';
  /** How many times the process was started and killed with SIGKILL. */
  starts = 0;
  kills = 0;

  private constructor(
    private readonly options: ServiceOptions,
    port: number,
  ) {
    this.port = port;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  static async create(options: ServiceOptions): Promise<ServiceProcess> {
    return new ServiceProcess(options, options.port ?? (await freePort()));
  }

  /** Starts the service and waits until `/api/health` answers 200. */
  async start(overrides: Partial<Pick<ServiceOptions, 'clockShiftMs' | 'deadlinePollMs'>> = {}) {
    const child = this.spawn(overrides);
    const started = Date.now();
    while (Date.now() - started < 60_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = undefined;
        throw new Error(`the service exited during start:\n${this.output}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}/api/health`, {
          signal: AbortSignal.timeout(2000),
        });
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    await this.kill();
    throw new Error(`the service did not answer /api/health within 60 s:\n${this.output}`);
  }

  /** Starts the process without waiting for it (to kill it at a moment the test chooses). */
  spawn(overrides: Partial<Pick<ServiceOptions, 'clockShiftMs' | 'deadlinePollMs'>> = {}) {
    if (this.child) throw new Error('the service is already running');
    const options = { ...this.options, ...overrides };
    this.output = '';
    const child = spawn(process.execPath, ['--import', shiftClock, entry], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: options.databaseUrl,
        ADMIN_TOKEN: options.adminToken,
        DEADLINE_POLL_MS: String(options.deadlinePollMs),
        LOG_LEVEL: 'warn',
        RELIABILITY_CLOCK_SHIFT_MS: String(options.clockShiftMs ?? 0),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    const keep = (chunk: Buffer) => {
      // The tail is enough to explain a failed start.
      this.output = (this.output + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return child;
  }

  /** `kill -9`: no shutdown hook, no flush — whatever was not committed is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    this.kills += 1;
  }

  /** A clean stop (SIGTERM: Nest's shutdown hooks run), for the end of a test. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** The service's recent stdout/stderr (warnings and errors), for failure messages. */
  log(): string {
    return this.output;
  }
}
