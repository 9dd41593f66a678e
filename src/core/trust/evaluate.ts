// "Can this caller assume this role?" from the trust policy alone: the decision, the statement
// and condition that decided, the smallest policy change that admits this caller, and what the
// trust policy cannot show.

import { lookupPartition } from '../partitions.js';
import { type ConditionEvaluation, parseIamDate } from '../policy/conditions.js';
import {
  type AuthzRequest,
  type ContextValue,
  describeStatement,
  type EvaluationResult,
  evaluatePolicies,
  getElement,
  hasElement,
  isAccountId,
  type PolicyDocument,
  parseArn,
  type RequestPrincipal,
  statementLabel,
  statementList,
  statementName,
} from '../policy/engine.js';
import { extractPolicyText, readPolicySource, unwrapPolicyValue } from '../policy/source.js';
import { matchPattern, matchWildcard, patternFromText } from '../policy/wildcard.js';
import { parseRoleArn } from '../switch/names.js';
import { lineDiff } from './diff.js';
import { explainGitHubSub } from './github-sub.js';
import {
  ASSUME_ROLE,
  ASSUME_ROLE_WITH_SAML,
  ASSUME_ROLE_WITH_WEB_IDENTITY,
  AWS_CALLER_ONLY_KEYS,
  BUILT_IN_WEB_IDENTITY_PROVIDERS,
  COGNITO_PROVIDER,
  isAwsSamlEndpoint,
  isEksProvider,
  isGitHubProvider,
  isRegionalSamlEndpoint,
  isSupportedClaim,
  MFA_KEYS,
  SERVICE_SESSION_NEEDS,
  SET_SOURCE_IDENTITY,
  TAG_SESSION,
} from './knowledge.js';
import {
  type ConditionEntry,
  modelStatements,
  nameOfStatement,
  providerPathOf,
  type StatementModel,
  splitProviderKey,
} from './model.js';

/** Caller kinds; the corpus names (IAMUser, AssumedRole, …) are accepted as well. */
export type TrustCallerKind =
  | 'user'
  | 'role-session'
  | 'console-switch'
  | 'saml'
  | 'web-identity'
  | 'service';

export type CorpusCallerType =
  | 'IAMUser'
  | 'AssumedRole'
  | 'ConsoleSwitchRole'
  | 'WebIdentity'
  | 'SAML'
  | 'Service';

export interface TrustCaller {
  /** Caller ARN; for federated callers the provider ARN or domain; for services the service. */
  principal?: string;
  type?: TrustCallerKind | CorpusCallerType;
  /** STS operation, e.g. sts:AssumeRole (derived from the type when omitted). */
  operation?: string;
  /** Condition keys as STS would see them; null = unknown. */
  context?: Record<string, ContextValue | null>;
  /**
   * Whether `context` lists everything the request carries (keys not given are absent, the
   * default) or only what is known (keys not given are unknown and can make the answer
   * undecidable).
   */
  contextComplete?: boolean;
  /** Keys the caller is known not to send, whatever contextComplete says. */
  absentKeys?: string[];
  /** MFA used for this call (true), known not used (false), or unknown (undefined). */
  mfa?: boolean;
  mfaAgeSeconds?: number;
  externalId?: string;
  sourceIdentity?: string;
  sessionName?: string;
  sessionTags?: Record<string, string>;
  transitiveTagKeys?: string[];
  orgId?: string;
  orgPaths?: string[];
  principalTags?: Record<string, string>;
  sourceIp?: string;
  /** Token claims for web identity: sub, aud, amr and any other claim. */
  tokenClaims?: Record<string, string | string[]>;
  /** SAML Recipient (becomes SAML:aud). */
  samlAudience?: string;
  sourceArn?: string;
  sourceAccount?: string;
  /** The role ARN (with path) of a role session, when known. */
  roleArn?: string;
  description?: string;
}

export interface TrustReason {
  id: string;
  message: string;
}

export interface FailedCondition {
  operator: string;
  key: string;
  policyValues: string[];
  /** The caller's value; undefined when absent, null when unknown. */
  callerValue: ContextValue | null | undefined;
}

export interface TrustVerdict {
  allowed: boolean | null;
  reasons: TrustReason[];
  /** Sid or index of the deciding statement. */
  statement: string | number | null;
  failedCondition?: FailedCondition;
  /**
   * The whole policy with the smallest change that admits this caller (and no one else); with
   * proposalCallerMustMeet, only once the caller also meets those conditions.
   */
  proposedPolicy: object | null;
  proposedDiff: string | null;
  /**
   * Conditions the proposed statement keeps from the statements already there (so that the
   * policy is not weakened) and that this caller does not meet yet.
   */
  proposalCallerMustMeet?: string[];
  /** What the trust policy alone cannot show. */
  invisible: string[];
  /** Each STS action this call needs, with the engine's decision. */
  actions: Array<{ action: string; decision: EvaluationResult['decision'] }>;
}

export interface TrustEvaluationOptions {
  now?: Date;
}

interface NormalisedCaller {
  kind: TrustCallerKind | 'root' | 'invalid';
  principal: RequestPrincipal | undefined;
  operation: string;
  providerPath?: string;
  account?: string;
  problem?: string;
}

const KIND_ALIASES: Record<string, TrustCallerKind> = {
  user: 'user',
  iamuser: 'user',
  'role-session': 'role-session',
  assumedrole: 'role-session',
  'console-switch': 'console-switch',
  consoleswitchrole: 'console-switch',
  saml: 'saml',
  'web-identity': 'web-identity',
  webidentity: 'web-identity',
  service: 'service',
};

function inferKind(principal: string): TrustCallerKind | 'root' | undefined {
  const arn = parseArn(principal);
  if (arn) {
    if (arn.service === 'iam' && arn.resource === 'root') return 'root';
    if (arn.service === 'iam' && arn.resource.startsWith('user/')) return 'user';
    if (arn.service === 'iam' && arn.resource.startsWith('role/')) return 'role-session';
    if (arn.service === 'sts') return 'role-session';
    if (arn.resource.startsWith('saml-provider/')) return 'saml';
    if (arn.resource.startsWith('oidc-provider/')) return 'web-identity';
    return undefined;
  }
  if ((BUILT_IN_WEB_IDENTITY_PROVIDERS as readonly string[]).includes(principal)) {
    return 'web-identity';
  }
  if (/^[a-z0-9][a-z0-9.-]{0,200}\.amazonaws\.com(\.cn)?$/.test(principal)) return 'service';
  return undefined;
}

/** What a caller principal is, in words, for a message that says it does not fit. */
function describePrincipalText(principal: string): string {
  const arn = parseArn(principal);
  if (arn) {
    const resource = arn.resource;
    if (arn.service === 'iam' && resource === 'root') return "an account's root user";
    if (arn.service === 'iam' && resource.startsWith('user/')) return 'an IAM user ARN';
    if (arn.service === 'iam' && resource.startsWith('role/')) return 'an IAM role ARN';
    if (arn.service === 'iam' && resource.startsWith('saml-provider/')) {
      return 'a SAML provider ARN';
    }
    if (arn.service === 'iam' && resource.startsWith('oidc-provider/')) {
      return 'an OIDC provider ARN';
    }
    if (arn.service === 'sts' && resource.startsWith('assumed-role/')) {
      return 'a role session ARN';
    }
    if (arn.service === 'sts' && resource.startsWith('federated-user/')) {
      return 'a federated user ARN';
    }
    return `an ARN of the ${arn.service} service`;
  }
  const inferred = inferKind(principal);
  if (inferred === 'web-identity') return 'a built-in web identity provider';
  if (inferred === 'service') return 'a service principal';
  return 'neither an ARN nor a service principal';
}

/** How each caller type is named, for a principal that does not fit the type given. */
const CALLER_NAMING: Record<TrustCallerKind, string> = {
  user: 'an IAM user caller is named by its ARN, arn:PARTITION:iam::ACCOUNT:user/[PATH/]NAME',
  'role-session':
    'a role session is named by its ARN, arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION, ' +
    "or by the role's ARN",
  'console-switch':
    'a console switch-role caller is the IAM user or role session that switches, named by its ' +
    'ARN',
  saml:
    "a SAML caller is named by its identity provider's ARN, " +
    'arn:PARTITION:iam::ACCOUNT:saml-provider/NAME',
  'web-identity':
    "a web identity caller is named by its OIDC provider's ARN, " +
    'arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH], or by a built-in provider ' +
    `(${BUILT_IN_WEB_IDENTITY_PROVIDERS.join(', ')})`,
  service: 'a service caller is named by its service principal, such as ec2.amazonaws.com',
};

