// Checks of a role trust policy on its own (no caller). Ids and severities are the stable ones of
// the trust checks reference; every finding carries its position and a concrete fix.
import { parseIamDate } from '../policy/conditions.js';
import { getElement, hasElement, isAccountId, parseArn, statementList } from '../policy/engine.js';
import {
  extractPolicyText,
  type JsonPath,
  type PolicyFinding,
  type PolicySource,
  type PolicyTextForm,
  readPolicySource,
  type Severity,
  TRUST_POLICY_DEFAULT_QUOTA,
  TRUST_POLICY_MAX_QUOTA,
} from '../policy/source.js';
import { matchWildcard } from '../policy/wildcard.js';
import {
  ASSUME_ROLE,
  ASSUME_ROLE_WITH_SAML,
  ASSUME_ROLE_WITH_WEB_IDENTITY,
  AWS_CALLER_ONLY_KEYS,
  BUILT_IN_WEB_IDENTITY_PROVIDERS,
  COGNITO_PROVIDER,
  COMPUTE_SERVICES,
  IDENTITY_KEYS,
  isEksProvider,
  isGitHubProvider,
  isSingleValuedKey,
  isSupportedClaim,
  KNOWN_SERVICE_PRINCIPALS,
  MFA_KEYS,
  nearestServicePrincipal,
  SERVICES_WITHOUT_SOURCE_KEYS,
  SET_SOURCE_IDENTITY,
  SOURCE_KEYS,
  TAG_SESSION,
  TRUST_ACTIONS,
} from './knowledge.js';
import {
  type ConditionEntry,
  type Flow,
  isPositiveTest,
  modelStatements,
  nameOfStatement,
  type PrincipalEntry,
  type StatementModel,
  splitProviderKey,
} from './model.js';

export type TrustFinding = PolicyFinding;
export type { Severity } from '../policy/source.js';

export interface TrustCheckOptions {
  /** ARN of the role the policy belongs to (enables partition and account checks). */
  roleArn?: string;
  /** The account's trust policy quota when it was raised (default 2,048). */
  quota?: number;
  /** Accounts the owner considers their own; others without ExternalId are reported. */
  knownAccounts?: readonly string[];
  /** "Now" for time-window checks. */
  now?: Date;
}

export interface TrustCheckResult {
  /** The document as IAM reads it (last of equal keys wins); undefined when unreadable. */
  document: unknown;
  findings: TrustFinding[];
  /** True when the text is valid JSON. */
  syntaxOk: boolean;
  source: PolicySource;
  /** How the policy was given (the document, get-role output, URL-encoded, …). */
  form: PolicyTextForm;
  /** False when findings are positioned in the decoded document, not in the text given. */
  positionsMatch: boolean;
}

const STATEMENT_ELEMENTS = [
  'sid',
  'effect',
  'principal',
  'notprincipal',
  'action',
  'notaction',
  'resource',
  'notresource',
  'condition',
];
const TOP_ELEMENTS = ['version', 'id', 'statement'];
const GITHUB_REPO_KEYS = ['sub', 'repository', 'repository_id'];
const MAX_PAIRWISE_STATEMENTS = 200;
const SESSION_TO_ROLE = /^arn:([^:]*):sts::([^:]*):assumed-role\/([^/]*)\/.*$/;
const FLOW_NAMES: Record<Flow, string> = {
  aws: 'AWS',
  service: 'Service',
  saml: 'SAML',
  'web-identity': 'Web identity',
};

function lowerIncludes(list: readonly string[], value: string): boolean {
  const lower = value.toLowerCase();
  return list.some((item) => item.toLowerCase() === lower);
}

function keyIs(condition: ConditionEntry, ...keys: string[]): boolean {
  return lowerIncludes(keys, condition.key);
}

function keyStartsWith(condition: ConditionEntry, prefix: string): boolean {
  return condition.key.toLowerCase().startsWith(prefix);
}

function stringValues(condition: ConditionEntry): string[] {
  return condition.values.filter((value): value is string => typeof value === 'string');
}

function hasWildcardText(text: string): boolean {
  return /[*?]/.test(text.replace(/\$\{[^}]{0,256}\}/g, ''));
}

/** Keys on the provider of a web-identity statement, with the claim split off. */
function providerConditions(statement: StatementModel, providerPath: string) {
  return statement.conditions.flatMap((condition) => {
    const split = splitProviderKey(condition.key);
    if (!split || split.prefix.toLowerCase() !== providerPath.toLowerCase()) return [];
    return [{ condition, claim: split.claim.toLowerCase() }];
  });
}

export function checkTrustPolicy(text: string, options: TrustCheckOptions = {}): TrustCheckResult {
  const extracted = extractPolicyText(text);
  const source = readPolicySource(extracted.text, {
    quota: options.quota ?? TRUST_POLICY_DEFAULT_QUOTA,
    maxQuota: TRUST_POLICY_MAX_QUOTA,
  });
  const findings: TrustFinding[] = [...source.findings];
  const add = (
    id: string,
    severity: Severity,
    path: JsonPath,
    message: string,
    fix: string,
  ): void => {
    const span = source.locate(path);
    // Point at the value when it is a scalar, at the member's name when it is a block.
    const opening = source.text[span.offset];
    const useKey = span.keyLine !== undefined && (opening === '{' || opening === '[');
    findings.push({
      id,
      severity,
      message,
      line: useKey ? (span.keyLine ?? span.line) : span.line,
      column: useKey ? (span.keyColumn ?? span.column) : span.column,
      fix,
    });
  };
  try {
    runChecks(source.document, options, add);
  } catch (error) {
    // Checks must never take the reader down with them; report instead of throwing.
    add(
      'JSON_SYNTAX_ERROR',
      'ERROR',
      [],
      `The policy could not be checked completely (${String(error)}).`,
      'Check the policy structure.',
    );
  }
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    document: source.document,
    findings,
    syntaxOk: source.syntaxOk,
    source,
    form: extracted.form,
    positionsMatch: extracted.positionsMatch,
  };
}

type Add = (id: string, severity: Severity, path: JsonPath, message: string, fix: string) => void;

