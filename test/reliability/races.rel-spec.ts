import { describe } from '@jest/globals';
import { raceSpecs } from './support/race-spec-body.js';

describe('races against the real service on a SQLite file', () => {
  raceSpecs('sqlite', 1);
});
