import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { getShortestPaths } from 'xstate/graph';
import {
  acceptedEventsForGraph,
  compileWorkflow,
  loadWorkflowFiles,
  validateDefinition,
  WORKFLOW_DEFINITION_SCHEMA,
  type JsonObject,
} from './graph-support.js';
import { WORKFLOWS_DIR } from '../support/engine-fixtures.js';

const files = loadWorkflowFiles(WORKFLOWS_DIR);

describe('built-in workflows', () => {
  it('ships the built-in procedures, the state-side appointment variant included', () => {
    expect(files.map((file) => basename(file.file))).toEqual(
      expect.arrayContaining([
        'appointment.workflow.yaml',
        'appointment-state.workflow.yaml',
        'rotation.workflow.yaml',
        'resignation.workflow.yaml',
      ]),
    );
  });

  it('ships the QĐ 377 profiles as the latest versions, the earlier ones kept', () => {
    const versions = files.map((file) => {
      const document = file.document as JsonObject;
      return `${document['key'] as string}@${document['version'] as number}`;
    });
    expect(versions).toEqual(
      expect.arrayContaining([
        'appointment@1',
        'appointment@2',
        'appointment-state@1',
        'appointment-state@2',
        'resignation@1',
        'resignation@2',
        'rotation@1',
      ]),
    );
  });

  // Published versions never change (SPEC §3.2): the bytes of the first built-in versions are
  // those published before issue 13, so their content hashes are too.
  it.each([
    [
      'appointment.workflow.yaml',
      '53dc4e9a798efdd78fef22601a52e4c910c5fd875a6519c397b39976966e7419',
    ],
    [
      'appointment-state.workflow.yaml',
      'b6eb726005dc9a71214686a09ee8ce9ae04a6c6085469f8daae17c2121065619',
    ],
    [
      'resignation.workflow.yaml',
      '0bd4de2fbc76590d80f3b92a30ab7aa1fb56ca8abe597d619a3838332477e840',
    ],
    ['rotation.workflow.yaml', '02eda254603e817322f603cc1bc40d2297246c5382aacd7818fc87f8f4208cbf'],
  ])('keeps %s byte for byte as published', (name, sha256) => {
    const bytes = readFileSync(join(WORKFLOWS_DIR, name));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  });

  it('ships the JSON Schema of the format, identical to the one the validator uses', () => {
    const shipped: unknown = JSON.parse(
      readFileSync(join(WORKFLOWS_DIR, 'workflow-definition.schema.json'), 'utf8'),
    );
    expect(shipped).toEqual(JSON.parse(JSON.stringify(WORKFLOW_DEFINITION_SCHEMA)));
  });

  describe.each(files.map((file) => [basename(file.file), file.document] as const))(
    '%s',
    (name, document) => {
      it('is valid and its key and version match the file name', () => {
        const result = validateDefinition(document);
        expect(result.problems).toEqual([]);
        const { key, version } = document as { key: string; version: number };
        // Version 1 is `<key>.workflow.yaml`, later ones `<key>.v<n>.workflow.yaml`.
        expect(version === 1 ? `${key}.workflow.yaml` : `${key}.v${version}.workflow.yaml`).toBe(
          name,
        );
      });

      it('compiles, and every final state is reachable in the statechart (xstate/graph)', () => {
        const compiled = compileWorkflow(document);
        const finals = compiled.tree.nodes.filter((node) => node.isFinal).map((node) => node.id);
        const paths = getShortestPaths(compiled.machine, {
          input: {
            subject: {},
            data: {},
            actor: { id: 'graph', roles: [] },
            now: '2026-01-05T00:00:00Z',
          },
          events: (snapshot) => acceptedEventsForGraph(compiled, snapshot.value),
          serializeState: (snapshot) => JSON.stringify(snapshot.value),
        });
        const reached = new Set(paths.map((path) => JSON.stringify(path.state.value)));
        for (const id of finals) expect(reached).toContain(JSON.stringify(id));
        // Every leaf state, not only the finals, is reachable.
        const leaves = compiled.tree.nodes.filter((node) => node.isLeaf).map((node) => node.id);
        const reachedLeaves = paths.map((path) => stateId(path.state.value));
        for (const id of leaves) expect(reachedLeaves).toContain(id);
      });
    },
  );
});

function stateId(value: unknown): string {
  if (typeof value === 'string') return value;
  const [entry] = Object.entries(value as Record<string, unknown>);
  return entry ? `${entry[0]}.${stateId(entry[1])}` : '';
}
