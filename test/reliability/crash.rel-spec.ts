import { describe } from '@jest/globals';
import { crashConsistencySpec } from './support/crash-spec-body.js';

describe('crash consistency: the real service killed with SIGKILL under load, SQLite file', () => {
  crashConsistencySpec('sqlite');
});
