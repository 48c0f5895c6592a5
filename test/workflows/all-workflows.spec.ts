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

  it('ships the JSON Schema of the format, identical to the one the validator uses', () => {
    const shipped: unknown = JSON.parse(
      readFileSync(join(WORKFLOWS_DIR, 'workflow-definition.schema.json'), 'utf8'),
    );
    expect(shipped).toEqual(JSON.parse(JSON.stringify(WORKFLOW_DEFINITION_SCHEMA)));
  });

  describe.each(files.map((file) => [basename(file.file), file.document] as const))(
    '%s',
    (name, document) => {
      it('is valid and its key matches the file name', () => {
        const result = validateDefinition(document);
        expect(result.problems).toEqual([]);
        expect(`${(document as JsonObject)['key'] as string}.workflow.yaml`).toBe(name);
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