/** The inferred kinds that fit a declared caller type (the root user fits the AWS ones). */
const FITTING_KINDS: Record<TrustCallerKind, ReadonlyArray<TrustCallerKind | 'root'>> = {
  user: ['user', 'root'],
  'role-session': ['role-session', 'root'],
  'console-switch': ['user', 'role-session', 'root'],
  saml: ['saml'],
  'web-identity': ['web-identity'],
  service: ['service'],
};

function normaliseCaller(caller: TrustCaller): NormalisedCaller {
  const principalText = (caller.principal ?? '').trim();
  const declared = caller.type ? KIND_ALIASES[caller.type.toLowerCase()] : undefined;
  const inferred = principalText ? inferKind(principalText) : undefined;
  const defaultOperation = (kind: string) =>
    kind === 'saml'
      ? ASSUME_ROLE_WITH_SAML
      : kind === 'web-identity'
        ? ASSUME_ROLE_WITH_WEB_IDENTITY
        : ASSUME_ROLE;
  const fail = (problem: string): NormalisedCaller => ({
    kind: 'invalid',
    principal: undefined,
    operation: caller.operation ?? ASSUME_ROLE,
    problem,
  });
  if (caller.type && !declared) return fail(`unknown caller type "${caller.type}"`);
  if (!principalText) {
    return fail('the caller is not named (give its ARN, provider ARN or service principal)');
  }
  // An account id or a broken ARN gets its own message below.
  const judgeable =
    !isAccountId(principalText) && !(principalText.startsWith('arn:') && !parseArn(principalText));
  if (declared && judgeable && !(inferred && FITTING_KINDS[declared].includes(inferred))) {
    const looksLikeHost = /^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(principalText);
    const what =
      declared === 'web-identity' && !inferred && looksLikeHost
        ? 'a host name alone: the provider registered for it is ' +
          `arn:PARTITION:iam::ACCOUNT:oidc-provider/${principalText} in the role's account`
        : describePrincipalText(principalText);
    return fail(`${CALLER_NAMING[declared]}; "${principalText}" is ${what}`);
  }
  if (inferred === 'root') {
    return {
      kind: 'root',
      principal: { kind: 'aws', id: principalText },
      operation: caller.operation ?? ASSUME_ROLE,
      account: parseArn(principalText)?.account,
    };
  }
  if (isAccountId(principalText)) {
    return fail(
      'an account id alone does not say who calls: give the ARN of the user or role ' +
        '(the root user cannot assume roles)',
    );
  }
  const kind = declared ?? inferred;
  if (!kind) return fail(`cannot tell what kind of caller "${principalText}" is`);
  const callerArn = parseArn(principalText);
  if (callerArn) {
    const partition = lookupPartition(callerArn.partition);
    if (!partition.ok) {
      return fail(`the caller ${principalText}: ${partition.error.replace(/\.$/, '')}`);
    }
    if (!isAccountId(callerArn.account)) {
      return fail(`the account in the caller ARN "${callerArn.account}" must be 12 digits`);
    }
  } else if (principalText.startsWith('arn:')) {
    return fail(`"${principalText}" is not a complete ARN (arn:PARTITION:SERVICE::ACCOUNT:…)`);
  }
  const operation = caller.operation ?? defaultOperation(kind);
  if (kind === 'service') {
    return { kind, principal: { kind: 'service', id: principalText }, operation };
  }
  if (kind === 'saml' || kind === 'web-identity') {
    const providerPath = providerPathOf(principalText);
    return {
      kind,
      principal: { kind: 'federated', id: principalText },
      operation,
      ...(providerPath ? { providerPath } : {}),
    };
  }
  const arn = parseArn(principalText);
  if (!arn || (arn.service !== 'iam' && arn.service !== 'sts')) {
    return fail(`"${principalText}" is not an IAM user, role or session ARN`);
  }
  const principal: RequestPrincipal = { kind: 'aws', id: principalText };
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    // A role ARN stands for a session of that role.
    const name = arn.resource.split('/').pop() ?? '';
    principal.roleArn = principalText;
    principal.id = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${name}/session`;
  }
  const contextArn = caller.context?.['aws:PrincipalArn'];
  if (caller.roleArn) principal.roleArn = caller.roleArn;
  else if (typeof contextArn === 'string' && /:role\//.test(contextArn) && !principal.roleArn) {
    principal.roleArn = contextArn;
  }
  return { kind, principal, operation, account: arn.account };
}

function roleArnOfSession(principal: RequestPrincipal): string | undefined {
  if (principal.roleArn) return principal.roleArn;
  const arn = parseArn(principal.id);
  if (arn?.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    return `arn:${arn.partition}:iam::${arn.account}:role/${arn.resource.split('/')[1]}`;
  }
  return undefined;
}

interface BuiltContext {
  context: Record<string, ContextValue | null>;
  absentKeys: string[];
}

function hasKey(context: Record<string, unknown>, key: string): boolean {
  const lower = key.toLowerCase();
  return Object.keys(context).some((name) => name.toLowerCase() === lower);
}

function buildContext(
  caller: TrustCaller,
  normalised: NormalisedCaller,
  policyKeys: string[],
): BuiltContext {
  const context: Record<string, ContextValue | null> = { ...(caller.context ?? {}) };
  const absentKeys: string[] = [...(caller.absentKeys ?? [])];
  const setDefault = (key: string, value: ContextValue | null | undefined) => {
    if (value !== undefined && !hasKey(context, key)) context[key] = value;
  };
  const principal = normalised.principal;
  const kind = normalised.kind;
  if (principal?.kind === 'aws') {
    const arn = parseArn(principal.id);
    const isUser = arn?.service === 'iam' && arn.resource.startsWith('user/');
    const isFederatedUser = arn?.resource.startsWith('federated-user/') ?? false;
    const principalArn = isUser || isFederatedUser ? principal.id : roleArnOfSession(principal);
    // A session ARN does not show the role's path. Identity Center roles always have one, so
    // their aws:PrincipalArn is unknown; other roles are taken to have none (the common case).
    const pathUnknown =
      !isUser && !isFederatedUser && !principal.roleArn && /\/AWSReservedSSO_/.test(principal.id);
    setDefault('aws:PrincipalArn', pathUnknown ? null : principalArn);
    // Always present for AWS callers, but not derivable from the ARN.
    setDefault('aws:userid', null);
    setDefault('aws:SourceIp', caller.sourceIp ?? null);
    setDefault('aws:PrincipalAccount', arn?.account);
    setDefault(
      'aws:PrincipalType',
      isUser ? 'User' : isFederatedUser ? 'FederatedUser' : 'AssumedRole',
    );
    if (isUser) setDefault('aws:username', arn?.resource.split('/').pop());
    setDefault('aws:PrincipalOrgID', caller.orgId);
    setDefault('aws:PrincipalOrgPaths', caller.orgPaths);
    for (const [tag, value] of Object.entries(caller.principalTags ?? {})) {
      setDefault(`aws:PrincipalTag/${tag}`, value);
    }
    if (caller.mfa === true) {
      setDefault('aws:MultiFactorAuthPresent', 'true');
      // MFA without its age says nothing about how long ago it was used, so a condition on
      // the age cannot be decided; no age is assumed.
      setDefault(
        'aws:MultiFactorAuthAge',
        caller.mfaAgeSeconds !== undefined ? String(caller.mfaAgeSeconds) : null,
      );
    } else if (caller.mfa === false && kind === 'console-switch') {
      // A console session is temporary credentials: the key is there and says false (a Deny
      // on Bool false works in the console); the age is absent.
      setDefault('aws:MultiFactorAuthPresent', 'false');
      absentKeys.push(...MFA_KEYS.filter((key) => !hasKey(context, key)));
    } else if (caller.mfa === false || kind === 'role-session') {
      // Long-term keys, and credentials from AssumeRole, carry no MFA context; only MFA passed
      // again adds it. A value given outright (GetSessionToken credentials without MFA say
      // "false") is what STS sees, so it stays.
      absentKeys.push(...MFA_KEYS.filter((key) => !hasKey(context, key)));
    }
    if (kind === 'console-switch') absentKeys.push('sts:ExternalId');
    else setDefault('sts:ExternalId', caller.externalId);
    setDefault('sts:SourceIdentity', caller.sourceIdentity);
    setDefault('sts:RoleSessionName', caller.sessionName);
  }
  if (kind === 'saml' || kind === 'web-identity') {
    absentKeys.push(...AWS_CALLER_ONLY_KEYS);
    setDefault('sts:SourceIdentity', caller.sourceIdentity);
    setDefault('sts:RoleSessionName', caller.sessionName);
  }
  if (kind === 'saml') setDefault('saml:aud', caller.samlAudience);
  if (kind === 'web-identity' && normalised.providerPath) {
    for (const [claim, value] of Object.entries(caller.tokenClaims ?? {})) {
      setDefault(`${normalised.providerPath}:${claim}`, value);
    }
  }
  if (kind === 'service') {
    absentKeys.push(...AWS_CALLER_ONLY_KEYS);
    setDefault('aws:SourceArn', caller.sourceArn);
    setDefault('aws:SourceAccount', caller.sourceAccount);
  }
  if (caller.sessionTags) {
    for (const [tag, value] of Object.entries(caller.sessionTags)) {
      setDefault(`aws:RequestTag/${tag}`, value);
    }
    setDefault('aws:TagKeys', Object.keys(caller.sessionTags));
  }
  setDefault('sts:TransitiveTagKeys', caller.transitiveTagKeys);

  // Keys of other flows, and claims IAM never exposes, are absent whatever anyone says.
  for (const key of policyKeys) {
    const lower = key.toLowerCase();
    const split = splitProviderKey(key);
    if (lower.startsWith('saml:') && kind !== 'saml') absentKeys.push(key);
    else if (split && kind === 'web-identity') {
      const provider = normalised.providerPath ?? '';
      if (split.prefix.toLowerCase() !== provider.toLowerCase()) absentKeys.push(key);
      else if (isSupportedClaim(provider, split.claim) === false) absentKeys.push(key);
    } else if (split && kind !== 'web-identity' && !lower.startsWith('saml:')) {
      absentKeys.push(key);
    }
  }
  return { context, absentKeys };
}

function lookupContext(
  built: BuiltContext,
  key: string,
  complete: boolean,
): ContextValue | null | undefined {
  const lower = key.toLowerCase();
  if (built.absentKeys.some((name) => name.toLowerCase() === lower)) return undefined;
  for (const [name, value] of Object.entries(built.context)) {
    if (name.toLowerCase() === lower) return value;
  }
  return complete ? undefined : null;
}

function collectPolicyKeys(document: unknown): string[] {
  return modelStatements(document).flatMap((model) =>
    model.conditions.map((condition) => condition.key),
  );
}

function neededActions(
  normalised: NormalisedCaller,
  built: BuiltContext,
  complete: boolean,
): string[] {
  const actions = [normalised.operation];
  const present = (key: string) => {
    const value = lookupContext(built, key, complete);
    return value !== undefined && value !== null;
  };
  const tagged =
    Object.keys(built.context).some(
      (key) => key.toLowerCase().startsWith('aws:requesttag/') && built.context[key] != null,
    ) ||
    present('aws:TagKeys') ||
    present('sts:TransitiveTagKeys');
  const service = normalised.kind === 'service' ? (normalised.principal?.id ?? '') : '';
  const serviceNeeds = SERVICE_SESSION_NEEDS[service] ?? [];
  if (tagged || serviceNeeds.includes(TAG_SESSION)) actions.push(TAG_SESSION);
  if (present('sts:SourceIdentity') || serviceNeeds.includes(SET_SOURCE_IDENTITY)) {
    actions.push(SET_SOURCE_IDENTITY);
  }
  return [...new Set(actions)];
}

function describeValue(value: ContextValue | null | undefined): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'unknown';
  return Array.isArray(value) ? `[${value.join(', ')}]` : `"${String(value)}"`;
}

/**
 * A policy value with * or ? under an exact string operator that would admit the caller's value
 * if it were read as a pattern: the author meant StringLike.
 */
function literalWildcardMatch(condition: ConditionEvaluation): string | undefined {
  const parsed = condition.parsed;
  const value = condition.requestValue;
  if (parsed?.family !== 'String' || parsed.negated) return undefined;
  if (parsed.base.includes('Like') || typeof value !== 'string') return undefined;
  const foldCase = parsed.base.endsWith('IgnoreCase');
  return condition.policyValues.find(
    (policyValue) =>
      /[*?]/.test(policyValue) && matchPattern(patternFromText(policyValue), value, foldCase),
  );
}

function classifyFailedCondition(
  condition: ConditionEvaluation,
  normalised: NormalisedCaller,
  now: Date,
): TrustReason {
  const key = condition.key;
  const lower = key.toLowerCase();
  const callerValue = condition.requestValue;
  const detail =
    `${condition.operator} ${key} ${JSON.stringify(condition.policyValues)}; the caller's value ` +
    `is ${describeValue(callerValue)}`;
  const kind = normalised.kind;
  if (condition.unresolvedVariable) {
    return {
      id: 'VARIABLE_UNRESOLVABLE_FOR_CALLER',
      message:
        `The condition on ${key} uses \${${condition.unresolvedVariable}}, which this caller's ` +
        'request does not carry, so the condition is false.',
    };
  }
  if (MFA_KEYS.includes(lower)) {
    if (kind === 'saml' || kind === 'web-identity') {
      return {
        id: 'MFA_CONDITION_ON_FEDERATED_STATEMENT',
        message: 'Federated sign-ins carry no AWS MFA information, so the MFA condition fails.',
      };
    }
    const why =
      kind === 'role-session'
        ? 'credentials from an assumed role carry no MFA information (role chaining)'
        : callerValue === undefined
          ? 'the call carries no MFA information (no --serial-number/--token-code, or a session ' +
            'without MFA)'
          : `the MFA value does not satisfy the condition (${detail})`;
    return {
      id: 'MFA_REQUIRED_CALLER_HAS_NO_MFA_CONTEXT',
      message: `The trust policy requires MFA, but ${why}.`,
    };
  }
  if (lower === 'sts:externalid') {
    if (kind === 'console-switch') {
      return {
        id: 'EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH',
        message:
          "The trust policy requires an ExternalId and the console's Switch role cannot send " +
          'one; this role can only be assumed through the API, CLI or SDK.',
      };
    }
    return {
      id: 'EXTERNAL_ID_MISSING_OR_MISMATCH',
      message:
        callerValue === undefined
          ? 'The trust policy requires an ExternalId and the caller did not pass one.'
          : `The ExternalId passed does not match (${detail}).`,
    };
  }
  if (
    [
      'aws:principalorgid',
      'aws:principalorgpaths',
      'aws:principalaccount',
      'aws:principalarn',
    ].includes(lower) ||
    lower.startsWith('aws:principaltag/')
  ) {
    return {
      id: 'PRINCIPAL_ORG_CONDITION_MISMATCH',
      message: `The caller does not meet the identity condition: ${detail}.`,
    };
  }
  if (['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid'].includes(lower)) {
    if (kind === 'service' && callerValue === undefined) {
      return {
        id: 'SOURCE_KEY_NOT_SENT_BY_SERVICE',
        message:
          `${normalised.principal?.id} did not send ${key} when assuming the role, so the ` +
          `condition fails.`,
      };
    }
    return { id: 'CONDITION_VALUE_MISMATCH', message: `Condition not met: ${detail}.` };
  }
  if (
    [
      'sts:rolesessionname',
      'sts:sourceidentity',
      'aws:tagkeys',
      'sts:transitivetagkeys',
      'aws:sourceip',
    ].includes(lower) ||
    lower.startsWith('aws:requesttag/')
  ) {
    return {
      id: 'SESSION_PARAMETER_REQUIREMENT',
      message: `The call does not supply what the trust policy requires: ${detail}.`,
    };
  }
  if (lower === 'aws:currenttime' || lower === 'aws:epochtime') {
    const limits = condition.policyValues.map(parseIamDate);
    const expired =
      condition.operator.startsWith('DateLessThan') &&
      limits.every((limit) => !Number.isNaN(limit) && limit < now.getTime());
    return {
      id: expired ? 'EXPIRED_TIME_WINDOW' : 'CONDITION_VALUE_MISMATCH',
      message: expired
        ? `The trust only matched until ${condition.policyValues.join(', ')}.`
        : `The time condition is not met: ${detail}.`,
    };
  }
  if (lower.startsWith('saml:aud') && typeof callerValue === 'string') {
    if (isRegionalSamlEndpoint(callerValue)) {
      return {
        id: 'SAML_AUD_REGIONAL_ENDPOINT',
        message:
          `The IdP posts to the regional endpoint ${callerValue}, which SAML:aud does not ` +
          `list.`,
      };
    }
    if (!isAwsSamlEndpoint(callerValue)) {
      return {
        id: 'SAML_AUD_API_FLOW',
        message:
          `The assertion's Recipient is ${callerValue} (an API or custom ACS flow), but SAML:aud ` +
          `only allows ${condition.policyValues.join(', ')}.`,
      };
    }
  }
  const literalPattern = literalWildcardMatch(condition);
  if (literalPattern !== undefined) {
    return {
      id: 'WILDCARD_WITHOUT_LIKE',
      message:
        `${condition.operator} compares "${literalPattern}" literally, so its * and ? only ` +
        `match those very characters; as a StringLike pattern it would admit ` +
        `${describeValue(callerValue)}.`,
    };
  }
  const split = splitProviderKey(key);
  if (split && kind === 'web-identity') {
    const provider = normalised.providerPath ?? split.prefix;
    const claim = split.claim.toLowerCase();
    if (callerValue === undefined && isSupportedClaim(provider, claim) === false) {
      return {
        id: 'KEY_ABSENT_IN_FLOW',
        message: `IAM never exposes the ${split.claim} claim as a condition key, so ${key} fails.`,
      };
    }
    if (claim === 'aud') {
      return {
        id: provider === COGNITO_PROVIDER ? 'CONDITION_VALUE_MISMATCH' : 'OIDC_AUD_VALUE_MISMATCH',
        message: `The token audience does not match: ${detail}.`,
      };
    }
    if (claim === 'sub' && typeof callerValue === 'string') {
      if (isGitHubProvider(provider)) {
        const github = explainGitHubSub(condition, callerValue, detail);
        if (github) return github;
      }
      if (isEksProvider(provider)) {
        return {
          id: 'EKS_SUB_MISMATCH',
          message:
            `The pod's service account (${callerValue}) is not the one the policy names ` +
            `(${condition.policyValues.join(', ')}).`,
        };
      }
    }
  }
  if (
    typeof callerValue === 'string' &&
    condition.policyValues.some(
      (value) => value.toLowerCase() === callerValue.toLowerCase() && value !== callerValue,
    )
  ) {
    return { id: 'CASE_MISMATCH_IN_VALUE', message: `Values differ only in case: ${detail}.` };
  }
  return { id: 'CONDITION_VALUE_MISMATCH', message: `Condition not met: ${detail}.` };
}