function runChecks(document: unknown, options: TrustCheckOptions, add: Add): void {
  if (document === undefined) return;
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    add(
      'MISSING_OR_EMPTY_STATEMENT',
      'ERROR',
      [],
      'A policy must be a JSON object with Version and Statement.',
      'Write {"Version": "2012-10-17", "Statement": [ ... ]}.',
    );
    return;
  }
  const record = document as Record<string, unknown>;
  const roleArn = options.roleArn ? parseArn(options.roleArn) : undefined;
  const now = options.now ?? new Date();

  for (const key of Object.keys(record)) {
    if (!TOP_ELEMENTS.includes(key.toLowerCase())) {
      add(
        'UNKNOWN_ELEMENT',
        'ERROR',
        [key],
        `"${key}" is not a policy element (allowed: Version, Id, Statement).`,
        `Remove "${key}" or fix its spelling.`,
      );
    }
  }
  const version = getElement(record, 'Version');
  const versionKey =
    Object.keys(record).find((key) => key.toLowerCase() === 'version') ?? 'Version';
  const usesVariables = JSON.stringify(getElement(record, 'Statement') ?? null).includes('${');
  if (version === undefined || version === '2008-10-17') {
    add(
      'MISSING_OR_OLD_VERSION',
      usesVariables ? 'ERROR' : 'WARNING',
      version === undefined ? [] : [versionKey],
      version === undefined
        ? 'The policy has no Version, so IAM reads it as 2008-10-17 and does not substitute ' +
            'policy variables.'
        : 'Version 2008-10-17 is the old policy language: policy variables are compared literally.',
      'Set "Version": "2012-10-17".',
    );
  } else if (version !== '2012-10-17') {
    add(
      'INVALID_VERSION',
      'ERROR',
      [versionKey],
      `Version "${String(version)}" does not exist; IAM accepts only 2012-10-17 and 2008-10-17.`,
      'Set "Version": "2012-10-17".',
    );
  }

  const statements = statementList(record);
  const statementElement = getElement(record, 'Statement');
  if (
    statements.length === 0 ||
    (statementElement !== undefined &&
      (typeof statementElement !== 'object' || statementElement === null))
  ) {
    add(
      'MISSING_OR_EMPTY_STATEMENT',
      'ERROR',
      hasElement(record, 'Statement') ? ['Statement'] : [],
      'The policy has no statements, so it trusts no one.',
      'Add a Statement array with at least one Allow statement.',
    );
    return;
  }

  const models = modelStatements(record);
  const noPrincipalAnywhere = models.every(
    (model) => !hasElement(model.raw, 'Principal') && !hasElement(model.raw, 'NotPrincipal'),
  );
  const resourceSomewhere = models.some(
    (model) => hasElement(model.raw, 'Resource') || hasElement(model.raw, 'NotResource'),
  );
  const notTrustPolicy = noPrincipalAnywhere && resourceSomewhere;
  if (notTrustPolicy) {
    add(
      'NOT_A_TRUST_POLICY',
      'ERROR',
      [],
      'This is a permissions policy (Resource, no Principal), not a trust policy.',
      'Attach it on the Permissions tab; the trust policy names who may assume the role in ' +
        'Principal and has no Resource.',
    );
  }

  const sids = new Map<string, number>();
  for (const model of models) {
    checkStatementShape(model, add, notTrustPolicy, sids);
    if (notTrustPolicy) continue;
    checkPrincipals(model, add, roleArn, options);
    checkActions(model, add);
    checkConditions(model, add, version === '2012-10-17', now);
    checkFlows(model, add, roleArn);
  }
  if (!notTrustPolicy) checkAcrossStatements(models, add, options);
}

function checkStatementShape(
  model: StatementModel,
  add: Add,
  notTrustPolicy: boolean,
  sids: Map<string, number>,
): void {
  const { raw, path } = model;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.includes(key.toLowerCase())) {
      add(
        'UNKNOWN_ELEMENT',
        'ERROR',
        [...path, key],
        `"${key}" is not a statement element.`,
        'Use only Sid, Effect, Principal, Action or NotAction, and Condition.',
      );
    }
  }
  const effect = model.effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    add(
      'INVALID_OR_MISSING_EFFECT',
      'ERROR',
      effect === undefined ? path : [...path, model.keys.Effect ?? 'Effect'],
      effect === undefined
        ? 'The statement has no Effect.'
        : `Effect "${String(effect)}" is not valid (values are case-sensitive).`,
      'Set "Effect": "Allow" (or "Deny").',
    );
  }
  const sid = model.sid;
  if (sid !== undefined) {
    const sidPath = [...path, model.keys.Sid ?? 'Sid'];
    if (typeof sid !== 'string') {
      add('SID_PROBLEM', 'ERROR', sidPath, 'Sid must be a string.', 'Quote the Sid.');
    } else if (sid === '') {
      add(
        'SID_PROBLEM',
        'SUGGESTION',
        sidPath,
        'The Sid is empty.',
        'Give the statement a name (letters and digits) or remove the Sid.',
      );
    } else if (!/^[0-9A-Za-z]{1,128}$/.test(sid)) {
      add(
        'SID_PROBLEM',
        'ERROR',
        sidPath,
        `Sid "${sid}" has characters IAM does not accept in role policies (only letters and ` +
          `digits).`,
        `Use "${sid.replace(/[^0-9A-Za-z]/g, '') || 'Statement1'}".`,
      );
    } else if (sids.has(sid)) {
      add(
        'SID_PROBLEM',
        'SUGGESTION',
        sidPath,
        `Sid "${sid}" is used by more than one statement.`,
        'Give each statement its own Sid.',
      );
    }
    if (typeof sid === 'string') sids.set(sid, model.index);
  }
  if (notTrustPolicy) return;
  for (const name of ['Resource', 'NotResource']) {
    if (hasElement(raw, name)) {
      add(
        'TRUST_POLICY_HAS_RESOURCE',
        'ERROR',
        [...path, Object.keys(raw).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name],
        `A trust policy cannot have ${name}: the resource is the role itself.`,
        `Remove ${name}.`,
      );
    }
  }
  if (hasElement(raw, 'NotPrincipal')) {
    add(
      'NOTPRINCIPAL_IN_TRUST_POLICY',
      'ERROR',
      [...path, model.keys.NotPrincipal ?? 'NotPrincipal'],
      getElement(raw, 'Effect') === 'Deny'
        ? 'IAM does not accept NotPrincipal in a role trust policy, not even with Deny (resource ' +
            'policies of some other services accept it there); the policy cannot be saved.'
        : 'IAM does not accept NotPrincipal in a role trust policy; the policy cannot be saved ' +
            '(with Allow it would trust everyone not listed).',
      getElement(raw, 'Effect') === 'Deny'
        ? 'Write the Deny with "Principal": {"AWS": "*"} and a condition ArnNotEquals ' +
            'aws:PrincipalArn (or StringNotEquals aws:PrincipalAccount) listing who is exempt; ' +
            'or drop it when the Allow statements already name only those principals.'
        : 'List the principals allowed to assume the role in Principal.',
    );
  } else if (!hasElement(raw, 'Principal')) {
    add(
      'MISSING_PRINCIPAL',
      'ERROR',
      path,
      'The statement has no Principal; IAM rejects it ("has a statement with no principals").',
      'Add a Principal naming the account, role, user, service or identity provider to trust.',
    );
  }
  if (!hasElement(raw, 'Action') && !hasElement(raw, 'NotAction')) {
    add(
      'MISSING_ACTION',
      'ERROR',
      path,
      'The statement has no Action.',
      'Add "Action": "sts:AssumeRole" (or the federated variant).',
    );
  }
  if (hasElement(raw, 'NotAction') && model.effect === 'Allow') {
    add(
      'NOTACTION_ALLOW_IN_TRUST',
      'WARNING',
      [...path, model.keys.NotAction ?? 'NotAction'],
      'Allow with NotAction grants every trust action not listed, including TagSession, ' +
        'SetSourceIdentity and the federated variants.',
      'List the actions in Action instead.',
    );
  }
  const condition = getElement(raw, 'Condition');
  if (condition !== undefined) {
    const conditionPath = [...path, model.keys.Condition ?? 'Condition'];
    if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
      add(
        'CONDITION_OPERATOR_OR_TYPE_INVALID',
        'ERROR',
        conditionPath,
        'Condition must be an object of operators.',
        'Write "Condition": {"StringEquals": {"key": "value"}}.',
      );
    } else if (Object.keys(condition).length === 0) {
      add(
        'EMPTY_CONDITION',
        'SUGGESTION',
        conditionPath,
        'The Condition is empty.',
        'Remove it or add the intended condition.',
      );
    } else {
      for (const [operator, block] of Object.entries(condition)) {
        const isEmptyBlock =
          block &&
          typeof block === 'object' &&
          !Array.isArray(block) &&
          Object.keys(block).length === 0;
        if (isEmptyBlock) {
          add(
            'EMPTY_CONDITION',
            'SUGGESTION',
            [...conditionPath, operator],
            `"${operator}" has no keys.`,
            'Remove it or add the intended key.',
          );
        } else if (!block || typeof block !== 'object' || Array.isArray(block)) {
          add(
            'CONDITION_OPERATOR_OR_TYPE_INVALID',
            'ERROR',
            [...conditionPath, operator],
            `"${operator}" must map condition keys to values.`,
            `Write "${operator}": {"key": "value"}.`,
          );
        }
      }
    }
  }
}

