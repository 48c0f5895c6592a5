import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { MAX_DIGEST_HEADS } from '../../../src/service/audit/chain-digest.js';
import { DigestDto } from '../../../src/service/audit/dto/audit-response.dto.js';

describe('the digest a client sends to be verified', () => {
  const head = { caseId: 'c', seq: 1, head: 'a'.repeat(64) };
  const digestOf = (count: number) =>
    plainToInstance(DigestDto, {
      at: '2026-03-01T00:00:00.000Z',
      cases: count,
      heads: Array.from({ length: count }, () => ({ ...head })),
      root: '0'.repeat(64),
    });

  it(`lists at most ${MAX_DIGEST_HEADS} heads (arrayMaxSize on heads beyond)`, async () => {
    const errors = await validate(digestOf(MAX_DIGEST_HEADS + 1));
    expect(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([
      ['heads', ['arrayMaxSize']],
    ]);
    expect(await validate(digestOf(3))).toEqual([]);
  }, 30_000);
});
