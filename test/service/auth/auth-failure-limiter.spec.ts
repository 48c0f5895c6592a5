import { describe, expect, it } from '@jest/globals';
import { AuthFailureLimiter } from '../../../src/service/auth/auth-failure-limiter.js';

const limiterAt = (maxFailures: number, sweepAbove?: number) => {
  const clock = { now: 1_000_000 };
  const limiter = new AuthFailureLimiter({
    maxFailures,
    windowMs: 60_000,
    now: () => clock.now,
    ...(sweepAbove !== undefined ? { sweepAbove } : {}),
  });
  return { clock, limiter };
};

describe('AuthFailureLimiter', () => {
  it('blocks a client at its limit, with the seconds left in its window', () => {
    const { clock, limiter } = limiterAt(3);
    limiter.recordFailure('1.1.1.1');
    limiter.recordFailure('1.1.1.1');
    expect(limiter.retryAfterSeconds('1.1.1.1')).toBe(0);
    limiter.recordFailure('1.1.1.1');
    expect(limiter.retryAfterSeconds('1.1.1.1')).toBe(60);
    clock.now += 45_500;
    expect(limiter.retryAfterSeconds('1.1.1.1')).toBe(15);
    clock.now += 14_400;
    expect(limiter.retryAfterSeconds('1.1.1.1')).toBe(1);
  });

  it('counts each client on its own', () => {
    const { limiter } = limiterAt(2);
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    expect(limiter.retryAfterSeconds('a')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('b')).toBe(0);
  });

  it('lets the client in again when its window has ended, with a fresh count', () => {
    const { clock, limiter } = limiterAt(2);
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    clock.now += 60_000;
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    limiter.recordFailure('a');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
  });

  it('never blocks when turned off (0)', () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 100; i += 1) limiter.recordFailure('a');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.trackedClients).toBe(0);
  });

  it('forgets expired clients once it tracks many, so memory stays bounded', () => {
    const { clock, limiter } = limiterAt(5, 100);
    for (let i = 0; i < 100; i += 1) limiter.recordFailure(`old-${i}`);
    expect(limiter.trackedClients).toBe(100);
    clock.now += 60_000;
    limiter.recordFailure('new');
    expect(limiter.trackedClients).toBe(1);
  });
});
