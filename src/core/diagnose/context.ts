// The facts every link reads: the role and caller taken apart, the policies read from text, and
// what the error on screen already proves.

import type { ParsedAccessError } from '../access/kinds.js';
import { lookupPartition, lookupRegion, type Partition } from '../partitions.js';
import { getElement, type PolicyDocument, parseArn } from '../policy/engine.js';
import { extractPolicyText, readPolicySource, unwrapPolicyValue } from '../policy/source.js';
import { type ParsedRoleArn, parseRoleArn } from '../switch/names.js';
import { isAfterSwitchError } from './error.js';
import type { DiagnoseInput, Via } from './model.js';
import {
  describeMisplaced,
  misplacedPolicy,
  type PolicyKind,
  type WhereGiven,
} from './policy-kind.js';

export type CallerKind = 'user' | 'role-session' | 'role' | 'root' | 'federated-user';

export interface CallerInfo {
  arn: string;
  kind: CallerKind;
  partition: string;
  account: string;
  /** User name, or the role's name for sessions and roles. */
  name: string;
  /** Session name of a role session or federated user. */
  sessionName: string | null;
  /** The role behind a session, without its path (session ARNs do not show it). */
  roleArn: string | null;
  /** Identity Center roles are managed through permission sets, not IAM. */
  permissionSet: string | null;
}