function principalNearMisses(
  document: unknown,
  normalised: NormalisedCaller,
  roleArn: string,
): TrustReason[] {
  const reasons: TrustReason[] = [];
  const principal = normalised.principal;
  if (!principal) return reasons;
  const callerRole = principal.kind === 'aws' ? roleArnOfSession(principal) : undefined;
  const roleName = (arn: string | undefined) => arn?.split('/').pop();
  if (
    callerRole &&
    roleName(callerRole) === roleName(roleArn) &&
    parseArn(callerRole)?.account === parseArn(roleArn)?.account
  ) {
    reasons.push({
      id: 'SELF_ASSUME_NOT_TRUSTED',
      message:
        'The caller is a session of this very role; roles no longer trust themselves implicitly, ' +
        'so the role must be named in its own trust policy.',
    });
  }
  for (const model of modelStatements(document)) {
    if (model.effect !== 'Allow') continue;
    for (const entry of model.principals) {
      const value = entry.value;
      const trimmed = value.replace(/\s+/g, '');
      if (trimmed !== value && (trimmed === principal.id || trimmed === callerRole)) {
        reasons.push({
          id: 'PRINCIPAL_WHITESPACE',
          message:
            `"${value}" would name this caller without its whitespace; as written it ` +
            `names no one.`,
        });
      }
      if (entry.type === 'AWS' && /^A(IDA|ROA)[A-Z0-9]{12,}$/.test(value)) {
        reasons.push({
          id: 'UNIQUE_ID_PRINCIPAL',
          message:
            `"${value}" is the unique id of a deleted ` +
            `${value.startsWith('AIDA') ? 'user' : 'role'}; ` +
            'a re-created principal with the same name has a new id and is not trusted.',
        });
      }
      if (entry.type === 'AWS' && value !== '*' && /[*?]/.test(value)) {
        reasons.push({
          id: 'WILDCARD_IN_PRINCIPAL_ARN',
          message:
            `"${value}" is a pattern; IAM does not allow wildcards in principal ARNs, so ` +
            `it matches no one.`,
        });
      }
      const arn = parseArn(value);
      const callerArn = parseArn(principal.id);
      if (
        arn &&
        callerArn &&
        arn.partition !== callerArn.partition &&
        arn.account === callerArn.account
      ) {
        reasons.push({
          id: 'PARTITION_MISMATCH',
          message:
            `"${value}" is in partition ${arn.partition}, the caller in ` +
            `${callerArn.partition}.`,
        });
      }
    }
  }
  return reasons;
}

