// One IAM policy evaluation engine for identity policies (the caller is the principal) and for
// resource policies such as role trust policies (the Principal element is matched against the
// caller). Explicit deny wins over allow; without an allow the answer is an implicit deny; when
// the request context does not say whether a key the answer depends on is there, the answer is
// "undecidable" and names the key.
//
// Known limits, written here so they are not forgotten: no SCPs, RCPs, permission boundaries or
// session policies (callers combine several evaluations for that); resource names are matched
// case-sensitively everywhere, although a few services compare some names without case.
import {
  type ConditionEvaluation,
  evaluateConditionBlock,
  type Tri,
  triAnd,
  triNot,
} from './conditions.js';
import {
  type ContextLookup,
  type ContextValue,
  type KeyState,
  substituteVariables,
} from './variables.js';
import { matchPattern, matchWildcard, patternFromText } from './wildcard.js';

export type { ConditionEvaluation, Tri } from './conditions.js';
export { evaluateCondition, parseOperator } from './conditions.js';
export type { ContextScalar, ContextValue } from './variables.js';

/** A policy as parsed from JSON; its shape is checked during evaluation, not assumed. */
export interface PolicyDocument {
  Version?: unknown;
  Id?: unknown;
  Statement?: unknown;
  [element: string]: unknown;
}

/** Who makes the request, as IAM identifies them. */
export interface RequestPrincipal {
  kind: 'aws' | 'service' | 'federated' | 'anonymous';
  /**
   * aws: the user ARN, assumed-role session ARN, federated-user ARN or root ARN;
   * service: the service principal (e.g. lambda.amazonaws.com);
   * federated: the SAML/OIDC provider ARN or built-in identity provider domain.
   */
  id: string;
  /** For a role session: the role's ARN (with its path) when known. */
  roleArn?: string;
  /** The unique id (AIDA…, AROA…) when known. */
  uniqueId?: string;
}

export interface AuthzRequest {
  /** The caller; needed for statements with Principal or NotPrincipal. */
  principal?: RequestPrincipal;
  action: string;
  /** The resource ARN; statements with Resource/NotResource need it. */
  resource?: string;
  /** Request context keys (names compared without case). null means "unknown". */
  context?: Readonly<Record<string, ContextValue | null | undefined>>;
  /**
   * How to read a key missing from `context`: 'absent' (the request does not carry it, the
   * default) or 'unknown' (nobody said; decisions that depend on it become undecidable).
   */
  missingKeys?: 'absent' | 'unknown';
  /** Keys known to be absent whatever `missingKeys` says (e.g. never sent in this flow). */
  absentKeys?: readonly string[];
  /** 'resource': a statement without Principal/NotPrincipal applies to no one. */
  policyType?: 'identity' | 'resource';
  /** Time of the request (aws:CurrentTime, aws:EpochTime) when the context does not give it. */
  now?: Date;
}

export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny' | 'undecidable';

export type PrincipalMatch =
  /** The statement has no Principal element (identity policy). */
  | 'not-applicable'
  /** The caller is named exactly (user, role, session, service, provider). */
  | 'exact'
  /** The caller's account is named: its own policies must also allow the request. */
  | 'account'
  /** "*" or {"AWS": "*"}. */
  | 'wildcard'
  | 'none';

export interface StatementRef {
  policyIndex: number;
  statementIndex: number;
  sid?: string;
}

export interface StatementEvaluation extends StatementRef {
  effect: 'Allow' | 'Deny' | 'invalid';
  principal: PrincipalMatch;
  /** The Principal value that matched, as written. */
  principalValue?: string;
  action: boolean;
  resource: boolean;
  condition: Tri;
  conditions: ConditionEvaluation[];
  /** Whether the statement applies to the request. */
  applies: Tri;
  problems: string[];
}

export interface EvaluationResult {
  decision: Decision;
  /** The statement that decided: the matching deny or allow, or the closest allow that failed. */
  deciding: StatementEvaluation | null;
  /** The first condition of the deciding statement that did not hold. */
  failedCondition?: ConditionEvaluation;
  /** Keys whose values are needed to decide (only when undecidable). */
  missingKeys: string[];
  statements: StatementEvaluation[];
}

/** Looks up an element by name without regard to case, as IAM does for element names. */
export function getElement(object: unknown, name: string): unknown {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return undefined;
  const lower = name.toLowerCase();
  let found: unknown;
  for (const [key, value] of Object.entries(object)) {
    if (key.toLowerCase() === lower) found = value;
  }
  return found;
}

