// The trust policy capability: checks, evaluation and the shared policy engine types.

export {
  type AuthzRequest,
  type ConditionEvaluation,
  type ContextValue,
  type Decision,
  type EvaluationResult,
  evaluatePolicies,
  type PolicyDocument,
  type PrincipalMatch,
  type RequestPrincipal,
  type StatementEvaluation,
  type StatementRef,
  statementLabel,
  statementName,
  type Tri,
} from '../policy/engine.js';
export {
  type PolicyFinding,
  type PolicySource,
  readPolicySource,
  type SourceSpan,
} from '../policy/source.js';
export {
  checkTrustPolicy,
  type Severity,
  type TrustCheckOptions,
  type TrustCheckResult,
  type TrustFinding,
} from './checks.js';
export { lineDiff } from './diff.js';
export {
  type CorpusCallerType,
  evaluateTrust,
  type FailedCondition,
  type TrustCaller,
  type TrustCallerKind,
  type TrustEvaluationOptions,
  type TrustReason,
  type TrustVerdict,
} from './evaluate.js';
export { roleArnOfGetRole } from './get-role.js';