interface NotPrincipalStatement {
  index: number;
  effect: 'Allow' | 'Deny';
}

/**
 * IAM refuses NotPrincipal in role trust policies, with Allow or with Deny. To still say what
 * the author meant, an Allow with NotPrincipal (everyone but those listed) is read as admitting
 * no one, and a Deny with NotPrincipal is evaluated as IAM evaluates it in the resource policies
 * that support it: it denies everyone not listed.
 */
function sanitiseForTrust(document: unknown): {
  document: PolicyDocument;
  notPrincipal: NotPrincipalStatement[];
} {
  const notPrincipal: NotPrincipalStatement[] = [];
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    return { document: {}, notPrincipal };
  }
  const statements = statementList(document).map((statement, index) => {
    if (hasElement(statement, 'NotPrincipal') && !hasElement(statement, 'Principal')) {
      const effect = getElement(statement, 'Effect') === 'Deny' ? 'Deny' : 'Allow';
      notPrincipal.push({ index, effect });
      if (effect === 'Deny') return statement;
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(statement as Record<string, unknown>)) {
        if (key.toLowerCase() !== 'notprincipal') copy[key] = value;
      }
      copy.Principal = {};
      return copy;
    }
    return statement;
  });
  return {
    document: { ...(document as Record<string, unknown>), Statement: statements },
    notPrincipal,
  };
}

/**
 * The same Deny written the way trust policies accept: Principal "*" with conditions on
 * aws:PrincipalArn and aws:PrincipalAccount (both must miss for the Deny to apply, as with
 * NotPrincipal). Undefined when NotPrincipal names what these keys cannot express (sessions,
 * services, identity providers).
 */
function denyWithoutNotPrincipal(
  statement: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const element = getElement(statement, 'NotPrincipal');
  if (!element || typeof element !== 'object' || Array.isArray(element)) return undefined;
  const arns: string[] = [];
  const accounts: string[] = [];
  for (const [type, raw] of Object.entries(element as Record<string, unknown>)) {
    if (type !== 'AWS') return undefined;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string') return undefined;
      const arn = parseArn(value);
      if (isAccountId(value)) accounts.push(value);
      else if (arn?.service === 'iam' && arn.resource === 'root') accounts.push(arn.account);
      else if (arn?.service === 'iam' && /^(user|role)\//.test(arn.resource)) arns.push(value);
      else return undefined;
    }
  }
  if (arns.length + accounts.length === 0) return undefined;
  const copy = clone(statement);
  let condition: Record<string, Record<string, unknown>> = {};
  const conditionKey = Object.keys(copy).find((key) => key.toLowerCase() === 'condition');
  if (conditionKey !== undefined) {
    const existing = copy[conditionKey];
    if (!existing || typeof existing !== 'object' || Array.isArray(existing)) return undefined;
    condition = existing as Record<string, Record<string, unknown>>;
  }
  const addTest = (operator: string, key: string, values: string[]) => {
    if (values.length === 0) return true;
    const block = condition[operator] ?? {};
    if (Object.keys(block).some((name) => name.toLowerCase() === key.toLowerCase())) return false;
    block[key] = values.length === 1 ? values[0] : values;
    condition[operator] = block;
    return true;
  };
  if (!addTest('ArnNotEquals', 'aws:PrincipalArn', arns)) return undefined;
  if (!addTest('StringNotEquals', 'aws:PrincipalAccount', accounts)) return undefined;
  // Same order of elements as written, so that the diff shows only what changed.
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(copy)) {
    const lower = key.toLowerCase();
    if (lower === 'notprincipal') rewritten.Principal = { AWS: '*' };
    else if (lower === 'condition') rewritten[key] = condition;
    else rewritten[key] = value;
  }
  if (conditionKey === undefined) rewritten.Condition = condition;
  return rewritten;
}