export function hasElement(object: unknown, name: string): boolean {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return false;
  const lower = name.toLowerCase();
  return Object.keys(object).some((key) => key.toLowerCase() === lower);
}

/** Statement may be one object or an array; anything else yields no statements. */
export function statementList(document: unknown): unknown[] {
  const statement = getElement(document, 'Statement');
  if (Array.isArray(statement)) return statement;
  if (statement && typeof statement === 'object') return [statement];
  return [];
}

export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(text: string): ParsedArn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

const ACCOUNT_ID = /^\d{12}$/;
const UNIQUE_ID = /^A[A-Z0-9]{3}[A-Z0-9]{12,124}$/;

export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

export function isUniqueId(text: string): boolean {
  return UNIQUE_ID.test(text);
}

/** The account a caller belongs to, from its ARN. */
export function principalAccount(principal: RequestPrincipal): string | undefined {
  const arn = parseArn(principal.id);
  return arn?.account || undefined;
}

function callerRoleName(principal: RequestPrincipal): string | undefined {
  const arn = parseArn(principal.roleArn ?? principal.id);
  if (!arn) return undefined;
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    return arn.resource.split('/')[1];
  }
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    return arn.resource.split('/').pop();
  }
  return undefined;
}

/**
 * Whether the caller can be named by a policy of a resource in `resourcePartition` at all:
 * partitions are separate (aws, aws-cn, aws-us-gov, …), and no principal of one is ever admitted
 * by a policy of another, whatever the policy says. Callers without an ARN (services) are not
 * tied to one here.
 */
export function samePartition(caller: RequestPrincipal, resourcePartition?: string): boolean {
  if (!resourcePartition) return true;
  const callerArn = parseArn(caller.id);
  return !callerArn || callerArn.partition === resourcePartition;
}

/**
 * Matches one value of Principal.AWS against the caller. `resourcePartition` is the partition of
 * the resource the policy belongs to (the role, for a trust policy); a bare account id means that
 * account in this partition.
 */
export function matchAwsPrincipalValue(
  value: string,
  caller: RequestPrincipal,
  resourcePartition?: string,
): PrincipalMatch {
  if (caller.kind !== 'aws') return 'none';
  if (!samePartition(caller, resourcePartition)) return 'none';
  if (value === '*') return 'wildcard';
  const callerArn = parseArn(caller.id);
  if (ACCOUNT_ID.test(value)) return callerArn?.account === value ? 'account' : 'none';
  if (UNIQUE_ID.test(value)) {
    const callerUnique = caller.uniqueId?.split(':')[0];
    return callerUnique === value ? 'exact' : 'none';
  }
  const arn = parseArn(value);
  if (!arn || !callerArn) return 'none';
  if (arn.partition !== callerArn.partition || arn.account !== callerArn.account) return 'none';
  if (arn.service === 'iam' && arn.resource === 'root') return 'account';
  if (value === caller.id) return 'exact';
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    if (caller.roleArn) return caller.roleArn === value ? 'exact' : 'none';
    // A session ARN does not carry the role's path; role names are unique in an account, so the
    // name decides (IAM itself compares the role's unique id).
    const name = arn.resource.split('/').pop();
    return name !== undefined && name === callerRoleName(caller) ? 'exact' : 'none';
  }
  return 'none';
}

function matchPrincipalElement(
  element: unknown,
  caller: RequestPrincipal | undefined,
  resourcePartition: string | undefined,
): { match: PrincipalMatch; value?: string } {
  if (caller && !samePartition(caller, resourcePartition)) return { match: 'none' };
  if (element === '*') return caller ? { match: 'wildcard', value: '*' } : { match: 'none' };
  if (!caller || element === null || typeof element !== 'object' || Array.isArray(element)) {
    return { match: 'none' };
  }
  const rank: Record<PrincipalMatch, number> = {
    exact: 3,
    account: 2,
    wildcard: 1,
    none: 0,
    'not-applicable': 0,
  };
  let best: { match: PrincipalMatch; value?: string } = { match: 'none' };
  const consider = (match: PrincipalMatch, value: string) => {
    if (rank[match] > rank[best.match]) best = { match, value };
  };
  for (const [type, raw] of Object.entries(element as Record<string, unknown>)) {
    for (const value of stringList(raw)) {
      if (type === 'AWS') {
        consider(matchAwsPrincipalValue(value, caller, resourcePartition), value);
      } else if (type === 'Service' && caller.kind === 'service' && value === caller.id) {
        consider('exact', value);
      } else if (type === 'Federated' && caller.kind === 'federated' && value === caller.id) {
        consider('exact', value);
      }
    }
  }
  return best;
}

