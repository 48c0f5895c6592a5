/** The crash-consistency spec, shared by the SQLite (`.rel-spec`) and PostgreSQL (`.pg-rel-spec`) files. */
import { expect, it } from '@jest/globals';
import {
  createThrowawayDatabase,
  type DatabaseUnderTest,
} from '../../support/throwaway-database.js';
import { envInt } from './case-checks.js';
import { runCrashScenario } from './crash-scenario.js';

export const crashConsistencySpec = (database: DatabaseUnderTest): void => {
  const killCycles = envInt('RELIABILITY_KILL_CYCLES', 3);
  it(`loses and duplicates nothing across ${killCycles} + 2 kill -9 under load on ${database}`, async () => {
    const throwaway = await createThrowawayDatabase(database);
    try {
      const report = await runCrashScenario({
        databaseUrl: throwaway.url,
        killCycles,
        walkers: envInt('RELIABILITY_WALKERS', 6),
        minLoadMs: envInt('RELIABILITY_MIN_LOAD_MS', 1000),
        maxLoadMs: envInt('RELIABILITY_MAX_LOAD_MS', 2000),
      });
      const { problems, ...figures } = report;
      // The figures the issue asks for, in the test output.
      process.stdout.write(`reliability crash ${database}: ${JSON.stringify(figures)}\n`);
      expect(problems).toEqual([]);
      expect(report.serverErrors).toEqual([]);
      expect(report.lost).toBe(0);
      expect(report.duplicated).toBe(0);
      expect(report.killCycles).toBe(killCycles + 2);
      // The kills really landed under load, and the load really went through.
      expect(report.connectionFailures).toBeGreaterThan(0);
      expect(report.eventsAcknowledged).toBeGreaterThan(killCycles * 10);
      expect(report.deadlinesFired).toBeGreaterThan(0);
      expect(report.replays).toBeGreaterThan(0);
      // The scheduler was killed after it had begun firing (how many it left is in the figures).
      expect(report.deadlinesFiredBeforeKill).toBeGreaterThan(0);
    } finally {
      await throwaway.drop();
    }
  }, 240_000);
};