/**
 * The policy without NotPrincipal: Allow statements with it go (they would trust everyone not
 * listed), Deny statements are rewritten. Undefined when a Deny cannot be rewritten.
 */
function withoutNotPrincipal(
  policy: PolicyDocument,
  notPrincipal: NotPrincipalStatement[],
): PolicyDocument | undefined {
  const copy = clone(policy);
  const statements = statementList(copy) as Record<string, unknown>[];
  const drop = new Set<number>();
  for (const { index, effect } of notPrincipal) {
    const statement = statements[index];
    if (!statement) continue;
    if (effect === 'Allow') {
      drop.add(index);
      continue;
    }
    const rewritten = denyWithoutNotPrincipal(statement);
    if (!rewritten) return undefined;
    statements[index] = rewritten;
  }
  for (const key of Object.keys(copy)) if (key.toLowerCase() === 'statement') delete copy[key];
  copy.Statement = statements.filter((_, index) => !drop.has(index));
  return copy;
}

function invisibleParts(
  normalised: NormalisedCaller,
  roleArn: string,
  accountLevel: boolean,
): string[] {
  const roleAccount = parseArn(roleArn)?.account;
  const parts: string[] = [];
  if (normalised.principal?.kind === 'aws') {
    const crossAccount = normalised.account !== undefined && normalised.account !== roleAccount;
    if (crossAccount || accountLevel) {
      parts.push(
        `The caller's identity policies must allow ${normalised.operation} on ${roleArn}` +
          `${
            crossAccount
              ? ' (cross-account access needs both sides)'
              : ' (the trust names the ' + 'account, not the caller)'
          }.`,
      );
    }
    parts.push(
      "Service control policies and resource control policies of the caller's organisation.",
      'A permissions boundary on the calling user or role.',
      'Session policies of the calling session.',
    );
  } else if (normalised.kind === 'saml' || normalised.kind === 'web-identity') {
    parts.push(
      "Whether the identity provider is registered in the role's account with the right " +
        'thumbprint/metadata.',
      "Service control policies of the role's organisation.",
    );
  } else if (normalised.kind === 'service') {
    parts.push('Which condition keys the service actually sends on this call.');
  }
  parts.push('Whether each named user or role still exists (IAM stores principals by unique id).');
  return parts;
}

function toFailedCondition(
  condition: ConditionEvaluation | undefined,
): FailedCondition | undefined {
  if (!condition) return undefined;
  return {
    operator: condition.operator,
    key: condition.key,
    policyValues: condition.policyValues,
    callerValue: condition.requestValue,
  };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function principalForProposal(normalised: NormalisedCaller): Record<string, string> | undefined {
  const principal = normalised.principal;
  if (!principal) return undefined;
  if (principal.kind === 'service') return { Service: principal.id };
  if (principal.kind === 'federated') return { Federated: principal.id };
  const role = roleArnOfSession(principal);
  return { AWS: role ?? principal.id };
}

function safeSid(normalised: NormalisedCaller): string {
  const id = normalised.principal?.id ?? 'Caller';
  const name = (roleArnOfSession(normalised.principal ?? { kind: 'aws', id }) ?? id)
    .split(/[/:]/)
    .filter(Boolean)
    .pop();
  const cleaned = (name ?? 'Caller').replace(/[^0-9A-Za-z]/g, '');
  return `Allow${cleaned.slice(0, 60) || 'Caller'}`;
}

/** Keys shared by many principals: adding the caller's value would admit all of them. */
function widensToOthers(condition: ConditionEvaluation): boolean {
  const lower = condition.key.toLowerCase();
  return (
    ['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount'].includes(lower) ||
    lower.startsWith('aws:principaltag/')
  );
}

const LITERAL_STAR = '\u0024{*}';
const LITERAL_QUESTION = '\u0024{?}';

/** Conditions a new statement for the caller carries over from the statements already there. */
interface CarriedConditions {
  /** Index of the new statement in the proposed policy. */
  statementIndex: number;
  actions: string[];
  kept: ConditionEntry[];
  /** When the statements set different conditions: the one whose conditions are kept. */
  takenFrom?: string;
  /** When they differ: the other statements' conditions, described. */
  alternatives: string[];
}

type Proposal = { policy: PolicyDocument; carried?: CarriedConditions } | undefined;

/** Keys that say who the caller is: the new statement's Principal says that instead. */
const IDENTITY_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
]);

function conditionSignature(condition: ConditionEntry): string {
  const values = condition.values.map((value) => String(value)).sort();
  return [condition.operator.toLowerCase(), condition.key.toLowerCase(), ...values].join('\u0000');
}

function describeCondition(condition: ConditionEntry): string {
  const values = condition.values.map((value) => String(value));
  const shown = values.length === 1 ? values[0] : `[${values.join(', ')}]`;
  return `${condition.operator} ${condition.key} ${shown}`;
}

interface GuardChoice {
  name: string;
  guards: ConditionEntry[];
}

/**
 * The conditions (MFA, ExternalId, source address, organisation, session name...) each Allow
 * statement naming AWS principals for these actions sets, one entry per distinct set. A
 * statement that names one more caller must set one of these in full, or it would let that
 * caller in on easier terms than anyone already trusted.
 */
function guardChoices(document: PolicyDocument, actions: string[]): GuardChoice[] {
  const allows = (model: StatementModel, action: string) => {
    const named = model.actions.some((pattern) => matchWildcard(pattern, action, true));
    return model.notAction ? !named : named;
  };
  const choices = new Map<string, GuardChoice>();
  for (const model of modelStatements(document)) {
    if (model.effect !== 'Allow' || model.notPrincipal) continue;
    if (!model.principals.some((entry) => entry.flow === 'aws')) continue;
    if (!actions.some((action) => allows(model, action))) continue;
    const guards = model.conditions.filter(
      (condition) => !IDENTITY_KEYS.has(condition.key.toLowerCase()),
    );
    const signature = guards.map(conditionSignature).sort().join('\u0001');
    if (!choices.has(signature)) choices.set(signature, { name: nameOfStatement(model), guards });
  }
  return [...choices.values()];
}

function describeChoice(choice: GuardChoice): string {
  const conditions = choice.guards.map(describeCondition).join('; ') || 'no conditions';
  return `statement ${choice.name} (${conditions})`;
}

