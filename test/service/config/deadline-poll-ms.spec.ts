import { describe, expect, it } from '@jest/globals';
import { validateEnv } from '../../../src/service/config/env.validation.js';

describe('DEADLINE_POLL_MS', () => {
  it('defaults to 30 seconds', () => {
    expect(validateEnv({}).DEADLINE_POLL_MS).toBe(30_000);
  });

  it('accepts 0 (off) and whole milliseconds from 1000 to one day', () => {
    expect(validateEnv({ DEADLINE_POLL_MS: '0' }).DEADLINE_POLL_MS).toBe(0);
    expect(validateEnv({ DEADLINE_POLL_MS: '1000' }).DEADLINE_POLL_MS).toBe(1000);
    expect(validateEnv({ DEADLINE_POLL_MS: '86400000' }).DEADLINE_POLL_MS).toBe(86_400_000);
  });

  it.each(['999', '-1', '1.5', 'soon', '86400001'])('refuses %s, naming the variable', (value) => {
    expect(() => validateEnv({ DEADLINE_POLL_MS: value })).toThrow(/DEADLINE_POLL_MS must be 0/);
  });
});
