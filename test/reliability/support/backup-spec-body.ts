/** The backup drill spec, shared by the SQLite (`.rel-spec`) and PostgreSQL (`.pg-rel-spec`) files. */
import { expect, it } from '@jest/globals';
import {
  createThrowawayDatabase,
  type DatabaseUnderTest,
} from '../../support/throwaway-database.js';
import { runBackupDrill, type BackupMethod } from './backup-drill.js';
import { envInt } from './case-checks.js';

export const backupDrillSpec = (
  database: DatabaseUnderTest,
  method: BackupMethod,
  methodName: string,
): void => {
  it(`backs up under load with ${methodName}, restores, and every chain and earlier digest verifies on ${database}`, async () => {
    const throwaway = await createThrowawayDatabase(database);
    try {
      const report = await runBackupDrill({
        databaseUrl: throwaway.url,
        method,
        walkers: envInt('RELIABILITY_WALKERS', 4),
        warmUpMs: envInt('RELIABILITY_MIN_LOAD_MS', 1000),
      });
      const { problems, ...figures } = report;
      process.stdout.write(`reliability backup ${database}: ${JSON.stringify(figures)}\n`);
      expect(problems).toEqual([]);
      expect(report.digestVerification).toMatchObject({ valid: true });
      // The drill really ran under load and the digest covered real chains.
      expect(report.eventsDuringBackup).toBeGreaterThan(0);
      expect(report.digestCases).toBeGreaterThan(0);
      expect(report.cases).toBeGreaterThanOrEqual(report.digestCases);
    } finally {
      await throwaway.drop();
    }
  }, 240_000);
};
