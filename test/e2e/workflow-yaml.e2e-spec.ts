import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { bearer } from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

// Definitions are written in YAML: an admin posts the file as it is. Publishing content that is
// already the latest version is that version (200), not a new one.
describe.each(databasesUnderTest())(
  'YAML definitions and idempotent publishing on %s',
  (database) => {
    let t: TestApp;
    const rotationYaml = readFileSync('workflows/rotation.workflow.yaml', 'utf8')
      .replace(/^key: rotation$/m, 'key: rotation-yaml')
      .replace(/^version: 1\n/m, '');

    const post = (path: string, body: string, contentType: string, token = t.adminToken) =>
      t.http
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', contentType)
        .send(body);

    beforeAll(async () => {
      t = await startTestApp({ database });
    });

    afterAll(async () => {
      expect(t.serverErrors()).toEqual([]);
      await t.close();
    });

    it('validates and publishes a YAML file as it is, comments and all', async () => {
      const report = await post('/api/workflows/validate', rotationYaml, 'application/yaml').expect(
        200,
      );
      expect((report.body as { valid: boolean }).valid).toBe(true);
      const published = await post('/api/workflows', rotationYaml, 'application/yaml').expect(201);
      expect(published.body).toEqual({ key: 'rotation-yaml', version: 1 });
      const stored = await t.http
        .get('/api/workflows/rotation-yaml')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .expect(200);
      expect((stored.body as { title: { vi: string } }).title.vi).toBe('Luân chuyển cán bộ');
    });

    it('answers 200 with the latest version when the same content is published again, as YAML or JSON', async () => {
      await post('/api/workflows', rotationYaml, 'application/yaml').expect(200, {
        key: 'rotation-yaml',
        version: 1,
      });
      const stored = await t.http
        .get('/api/workflows/rotation-yaml')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .expect(200);
      await post('/api/workflows', JSON.stringify(stored.body), 'application/json').expect(200, {
        key: 'rotation-yaml',
        version: 1,
      });
      const versions = await t.http
        .get('/api/workflows/rotation-yaml/versions')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .expect(200);
      expect((versions.body as unknown[]).length).toBe(1);
      // Changed content is a new version.
      const changed = rotationYaml.replace(
        'vi: Luân chuyển cán bộ',
        'vi: Luân chuyển cán bộ (sửa)',
      );
      await post('/api/workflows', changed, 'application/yaml').expect(201, {
        key: 'rotation-yaml',
        version: 2,
      });
    });

    it.each([
      [
        'a billion laughs',
        'a: &a [x, x, x, x, x, x, x, x, x, x]\n' +
          Array.from(
            { length: 9 },
            (_, i) =>
              `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
                .fill(`*${String.fromCharCode(97 + i)}`)
                .join(', ')}]`,
          ).join('\n') +
          '\n',
      ],
      ['duplicate keys', 'key: x\nkey: y\n'],
      ['an infinite number', 'key: x\nversion: .inf\n'],
      ['a custom tag', 'key: !!js/function "function () {}"\n'],
      ['broken YAML', 'key: [unclosed\n'],
      ['a NUL character', 'key: "a\\0b"\n'],
    ])('refuses %s with 400 VALIDATION_FAILED and publishes nothing', async (_name, body) => {
      const response = await post('/api/workflows', body, 'application/yaml');
      expect(response.status).toBe(400);
      expect((response.body as { code: string }).code).toBe('VALIDATION_FAILED');
      const list = await t.http
        .get('/api/workflows')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .expect(200);
      expect((list.body as Array<{ key: string }>).map((w) => w.key)).not.toContain('x');
    });

    it('takes YAML only where documents are posted: 415 on other routes, 403 for a non-admin first', async () => {
      const clerk = await t.createPrincipal(['clerk']);
      const refused = await t.http
        .post('/api/cases')
        .set('Authorization', bearer(clerk))
        .set('Content-Type', 'application/yaml')
        .send('workflow: appointment\n');
      expect(refused.status).toBe(415);
      expect((refused.body as { code: string }).code).toBe('UNSUPPORTED_MEDIA_TYPE');
      await post('/api/workflows', rotationYaml, 'application/yaml', clerk.token).expect(403);
    });
  },
);