function checkAwsPrincipal(
  model: StatementModel,
  entry: PrincipalEntry,
  add: Add,
  roleArn: ReturnType<typeof parseArn>,
  options: TrustCheckOptions,
): void {
  const { value, path } = entry;
  const allow = model.effect === 'Allow';
  if (/^\s|\s$/.test(value) || /\s/.test(value.trim())) {
    add(
      'PRINCIPAL_WHITESPACE',
      'ERROR',
      path,
      `The principal "${value}" contains whitespace, so it is not a valid principal.`,
      `Write "${value.replace(/\s+/g, '')}".`,
    );
    return;
  }
  if (value === '*') {
    const restricted = model.conditions.some(
      (condition) =>
        isPositiveTest(condition) &&
        IDENTITY_KEYS.some((key) =>
          key.endsWith('/') ? keyStartsWith(condition, key) : keyIs(condition, key),
        ),
    );
    if (allow && !restricted) {
      add(
        'AWS_WILDCARD_PRINCIPAL_UNRESTRICTED',
        'SECURITY',
        path,
        '"AWS": "*" without a condition on who the caller is lets any AWS principal of any ' +
          'account assume this role.',
        'Name the trusted accounts or roles, or add a StringEquals aws:PrincipalOrgID condition.',
      );
    }
    return;
  }
  if (/^A(IDA|ROA)[A-Z0-9]{12,}$/.test(value)) {
    const kind = value.startsWith('AIDA') ? 'user' : 'role';
    add(
      'UNIQUE_ID_PRINCIPAL',
      'ERROR',
      path,
      `"${value}" is the unique id of a deleted IAM ${kind}: IAM stores principals by id and ` +
        `shows ` +
        `the raw id when the ${kind} no longer exists. A new ${kind} with the same name has a ` +
        `new ` +
        'id, so this entry trusts no one.',
      `Replace it with the ${kind}'s current ARN (IAM resolves it again on save), or trust the ` +
        'account with an ArnEquals aws:PrincipalArn condition.',
    );
    return;
  }
  if (/[*?]/.test(value)) {
    const arn = parseArn(value);
    const account = arn && isAccountId(arn.account) ? arn.account : '<account-id>';
    add(
      'WILDCARD_IN_PRINCIPAL_ARN',
      'ERROR',
      path,
      `Wildcards are not allowed in principal ARNs ("${value}"); IAM rejects the policy.`,
      `Use "AWS": "${account}" with an ArnLike condition on aws:PrincipalArn ` +
        `"${value.replace(SESSION_TO_ROLE, 'arn:$1:iam::$2:role/$3')}".`,
    );
    return;
  }
  if (/^\d+$/.test(value)) {
    if (!isAccountId(value)) {
      add(
        'INVALID_ACCOUNT_ID',
        'ERROR',
        path,
        `"${value}" is not an account id: account ids have exactly 12 digits.`,
        'Use the 12-digit account id (keep leading zeros, quote it as a string).',
      );
    } else if (allow) accountRoot(model, entry, add, value, options);
    return;
  }
  const match = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(value);
  if (!match) {
    add(
      'MALFORMED_PRINCIPAL_ARN',
      'ERROR',
      path,
      `"${value}" is neither an account id nor an IAM principal ARN.`,
      'Use a 12-digit account id or an ARN such as arn:aws:iam::111122223333:role/name.',
    );
    return;
  }
  const [, partition = '', service = '', region = '', account = '', resource = ''] = match;
  const problems: string[] = [];
  if (!/^aws(-cn|-us-gov|-iso(-[a-z])?)?$/.test(partition))
    problems.push(`partition "${partition}"`);
  if (region !== '') problems.push('a region (IAM principal ARNs have none)');
  if (service === 'iam' && resource.startsWith('assumed-role/')) {
    problems.push('assumed-role under iam (session ARNs use sts)');
  }
  if (service === 'sts' && /^(role|user)\//.test(resource)) {
    problems.push(`${resource.split('/')[0]} under sts (use iam)`);
  }
  if (service !== 'iam' && service !== 'sts') problems.push(`service "${service}"`);
  if (
    service === 'iam' &&
    !/^(root|user\/.+|role\/.+|federated-user\/.+)$/.test(resource) &&
    !problems.length
  ) {
    problems.push(`resource "${resource}"`);
  }
  if (service === 'sts' && !/^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(resource)) {
    if (!problems.length) problems.push(`resource "${resource}"`);
  }
  if (!isAccountId(account) && (service === 'iam' || service === 'sts') && region === '') {
    add(
      'INVALID_ACCOUNT_ID',
      'ERROR',
      path,
      `"${account}" in "${value}" is not an account id: account ids have exactly 12 digits.`,
      'Put the 12-digit account id in the ARN.',
    );
    return;
  }
  if (problems.length) {
    add(
      'MALFORMED_PRINCIPAL_ARN',
      'ERROR',
      path,
      `"${value}" is not a valid principal ARN: ${problems.join(', ')}.`,
      `Write it as arn:${partition.toLowerCase() || 'aws'}:iam::${account}:role/NAME (or ` +
        `:user/NAME, :root).`,
    );
    return;
  }
  if (roleArn && roleArn.partition !== partition) {
    add(
      'PARTITION_MISMATCH',
      'ERROR',
      path,
      `"${value}" is in partition ${partition} but the role is in ${roleArn.partition}; it never ` +
        `matches.`,
      `Use the ${roleArn.partition} ARN of the principal.`,
    );
  }
  if (service === 'iam' && resource === 'root') {
    if (allow) accountRoot(model, entry, add, account, options);
    return;
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    add(
      'ASSUMED_ROLE_SESSION_PRINCIPAL',
      'WARNING',
      path,
      `"${value}" matches only the session named "${resource.split('/').slice(2).join('/')}" of ` +
        'that role, not the role.',
      `Trust the role instead: arn:${partition}:iam::${account}:role/${resource.split('/')[1]}.`,
    );
    return;
  }
  if (service === 'iam' && resource.startsWith('role/aws-reserved/sso.amazonaws.com/')) {
    add(
      'BRITTLE_ROLE_PRINCIPAL_PATH',
      'WARNING',
      path,
      'This IAM Identity Center role is re-created with a new random suffix (and a new unique ' +
        'id) ' +
        'when its permission set is re-provisioned; the trust then silently breaks.',
      `Trust the account "${account}" with an ArnLike condition on aws:PrincipalArn ` +
        `"arn:${partition}:iam::${account}:role/aws-reserved/sso.amazonaws.com/*` +
        `${(resource.split('/').pop() ?? '').replace(/_[0-9a-f]{8,}$/, '_*')}".`,
    );
  }
  if (service === 'iam' && /^(user|role)\//.test(resource)) {
    const isOtherAccount = roleArn && roleArn.account !== account;
    const isSelf = options.roleArn === value;
    if (isOtherAccount || isSelf) {
      add(
        'PRINCIPAL_MUST_EXIST',
        'SUGGESTION',
        path,
        `IAM accepts this policy only while "${value}" exists: saving fails with "Invalid ` +
          'principal in policy" if it is created later or was deleted.',
        'Create the principal first, or trust its account with an ArnEquals aws:PrincipalArn ' +
          'condition, which does not need it to exist.',
      );
    }
  }
}

function accountRoot(
  model: StatementModel,
  entry: PrincipalEntry,
  add: Add,
  account: string,
  options: TrustCheckOptions,
): void {
  const roleAccount = options.roleArn ? parseArn(options.roleArn)?.account : undefined;
  const known = options.knownAccounts;
  const outside = known ? !known.includes(account) && account !== roleAccount : false;
  const restricted = model.conditions.some(
    (condition) => keyIs(condition, 'aws:PrincipalArn') && isPositiveTest(condition),
  );
  if (restricted) return;
  add(
    'ACCOUNT_ROOT_TRUST',
    outside ? 'SECURITY' : 'SUGGESTION',
    entry.path,
    `Trusting account ${account} delegates to every user and role in it whose own policies ` +
      'allow sts:AssumeRole on this role (it does not mean the root user).',
    'Name the role(s) that need access, or add an ArnEquals/ArnLike aws:PrincipalArn condition.',
  );
}

