// Stand-in for `content-disposition`, mapped in jest.config.js for the service and e2e projects.
// content-disposition 3 is ESM-only and @fastify/static require()s it: Node >= 20.19 loads that
// natively, Jest's module runtime does not (before Node 24.9). @fastify/static only needs it for
// `reply.download()`, which the service does not use; the Swagger UI assets are served as usual.
'use strict';

module.exports = {
  create() {
    throw new Error(
      'content-disposition is not available under Jest (see test/support/content-disposition.cjs)',
    );
  },
  parse() {
    throw new Error(
      'content-disposition is not available under Jest (see test/support/content-disposition.cjs)',
    );
  },
};
