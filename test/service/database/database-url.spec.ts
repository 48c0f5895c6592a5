import { describe, expect, it } from '@jest/globals';
import { parseDatabaseUrl } from '../../../src/service/database/database-url.js';

describe(parseDatabaseUrl.name, () => {
  it.each([
    ['sqlite:data/cadreflow.sqlite', { kind: 'sqlite', path: 'data/cadreflow.sqlite' }],
    ['sqlite:/var/lib/cf.sqlite', { kind: 'sqlite', path: '/var/lib/cf.sqlite' }],
    ['sqlite:///var/lib/cf.sqlite', { kind: 'sqlite', path: '/var/lib/cf.sqlite' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['postgres://u:p@h:5432/db', { kind: 'postgres', url: 'postgres://u:p@h:5432/db' }],
    [
      'postgresql://u@h/db?sslmode=require',
      { kind: 'postgres', url: 'postgresql://u@h/db?sslmode=require' },
    ],
  ])('reads %s', (url, target) => {
    expect(parseDatabaseUrl(url)).toEqual(target);
  });

  it.each(['', 'sqlite:', 'mysql://h/db', 'postgres://', 'file:x.sqlite', 'x.sqlite'])(
    'refuses %j',
    (url) => {
      expect(parseDatabaseUrl(url)).toBeUndefined();
    },
  );
});
