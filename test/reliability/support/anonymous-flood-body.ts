/**
 * Issue 11, item 2: anonymous requests must not burn the CPU. 8 concurrent unauthenticated
 * `POST /api/cases/{id}/events` with a 1 MB body `[[],[],…]` each used to be parsed and walked
 * before their 401 (1.1–1.6 s each) while `/api/health` waited 8 s. The service now answers them
 * before reading the body. The failure limiter is off and the body limit above 1 MB here, so
 * that the only defence measured is authentication before the body.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createThrowawayDatabase,
  type DatabaseUnderTest,
  type ThrowawayDatabase,
} from '../../support/throwaway-database.js';
import { ServiceProcess } from './service-process.js';

const FLOOD_WIDTH = 8;
const ROUNDS = 10;
const HEALTH_BOUND_MS = 200;
/** What every probe waited before authentication came before the body. */
const PRE_FIX_PROBE_MS = 8_000;

/** `[[],[],…]`, about 1 MB. */
const floodBody = (): string => `[${'[],'.repeat(349_525)}[]]`;

export const anonymousFloodSpecs = (database: DatabaseUnderTest): void => {
  let throwaway: ThrowawayDatabase;
  let service: ServiceProcess;

  beforeAll(async () => {
    throwaway = await createThrowawayDatabase(database);
    service = await ServiceProcess.create({
      databaseUrl: throwaway.url,
      adminToken: `cf_rel_${randomBytes(24).toString('base64url')}`,
      deadlinePollMs: 0,
      env: { AUTH_FAILURES_PER_MINUTE: '0', BODY_LIMIT_BYTES: String(2 * 1024 * 1024) },
    });
    await service.start();
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await throwaway?.drop();
  }, 60_000);

  it(`answers /api/health within ${HEALTH_BOUND_MS} ms under ${FLOOD_WIDTH} concurrent anonymous 1 MB bodies (${ROUNDS} rounds, ${database})`, async () => {
    const body = floodBody();
    expect(body.length).toBeGreaterThan(1_000_000);
    const url = `${service.baseUrl}/api/cases/${randomUUID()}/events`;
    const healthTimes: number[] = [];
    const statuses = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const flood = Array.from({ length: FLOOD_WIDTH }, () =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(30_000),
        }).then(
          async (response) => {
            await response.arrayBuffer();
            return String(response.status);
          },
          (error: Error) => `error ${error.message}`,
        ),
      );
      // Once the bodies are on their way (they took seconds to parse before the fix).
      await new Promise((resolve) => setTimeout(resolve, 25));
      const started = performance.now();
      const health = await fetch(`${service.baseUrl}/api/health`, {
        signal: AbortSignal.timeout(30_000),
      });
      await health.arrayBuffer();
      healthTimes.push(performance.now() - started);
      expect(health.status).toBe(200);
      for (const status of await Promise.all(flood)) {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    process.stdout.write(
      `anonymous flood on ${database}: /api/health in ${healthTimes.map((ms) => ms.toFixed(1)).join(', ')} ms; ` +
        `flood answers ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    // Every flood request was refused 401 (not parsed: no 400, no 413, no reset).
    expect(Object.fromEntries(statuses)).toEqual({ '401': FLOOD_WIDTH * ROUNDS });
    // The bound holds for the typical probe and for all but one; a single probe may be slowed by
    // a loaded machine (this tier shares two cores with the other database's run and with the
    // client sending 8 MB a round: CI saw one probe at 1.2-1.3 s on both databases at once), never
    // to the 8 s every probe waited before the fix.
    const sorted = [...healthTimes].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(HEALTH_BOUND_MS);
    expect(sorted[sorted.length - 2]).toBeLessThan(5 * HEALTH_BOUND_MS);
    expect(sorted[sorted.length - 1]).toBeLessThan(PRE_FIX_PROBE_MS / 2);
  }, 300_000);
};
