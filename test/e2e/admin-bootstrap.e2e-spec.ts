import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-database.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN_LINE = /^ {4}(cf_[A-Za-z0-9_-]{43})$/gm;

describe.each(databasesUnderTest())('the admin principal at start, on %s', (database) => {
  let db: ThrowawayDatabase;

  beforeAll(async () => {
    db = await createThrowawayDatabase(database);
  });

  afterAll(async () => {
    await db.drop();
  });

  /** Starts the service on the shared database, capturing what it prints on stdout. */
  const start = async (adminToken: string | null): Promise<{ t: TestApp; printed: string }> => {
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const t = await startTestApp({ database, adminToken, existingDatabase: db });
      return { t, printed: printed.join('') };
    } finally {
      write.mockRestore();
    }
  };

  const principals = async (t: TestApp, token: string) =>
    (await t.http.get('/api/principals').set('Authorization', `Bearer ${token}`).expect(200))
      .body as { id: string; name: string; roles: string[]; revokedAt: string | null }[];

  it('creates an admin and prints its token once, then keeps it; ADMIN_TOKEN takes over', async () => {
    // First start, no ADMIN_TOKEN, empty database: an admin is created and its token printed.
    const first = await start(null);
    const tokens = [...first.printed.matchAll(TOKEN_LINE)].map((match) => match[1]!);
    expect(tokens).toHaveLength(1);
    const generated = tokens[0]!;
    expect(first.printed).toMatch(/printed this once/);
    const listed = await principals(first.t, generated);
    expect(listed).toEqual([
      expect.objectContaining({ name: 'admin', roles: ['admin'], revokedAt: null }),
    ]);
    await first.t.close();

    // Restart without ADMIN_TOKEN: nothing printed, nothing created, the token still works.
    const second = await start(null);
    expect(second.printed).not.toMatch(/cf_/);
    expect(await principals(second.t, generated)).toHaveLength(1);
    await second.t.close();

    // Restart with ADMIN_TOKEN: the same admin now authenticates with it, and only with it.
    const chosen = 'an-operator-chosen-admin-token';
    const third = await start(chosen);
    expect(third.printed).not.toMatch(/cf_/);
    const afterChoice = await principals(third.t, chosen);
    expect(afterChoice).toEqual([expect.objectContaining({ id: listed[0]!.id, name: 'admin' })]);
    await third.t.http
      .get('/api/principals')
      .set('Authorization', `Bearer ${generated}`)
      .expect(401);

    // Even revoked, the admin comes back with ADMIN_TOKEN at the next start.
    await third.t.http
      .delete(`/api/principals/${listed[0]!.id}`)
      .set('Authorization', `Bearer ${chosen}`)
      .expect(204);
    await third.t.http.get('/api/principals').set('Authorization', `Bearer ${chosen}`).expect(401);
    const refused = await third.t.http
      .post('/api/principals')
      .set('Authorization', `Bearer ${chosen}`)
      .send({ name: 'x', roles: ['clerk'] })
      .expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    await third.t.close();

    const fourth = await start(chosen);
    expect(await principals(fourth.t, chosen)).toEqual([
      expect.objectContaining({ id: listed[0]!.id, revokedAt: null }),
    ]);
    await fourth.t.close();
  });

  it("refuses to start when ADMIN_TOKEN is another principal's token", async () => {
    const running = await start('an-operator-chosen-admin-token');
    const clerk = await running.t.createPrincipal(['clerk']);
    await running.t.close();

    await expect(start(clerk.token)).rejects.toThrow(
      /ADMIN_TOKEN is already the token of the principal/,
    );
  });
});
