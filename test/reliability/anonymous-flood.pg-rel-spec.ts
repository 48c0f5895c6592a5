import { describe } from '@jest/globals';
import { anonymousFloodSpecs } from './support/anonymous-flood-body.js';

describe('anonymous flood against the real service on PostgreSQL', () => {
  anonymousFloodSpecs('postgres');
});
