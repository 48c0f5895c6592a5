import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROOT_UNIT_ID } from '../../src/service/units/scope.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { errors?: { path: string; constraint: string; message: string }[] } & Record<
    string,
    unknown
  >;
}

describe.each(databasesUnderTest())('principals and authentication on %s', (database) => {
  let t: TestApp;
  const asAdmin = () => `Bearer ${t.adminToken}`;

  beforeAll(async () => {
    t = await startTestApp({ database });
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  describe('authentication', () => {
    it('answers 401 UNAUTHENTICATED without a token', async () => {
      const response = await t.http.get('/api/principals').expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('answers 401 for a token nobody holds', async () => {
      const response = await t.http
        .get('/api/principals')
        .set('Authorization', 'Bearer cf_not-a-real-token')
        .expect(401);
      expect((response.body as ErrorBody).code).toBe('UNAUTHENTICATED');
    });

    it('answers 401 for an Authorization header that is not a bearer token', async () => {
      const response = await t.http
        .get('/api/principals')
        .set('Authorization', `Basic ${Buffer.from('admin:x').toString('base64')}`)
        .expect(401);
      expect((response.body as ErrorBody).code).toBe('UNAUTHENTICATED');
    });

    it('answers 401 for a revoked token, and the principal stays listed as revoked', async () => {
      const clerk = await t.createPrincipal(['clerk']);
      await t.http.get('/api/health').set('Authorization', `Bearer ${clerk.token}`).expect(200);

      await t.http
        .delete(`/api/principals/${clerk.id}`)
        .set('Authorization', asAdmin())
        .expect(204);

      const refused = await t.http
        .get('/api/principals')
        .set('Authorization', `Bearer ${clerk.token}`)
        .expect(401);
      expect((refused.body as ErrorBody).code).toBe('UNAUTHENTICATED');
      const listed = await t.http
        .get('/api/principals')
        .set('Authorization', asAdmin())
        .expect(200);
      const entry = (listed.body as { id: string; revokedAt: string | null }[]).find(
        (p) => p.id === clerk.id,
      );
      expect(entry?.revokedAt).toEqual(expect.any(String));
    });

    it('revoking twice is harmless; an unknown id is 404 and a malformed one 400', async () => {
      const clerk = await t.createPrincipal(['clerk']);
      await t.http
        .delete(`/api/principals/${clerk.id}`)
        .set('Authorization', asAdmin())
        .expect(204);
      await t.http
        .delete(`/api/principals/${clerk.id}`)
        .set('Authorization', asAdmin())
        .expect(204);

      const unknown = await t.http
        .delete('/api/principals/6f1c2a3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f')
        .set('Authorization', asAdmin())
        .expect(404);
      expect((unknown.body as ErrorBody).code).toBe('NOT_FOUND');
      const malformed = await t.http
        .delete('/api/principals/not-a-uuid')
        .set('Authorization', asAdmin())
        .expect(400);
      expect(malformed.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { errors: [{ path: 'id', constraint: 'isUuid' }] },
      });
    });
  });

  describe('an admin managing principals', () => {
    it('creates a principal: 201 with its token, shown once; the list has no token nor hash', async () => {
      const created = await t.http
        .post('/api/principals')
        .set('Authorization', asAdmin())
        .send({ name: '  Nguyễn Thị Lan  ', roles: ['clerk', 'auditor'] })
        .expect(201);
      const body = created.body as { id: string; name: string; roles: string[]; token: string };
      expect(body).toMatchObject({ name: 'Nguyễn Thị Lan', roles: ['clerk', 'auditor'] });
      expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.token).toMatch(/^cf_[A-Za-z0-9_-]{43}$/);

      const listed = await t.http
        .get('/api/principals')
        .set('Authorization', asAdmin())
        .expect(200);
      const principals = listed.body as Record<string, unknown>[];
      expect(principals).toContainEqual({
        id: body.id,
        name: 'Nguyễn Thị Lan',
        roles: ['clerk', 'auditor'],
        unitId: ROOT_UNIT_ID,
        scopeUnitId: null,
        createdAt: expect.any(String),
        revokedAt: null,
      });
      expect(principals.find((p) => p.name === 'admin')).toMatchObject({ roles: ['admin'] });
      expect(listed.text).not.toContain(body.token);
      for (const principal of principals) {
        expect(Object.keys(principal).sort()).toEqual([
          'createdAt',
          'id',
          'name',
          'revokedAt',
          'roles',
          'scopeUnitId',
          'unitId',
        ]);
      }

      // The new token works.
      await t.http.get('/api/health').set('Authorization', `Bearer ${body.token}`).expect(200);
    });

    it('lets a principal created with the admin role manage principals', async () => {
      const secondAdmin = await t.createPrincipal(['admin']);
      await t.http
        .get('/api/principals')
        .set('Authorization', `Bearer ${secondAdmin.token}`)
        .expect(200);
    });

    it('answers 403 FORBIDDEN, naming the allowed role, to a principal without the admin role', async () => {
      const clerk = await t.createPrincipal(['clerk', 'auditor']);
      for (const call of [
        () => t.http.get('/api/principals'),
        () => t.http.post('/api/principals').send({ name: 'x', roles: ['clerk'] }),
        () => t.http.delete(`/api/principals/${clerk.id}`),
      ]) {
        const response = await call().set('Authorization', `Bearer ${clerk.token}`).expect(403);
        expect(response.body).toMatchObject({
          statusCode: 403,
          code: 'FORBIDDEN',
          details: { allowedRoles: ['admin'] },
        });
        expect((response.body as ErrorBody).message).toContain('admin');
      }
    });
  });

  describe('invalid principal bodies', () => {
    const post = (body: unknown) =>
      t.http
        .post('/api/principals')
        .set('Authorization', asAdmin())
        .send(body as object);

    const expectInvalid = async (body: unknown, path: string, constraint: string) => {
      const response = await post(body).expect(400);
      const error = response.body as ErrorBody;
      expect(error).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(error.details?.errors).toContainEqual(
        expect.objectContaining({ path, constraint, message: expect.any(String) }),
      );
      return error;
    };

    it('refuses an unknown role', async () => {
      await expectInvalid({ name: 'x', roles: ['clerk', 'janitor'] }, 'roles', 'isIn');
    });

    it('refuses the system role, which only the scheduler holds', async () => {
      await expectInvalid({ name: 'x', roles: ['system'] }, 'roles', 'isIn');
    });

    it('refuses a missing or blank name', async () => {
      await expectInvalid({ roles: ['clerk'] }, 'name', 'isString');
      await expectInvalid({ name: '   ', roles: ['clerk'] }, 'name', 'isNotEmpty');
    });

    it('refuses an unknown property', async () => {
      await expectInvalid(
        { name: 'x', roles: ['clerk'], isAdmin: true },
        'isAdmin',
        'whitelistValidation',
      );
    });

    it('refuses wrong types, reporting only the type error of each field', async () => {
      const error = await expectInvalid({ name: 42, roles: 'clerk' }, 'name', 'isString');
      expect(error.details?.errors).toEqual([
        expect.objectContaining({ path: 'name', constraint: 'isString' }),
        expect.objectContaining({ path: 'roles', constraint: 'isArray' }),
      ]);
    });

    it('refuses an empty or repeated role list and an over-long name', async () => {
      await expectInvalid({ name: 'x', roles: [] }, 'roles', 'arrayNotEmpty');
      await expectInvalid({ name: 'x', roles: ['clerk', 'clerk'] }, 'roles', 'arrayUnique');
      await expectInvalid({ name: 'x'.repeat(201), roles: ['clerk'] }, 'name', 'maxLength');
    });

    it('refuses a body that is not a JSON object', async () => {
      for (const body of [[], 'clerk', 7, null]) {
        const response = await t.http
          .post('/api/principals')
          .set('Authorization', asAdmin())
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body))
          .expect(400);
        expect(response.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { errors: [{ path: 'body', constraint: 'isObject' }] },
        });
      }
    });

    it('changes nothing when it refuses', async () => {
      const before = await t.http
        .get('/api/principals')
        .set('Authorization', asAdmin())
        .expect(200);
      await post({ name: 'ghost', roles: ['nobody'] }).expect(400);
      const after = await t.http.get('/api/principals').set('Authorization', asAdmin()).expect(200);
      expect(after.body).toEqual(before.body);
    });
  });
});