/** The smallest change that admits this caller, or nothing when only the caller can fix it. */
function propose(
  document: PolicyDocument,
  results: Array<{ action: string; result: EvaluationResult }>,
  normalised: NormalisedCaller,
  reasons: TrustReason[],
  built: BuiltContext,
  complete: boolean,
  decide: (policy: PolicyDocument) => EvaluationResult[],
): Proposal {
  const callerSide = new Set([
    'MFA_REQUIRED_CALLER_HAS_NO_MFA_CONTEXT',
    'EXTERNAL_ID_MISSING_OR_MISMATCH',
    'EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH',
    'SESSION_PARAMETER_REQUIREMENT',
    'ROOT_USER_CALLER',
    'EXPLICIT_DENY_MATCHES_CALLER',
    'MFA_CONDITION_ON_FEDERATED_STATEMENT',
    'EXPIRED_TIME_WINDOW',
  ]);
  if (reasons.some((reason) => callerSide.has(reason.id))) return undefined;
  const policy = clone(document);
  const statements = statementList(policy) as Record<string, unknown>[];
  if (!Array.isArray(getElement(policy, 'Statement'))) {
    for (const key of Object.keys(policy))
      if (key.toLowerCase() === 'statement') delete policy[key];
    policy.Statement = statements;
  }
  const original = clone(document);
  const actionKey = (statement: Record<string, unknown>) =>
    Object.keys(statement).find((key) => key.toLowerCase() === 'action') ?? 'Action';
  const missingActions: string[] = [];
  let changed = false;
  for (const { action, result } of results) {
    if (result.decision === 'allowed') continue;
    const closest = result.deciding;
    // Find the statement that already admits this caller for the main operation.
    const mainAllowed = results.find(
      (item) => item.action === normalised.operation && item.result.decision === 'allowed',
    );
    if (action !== normalised.operation && mainAllowed?.result.deciding) {
      const target = statements[mainAllowed.result.deciding.statementIndex];
      if (target) {
        const key = actionKey(target);
        const current = target[key];
        const list = Array.isArray(current) ? [...current] : current === undefined ? [] : [current];
        if (!list.includes(action)) list.push(action);
        target[key] = list;
        changed = true;
        continue;
      }
    }
    if (closest && closest.principal !== 'none' && closest.action && closest.condition === false) {
      const target = statements[closest.statementIndex];
      const conditionElement = target ? getElement(target, 'Condition') : undefined;
      const failed = closest.conditions.filter((condition) => condition.result === false);
      if (target && normalised.principal?.kind === 'aws' && failed.some(widensToOthers)) {
        // Adding the caller's organisation, account or tag value would admit everyone sharing
        // it; name the caller instead, keeping the statement's other conditions.
        const principal = principalForProposal(normalised);
        const copy = clone(target);
        for (const key of Object.keys(copy)) {
          if (['sid', 'principal', 'notprincipal'].includes(key.toLowerCase())) delete copy[key];
        }
        const copiedCondition = getElement(copy, 'Condition');
        if (copiedCondition && typeof copiedCondition === 'object') {
          const blocks = copiedCondition as Record<string, Record<string, unknown>>;
          for (const condition of failed) {
            const block = blocks[condition.operator];
            if (block) delete block[condition.key];
            if (block && Object.keys(block).length === 0) delete blocks[condition.operator];
          }
          if (Object.keys(blocks).length === 0) {
            for (const key of Object.keys(copy))
              if (key.toLowerCase() === 'condition') delete copy[key];
          }
        }
        statements.push({
          Sid: safeSid(normalised),
          ...copy,
          Effect: 'Allow',
          Principal: principal,
        });
        changed = true;
        continue;
      }
      const fixable = failed.every(
        (condition) =>
          condition.parsed &&
          !condition.parsed.negated &&
          condition.parsed.family !== 'Null' &&
          condition.parsed.family !== 'Bool' &&
          condition.requestValue !== undefined &&
          condition.requestValue !== null &&
          !condition.unresolvedVariable,
      );
      if (target && fixable && conditionElement && typeof conditionElement === 'object') {
        for (const condition of failed) {
          const block = (conditionElement as Record<string, Record<string, unknown>>)[
            condition.operator
          ];
          if (!block) continue;
          const requestValues = Array.isArray(condition.requestValue)
            ? condition.requestValue
            : [condition.requestValue];
          const existing = block[condition.key];
          const list = Array.isArray(existing) ? [...existing] : [existing];
          for (const value of requestValues) {
            const text = String(value);
            // In a Like pattern the caller's own * or ? stays literal, or it would widen the match.
            const literal = condition.parsed?.base.includes('Like')
              ? text.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QUESTION)
              : text;
            if (!list.includes(literal)) list.push(literal);
          }
          block[condition.key] = list.length === 1 ? list[0] : list;
        }
        changed = true;
        continue;
      }
      if (
        target &&
        normalised.kind === 'service' &&
        failed.every((condition) => condition.requestValue === undefined) &&
        conditionElement &&
        typeof conditionElement === 'object'
      ) {
        // The service does not send the key: the condition can only go.
        for (const condition of failed) {
          const block = (conditionElement as Record<string, Record<string, unknown>>)[
            condition.operator
          ];
          if (block) delete block[condition.key];
          if (block && Object.keys(block).length === 0) {
            delete (conditionElement as Record<string, unknown>)[condition.operator];
          }
        }
        if (Object.keys(conditionElement).length === 0) {
          for (const key of Object.keys(target))
            if (key.toLowerCase() === 'condition') delete target[key];
        }
        changed = true;
        continue;
      }
    }
    missingActions.push(action);
  }
  if (missingActions.length) {
    const principal = principalForProposal(normalised);
    if (!principal) return undefined;
    const statement: Record<string, unknown> = {
      Sid: safeSid(normalised),
      Effect: 'Allow',
      Principal: principal,
      Action: missingActions.length === 1 ? missingActions[0] : missingActions,
    };
    const condition: Record<string, Record<string, unknown>> = {};
    if (normalised.kind === 'web-identity' && normalised.providerPath) {
      const equals: Record<string, unknown> = {};
      for (const claim of ['aud', 'sub']) {
        const value = lookupContext(built, `${normalised.providerPath}:${claim}`, complete);
        if (typeof value === 'string') equals[`${normalised.providerPath}:${claim}`] = value;
      }
      if (normalised.providerPath === COGNITO_PROVIDER) {
        const amr = lookupContext(built, `${COGNITO_PROVIDER}:amr`, complete);
        const amrValues = Array.isArray(amr) ? amr : typeof amr === 'string' ? [amr] : [];
        const kind = amrValues.find(
          (value) => value === 'authenticated' || value === 'unauthenticated',
        );
        if (kind) condition['ForAnyValue:StringLike'] = { [`${COGNITO_PROVIDER}:amr`]: kind };
      }
      if (Object.keys(equals).length) condition.StringEquals = equals;
    }
    if (normalised.kind === 'saml') {
      const aud = lookupContext(built, 'saml:aud', complete);
      if (typeof aud === 'string') condition.StringEquals = { 'SAML:aud': aud };
    }
    const withGuards = (guards: ConditionEntry[]) => {
      const combined = clone(condition);
      for (const entry of guards) {
        const block = combined[entry.operator] ?? {};
        block[entry.key] = entry.values.length === 1 ? entry.values[0] : entry.values;
        combined[entry.operator] = block;
      }
      return Object.keys(combined).length ? { ...statement, Condition: combined } : statement;
    };
    // Only for AWS callers: the conditions of federated and service statements are about their
    // own provider or service (aud, sub, SourceArn), and mean nothing for another one; the
    // new statement gets the caller's own claims above instead.
    const choices =
      normalised.principal?.kind === 'aws' ? guardChoices(original, missingActions) : [];
    const statementIndex = statements.length;
    // Where the statements set different conditions, take the set this caller comes closest to
    // meeting (the stricter one on a tie): it is as strict as a statement already there.
    const unmetCount = (choice: GuardChoice) => {
      const trial = clone(policy);
      (trial.Statement as unknown[]).push(withGuards(choice.guards));
      const unmet = unmetKeptConditions(decide(trial), {
        statementIndex,
        actions: missingActions,
        kept: choice.guards,
        alternatives: [],
      });
      return unmet === undefined ? Number.POSITIVE_INFINITY : unmet.length;
    };
    const ranked = choices
      .map((choice) => ({ choice, unmet: choices.length > 1 ? unmetCount(choice) : 0 }))
      .sort((a, b) => a.unmet - b.unmet || b.choice.guards.length - a.choice.guards.length);
    const chosen = ranked[0]?.choice;
    statements.push(withGuards(chosen?.guards ?? []));
    if (!chosen) return { policy };
    const carried: CarriedConditions = {
      statementIndex,
      actions: missingActions,
      kept: chosen.guards,
      alternatives:
        choices.length > 1 ? choices.filter((item) => item !== chosen).map(describeChoice) : [],
      ...(choices.length > 1 ? { takenFrom: chosen.name } : {}),
    };
    return { policy, carried };
  }
  return changed ? { policy } : undefined;
}

function keptConditionsReason(
  carried: CarriedConditions,
  unmet: ConditionEvaluation[],
  normalised: NormalisedCaller,
  now: Date,
): TrustReason | undefined {
  const actions = carried.actions.join(', ');
  const kept = carried.kept.map(describeCondition).join('; ');
  let message = '';
  if (carried.takenFrom !== undefined) {
    message +=
      `The statements already trusting AWS principals for ${actions} set different ` +
      `conditions; the proposed statement takes those of statement ${carried.takenFrom} ` +
      `(${kept || 'none'}), so it is no easier to meet than that one. The others set: ` +
      `${carried.alternatives.join('; ')}; use those instead if this caller should meet them.`;
  } else if (carried.kept.length > 0) {
    message +=
      `The proposed statement keeps ${kept}, which every statement already trusting AWS ` +
      `principals for ${actions} imposes, so naming this caller does not weaken the policy.`;
  } else return undefined;
  if (unmet.length > 0) {
    const why = unmet.map((condition) =>
      condition.result === false
        ? classifyFailedCondition(condition, normalised, now).message
        : `Whether the caller meets ${condition.operator} ${condition.key} is not known.`,
    );
    message +=
      ` The caller does not meet ${unmet.length === 1 ? 'it' : 'them'} yet, so the change ` +
      `alone does not admit it: ${why.join(' ')}`;
  }
  return { id: 'PROPOSAL_KEEPS_CONDITIONS', message };
}