export function parseCaller(text: string): CallerInfo | { error: string } {
  const arnText = text.trim();
  const arn = parseArn(arnText);
  if (!arn || !/^\d{12}$/.test(arn.account)) {
    return {
      error:
        `"${arnText.slice(0, 80)}" is not the ARN of an IAM user, role or role session; give ` +
        'it as arn:aws:iam::111122223333:user/NAME or ' +
        'arn:aws:sts::111122223333:assumed-role/ROLE/SESSION.',
    };
  }
  const base = { arn: arnText, partition: arn.partition, account: arn.account };
  if (arn.service === 'iam' && arn.resource === 'root') {
    return {
      ...base,
      kind: 'root',
      name: 'root',
      sessionName: null,
      roleArn: null,
      permissionSet: null,
    };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    const name = arn.resource.split('/').pop() ?? '';
    return { ...base, kind: 'user', name, sessionName: null, roleArn: null, permissionSet: null };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    const name = arn.resource.split('/').pop() ?? '';
    return {
      ...base,
      kind: 'role',
      name,
      sessionName: null,
      roleArn: arnText,
      permissionSet: permissionSetOf(name),
    };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const [, name = '', ...session] = arn.resource.split('/');
    return {
      ...base,
      kind: 'role-session',
      name,
      sessionName: session.join('/') || null,
      roleArn: `arn:${arn.partition}:iam::${arn.account}:role/${name}`,
      permissionSet: permissionSetOf(name),
    };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('federated-user/')) {
    const name = arn.resource.slice('federated-user/'.length);
    return {
      ...base,
      kind: 'federated-user',
      name,
      sessionName: name,
      roleArn: null,
      permissionSet: null,
    };
  }
  return {
    error:
      `"${arnText.slice(0, 80)}" is an ARN, but not of an IAM user, role or role session, ` +
      'which are the callers that can assume a role with AssumeRole.',
  };
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

/** Why the text is not an AWS Organizations ID, or null when it is one. */
export function orgIdProblem(text: string): string | null {
  if (ORG_ID.test(text.trim())) return null;
  return (
    `"${text.trim().slice(0, 80)}" is not an organization ID: it is "o-" and 10 to 32 lower-case ` +
    'letters or digits, as aws organizations describe-organization --query Organization.Id ' +
    'prints it.'
  );
}

function permissionSetOf(roleName: string): string | null {
  const match = /^AWSReservedSSO_(.{1,64})_[0-9a-f]{16}$/.exec(roleName);
  return match?.[1] ?? null;
}

export interface ReadPolicies {
  documents: PolicyDocument[];
  problems: string[];
}

/**
 * Reads policy texts: a document, a JSON array of documents, what the CLI prints for one
 * (get-role-policy, get-policy-version, get-role), or the URL-encoded form IAM APIs return.
 * Unreadable texts come back as problems.
 */
export function readPolicies(texts: readonly string[], what: string): ReadPolicies {
  const documents: PolicyDocument[] = [];
  const problems: string[] = [];
  texts.forEach((text, index) => {
    const label = texts.length > 1 ? `${what} ${index + 1}` : what;
    if (!text.trim()) return;
    const extracted = extractPolicyText(text);
    const source = readPolicySource(extracted.form === 'url-encoded' ? extracted.text : text);
    const value = source.document;
    const list = Array.isArray(value) ? value : [value];
    let found = 0;
    for (const item of list) {
      const document = unwrapPolicy(item);
      if (document) {
        documents.push(document);
        found++;
      }
    }
    if (found === 0) {
      problems.push(
        `The ${label} is not a policy document${source.syntaxOk ? '' : ' (it is not valid JSON)'}` +
          ': paste the JSON with "Version" and "Statement".',
      );
    } else if (!source.syntaxOk) {
      problems.push(`The ${label} is not valid JSON; it was read as far as it goes.`);
    }
  });
  return { documents, problems };
}

function unwrapPolicy(value: unknown): PolicyDocument | null {
  return (unwrapPolicyValue(value) as PolicyDocument | undefined) ?? null;
}

/**
 * Why a policy text cannot be of the kind it was given as (a trust policy given as an identity
 * policy, or the other way round), in the words of `where`; null when it can be. Each document
 * of a JSON array is checked.
 */
export function policyKindProblem(
  text: string,
  givenAs: PolicyKind,
  where: WhereGiven,
): string | null {
  const { documents } = readPolicies([text], 'policy');
  for (const [index, document] of documents.entries()) {
    const found = misplacedPolicy(document, givenAs);
    if (!found) continue;
    const given = documents.length > 1 ? `${where.given} (document ${index + 1})` : where.given;
    return describeMisplaced(found, { ...where, given });
  }
  return null;
}

/** How the diagnosis itself (the panel's view) says where to give each kind of policy. */
const PASTED: Record<PolicyKind, string> = {
  trust: 'paste it as the trust policy instead',
  identity: "paste it as the caller's identity policy",
};

/** The first problem of kind among policy texts given as `givenAs`, labelled by position. */
function kindProblemOf(
  texts: readonly string[] | null | undefined,
  givenAs: PolicyKind,
  label: string,
): string | null {
  const given = (texts ?? []).filter((text) => text.trim());
  const numbered = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  for (const [index, text] of given.entries()) {
    const where = given.length > 1 ? `${numbered} ${index + 1}` : `The ${label}`;
    const problem = policyKindProblem(text, givenAs, { given: where, passAs: PASTED });
    if (problem) return problem;
  }
  return null;
}

export interface Context {
  input: DiagnoseInput;
  via: Via;
  roleArnText: string;
  role: ParsedRoleArn | null;
  roleProblem: string | null;
  callerText: string;
  caller: CallerInfo | null;
  callerProblem: string | null;
  partition: Partition | null;
  region: string;
  roleAccount: string | null;
  callerAccount: string | null;
  crossAccount: boolean;
  /** The trust policy as text, once unwrapped from CLI output when it was given so. */
  trustText: string | null;
  trustProblem: string | null;
  /** The text given as the trust policy is clearly another kind of policy. */
  trustMisplaced: boolean;
  /** The caller's organisation ID when given in the right shape. */
  orgId: string | null;
  orgIdProblem: string | null;
  /** The text given as the caller's identity policy cannot be one (a trust policy, say). */
  identityProblem: string | null;
  /** Likewise for the role's permission policies. */
  rolePolicyProblem: string | null;
  error: ParsedAccessError | null;
  /** The error was raised for a session of the role: the switch itself worked. */
  switchSucceeded: boolean;
  now: Date;
}

export function buildContext(input: DiagnoseInput): Context {
  const roleArnText = (input.roleArn ?? '').trim();
  const parsedRole = roleArnText ? parseRoleArn(roleArnText) : null;
  const role = parsedRole?.ok ? parsedRole.value : null;
  const roleProblem = !roleArnText
    ? 'No role ARN was given.'
    : parsedRole && !parsedRole.ok
      ? parsedRole.error
      : null;
  const callerText = (input.caller ?? '').trim();
  const parsedCaller = callerText ? parseCaller(callerText) : null;
  const caller = parsedCaller && !('error' in parsedCaller) ? parsedCaller : null;
  const callerProblem =
    parsedCaller && 'error' in parsedCaller
      ? parsedCaller.error
      : callerText
        ? null
        : 'No caller was given.';
  const partitionId = role?.partition.id ?? caller?.partition ?? parseArn(roleArnText)?.partition;
  const lookedUp = partitionId ? lookupPartition(partitionId) : null;
  const partition = role?.partition ?? (lookedUp?.ok ? lookedUp.partition : null);
  let region = partition?.homeRegion ?? 'us-east-1';
  if (input.region && partition) {
    const regionLookup = lookupRegion(input.region);
    if (regionLookup.ok && regionLookup.partition.id === partition.id) region = input.region;
  }
  const roleAccount = role?.account ?? (parseArn(roleArnText)?.account || null);
  const callerAccount = caller?.account ?? null;
  let trustText: string | null = null;
  let trustProblem: string | null = null;
  let trustMisplaced = false;
  if (input.trustPolicy?.trim()) {
    const read = readPolicies([input.trustPolicy], 'trust policy');
    const [document] = read.documents;
    if (document) trustText = JSON.stringify(document, null, 2);
    // Keep the text as given when it is a plain document, so line numbers stay the user's.
    if (document && getElement(readPolicySource(input.trustPolicy).document, 'Statement')) {
      trustText = input.trustPolicy;
    }
    trustProblem = read.problems[0] ?? null;
    const misplaced = policyKindProblem(input.trustPolicy, 'trust', {
      given: 'The trust policy',
      passAs: PASTED,
    });
    if (misplaced) {
      trustText = null;
      trustProblem = misplaced;
      trustMisplaced = true;
    }
  }
  const error = input.error ?? null;
  const orgIdText = input.orgId?.trim() || null;
  const orgProblem = orgIdText ? orgIdProblem(orgIdText) : null;
  return {
    input,
    via: input.via ?? 'cli',
    roleArnText,
    role,
    roleProblem,
    callerText,
    caller,
    callerProblem,
    partition,
    region,
    roleAccount,
    callerAccount,
    crossAccount: Boolean(roleAccount && callerAccount && roleAccount !== callerAccount),
    trustText,
    trustProblem,
    trustMisplaced,
    orgId: orgProblem ? null : orgIdText,
    orgIdProblem: orgProblem,
    identityProblem: kindProblemOf(input.identityPolicies, 'identity', 'identity policy'),
    rolePolicyProblem: kindProblemOf(input.rolePolicies, 'identity', 'role permission policy'),
    error,
    switchSucceeded: Boolean(error && isAfterSwitchError(error)),
    now: input.now ?? new Date(),
  };
}