function matchesAction(patterns: string[], action: string): boolean {
  return patterns.some((pattern) => matchWildcard(pattern, action, true));
}

function matchesResource(
  patterns: string[],
  resource: string,
  lookup: ContextLookup,
  variablesEnabled: boolean,
): Tri {
  let result: Tri = false;
  for (const pattern of patterns) {
    if (pattern === '*') return true;
    if (!variablesEnabled) {
      if (matchPattern(patternFromText(pattern), resource)) return true;
      continue;
    }
    const substitution = substituteVariables(pattern, lookup, true);
    if (substitution.kind === 'unknown') result = 'unknown';
    else if (substitution.kind === 'resolved' && matchPattern(substitution.pieces, resource)) {
      return true;
    }
  }
  return result;
}

function buildLookup(request: AuthzRequest): ContextLookup {
  const values = new Map<string, ContextValue | null>();
  for (const [key, value] of Object.entries(request.context ?? {})) {
    if (value !== undefined) values.set(key.toLowerCase(), value);
  }
  const now = request.now ?? new Date();
  if (!values.has('aws:currenttime')) values.set('aws:currenttime', now.toISOString());
  if (!values.has('aws:epochtime')) {
    values.set('aws:epochtime', String(Math.floor(now.getTime() / 1000)));
  }
  const absent = new Set((request.absentKeys ?? []).map((key) => key.toLowerCase()));
  const missingAreUnknown = request.missingKeys === 'unknown';
  return (key: string): KeyState => {
    const lower = key.toLowerCase();
    if (absent.has(lower)) return { state: 'absent' };
    if (values.has(lower)) {
      const value = values.get(lower);
      if (value === null || value === undefined) return { state: 'unknown' };
      return { state: 'present', value };
    }
    return missingAreUnknown ? { state: 'unknown' } : { state: 'absent' };
  };
}

function evaluateStatement(
  raw: unknown,
  ref: StatementRef,
  request: AuthzRequest,
  lookup: ContextLookup,
  variablesEnabled: boolean,
): StatementEvaluation {
  const problems: string[] = [];
  const effectText = getElement(raw, 'Effect');
  const effect = effectText === 'Allow' || effectText === 'Deny' ? effectText : 'invalid';
  if (effect === 'invalid') problems.push('Effect must be "Allow" or "Deny"');

  const resourcePartition =
    request.resource !== undefined ? parseArn(request.resource)?.partition || undefined : undefined;
  let principal: PrincipalMatch = 'not-applicable';
  let principalValue: string | undefined;
  const principalElement = getElement(raw, 'Principal');
  const notPrincipalElement = getElement(raw, 'NotPrincipal');
  if (principalElement !== undefined) {
    const matched = matchPrincipalElement(principalElement, request.principal, resourcePartition);
    principal = matched.match;
    principalValue = matched.value;
  } else if (notPrincipalElement !== undefined) {
    // NotPrincipal applies to everyone not listed: a caller of another partition is not listed
    // (nothing there can name it), so a Deny with NotPrincipal still covers it.
    const matched = matchPrincipalElement(notPrincipalElement, request.principal, undefined);
    principal = matched.match === 'none' && request.principal ? 'wildcard' : 'none';
  } else if (request.policyType === 'resource') {
    principal = 'none';
    problems.push('the statement has no Principal');
  }

  let action = false;
  if (hasElement(raw, 'Action'))
    action = matchesAction(stringList(getElement(raw, 'Action')), request.action);
  else if (hasElement(raw, 'NotAction')) {
    action = !matchesAction(stringList(getElement(raw, 'NotAction')), request.action);
  } else problems.push('the statement has neither Action nor NotAction');

  let resource: Tri = true;
  if (hasElement(raw, 'Resource') || hasElement(raw, 'NotResource')) {
    const not = !hasElement(raw, 'Resource');
    const patterns = stringList(getElement(raw, not ? 'NotResource' : 'Resource'));
    if (request.resource === undefined) resource = false;
    else {
      const matched = matchesResource(patterns, request.resource, lookup, variablesEnabled);
      resource = not ? triNot(matched) : matched;
    }
  }

  const conditionBlock = evaluateConditionBlock(
    getElement(raw, 'Condition'),
    lookup,
    variablesEnabled,
  );
  if (conditionBlock.problem) problems.push(conditionBlock.problem);
  const principalOk = principal !== 'none';
  let applies: Tri = effect !== 'invalid' && principalOk && action;
  if (applies) applies = triAnd(triAnd(applies, resource), conditionBlock.result);
  return {
    ...ref,
    effect,
    principal,
    ...(principalValue !== undefined ? { principalValue } : {}),
    action,
    resource: resource === true,
    condition: conditionBlock.result,
    conditions: conditionBlock.evaluations,
    applies,
    problems,
  };
}

