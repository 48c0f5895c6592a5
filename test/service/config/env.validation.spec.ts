import { describe, expect, it } from '@jest/globals';
import { validateEnv } from '../../../src/service/config/env.validation.js';

describe(validateEnv.name, () => {
  it('applies the defaults to an empty environment', () => {
    expect({ ...validateEnv({}) }).toEqual({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATABASE_URL: 'sqlite:data/cadreflow.sqlite',
      BODY_LIMIT_BYTES: 256 * 1024,
      ADMIN_BODY_LIMIT_BYTES: 1024 * 1024,
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'json',
      WORKFLOWS_DIR: 'workflows',
      SQLITE_SYNCHRONOUS: 'FULL',
      DEADLINE_POLL_MS: 30_000,
      AUTH_FAILURES_PER_MINUTE: 20,
      CASE_DATA_MAX_BYTES: 64 * 1024,
      CASE_PAGE_MAX_BYTES: 1024 * 1024,
    });
  });

  it('reads the variables as strings, as the environment has them, and ignores the rest', () => {
    const env = validateEnv({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://cadreflow:secret@db:5432/cadreflow',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      BODY_LIMIT_BYTES: '2048',
      ADMIN_BODY_LIMIT_BYTES: '4096',
      LOG_LEVEL: 'WARN',
      LOG_FORMAT: 'Pretty',
      WORKFLOWS_DIR: '/srv/workflows',
      SQLITE_SYNCHRONOUS: 'normal',
      DEADLINE_POLL_MS: '5000',
      AUTH_FAILURES_PER_MINUTE: '0',
      CASE_DATA_MAX_BYTES: '4096',
      CASE_PAGE_MAX_BYTES: '131072',
      PATH: '/usr/bin',
    });
    expect({ ...env }).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://cadreflow:secret@db:5432/cadreflow',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      BODY_LIMIT_BYTES: 2048,
      ADMIN_BODY_LIMIT_BYTES: 4096,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      WORKFLOWS_DIR: '/srv/workflows',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      DEADLINE_POLL_MS: 5000,
      AUTH_FAILURES_PER_MINUTE: 0,
      CASE_DATA_MAX_BYTES: 4096,
      CASE_PAGE_MAX_BYTES: 131072,
    });
  });

  it.each([
    ['CASE_DATA_MAX_BYTES', '100', 'from 1024 to 16777216'],
    ['CASE_PAGE_MAX_BYTES', '1024', 'from 65536 to 104857600'],
  ])('refuses %s=%s, naming the range', (name, value, range) => {
    expect(() => validateEnv({ [name]: value })).toThrow(new RegExp(`${name} .*${range}`));
  });

  it('treats an empty variable as unset', () => {
    const env = validateEnv({ ADMIN_TOKEN: '', PORT: '' });
    expect(env.PORT).toBe(3000);
    expect(env.ADMIN_TOKEN).toBeUndefined();
  });

  it.each([
    'sqlite:data/x.sqlite',
    'sqlite::memory:',
    'sqlite:/var/lib/cadreflow.sqlite',
    'postgresql://u@h/db',
  ])('accepts DATABASE_URL=%s', (url) => {
    expect(validateEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it.each(['abc', '0', '65536', '80.5', '-1'])(
    'refuses PORT=%s, naming the variable and the value',
    (port) => {
      expect(() => validateEnv({ PORT: port })).toThrow(
        new RegExp(
          `PORT must be an integer from 1 to 65535 \\(got "${port.replace('.', '\\.')}"\\)`,
        ),
      );
    },
  );

  it.each(['mysql://localhost/db', 'sqlite:', 'data.sqlite', 'postgres://'])(
    'refuses DATABASE_URL=%s, naming the variable and the accepted forms',
    (url) => {
      expect(() => validateEnv({ DATABASE_URL: url })).toThrow(
        /DATABASE_URL must be sqlite:<path>, sqlite::memory: or postgres:\/\//,
      );
    },
  );

  it('never echoes DATABASE_URL, which may hold a password', () => {
    expect(() => validateEnv({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(
      /DATABASE_URL/,
    );
    expect(() => validateEnv({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).not.toThrow(/hunter2/);
  });

  it('refuses a short ADMIN_TOKEN without echoing it', () => {
    let message = '';
    try {
      validateEnv({ ADMIN_TOKEN: 'short-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/ADMIN_TOKEN must be at least 16 characters long/);
    expect(message).not.toContain('short-secret');
  });

  it('lists every bad variable at once', () => {
    expect(() =>
      validateEnv({
        PORT: 'x',
        LOG_LEVEL: 'chatty',
        LOG_FORMAT: 'xml',
        SQLITE_SYNCHRONOUS: 'OFF',
        BODY_LIMIT_BYTES: '10',
      }),
    ).toThrow(
      /PORT[\s\S]*BODY_LIMIT_BYTES[\s\S]*LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose[\s\S]*LOG_FORMAT must be one of json, pretty[\s\S]*SQLITE_SYNCHRONOUS must be one of NORMAL, FULL/,
    );
  });
});
