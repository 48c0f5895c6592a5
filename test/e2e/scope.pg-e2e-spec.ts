/**
 * Units across processes (SPEC §2: several instances on one PostgreSQL database): a unit added
 * on one instance is in the scope of principals another instance authenticated (and cached)
 * before, and a case opened there is invisible to another unit's principal on both instances.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appointmentSubject, bearer } from '../support/case-fixtures.js';
import { startTestApp, type TestApp, type TestPrincipal } from '../support/test-app.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-database.js';

describe('units and scope on two instances of one PostgreSQL database', () => {
  let database: ThrowawayDatabase;
  let first: TestApp;
  let second: TestApp;
  const admin = () => `Bearer ${first.adminToken}`;

  const createUnit = async (app: TestApp, code: string, parentId?: string): Promise<string> => {
    const response = await app.http
      .post('/api/units')
      .set('Authorization', admin())
      .send({ code, name: `Đơn vị ${code}`, parentId })
      .expect(201);
    return (response.body as { id: string }).id;
  };

  const clerkIn = async (unitId: string): Promise<TestPrincipal> => {
    const response = await first.http
      .post('/api/principals')
      .set('Authorization', admin())
      .send({ name: 'clerk', roles: ['clerk'], unitId })
      .expect(201);
    return response.body as TestPrincipal;
  };

  beforeAll(async () => {
    database = await createThrowawayDatabase('postgres');
    const adminToken = `cf_test_scope_${Date.now()}_admin_token`;
    [first, second] = await Promise.all([
      startTestApp({ database: 'postgres', existingDatabase: database, adminToken }),
      startTestApp({ database: 'postgres', existingDatabase: database, adminToken }),
    ]);
  });

  afterAll(async () => {
    expect(first.serverErrors()).toEqual([]);
    expect(second.serverErrors()).toEqual([]);
    await first.close();
    await second.close();
    await database.drop();
  });

  it('puts a unit created on one instance in the scope the other cached', async () => {
    const province = await createUnit(first, 'PG-P1');
    const other = await createUnit(first, 'PG-P2');
    const clerk = await clerkIn(province);
    const stranger = await clerkIn(other);
    // The second instance authenticates (and caches) the clerk and the tree before the new unit.
    await second.http.get('/api/units').set('Authorization', bearer(clerk)).expect(200);
    await second.http.get('/api/cases').set('Authorization', bearer(clerk)).expect(200);
    const department = await createUnit(first, 'PG-P1-D', province);
    // NOTIFY is delivered at commit; give the listener a moment.
    let opened: { status: number; body: { id?: string } } = { status: 0, body: {} };
    for (let attempt = 0; attempt < 50 && opened.status !== 201; attempt += 1) {
      opened = await second.http
        .post('/api/cases')
        .set('Authorization', bearer(clerk))
        .send({ workflow: 'appointment', subject: appointmentSubject(), unitId: department });
      if (opened.status !== 201) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    for (const app of [first, second]) {
      await app.http.get(`/api/cases/${id}`).set('Authorization', bearer(clerk)).expect(200);
      await app.http.get(`/api/cases/${id}`).set('Authorization', bearer(stranger)).expect(404);
    }
  });
});
