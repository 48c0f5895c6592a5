/** The race specs, shared by the SQLite (`.rel-spec`) and PostgreSQL (`.pg-rel-spec`) files. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  createThrowawayDatabase,
  type DatabaseUnderTest,
  type ThrowawayDatabase,
} from '../../support/throwaway-database.js';
import { envInt } from './case-checks.js';
import {
  raceOnOneRevision,
  raceParallelApprovals,
  startFleet,
  type Fleet,
} from './race-scenarios.js';

/** Races through `processes` service processes on one fresh database. */
export const raceSpecs = (database: DatabaseUnderTest, processes: number): void => {
  let throwaway: ThrowawayDatabase;
  let fleet: Fleet;
  const where = `${processes} process${processes > 1 ? 'es' : ''} on ${database}`;

  beforeAll(async () => {
    throwaway = await createThrowawayDatabase(database);
    fleet = await startFleet(throwaway.url, processes);
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
    await throwaway?.drop();
    process.stdout.write(
      `reliability races ${where}: ${JSON.stringify({ requests: fleet?.client.stats.requests })}\n`,
    );
    expect(fleet.client.stats.serverErrors).toEqual([]);
    expect(fleet.client.stats.connectionFailures).toBe(0);
  }, 60_000);

  const width = envInt('RELIABILITY_RACE_WIDTH', 100);
  const rounds = envInt('RELIABILITY_REVISION_ROUNDS', 3);
  it(`applies exactly one of ${width} concurrent events on one revision (${rounds} rounds × 2, ${where})`, async () => {
    const outcome = await raceOnOneRevision(fleet, rounds, width);
    process.stdout.write(`reliability one-revision races ${where}: ${outcome.races}\n`);
    expect(outcome.problems).toEqual([]);
    expect(outcome.races).toBe(rounds * 2);
  }, 120_000);

  const approvals = envInt('RELIABILITY_APPROVAL_RACES', 20);
  it(`counts both of two simultaneous approvals in one step, ${approvals} times (${where})`, async () => {
    const outcome = await raceParallelApprovals(fleet, approvals);
    process.stdout.write(`reliability approval races ${where}: ${outcome.races}\n`);
    expect(outcome.problems).toEqual([]);
    expect(outcome.races).toBe(approvals);
  }, 120_000);
};