/**
 * The conditions kept in the new statement that this caller does not meet yet, when they are
 * all that stands between it and the proposed policy; undefined when something else does.
 */
function unmetKeptConditions(
  results: EvaluationResult[],
  carried: CarriedConditions,
): ConditionEvaluation[] | undefined {
  const keptSignatures = new Set(carried.kept.map((entry) => conditionSignature(entry)));
  const unmet: ConditionEvaluation[] = [];
  for (const result of results) {
    if (result.decision === 'allowed') continue;
    if (result.decision === 'explicit-deny') return undefined;
    const added = result.statements.find(
      (statement) => statement.statementIndex === carried.statementIndex,
    );
    if (!added || added.principal === 'none' || !added.action || !added.resource) return undefined;
    for (const condition of added.conditions) {
      if (condition.result === true) continue;
      const entry: ConditionEntry = {
        operator: condition.operator,
        parsed: condition.parsed,
        key: condition.key,
        values: condition.policyValues,
        path: [],
      };
      if (!keptSignatures.has(conditionSignature(entry))) return undefined;
      if (!unmet.some((item) => item.key === condition.key)) unmet.push(condition);
    }
  }
  return unmet;
}

function reasonsForAction(
  action: string,
  result: EvaluationResult,
  normalised: NormalisedCaller,
  document: unknown,
  roleArn: string,
  now: Date,
): TrustReason[] {
  const reasons: TrustReason[] = [];
  if (result.decision === 'explicit-deny') {
    reasons.push({
      id: 'EXPLICIT_DENY_MATCHES_CALLER',
      message:
        `Statement ${describeStatement(result.deciding)} denies ${action} ` +
        'to this caller; an explicit deny wins over any allow.',
    });
    return reasons;
  }
  if (result.decision === 'undecidable') {
    const missing = new Set(result.missingKeys.map((key) => key.toLowerCase()));
    if (missing.has('aws:multifactorauthage') && !missing.has('aws:multifactorauthpresent')) {
      reasons.push({
        id: 'CONTEXT_KEY_UNKNOWN',
        message:
          'The trust policy limits how long ago MFA was used (aws:MultiFactorAuthAge) and the ' +
          'caller description says MFA is used but not how long ago, so no answer is assumed. ' +
          'Give the age in seconds: since console sign-in, since the MFA session was made, or ' +
          'about 0 for a code passed with this call.',
      });
      const others = result.missingKeys.filter(
        (key) => key.toLowerCase() !== 'aws:multifactorauthage',
      );
      if (others.length === 0) return reasons;
    }
    reasons.push({
      id: 'CONTEXT_KEY_UNKNOWN',
      message:
        `Whether ${action} is allowed depends on ${result.missingKeys.join(', ') || 'a value'} ` +
        'that the caller description does not give. Supply it (for tokens, from CloudTrail or ' +
        'the job log) to get an answer.',
    });
    return reasons;
  }
  const allows = result.statements.filter((statement) => statement.effect === 'Allow');
  const principalAndAction = allows.filter(
    (statement) => statement.principal !== 'none' && statement.action && statement.resource,
  );
  const principalOnly = allows.filter((statement) => statement.principal !== 'none');
  const actionOnly = allows.filter((statement) => statement.action);
  if (principalAndAction.length > 0) {
    for (const statement of principalAndAction) {
      const failed = statement.conditions.filter((condition) => condition.result === false);
      let mfaSaid = false;
      for (const condition of failed) {
        const reason = classifyFailedCondition(condition, normalised, now);
        // Present and Age failing together are one missing MFA: said once per statement.
        if (reason.id === 'MFA_REQUIRED_CALLER_HAS_NO_MFA_CONTEXT') {
          if (mfaSaid) continue;
          mfaSaid = true;
        }
        reasons.push({
          id: reason.id,
          message: `Statement ${describeStatement(statement)}: ${reason.message}`,
        });
      }
      if (statement.problems.length && failed.length === 0) {
        reasons.push({
          id: 'CONDITION_OPERATOR_OR_TYPE_INVALID',
          message: `Statement ${describeStatement(statement)}: ${statement.problems.join('; ')}.`,
        });
      }
    }
    return dedupe(reasons);
  }
  // A side action (TagSession, SetSourceIdentity) for a caller no statement names adds nothing
  // to the principal reason already given for the main operation.
  if (action !== normalised.operation && principalOnly.length === 0) return reasons;
  if (principalOnly.length > 0 || action !== normalised.operation) {
    if (action === TAG_SESSION) {
      reasons.push({
        id: 'MISSING_TAGSESSION',
        message:
          'The caller tags the session (session tags or transitive tags), so it also needs ' +
          'sts:TagSession, which the trust policy does not allow for it ("is not authorized to ' +
          'perform: sts:TagSession").',
      });
    } else if (action === SET_SOURCE_IDENTITY) {
      reasons.push({
        id: 'MISSING_SETSOURCEIDENTITY',
        message:
          'The caller sets a source identity, so it also needs sts:SetSourceIdentity, which the ' +
          'trust policy does not allow for it.',
      });
    } else {
      reasons.push({
        id: 'NO_ASSUME_ACTION_FOR_CALLER_FLOW',
        message:
          `No statement allows ${action} for this caller ("Not authorized to perform ` +
          `${action}").`,
      });
    }
    if (principalOnly.length > 0) return reasons;
  }
  if (actionOnly.length > 0 || principalOnly.length === 0) {
    reasons.push({
      id: 'CALLER_NOT_IN_PRINCIPAL',
      message:
        `No Allow statement names this caller (${normalised.principal?.id ?? 'unknown'}) ` +
        `for ${action}.`,
    });
    reasons.push(...principalNearMisses(document, normalised, roleArn));
  }
  return dedupe(reasons);
}