function closeness(statement: StatementEvaluation): number {
  let score = 0;
  if (statement.action) score += 8;
  if (statement.principal !== 'none') score += 4;
  if (statement.resource) score += 2;
  const failed = statement.conditions.filter((condition) => condition.result === false).length;
  return score * 100 - failed;
}

/**
 * Evaluates policies for one request. Statements of all policies are OR-ed, an applying Deny
 * wins, and "unknown" context keys make the decision undecidable only when they could change it.
 */
export function evaluatePolicies(
  policies: readonly PolicyDocument[],
  request: AuthzRequest,
): EvaluationResult {
  const lookup = buildLookup(request);
  const statements: StatementEvaluation[] = [];
  policies.forEach((policy, policyIndex) => {
    const variablesEnabled = getElement(policy, 'Version') === '2012-10-17';
    statementList(policy).forEach((raw, statementIndex) => {
      const sid = getElement(raw, 'Sid');
      const ref: StatementRef = {
        policyIndex,
        statementIndex,
        ...(typeof sid === 'string' && sid !== '' ? { sid } : {}),
      };
      statements.push(evaluateStatement(raw, ref, request, lookup, variablesEnabled));
    });
  });

  const firstFailed = (statement: StatementEvaluation | null) =>
    statement?.conditions.find((condition) => condition.result === false);
  const denies = statements.filter((statement) => statement.effect === 'Deny');
  const allows = statements.filter((statement) => statement.effect === 'Allow');
  const deny = denies.find((statement) => statement.applies === true);
  if (deny) {
    return { decision: 'explicit-deny', deciding: deny, missingKeys: [], statements };
  }
  const allow = allows.find((statement) => statement.applies === true);
  const unknownDenies = denies.filter((statement) => statement.applies === 'unknown');
  const unknownAllows = allows.filter((statement) => statement.applies === 'unknown');
  const missingOf = (list: StatementEvaluation[]) => [
    ...new Set(
      list.flatMap((statement) =>
        statement.conditions
          .filter((condition) => condition.result === 'unknown' && condition.missingKey)
          .map((condition) => condition.missingKey as string),
      ),
    ),
  ];
  if (allow && unknownDenies.length === 0) {
    return { decision: 'allowed', deciding: allow, missingKeys: [], statements };
  }
  if (allow || unknownAllows.length > 0) {
    const undecided = allow ? unknownDenies : unknownAllows;
    return {
      decision: 'undecidable',
      deciding: undecided[0] ?? null,
      missingKeys: missingOf(allow ? unknownDenies : [...unknownAllows, ...unknownDenies]),
      statements,
    };
  }
  const closest = [...allows].sort((a, b) => closeness(b) - closeness(a))[0] ?? null;
  const failedCondition = closest?.action ? firstFailed(closest) : undefined;
  return {
    decision: 'implicit-deny',
    deciding: closest,
    ...(failedCondition ? { failedCondition } : {}),
    missingKeys: [],
    statements,
  };
}

/** "Sid" when the statement has one, otherwise its 0-based index. */
export function statementLabel(statement: StatementRef): string | number {
  return statement.sid ?? statement.statementIndex;
}

/** How a statement is named in text for people: its Sid, else its position counted from 1. */
export function statementName(label: string | number): string {
  return typeof label === 'number' ? String(label + 1) : `"${label}"`;
}

/** The people's name of an evaluated statement, or `?` when there is none. */
export function describeStatement(statement: StatementRef | null | undefined): string {
  return statement ? statementName(statementLabel(statement)) : '?';
}
