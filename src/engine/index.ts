/**
 * The engine core: workflow definitions as data, compiled to XState v5, the rule vocabulary and
 * the pure step function. Knows nothing of HTTP, NestJS or databases.
 */
export * from './definition/json.js';
export * from './definition/workflow-definition.js';
export { WORKFLOW_DEFINITION_SCHEMA } from './definition/workflow-definition.schema.js';
export { createAjv, describeAjvErrors } from './definition/json-schema.js';
export {
  builtinDefs,
  resolveBuiltinDefs,
  BUILTIN_DEFS_FORMAT_VERSION,
  type BuiltinRefProblem,
  type ResolvedDocument,
} from './definition/builtin-defs.js';
export {
  validateDefinition,
  type DefinitionProblem,
  type DefinitionProblemCode,
  type ValidateOptions,
  type ValidationResult,
} from './definition/validate-definition.js';
export {
  loadWorkflowFiles,
  parseWorkflowDocument,
  type WorkflowFile,
} from './definition/load-workflow-files.js';
export {
  compileWorkflow,
  DefinitionInvalidError,
  transitionKey,
  type CompileOptions,
  type CompiledWorkflow,
} from './compiler/compile-workflow.js';
export type { ActiveDeadline, CaseContext } from './compiler/case-context.js';
export { findTransition } from './definition/state-tree.js';
export {
  startWorkflow,
  stepWorkflow,
  currentState,
  transitionEvaluates,
  type Effect,
  type StartRequest,
  type StepAccepted,
  type StepRefused,
  type StepRefusalCode,
  type StepRequest,
  type StepResult,
} from './runtime/step-workflow.js';
export {
  availableEvents,
  pendingApprovals,
  type AvailableEvent,
  type PendingApproval,
} from './runtime/describe-case.js';
export { stateValueToPath, type StoredSnapshot } from './runtime/snapshot.js';
export type { Actor, RuleEvaluation, RuleRegistry, RuleSpec } from './rules/rule.js';
export { ruleRegistry } from './rules/index.js';
export * from './diagram/index.js';
export {
  simulateWorkflow,
  type SimulatedEvent,
  type SimulatedStep,
  type SimulationReport,
  type SimulationRequest,
} from './runtime/simulate-workflow.js';
export * from './calendar/index.js';
export {
  message,
  renderMessage,
  render,
  languageOf,
  formatDate,
  type Lang,
  type Message,
  type MessageParam,
  type MessageParams,
} from './messages/message.js';
export { MESSAGES, type MessageKey } from './messages/catalogue.js';
export {
  versionInForce,
  effectiveFromOf,
  BUILTIN_EFFECTIVE_FROM,
  type VersionRef,
} from './definition/versions.js';
export { deadlineDueOn } from './runtime/deadline-due.js';
export { termEnd } from './rules/term-of-office.js';
export {
  planMigration,
  applyMigration,
  type MigrationOptions,
  type MigrationPlan,
  type DeadlineChange,
  type DeadlineTerms,
  type ParameterChange,
} from './runtime/plan-migration.js';
export * from './registry/cadre-registry.js';
export * from './registry/cadre-as-of.js';
export { currentPostOn, subjectFactsOn } from './registry/subject-facts.js';
export { DISCIPLINE_LEVELS, FREEZE_KINDS } from './rules/eligibility.js';
export * from './reminders/index.js';
export {
  GENDERS,
  retirementAgeReachedOn,
  statutoryRetirementAge,
  statutoryRetirementDate,
} from './rules/retirement.js';