function dedupe(reasons: TrustReason[]): TrustReason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    const key = `${reason.id}\u0000${reason.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Decides whether `caller` can assume `roleArn` under the trust policy (text or parsed), from the
 * trust policy alone.
 */
export function evaluateTrust(
  policy: string | PolicyDocument,
  roleArn: string,
  caller: TrustCaller | string,
  options: TrustEvaluationOptions = {},
): TrustVerdict {
  const now = options.now ?? new Date();
  const callerObject: TrustCaller = typeof caller === 'string' ? { principal: caller } : caller;
  let document: unknown;
  let syntaxOk = true;
  if (typeof policy === 'string') {
    const source = readPolicySource(extractPolicyText(policy).text);
    document = source.document;
    syntaxOk = source.syntaxOk;
  } else document = unwrapPolicyValue(policy) ?? policy;

  const empty: TrustVerdict = {
    allowed: null,
    reasons: [],
    statement: null,
    proposedPolicy: null,
    proposedDiff: null,
    invisible: [],
    actions: [],
  };
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    return {
      ...empty,
      allowed: false,
      reasons: [
        {
          id: 'JSON_SYNTAX_ERROR',
          message: 'The trust policy could not be read, so it admits no one as written.',
        },
      ],
    };
  }
  const normalised = normaliseCaller(callerObject);
  if (normalised.kind === 'invalid') {
    return {
      ...empty,
      reasons: [{ id: 'CALLER_INPUT_INVALID', message: `Cannot evaluate: ${normalised.problem}.` }],
    };
  }
  const role = parseRoleArn(roleArn);
  if (!role.ok) {
    return { ...empty, reasons: [{ id: 'ROLE_ARN_INVALID', message: `${role.error}` }] };
  }
  const invisibleBase = invisibleParts(normalised, roleArn, false);
  const callerPartition = normalised.principal
    ? parseArn(normalised.principal.id)?.partition
    : undefined;
  if (callerPartition && callerPartition !== role.value.partition.id) {
    // Partitions are separate worlds: no trust policy can admit a principal of another one,
    // so no change to the policy helps.
    return {
      ...empty,
      allowed: false,
      reasons: [
        {
          id: 'PARTITION_MISMATCH',
          message:
            `The caller is in partition ${callerPartition} and the role in ` +
            `${role.value.partition.id}. Partitions are separate: no principal of one can ` +
            'assume a role in another, whatever the trust policy says. Use an identity of the ' +
            `${role.value.partition.id} partition.`,
        },
      ],
      // Nothing else can change the answer, so nothing else is worth checking.
      invisible: [],
    };
  }
  if (normalised.kind === 'root') {
    return {
      ...empty,
      allowed: false,
      reasons: [
        {
          id: 'ROOT_USER_CALLER',
          message:
            'The root user cannot assume roles or switch roles. Sign in as an IAM user or role ' +
            '(or through IAM Identity Center) and assume the role from there.',
        },
      ],
      invisible: invisibleBase,
    };
  }

  const { document: trustDocument, notPrincipal } = sanitiseForTrust(document);
  const complete = callerObject.contextComplete !== false;
  const built = buildContext(callerObject, normalised, collectPolicyKeys(document));
  const actions = neededActions(normalised, built, complete);
  // One request per STS action the caller needs, asked of the policy as it is and of proposals.
  const requestFor = (action: string): AuthzRequest => ({
    action,
    resource: roleArn,
    context: built.context,
    absentKeys: built.absentKeys,
    missingKeys: complete ? 'absent' : 'unknown',
    policyType: 'resource',
    now,
    ...(normalised.principal ? { principal: normalised.principal } : {}),
  });
  const results = actions.map((action) => ({
    action,
    result: evaluatePolicies([trustDocument], requestFor(action)),
  }));

  const reasons: TrustReason[] = [];
  for (const { action, result } of results) {
    if (result.decision === 'allowed') continue;
    reasons.push(...reasonsForAction(action, result, normalised, document, roleArn, now));
  }
  const main = results[0]?.result;
  const decisive =
    results.find((item) => item.result.decision === 'explicit-deny') ??
    results.find((item) => item.result.decision === 'implicit-deny') ??
    results.find((item) => item.result.decision === 'undecidable') ??
    results[0];
  let allowed: boolean | null;
  if (
    results.some(
      (item) =>
        item.result.decision === 'explicit-deny' || item.result.decision === 'implicit-deny',
    )
  ) {
    allowed = false;
  } else if (results.some((item) => item.result.decision === 'undecidable')) allowed = null;
  else allowed = true;

  const accountLevel = results.some(
    (item) =>
      item.result.decision === 'allowed' &&
      (item.result.deciding?.principal === 'account' ||
        item.result.deciding?.principal === 'wildcard'),
  );
  const invisible = invisibleParts(normalised, roleArn, accountLevel);
  if (allowed === true) {
    const deciding = main?.deciding;
    reasons.push({
      id: 'CALLER_ADMITTED',
      message:
        `Statement ${describeStatement(deciding)} admits this caller for ` +
        `${actions.join(', ')}${deciding?.principal === 'account' ? ' through its account' : ''}.`,
    });
    const roleAccount = parseArn(roleArn)?.account;
    if (accountLevel || (normalised.account && normalised.account !== roleAccount)) {
      reasons.push({
        id: 'CALLER_IDENTITY_POLICY_REQUIRED',
        message:
          "The trust policy is only half of it: the caller's own identity policy (and its SCPs " +
          `and boundary) must allow ${normalised.operation} on ${roleArn}.`,
      });
    }
    // IAM no longer lets anyone save a Cognito trust without an aud condition, and how STS treats
    // the old ones is not documented, so the answer is not known.
    const decidingModel = deciding
      ? modelStatements(trustDocument)[deciding.statementIndex]
      : undefined;
    const cognitoWithoutAud =
      decidingModel?.principals.some((entry) => entry.value === COGNITO_PROVIDER) &&
      !decidingModel.conditions.some(
        (condition) => condition.key.toLowerCase() === `${COGNITO_PROVIDER}:aud`,
      );
    if (cognitoWithoutAud) {
      allowed = null;
      reasons.push({
        id: 'COGNITO_MISSING_AUD',
        message:
          'This Cognito trust has no aud condition. IAM refuses to create such policies now and ' +
          'does not document how old ones are treated, so whether the call succeeds is unknown; ' +
          'as written it would admit identities of any identity pool.',
      });
    }
  }
  // What the policy says once NotPrincipal is read as its author meant; IAM refuses the policy
  // itself, so as given it admits no one.
  const allowedAsIntended = allowed;
  if (notPrincipal.length > 0) {
    const models = modelStatements(document);
    const labels = notPrincipal.map(({ index }) => {
      const model = models.find((item) => item.index === index);
      return model ? nameOfStatement(model) : statementName(index);
    });
    const effects = [...new Set(notPrincipal.map(({ effect }) => effect))].join(' and ');
    const intended =
      allowedAsIntended === true
        ? 'with it written in a form IAM accepts, this caller would be admitted'
        : allowedAsIntended === false
          ? 'even with it written in a form IAM accepts, this caller would not be admitted ' +
            '(see the other reasons)'
          : 'with it written in a form IAM accepts, the answer would depend on what is unknown';
    // Nothing is admitted as given, so no reason may say otherwise.
    const admittedOnly = new Set(['CALLER_ADMITTED', 'CALLER_IDENTITY_POLICY_REQUIRED']);
    for (let index = reasons.length - 1; index >= 0; index--) {
      if (admittedOnly.has(reasons[index]?.id ?? '')) reasons.splice(index, 1);
    }
    reasons.unshift({
      id: 'NOTPRINCIPAL_IN_TRUST_POLICY',
      message:
        `Statement ${labels.join(', ')} uses NotPrincipal (with ${effects}), which IAM does not ` +
        'accept in a role trust policy: the policy cannot be saved on a role, so as given it ' +
        `admits no one; ${intended}.`,
    });
    allowed = false;
  }
  if (!syntaxOk) {
    reasons.unshift({
      id: 'JSON_SYNTAX_ERROR',
      message:
        'The text is not valid JSON, so IAM would not accept it; the answer describes the ' +
        'policy as it reads once the syntax error is repaired.',
    });
    if (allowed === true) allowed = null;
  }

  const decidingStatement = decisive?.result.deciding ?? null;
  // A condition of a statement that does not name the caller is not why the caller is denied.
  const failedCondition =
    allowed === false && decidingStatement?.principal !== 'none'
      ? toFailedCondition(decisive?.result.failedCondition)
      : undefined;
  let proposedPolicy: PolicyDocument | null = null;
  let proposedDiff: string | null = null;
  let proposalCallerMustMeet: string[] | undefined;
  if (allowed === false) {
    const outcome = (policy: PolicyDocument) =>
      actions.map((action) => evaluatePolicies([policy], requestFor(action)));
    const proposal =
      allowedAsIntended === false
        ? propose(trustDocument, results, normalised, reasons, built, complete, outcome)
        : undefined;
    let candidate: PolicyDocument | undefined =
      allowedAsIntended === false
        ? proposal?.policy
        : allowedAsIntended === true
          ? clone(trustDocument)
          : undefined;
    if (candidate && notPrincipal.length > 0) {
      candidate = withoutNotPrincipal(candidate, notPrincipal);
    }
    // Only offer a change that really admits the caller, or one that would once the caller
    // meets the conditions the new statement keeps from the others (never a weaker policy).
    if (candidate) {
      const decided = outcome(candidate);
      // The new statement is the last one, whatever NotPrincipal statements were dropped.
      const carried = proposal?.carried
        ? { ...proposal.carried, statementIndex: statementList(candidate).length - 1 }
        : undefined;
      const unmet = decided.every((result) => result.decision === 'allowed')
        ? []
        : carried && carried.kept.length > 0
          ? unmetKeptConditions(decided, carried)
          : undefined;
      if (unmet !== undefined) {
        proposedPolicy = candidate;
        proposedDiff = lineDiff(
          JSON.stringify(document, null, 2),
          JSON.stringify(candidate, null, 2),
        );
        const kept = carried ? keptConditionsReason(carried, unmet, normalised, now) : undefined;
        if (kept) reasons.push(kept);
        if (unmet.length > 0) {
          proposalCallerMustMeet = unmet.map(
            (condition) =>
              `${condition.operator} ${condition.key} ${JSON.stringify(condition.policyValues)}`,
          );
        }
      }
    }
  }
  return {
    allowed,
    reasons: dedupe(reasons),
    statement: decidingStatement ? statementLabel(decidingStatement) : null,
    ...(failedCondition ? { failedCondition } : {}),
    proposedPolicy,
    proposedDiff,
    ...(proposalCallerMustMeet ? { proposalCallerMustMeet } : {}),
    invisible,
    actions: results.map(({ action, result }) => ({ action, decision: result.decision })),
  };
}
