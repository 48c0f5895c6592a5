/**
 * CadresService and CadreStore below HTTP, on both stores: scope (a cadre outside it is exactly
 * an unknown one), the import's one transaction and dry run, and the database refusing to change
 * an entry.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthenticatedPrincipal } from '../../../src/service/auth/authenticated-principal.js';
import { CadreStore } from '../../../src/service/cadres/cadre.store.js';
import { ReadLogStore } from '../../../src/service/read-log/read-log.store.js';
import { CadresService } from '../../../src/service/cadres/cadres.service.js';
import { searchText } from '../../../src/service/cadres/search-text.js';
import { AppError } from '../../../src/service/common/app-error.js';
import { runInTransaction } from '../../../src/service/database/transaction-runner.js';
import { Transactions } from '../../../src/service/database/transactions.js';
import { EVERYWHERE, scopeOfUnits } from '../../../src/service/units/scope.js';
import type { CadreDraft } from '../../../src/engine/index.js';
import { TestClock } from '../../support/case-fixtures.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

const UNIT_A = '00000000-0000-4000-8000-00000000000a';
const UNIT_B = '00000000-0000-4000-8000-00000000000b';

const principal = (
  scope: AuthenticatedPrincipal['scope'],
  unitId: string,
  roles: AuthenticatedPrincipal['roles'] = ['clerk'],
): AuthenticatedPrincipal => ({
  id: `p-${unitId.slice(-1)}`,
  name: 'p',
  roles,
  unitId,
  scopeUnitId: unitId,
  scope,
});

const draft = (code: string, unitId: string, fullName = 'Trần Thị Bình'): CadreDraft => ({
  code,
  unitId,
  person: { fullName, gender: 'female', dateOfBirth: '1982-02-01' },
  ratings: [{ year: 2025, rating: 'good' }],
});

const errorOf = async (work: Promise<unknown>): Promise<AppError> => {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
};

describe('searchText', () => {
  it('folds case, accents and đ', () => {
    expect(searchText('Nguyễn Văn Đức')).toBe('nguyen van duc');
    expect(searchText('ĐẶNG THỊ HẠNH')).toBe('dang thi hanh');
    // NFD input folds the same as NFC.
    expect(searchText('Nguyễn'.normalize('NFD'))).toBe('nguyen');
  });
});

describe.each(databasesUnderTest())('CadresService on %s', (kind) => {
  let db: TestDataSource;
  let service: CadresService;
  const clock = new TestClock(new Date('2026-03-10T02:00:00.000Z'));
  const root = principal(EVERYWHERE, UNIT_A);
  const inA = principal(scopeOfUnits([UNIT_A]), UNIT_A);
  const inB = principal(scopeOfUnits([UNIT_B]), UNIT_B);

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    service = new CadresService(
      new Transactions(db.dataSource),
      clock,
      new CadreStore(),
      new ReadLogStore(),
    );
  });

  afterAll(async () => {
    await db.close();
  });

  it('answers a cadre outside the scope exactly as an unknown id (404)', async () => {
    const { view } = await service.create(inA, { code: 'A-1', person: draft('', '').person });
    const id = (view as { id: string }).id;
    expect((await service.get(inA, id)).view).toBe('full');
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    for (const call of [
      (cadreId: string) => service.get(inB, cadreId),
      (cadreId: string) => service.history(inB, cadreId),
      (cadreId: string) => service.verify(inB, cadreId),
      (cadreId: string) =>
        service.appendEntries(inB, cadreId, {
          entries: [{ kind: 'rating', data: { year: 2024, rating: 'good' } }],
        }),
    ]) {
      const outside = await errorOf(call(id));
      const missing = await errorOf(call(unknown));
      expect(outside.code).toBe('NOT_FOUND');
      expect(missing.code).toBe('NOT_FOUND');
      expect(outside.message.replace(id, '<id>')).toBe(missing.message.replace(unknown, '<id>'));
    }
    // Nor does it appear in the other unit's list, or under a unit filter outside the scope.
    expect((await service.list(inB, { limit: 50 })).items).toEqual([]);
    expect((await service.list(inB, { unit: UNIT_A, limit: 50 })).items).toEqual([]);
    expect((await service.list(inA, { limit: 50 })).items.map((c) => c.code)).toContain('A-1');
    // Creating in a unit outside the scope is refused.
    const refused = await errorOf(
      service.create(inB, { code: 'B-X', unitId: UNIT_A, person: draft('', '').person }),
    );
    expect(refused.code).toBe('VALIDATION_FAILED');
  });

  it('imports in one transaction: a dry run writes nothing, a second import changes nothing', async () => {
    const drafts = [draft('IMP-1', UNIT_A), draft('IMP-2', UNIT_B, 'Lê Văn Cường')];
    const dry = await service.importDrafts(root, drafts, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 2, changed: 0, unchanged: 0 });
    expect((await service.list(root, { q: 'IMP', limit: 50 })).items).toEqual([]);

    const real = await service.importDrafts(root, drafts, { dryRun: false });
    expect(real).toMatchObject({ dryRun: false, created: 2, changed: 0, unchanged: 0 });
    const again = await service.importDrafts(root, drafts, { dryRun: false });
    expect(again).toMatchObject({ created: 0, changed: 0, unchanged: 2 });
    const changed = await service.importDrafts(
      root,
      [{ ...draft('IMP-1', UNIT_A), ratings: [{ year: 2025, rating: 'excellent' }] }],
      { dryRun: false },
    );
    expect(changed).toMatchObject({ created: 0, changed: 1, unchanged: 0 });
  });

  it('refuses an import with a row out of scope or malformed, naming each row, and writes nothing', async () => {
    const error = await errorOf(
      service.importDrafts(
        inA,
        [
          draft('BAD-1', UNIT_A),
          draft('BAD-2', UNIT_B),
          { ...draft('BAD-3', UNIT_A), person: { fullName: '', gender: 'x' } } as never,
        ],
        { dryRun: false },
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    const paths = (error.details?.['errors'] as Array<{ path: string }>).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'rows[1].unitId',
        'rows[2].person.fullName',
        'rows[2].person.gender',
      ]),
    );
    expect((await service.list(root, { q: 'BAD', limit: 50 })).items).toEqual([]);
  });

  it('refuses to update, delete or replace an entry in the database itself', async () => {
    const { view } = await service.create(root, { code: 'TRIG-1', person: draft('', '').person });
    const id = (view as { id: string }).id;
    const attempts = [
      `UPDATE cadre_entry SET note = 'x' WHERE cadre_id = '${id}'`,
      `DELETE FROM cadre_entry WHERE cadre_id = '${id}'`,
      ...(kind === 'sqlite'
        ? [
            `INSERT OR REPLACE INTO cadre_entry (cadre_id, seq, kind, data, supersedes, void, recorded_at, recorded_by, case_id, note, prev_hash, hash)
             SELECT cadre_id, seq, kind, data, supersedes, void, recorded_at, recorded_by, case_id, 'x', prev_hash, hash FROM cadre_entry WHERE cadre_id = '${id}'`,
          ]
        : ['TRUNCATE cadre_entry CASCADE']),
    ];
    for (const sql of attempts) {
      await expect(runInTransaction(db.dataSource, (m) => m.query(sql))).rejects.toThrow(
        /append-only/,
      );
    }
    expect(await service.verify(root, id)).toMatchObject({ valid: true, entries: 1 });
  });
});
