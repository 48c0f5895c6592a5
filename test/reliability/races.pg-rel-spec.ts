import { describe, expect, it } from '@jest/globals';
import { createThrowawayDatabase } from '../support/throwaway-database.js';
import { envInt } from './support/case-checks.js';
import { raceSchedulers } from './support/race-scenarios.js';
import { raceSpecs } from './support/race-spec-body.js';

describe('races between two service processes on one PostgreSQL database', () => {
  raceSpecs('postgres', 2);

  const count = envInt('RELIABILITY_DEADLINE_RACE_CASES', 40);
  it(`fires each of ${count * 2} due deadlines exactly once when two schedulers race`, async () => {
    const throwaway = await createThrowawayDatabase('postgres');
    try {
      const outcome = await raceSchedulers(throwaway.url, count);
      process.stdout.write(`reliability scheduler race postgres: fired ${outcome.fired}\n`);
      expect(outcome.problems).toEqual([]);
      expect(outcome.fired).toBe(count * 2);
    } finally {
      await throwaway.drop();
    }
  }, 180_000);
});
