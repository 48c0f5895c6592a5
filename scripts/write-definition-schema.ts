/** Writes `workflows/workflow-definition.schema.json` from the schema the validator uses. */
import { writeFileSync } from 'node:fs';
import { WORKFLOW_DEFINITION_SCHEMA } from '../src/engine/index.js';

writeFileSync(
  'workflows/workflow-definition.schema.json',
  `${JSON.stringify(WORKFLOW_DEFINITION_SCHEMA, null, 2)}\n`,
);
