import { describe, expect, it } from '@jest/globals';
import {
  CASE_READER_ROLES,
  OVERSIGHT_ROLES,
  PRINCIPAL_ROLES,
  PROCEDURE_ROLES,
  WITHDRAW_ANY_ROLE,
} from '../../../src/service/auth/principal-roles.js';

describe('the named role sets', () => {
  it('split the principal roles: each role takes part in procedures or oversees, the grant neither', () => {
    const sets: readonly string[] = [...PROCEDURE_ROLES, ...OVERSIGHT_ROLES, WITHDRAW_ANY_ROLE];
    expect([...sets].sort()).toEqual([...PRINCIPAL_ROLES].sort());
    expect(new Set(sets).size).toBe(sets.length);
  });

  it('let every role but the grant read cases', () => {
    expect([...CASE_READER_ROLES].sort()).toEqual(
      PRINCIPAL_ROLES.filter((role) => role !== WITHDRAW_ANY_ROLE).sort(),
    );
  });
});