function checkPrincipals(
  model: StatementModel,
  add: Add,
  roleArn: ReturnType<typeof parseArn>,
  options: TrustCheckOptions,
): void {
  const principal = getElement(model.raw, model.notPrincipal ? 'NotPrincipal' : 'Principal');
  if (principal === undefined) return;
  const principalPath = [
    ...model.path,
    (model.notPrincipal ? model.keys.NotPrincipal : model.keys.Principal) ?? 'Principal',
  ];
  if (typeof principal === 'string') {
    if (principal === '*') {
      add(
        'WILDCARD_PRINCIPAL_STRING',
        'ERROR',
        principalPath,
        '"Principal": "*" is not supported in role trust policies.',
        'Use {"AWS": "<account-id>"} or {"AWS": "*"} with an aws:PrincipalOrgID condition.',
      );
    } else {
      add(
        'INVALID_PRINCIPAL_FORMAT',
        'ERROR',
        principalPath,
        'Principal must be an object such as {"AWS": "..."}; a plain string is only valid as "*".',
        `Write "Principal": {"AWS": "${principal.trim()}"} (or Service / Federated).`,
      );
    }
    return;
  }
  if (!principal || typeof principal !== 'object' || Array.isArray(principal)) {
    add(
      'INVALID_PRINCIPAL_FORMAT',
      'ERROR',
      principalPath,
      'Principal must be an object mapping AWS, Service or Federated to a string or a list.',
      'Write "Principal": {"AWS": "arn:aws:iam::111122223333:role/name"}.',
    );
    return;
  }
  const entries = Object.entries(principal as Record<string, unknown>);
  if (entries.length === 0) {
    add(
      'EMPTY_PRINCIPAL',
      'ERROR',
      principalPath,
      'Principal is empty, so IAM rejects the statement.',
      'Name at least one principal (often a module variable was left empty).',
    );
  }
  for (const [type, raw] of entries) {
    const typePath = [...principalPath, type];
    if (!['AWS', 'Service', 'Federated'].includes(type)) {
      add(
        'INVALID_PRINCIPAL_KEY',
        'ERROR',
        typePath,
        type === 'CanonicalUser'
          ? 'CanonicalUser principals exist only for S3; a role cannot trust them.'
          : `"${type}" is not a principal type (AWS, Service or Federated; names are ` +
              `case-sensitive).`,
        type === 'CanonicalUser'
          ? 'Use the account id under "AWS".'
          : `Use ${suggestPrincipalType(type)}.`,
      );
      continue;
    }
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0) {
      add(
        'EMPTY_PRINCIPAL',
        'ERROR',
        typePath,
        `"${type}" lists no principals, so IAM rejects the statement.`,
        'Name at least one principal or remove the key.',
      );
    }
    if (values.some((value) => typeof value !== 'string')) {
      add(
        'INVALID_PRINCIPAL_FORMAT',
        'ERROR',
        typePath,
        `Values of "${type}" must be strings.`,
        'Quote account ids and ARNs.',
      );
    }
  }
  for (const entry of model.principals) {
    if (entry.type === 'AWS') checkAwsPrincipal(model, entry, add, roleArn, options);
    else if (entry.type === 'Service') checkServicePrincipal(entry, add, roleArn);
    else if (entry.type === 'Federated') checkFederatedPrincipal(entry, add, roleArn);
  }
  const sessions = model.principals.filter((entry) => /:assumed-role\//.test(entry.value));
  for (const session of sessions) {
    const match = /^arn:([^:]*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(session.value);
    if (!match) continue;
    const roleName = match[3] ?? '';
    const parent = model.principals.find(
      (entry) =>
        entry.type === 'AWS' &&
        entry.value.startsWith(`arn:${match[1]}:iam::${match[2]}:role/`) &&
        entry.value.endsWith(`/${roleName}`),
    );
    if (parent) {
      add(
        'REDUNDANT_PRINCIPAL',
        'SUGGESTION',
        session.path,
        `The session principal is redundant: its role ${parent.value} is trusted as well.`,
        'Remove the session principal.',
      );
    }
  }
}

function suggestPrincipalType(type: string): string {
  const wanted = type.toLowerCase().replace(/s$/, '');
  const match = ['AWS', 'Service', 'Federated'].find((name) => name.toLowerCase() === wanted);
  return match ?? 'AWS, Service or Federated';
}

function checkServicePrincipal(
  entry: PrincipalEntry,
  add: Add,
  roleArn: ReturnType<typeof parseArn>,
): void {
  const { value, path } = entry;
  if (/\s/.test(value)) {
    add(
      'PRINCIPAL_WHITESPACE',
      'ERROR',
      path,
      `The service principal "${value}" contains whitespace.`,
      `Write "${value.replace(/\s+/g, '')}".`,
    );
    return;
  }
  if (!/^[a-z0-9][a-z0-9.-]{0,126}[a-z0-9]$/.test(value) || !value.includes('.')) {
    const nearest = nearestServicePrincipal(value.toLowerCase().replace(/\.+$/, ''));
    add(
      'INVALID_SERVICE_PRINCIPAL',
      'ERROR',
      path,
      `"${value}" is not a service principal (lower-case name such as lambda.amazonaws.com).`,
      nearest ? `Use "${nearest}".` : 'Use the service principal from the service documentation.',
    );
    return;
  }
  const inChina = value.endsWith('.amazonaws.com.cn');
  if (inChina && roleArn && roleArn.partition !== 'aws-cn') {
    add(
      'UNKNOWN_SERVICE_PRINCIPAL',
      'WARNING',
      path,
      `"${value}" is a China-region name; in the ${roleArn.partition} partition the service is ` +
        `"${value.replace(/\.cn$/, '')}".`,
      `Use "${value.replace(/\.cn$/, '')}".`,
    );
    return;
  }
  const normalised = value.replace(/\.amazonaws\.com\.cn$/, '.amazonaws.com');
  if (!KNOWN_SERVICE_PRINCIPALS.includes(normalised)) {
    const nearest = nearestServicePrincipal(value);
    const looksWrong = !/\.amazonaws\.com(\.cn)?$/.test(value);
    if (looksWrong || (nearest && nearest !== normalised)) {
      add(
        'UNKNOWN_SERVICE_PRINCIPAL',
        'WARNING',
        path,
        `"${value}" is not a known service principal${
          looksWrong ? ' (service principals end in ' + '.amazonaws.com)' : ''
        }.`,
        nearest ? `Did you mean "${nearest}"?` : 'Check the name in the service documentation.',
      );
    }
  }
}

function checkFederatedPrincipal(
  entry: PrincipalEntry,
  add: Add,
  roleArn: ReturnType<typeof parseArn>,
): void {
  const { value, path } = entry;
  if (/\s/.test(value)) {
    add(
      'PRINCIPAL_WHITESPACE',
      'ERROR',
      path,
      `The federated principal "${value}" contains whitespace.`,
      `Write "${value.replace(/\s+/g, '')}".`,
    );
    return;
  }
  if (entry.flow === undefined) {
    const hostLike = /^(https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/.*)?$/i.test(value);
    if (hostLike) {
      const host = value.replace(/^https?:\/\//, '').replace(/\/$/, '');
      add(
        'OIDC_PROVIDER_NOT_ARN',
        'ERROR',
        path,
        `"${value}" is an OIDC issuer, but custom identity providers must be named by their IAM ` +
          'provider ARN.',
        `Use "arn:${roleArn?.partition ?? 'aws'}:iam::${roleArn?.account ?? '<account-id>'}:` +
          `oidc-provider/${host}".`,
      );
    } else {
      add(
        'INVALID_FEDERATED_PRINCIPAL',
        'ERROR',
        path,
        `"${value}" is not a SAML or OIDC provider ARN nor a built-in identity provider.`,
        'Use arn:aws:iam::<account>:saml-provider/NAME or ' +
          'arn:aws:iam::<account>:oidc-provider/HOST.',
      );
    }
    return;
  }
  const arn = parseArn(value);
  if (arn && roleArn && arn.account !== roleArn.account) {
    add(
      'FEDERATED_PROVIDER_OTHER_ACCOUNT',
      'ERROR',
      path,
      `The provider is registered in account ${arn.account}, but a role can only trust identity ` +
        `providers of its own account (${roleArn.account}).`,
      `Create the provider in ${roleArn.account} and reference that ARN.`,
    );
  }
  if (arn && roleArn && arn.partition !== roleArn.partition) {
    add(
      'PARTITION_MISMATCH',
      'ERROR',
      path,
      `The provider ARN is in partition ${arn.partition}, the role in ${roleArn.partition}.`,
      `Use the ${roleArn.partition} ARN.`,
    );
  }
}

function actionPath(model: StatementModel, index: number): JsonPath {
  const element = getElement(model.raw, model.notAction ? 'NotAction' : 'Action');
  const key = (model.notAction ? model.keys.NotAction : model.keys.Action) ?? 'Action';
  return Array.isArray(element) ? [...model.path, key, index] : [...model.path, key];
}

function checkActions(model: StatementModel, add: Add): void {
  model.actions.forEach((action, index) => {
    const path = actionPath(model, index);
    const matched = TRUST_ACTIONS.filter((trustAction) => matchWildcard(action, trustAction, true));
    if (matched.length === 0) {
      add(
        'INVALID_TRUST_ACTION',
        'ERROR',
        path,
        `"${action}" is not an action a trust policy can grant (only sts:AssumeRole, ` +
          'AssumeRoleWithSAML, AssumeRoleWithWebIdentity, TagSession, SetSourceIdentity, ' +
          'SetContext).',
        "Use sts:AssumeRole (or the federated variant); permissions belong in the role's " +
          'permissions policies.',
      );
    } else if (/[*?]/.test(action) && !model.notAction && model.effect === 'Allow') {
      add(
        'TRUST_ACTION_WILDCARD',
        'WARNING',
        path,
        `"${action}" also grants ${matched.join(', ')}.`,
        'List the exact actions needed.',
      );
    }
  });
  if (model.notAction || model.effect !== 'Allow') return;
  const explicit = model.actions.map((action) => action.toLowerCase());
  const has = (action: string) => explicit.includes(action.toLowerCase());
  const anyAssume =
    has(ASSUME_ROLE) || has(ASSUME_ROLE_WITH_SAML) || has(ASSUME_ROLE_WITH_WEB_IDENTITY);
  if (!anyAssume) return;
  const expected: Record<Flow, string> = {
    aws: ASSUME_ROLE,
    service: ASSUME_ROLE,
    saml: ASSUME_ROLE_WITH_SAML,
    'web-identity': ASSUME_ROLE_WITH_WEB_IDENTITY,
  };
  for (const flow of model.flows) {
    if (!has(expected[flow])) {
      const first = model.principals.find((entry) => entry.flow === flow);
      add(
        'MISMATCHED_ACTION_FOR_PRINCIPAL',
        'ERROR',
        first?.path ?? model.path,
        `${FLOW_NAMES[flow]} ` +
          `principals assume roles with ${expected[flow]}, which this statement does not allow.`,
        `Use "Action": "${expected[flow]}" for this principal (split statements per principal ` +
          `type).`,
      );
    }
  }
}

function isProviderKey(key: string): boolean {
  return splitProviderKey(key) !== undefined;
}

function checkConditions(
  model: StatementModel,
  add: Add,
  variablesEnabled: boolean,
  now: Date,
): void {
  for (const condition of model.conditions) {
    const { parsed, key, path } = condition;
    if (!parsed) {
      add(
        'CONDITION_OPERATOR_OR_TYPE_INVALID',
        'ERROR',
        path.slice(0, -1),
        `"${condition.operator}" is not a condition operator.`,
        'Use an operator such as StringEquals, StringLike, ArnLike, Bool, NumericLessThan.',
      );
      continue;
    }
    const values = condition.values;
    if (values.length === 0) {
      add(
        'EMPTY_CONDITION',
        'SUGGESTION',
        path,
        `"${key}" has an empty list of values, which never matches.`,
        'Add the intended values or remove the key.',
      );
    }
    if (values.some((value) => value === null || typeof value === 'object')) {
      add(
        'CONDITION_OPERATOR_OR_TYPE_INVALID',
        'ERROR',
        path,
        `Values of "${key}" must be strings, numbers or booleans.`,
        'Write the values as a string or a list of strings.',
      );
      continue;
    }
    const texts = values.map(String);
    const familyProblem = (bad: string[], kind: string) => {
      if (bad.length === 0) return;
      add(
        'CONDITION_OPERATOR_OR_TYPE_INVALID',
        'ERROR',
        path,
        `${parsed.base} needs ${kind}; "${bad[0]}" is not one.`,
        `Write ${kind}.`,
      );
    };
    if (parsed.family === 'Bool' || parsed.family === 'Null') {
      familyProblem(
        texts.filter((text) => text !== 'true' && text !== 'false'),
        '"true" or "false"',
      );
    }
    if (parsed.family === 'Numeric') {
      familyProblem(
        texts.filter((text) => !/^-?\d{1,20}(\.\d{1,20})?$/.test(text.trim())),
        'a number',
      );
    }
    if (parsed.family === 'Date') {
      familyProblem(
        texts.filter((text) => Number.isNaN(parseIamDate(text))),
        'an ISO 8601 date or epoch seconds',
      );
    }
    if (parsed.family === 'Null' && (parsed.ifExists || parsed.qualifier)) {
      add(
        'NULL_OPERATOR_MISUSE',
        'ERROR',
        path.slice(0, -1),
        `"${condition.operator}": Null already tests whether the key exists; it takes no ` +
          'IfExists or set qualifier.',
        'Write plain "Null".',
      );
    }
    if (parsed.family === 'String' && !parsed.base.includes('Like')) {
      const wild = texts.filter(hasWildcardText);
      if (wild.length > 0) {
        add(
          'WILDCARD_WITHOUT_LIKE',
          'ERROR',
          path,
          `${parsed.base} compares literally, so "${wild[0]}" only matches a value containing ` +
            'that very * or ?.',
          `Use ${parsed.negated ? 'StringNotLike' : 'StringLike'} for patterns.`,
        );
      }
    }
    const exactOperator =
      parsed.family === 'Arn' ? 'ArnEquals' : parsed.negated ? 'StringNotEquals' : 'StringEquals';
    if (parsed.base.includes('Like') && texts.length > 0 && !texts.some(hasWildcardText)) {
      add(
        'LIKE_WITHOUT_WILDCARD',
        'SUGGESTION',
        path,
        `${parsed.base} on "${key}" has no * or ? in its values; it behaves like an exact match.`,
        `Use ${exactOperator} to say so.`,
      );
    }
    if (!variablesEnabled && texts.some((text) => text.includes('${'))) {
      add(
        'VARIABLE_WITH_OLD_VERSION',
        'ERROR',
        path,
        'Policy variables are only substituted with "Version": "2012-10-17"; here variables are' +
          ' compared as literal text.',
        'Set "Version": "2012-10-17".',
      );
    }
    if (
      texts.some((text) => text !== text.trim()) &&
      (parsed.family === 'String' || parsed.family === 'Arn')
    ) {
      add(
        'PRINCIPAL_WHITESPACE',
        'ERROR',
        path,
        `A value of "${key}" starts or ends with whitespace, so it never equals the real value.`,
        'Remove the spaces.',
      );
    }
    if (parsed.qualifier === 'ForAllValues' && isSingleValuedKey(key)) {
      add(
        'FORALLVALUES_ON_SINGLE_VALUED_KEY',
        'SECURITY',
        path.slice(0, -1),
        `ForAllValues on the single-valued key "${key}" is also true when the key is absent.`,
        `Use ${parsed.base}${parsed.ifExists ? 'IfExists' : ''} without ForAllValues:.`,
      );
    }
    if (parsed.qualifier && /:aud$/i.test(key) && isProviderKey(key)) {
      add(
        'CONFIRM_AUDIENCE_CLAIM_TYPE',
        'SUGGESTION',
        path,
        `"${key}" is tested with ${parsed.qualifier}:; the audience is usually a single value.`,
        `Use plain ${parsed.base} unless the tokens carry several audiences.`,
      );
    }
    if (parsed.family === 'Date' && keyIs(condition, 'aws:CurrentTime', 'aws:EpochTime')) {
      const limits = texts.map(parseIamDate).filter((time) => !Number.isNaN(time));
      const past =
        parsed.base.startsWith('DateLessThan') && limits.every((time) => time < now.getTime());
      if (past && limits.length > 0) {
        add(
          'EXPIRED_TIME_WINDOW',
          'ERROR',
          path,
          `The time window ended on ${new Date(Math.max(...limits)).toISOString()}; the ` +
            `statement ` +
            'no longer matches anyone.',
          'Move the end of the window, or remove the statement if access should have ended.',
        );
      }
    }
    if (keyIs(condition, 'sts:ExternalId') && model.effect === 'Allow') {
      const weak: string[] = [];
      if (parsed.ifExists) weak.push('IfExists lets callers omit it');
      if (parsed.qualifier === 'ForAllValues') weak.push('ForAllValues passes when it is absent');
      if (parsed.negated) weak.push('a negated operator passes when it is absent');
      if (parsed.base.includes('Like') && texts.some(hasWildcardText)) {
        weak.push('a wildcard pattern accepts values the vendor did not issue');
      }
      const badValues = texts.filter(
        (text) => !/^[\w+=,.@:/-]{2,1224}$/.test(text) && !text.includes('${'),
      );
      if (badValues.length) weak.push(`"${badValues[0]}" is not a valid ExternalId`);
      else if (texts.some((text) => text.length < 8 && !text.includes('${'))) {
        weak.push('the value is short and guessable');
      }
      if (weak.length) {
        add(
          'EXTERNAL_ID_WEAK',
          'WARNING',
          path,
          `The ExternalId condition is weak: ${weak.join('; ')}.`,
          'Use StringEquals with the unique value the third party issued for your account.',
        );
      }
    }
    if (keyIs(condition, 'aws:MultiFactorAuthPresent') && parsed.family === 'Bool') {
      if (model.effect === 'Allow' && parsed.ifExists && texts.includes('true')) {
        add(
          'MFA_IFEXISTS_ALLOW',
          'SECURITY',
          path,
          'BoolIfExists is true when the MFA key is absent, so callers using long-term access ' +
            'keys without MFA are allowed.',
          'Use "Bool": {"aws:MultiFactorAuthPresent": "true"} (and NumericLessThan ' +
            'aws:MultiFactorAuthAge for freshness).',
        );
      }
      if (model.effect === 'Deny' && !parsed.ifExists && texts.includes('false')) {
        add(
          'MFA_BOOL_FALSE_DENY_PATTERN',
          'WARNING',
          path,
          'Deny with Bool aws:MultiFactorAuthPresent false does not deny long-term access keys: ' +
            'they carry no MFA key at all, so the condition is false.',
          'Use "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"} in the Deny.',
        );
      }
    }
    if (
      keyIs(condition, 'aws:MultiFactorAuthAge') &&
      parsed.family === 'Numeric' &&
      parsed.ifExists &&
      model.effect === 'Allow'
    ) {
      add(
        'MFA_IFEXISTS_ALLOW',
        'SECURITY',
        path,
        `${condition.operator} on aws:MultiFactorAuthAge is true without MFA.`,
        'Drop IfExists and require aws:MultiFactorAuthPresent true.',
      );
    }
  }
}

function checkFlows(model: StatementModel, add: Add, roleArn: ReturnType<typeof parseArn>): void {
  const allow = model.effect === 'Allow';
  const flows = [...model.flows];
  const onlyFlow = flows.length === 1 ? flows[0] : undefined;
  const federated = onlyFlow === 'saml' || onlyFlow === 'web-identity';
  const providerPaths = model.principals.flatMap((entry) =>
    entry.providerPath ? [entry.providerPath] : [],
  );

  for (const condition of model.conditions) {
    const lower = condition.key.toLowerCase();
    const positive = isPositiveTest(condition);
    const absentInFlow = (why: string, severityIfPositive: Severity = 'ERROR') => {
      add(
        'KEY_ABSENT_IN_FLOW',
        positive ? severityIfPositive : 'SECURITY',
        condition.path,
        positive
          ? `"${condition.key}" is never present in ${why}, so this condition is never true ` +
              'and the statement matches no one.'
          : `"${condition.key}" is never present in ${why}, so this condition never restricts ` +
              `anything.`,
        positive ? 'Remove the condition or use a key this flow provides.' : 'Remove it.',
      );
    };
    if (federated && MFA_KEYS.includes(lower)) {
      add(
        'MFA_CONDITION_ON_FEDERATED_STATEMENT',
        'ERROR',
        condition.path,
        `${onlyFlow === 'saml' ? 'AssumeRoleWithSAML' : 'AssumeRoleWithWebIdentity'} carries no ` +
          'AWS MFA information, so this MFA condition never holds.',
        'Enforce MFA at the identity provider and remove the MFA condition.',
      );
      absentInFlow('federated sign-ins');
      continue;
    }
    if (federated && AWS_CALLER_ONLY_KEYS.includes(lower)) {
      absentInFlow(`${onlyFlow === 'saml' ? 'SAML' : 'web identity'} requests`);
      continue;
    }
    if (
      (onlyFlow === 'aws' || onlyFlow === 'service') &&
      (lower.startsWith('saml:') || isProviderKey(condition.key))
    ) {
      absentInFlow('AssumeRole requests (it belongs to SAML or web identity)');
      continue;
    }
    if (onlyFlow === 'web-identity' && lower.startsWith('saml:')) {
      absentInFlow('web identity requests');
      continue;
    }
    if (onlyFlow === 'saml' && isProviderKey(condition.key)) {
      absentInFlow('SAML requests');
      continue;
    }
    if (onlyFlow === 'web-identity' && isProviderKey(condition.key)) {
      const split = splitProviderKey(condition.key);
      if (!split) continue;
      const provider = providerPaths.find(
        (path) => path.toLowerCase() === split.prefix.toLowerCase(),
      );
      if (!provider) {
        add(
          'OIDC_KEY_PREFIX_MISMATCH',
          'ERROR',
          condition.path,
          `"${condition.key}" does not start with the provider of this statement ` +
            `(${providerPaths.join(', ')}); the key is never present.`,
          `Write the key as "${providerPaths[0] ?? '<provider host/path>'}:${split.claim}" ` +
            '(no https://, no ARN prefix).',
        );
        continue;
      }
      const supported = isSupportedClaim(provider, split.claim);
      if (supported === false) {
        add(
          'OIDC_UNSUPPORTED_CLAIM_KEY',
          positive ? 'ERROR' : 'WARNING',
          condition.path,
          `IAM does not expose the "${split.claim}" claim of ${provider} as a condition key` +
            `${
              positive
                ? ', so this condition is never ' + 'true'
                : ', so this condition has no effect'
            }.`,
          'Remove it, or put the information into the sub claim (customised sub template).',
        );
        absentInFlow('web identity requests from this provider');
      }
    }
  }

  if (onlyFlow === 'service' && allow) {
    const services = model.principals
      .filter((entry) => entry.flow === 'service')
      .map((e) => e.value);
    const sourceConditions = model.conditions.filter((condition) =>
      SOURCE_KEYS.includes(condition.key.toLowerCase()),
    );
    const allQuiet = services.every((service) => SERVICES_WITHOUT_SOURCE_KEYS.includes(service));
    if (sourceConditions.length === 0) {
      const compute = services.every((service) => COMPUTE_SERVICES.includes(service));
      add(
        'SERVICE_PRINCIPAL_WITHOUT_SOURCE',
        compute || allQuiet ? 'SUGGESTION' : 'SECURITY',
        model.principals.find((entry) => entry.flow === 'service')?.path ?? model.path,
        allQuiet
          ? `No aws:SourceArn/aws:SourceAccount condition; ${services.join(', ')} does not send ` +
              'these keys, so none can be added without breaking it.'
          : 'No aws:SourceArn/aws:SourceAccount condition: the service may assume this role on ' +
              `behalf of any account (confused deputy)${
                compute ? '; low risk for compute ' + 'services' : ''
              }.`,
        allQuiet
          ? 'Keep the role narrowly scoped instead.'
          : `Add "StringEquals": {"aws:SourceAccount": ` +
              `"${roleArn?.account ?? '<your account id>'}"} ` +
              'or an ArnLike aws:SourceArn for the resource that uses the role.',
      );
    }
    if (allQuiet) {
      for (const condition of sourceConditions.filter(isPositiveTest)) {
        add(
          'SOURCE_KEY_NOT_SENT_BY_SERVICE',
          'DENY',
          condition.path,
          `${services.join(', ')} does not send ${condition.key} when it assumes a role, so this ` +
            'condition fails and the service can no longer assume the role.',
          `Remove the ${condition.key} condition.`,
        );
      }
    }
    for (const condition of model.conditions) {
      if (
        keyIs(
          condition,
          'aws:PrincipalOrgID',
          'aws:PrincipalArn',
          'aws:PrincipalAccount',
          'aws:Referer',
        ) ||
        keyStartsWith(condition, 'aws:principaltag/')
      ) {
        add(
          'SERVICE_PRINCIPAL_CONDITION_KEY',
          'ERROR',
          condition.path,
          `${condition.key} is not set when a service principal assumes the role.`,
          'Use aws:SourceArn, aws:SourceAccount or aws:SourceOrgID for service principals.',
        );
      }
    }
  }

  if (!allow) return;
  for (const entry of model.principals) {
    if (entry.flow === 'saml') {
      const samlCondition = model.conditions.some((condition) =>
        condition.key.toLowerCase().startsWith('saml:'),
      );
      if (!samlCondition) {
        add(
          'SAML_MISSING_AUD',
          'WARNING',
          entry.path,
          'No SAML:aud (or other SAML attribute) condition: any assertion from this IdP for this ' +
            'role is accepted, whatever endpoint it was meant for.',
          'Add "StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"} (list regional ' +
            'endpoints too if the IdP uses them).',
        );
      }
    }
    if (entry.flow !== 'web-identity' || !entry.providerPath) continue;
    checkWebIdentityStatement(model, entry, entry.providerPath, add);
  }
}

function checkWebIdentityStatement(
  model: StatementModel,
  entry: PrincipalEntry,
  provider: string,
  add: Add,
): void {
  const conditions = providerConditions(model, provider);
  const claims = (claim: string) => conditions.filter((item) => item.claim === claim);
  const isCognito = provider === COGNITO_PROVIDER;
  const audConditions = claims('aud');
  if (isCognito) {
    if (audConditions.length === 0) {
      add(
        'COGNITO_MISSING_AUD',
        'ERROR',
        entry.path,
        'No cognito-identity.amazonaws.com:aud condition: identities from any identity pool, in ' +
          'any account, can assume this role (IAM now refuses to save such a policy).',
        'Add "StringEquals": {"cognito-identity.amazonaws.com:aud": ' +
          '"<region>:<identity-pool-id>"}.',
      );
      add(
        'OIDC_NO_CONDITION',
        'SECURITY',
        entry.path,
        'The Cognito principal is not limited to an identity pool.',
        'Add the aud condition with your identity pool id.',
      );
    }
    for (const { condition } of audConditions) {
      const bad = stringValues(condition).filter(
        (value) => !/^[a-z]{2}(-[a-z]{1,12}){1,3}-\d:[0-9a-f-]{36}$/.test(value),
      );
      if (bad.length) {
        add(
          'COGNITO_AUD_NOT_IDENTITY_POOL_ID',
          'DENY',
          condition.path,
          `"${bad[0]}" is not an identity pool id (region:GUID); a user pool or app client id ` +
            'never matches.',
          'Use the identity pool id, e.g. us-east-1:11111111-2222-3333-4444-555555555555.',
        );
      }
    }
    const amr = claims('amr');
    if (amr.length === 0) {
      add(
        'COGNITO_AMR_MISSING_OR_WRONG',
        'SECURITY',
        entry.path,
        'No amr condition: authenticated and guest identities share this role.',
        'Add "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"} ' +
          '(or "unauthenticated" for the guest role).',
      );
    }
    for (const { condition } of amr) {
      const values = stringValues(condition);
      if (condition.parsed?.qualifier !== 'ForAnyValue') {
        add(
          'COGNITO_AMR_MISSING_OR_WRONG',
          'DENY',
          condition.path,
          'amr holds several values; without ForAnyValue: the test does not do what it says.',
          `Use "ForAnyValue:${condition.parsed?.base ?? 'StringLike'}".`,
        );
      } else if (values.includes('authenticated') && values.includes('unauthenticated')) {
        add(
          'COGNITO_AMR_MISSING_OR_WRONG',
          'SECURITY',
          condition.path,
          'The amr condition admits both authenticated and guest identities, so one role serves ' +
            'both.',
          'Use separate roles for authenticated and unauthenticated identities.',
        );
      }
    }
    return;
  }
  if (conditions.length === 0) {
    add(
      'OIDC_NO_CONDITION',
      'SECURITY',
      entry.path,
      `No condition on ${provider} claims: every token this provider issues can assume the role.`,
      `Add conditions on ${provider}:aud and ${provider}:sub.`,
    );
  }
  const builtIn = (BUILT_IN_WEB_IDENTITY_PROVIDERS as readonly string[]).includes(provider);
  if (audConditions.length === 0 && !builtIn) {
    add(
      'OIDC_MISSING_AUD',
      'WARNING',
      entry.path,
      `No ${provider}:aud condition.`,
      `Add "StringEquals": {"${provider}:aud": "sts.amazonaws.com"}.`,
    );
  }
  for (const { condition } of audConditions) {
    if (!(isGitHubProvider(provider) || isEksProvider(provider))) continue;
    const values = stringValues(condition);
    if (values.length && !values.includes('sts.amazonaws.com') && isPositiveTest(condition)) {
      add(
        'OIDC_AUD_VALUE_MISMATCH',
        'DENY',
        condition.path,
        `${isGitHubProvider(provider) ? 'configure-aws-credentials requests' : 'EKS projects'} ` +
          `tokens with audience sts.amazonaws.com, not "${values[0]}".`,
        `Set "${condition.key}": "sts.amazonaws.com".`,
      );
    }
  }
  if (isGitHubProvider(provider)) {
    const repoConditions = conditions.filter(
      (item) => GITHUB_REPO_KEYS.includes(item.claim) && isPositiveTest(item.condition),
    );
    if (repoConditions.length === 0) {
      add(
        'GITHUB_MISSING_SUB',
        'SECURITY',
        entry.path,
        'No condition on the token sub (or repository): a workflow in any GitHub repository can ' +
          'assume this role.',
        `Add "StringEquals": {"${provider}:sub": "repo:<org>/<repo>:ref:refs/heads/<branch>"}.`,
      );
    }
    for (const { condition } of claims('sub')) {
      const patterns = stringValues(condition).filter(hasWildcardText);
      if (patterns.length === 0 || !condition.parsed?.base.includes('Like')) continue;
      const ownerOpen = patterns.some((pattern) => {
        const owner = /^repo:([^/]*)/.exec(pattern)?.[1];
        return owner === undefined || /[*?]/.test(owner);
      });
      add(
        'GITHUB_SUB_WILDCARD',
        ownerOpen ? 'SECURITY' : 'WARNING',
        condition.path,
        ownerOpen
          ? `The sub pattern "${patterns[0]}" does not pin the repository owner: repositories of ` +
              'any GitHub account match.'
          : `The sub pattern "${patterns[0]}" admits every matching repository, branch or ` +
              'environment.',
        'Name the repository and branch or environment: repo:<org>/<repo>:ref:refs/heads/main.',
      );
    }
  }
  if (isEksProvider(provider)) {
    const sub = claims('sub').filter((item) => isPositiveTest(item.condition));
    const broad = sub.some(({ condition }) =>
      stringValues(condition).some((value) => {
        const match = /^system:serviceaccount:([^:]*):(.*)$/.exec(value);
        return !match || /[*?]/.test(match[1] ?? '') || /^[*?]+$/.test(match[2] ?? '');
      }),
    );
    if (sub.length === 0 || broad) {
      add(
        'EKS_SUB_TOO_BROAD',
        'SECURITY',
        sub[0]?.condition.path ?? entry.path,
        'Any pod in the cluster can assume this role: the sub condition does not name one ' +
          'namespace and service account.',
        `Add "StringEquals": {"${provider}:sub": ` +
          `"system:serviceaccount:<namespace>:<service-account>"}.`,
      );
    }
  }
}

function checkAcrossStatements(
  models: StatementModel[],
  add: Add,
  options: TrustCheckOptions,
): void {
  const allows = models.filter((model) => model.effect === 'Allow' && !model.notAction);
  const actionsByPrincipal = new Map<string, string[]>();
  for (const model of allows) {
    for (const entry of model.principals) {
      const list = actionsByPrincipal.get(entry.value) ?? [];
      list.push(...model.actions.map((action) => action.toLowerCase()));
      actionsByPrincipal.set(entry.value, list);
    }
  }
  const allowedActions = (principalValue: string) => actionsByPrincipal.get(principalValue) ?? [];
  const covers = (actions: string[], wanted: string) =>
    actions.some((action) => matchWildcard(action, wanted, true));

  for (const model of allows) {
    for (const entry of model.principals) {
      if (entry.value === 'rolesanywhere.amazonaws.com') {
        const actions = allowedActions(entry.value);
        const missing = [ASSUME_ROLE, TAG_SESSION, SET_SOURCE_IDENTITY].filter(
          (action) => !covers(actions, action),
        );
        if (missing.length) {
          add(
            'ROLES_ANYWHERE_MISSING_ACTIONS',
            'ERROR',
            entry.path,
            `IAM Roles Anywhere needs sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity; ` +
              `missing: ${missing.join(', ')}.`,
            `Add ${missing.join(', ')} to the statement's Action.`,
          );
        }
      }
      if (
        entry.value === 'pods.eks.amazonaws.com' &&
        !covers(allowedActions(entry.value), TAG_SESSION)
      ) {
        add(
          'EKS_POD_IDENTITY_MISSING_TAGSESSION',
          'ERROR',
          entry.path,
          'EKS Pod Identity always tags the session, so it also needs sts:TagSession.',
          'Set "Action": ["sts:AssumeRole", "sts:TagSession"].',
        );
      }
    }
    // Claims of a federated flow are not in the request context of TagSession/SetSourceIdentity.
    const federatedKeys = model.conditions.filter(
      (condition) =>
        isProviderKey(condition.key) || condition.key.toLowerCase().startsWith('saml:'),
    );
    const sideActions = model.actions.filter((action) =>
      lowerIncludes([TAG_SESSION, SET_SOURCE_IDENTITY, 'sts:SetContext'], action),
    );
    if (federatedKeys.length && sideActions.length && model.actions.length > sideActions.length) {
      add(
        'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
        'ERROR',
        federatedKeys[0]?.path ?? model.path,
        `${federatedKeys[0]?.key} is not a condition key of ${sideActions.join(', ')}, so for ` +
          'that action the condition is evaluated differently from the assume action.',
        `Move ${sideActions.join(', ')} into its own statement.`,
      );
    }
  }

  const allActions = allows.flatMap((model) => model.actions.map((action) => action.toLowerCase()));
  for (const model of models) {
    for (const condition of model.conditions) {
      const lower = condition.key.toLowerCase();
      let needed: string | undefined;
      if (lower === 'sts:sourceidentity') needed = SET_SOURCE_IDENTITY;
      if (
        lower.startsWith('aws:requesttag/') ||
        lower === 'aws:tagkeys' ||
        lower === 'sts:transitivetagkeys'
      ) {
        needed = TAG_SESSION;
      }
      if (needed && !covers(allActions, needed)) {
        add(
          'MISSING_ACTION_FOR_CONDITION_KEY',
          'ERROR',
          condition.path,
          `${condition.key} is only set when the caller also uses ${needed}, which no statement ` +
            `allows.`,
          `Allow ${needed} for the same principal.`,
        );
      }
    }
  }

  // An unconditioned Allow for the same principal and action makes a conditioned one pointless.
  // Compared pairwise, so only for policies of a size IAM can store (larger ones are skipped).
  const comparable = allows.length <= MAX_PAIRWISE_STATEMENTS ? allows : [];
  for (const open of comparable.filter((model) => model.conditions.length === 0)) {
    for (const guarded of comparable.filter(
      (model) => model !== open && model.conditions.length > 0,
    )) {
      const samePrincipal = guarded.principals.some((entry) =>
        open.principals.some((other) => other.type === entry.type && other.value === entry.value),
      );
      const sameAction = guarded.actions.some((action) => covers(open.actions, action));
      if (samePrincipal && sameAction) {
        add(
          'UNCONDITIONED_STATEMENT_SHADOWS_CONDITIONED',
          'SECURITY',
          guarded.path,
          `Statement ${nameOfStatement(open)} allows the same principal and action without ` +
            'conditions, so the conditions here have no effect.',
          'Add the conditions to the other statement or merge the two.',
        );
      }
    }
  }

  if (options.knownAccounts) {
    const known = new Set(options.knownAccounts);
    const roleAccount = options.roleArn ? parseArn(options.roleArn)?.account : undefined;
    for (const model of allows) {
      const hasExternalId = model.conditions.some(
        (condition) => keyIs(condition, 'sts:ExternalId') && isPositiveTest(condition),
      );
      if (hasExternalId) continue;
      for (const entry of model.principals.filter((item) => item.type === 'AWS')) {
        const account = isAccountId(entry.value) ? entry.value : parseArn(entry.value)?.account;
        if (account && account !== roleAccount && !known.has(account)) {
          add(
            'THIRD_PARTY_WITHOUT_EXTERNAL_ID',
            'SECURITY',
            entry.path,
            `Account ${account} is not one of yours and the statement has no sts:ExternalId ` +
              'condition (confused deputy).',
            'Add "StringEquals": {"sts:ExternalId": "<value the third party issued to you>"}.',
          );
        }
      }
    }
  }
}
