// Reasons the console cannot make a switch, found before the user tries it.

import { checkAccount, checkRolePathAndName, switchNameLengthProblem } from './names.js';

export type SwitchBlockerCode =
  | 'external-id'
  | 'root-user'
  | 'name-too-long'
  | 'already-open'
  | 'same-role';

export interface SwitchBlocker {
  code: SwitchBlockerCode;
  /** `blocks`: the console cannot do it; `warns`: it can, with a consequence worth knowing. */
  severity: 'blocks' | 'warns';
  message: string;
}

/** One other console session, as the multi-session account menu or tab state knows it. */
export interface OpenSession {
  accountId?: string | null;
  accountAlias?: string | null;
  /** The session's principal, e.g. `arn:aws:sts::111122223333:assumed-role/Admin/alice`. */
  sessionArn?: string | null;
  sessionDifferentiator?: string | null;
}

export interface SwitchBlockerInput {
  account: string;
  /** Role path and name. */
  roleName: string;
  /** Who is signed in: user, root or session ARN (`awsc-session-data.sessionARN`). */
  identityArn?: string | null;
  /** The role's trust policy (JSON text or parsed), when known. */
  trustPolicy?: unknown;
  /** A saved role may know that its trust needs an ExternalId without having the policy. */
  requiresExternalId?: boolean | null;
  /** Other console sessions open in multi-session mode. */
  openSessions?: readonly OpenSession[] | null;
  /** The current page's multi-session id, so that its own session is not counted as another. */
  currentSessionDifferentiator?: string | null;
}

export type ExternalIdRequirement = 'all' | 'some' | 'none' | 'unknown';

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function allowsAssumeRole(statement: Record<string, unknown>): boolean {
  const actions = asArray(statement.Action).filter((a): a is string => typeof a === 'string');
  return actions.some((action) => {
    const lower = action.toLowerCase();
    return lower === '*' || lower === 'sts:*' || lower === 'sts:assumerole';
  });
}

function hasExternalIdCondition(statement: Record<string, unknown>): boolean {
  const condition = statement.Condition;
  if (typeof condition !== 'object' || condition === null) return false;
  for (const block of Object.values(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) continue;
    if (Object.keys(block).some((key) => key.toLowerCase() === 'sts:externalid')) return true;
  }
  return false;
}

/**
 * Whether a trust policy's `sts:AssumeRole` grants all (or some) require an ExternalId. The
 * console has no way to pass one, so `all` means the console cannot switch to the role.
 */
export function trustExternalIdRequirement(policy: unknown): ExternalIdRequirement {
  let document: unknown = policy;
  if (typeof policy === 'string') {
    if (policy.length > 256 * 1024) return 'unknown';
    try {
      document = JSON.parse(policy);
    } catch {
      return 'unknown';
    }
  }
  if (typeof document !== 'object' || document === null) return 'unknown';
  const statements = asArray((document as Record<string, unknown>).Statement).filter(
    (s): s is Record<string, unknown> => typeof s === 'object' && s !== null,
  );
  const grants = statements.filter(
    (statement) => statement.Effect === 'Allow' && allowsAssumeRole(statement),
  );
  if (grants.length === 0) return 'unknown';
  const withExternalId = grants.filter(hasExternalIdCondition).length;
  if (withExternalId === 0) return 'none';
  return withExternalId === grants.length ? 'all' : 'some';
}

const ROOT_ARN = /^arn:[a-z-]+:iam::\d{12}:root$/;
const SESSION_ARN = /^arn:[a-z-]+:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/.{1,128}$/;

/** Account and role leaf of an assumed-role session ARN, or null. */
export function sessionRole(arn: string): { account: string; roleLeaf: string } | null {
  const match = SESSION_ARN.exec(arn.trim());
  return match?.[1] && match[2] ? { account: match[1], roleLeaf: match[2] } : null;
}

function sameAccount(target: string, id?: string | null, alias?: string | null): boolean {
  return (!!id && id === target) || (!!alias && alias.toLowerCase() === target.toLowerCase());
}

/** Everything known to stop (or spoil) a console switch to the given role, most serious first. */
export function switchBlockers(input: SwitchBlockerInput): SwitchBlocker[] {
  const blockers: SwitchBlocker[] = [];
  const account = checkAccount(input.account);
  const targetAccount = account.ok ? account.value : input.account.trim();
  const role = checkRolePathAndName(input.roleName);
  const roleName = role.ok ? role.value.roleName : input.roleName.trim().replace(/^\/+/, '');
  const leaf = role.ok ? role.value.leaf : (roleName.split('/').pop() ?? roleName);
  const identity = input.identityArn?.trim() ?? '';

  if (ROOT_ARN.test(identity)) {
    blockers.push({
      code: 'root-user',
      severity: 'blocks',
      message:
        'You are signed in as the root user, and AWS does not let the root user switch roles. ' +
        'Sign in as an IAM user or through IAM Identity Center, then switch.',
    });
  }
  const externalId = trustExternalIdRequirement(input.trustPolicy);
  if (externalId === 'all' || input.requiresExternalId) {
    blockers.push({
      code: 'external-id',
      severity: 'blocks',
      message:
        "The role's trust policy requires an ExternalId, and the console cannot send one. " +
        'Assume it with the CLI or SDK (--external-id), or ask for a statement without it for ' +
        'console use.',
    });
  } else if (externalId === 'some') {
    blockers.push({
      code: 'external-id',
      severity: 'warns',
      message:
        'Some statements of the trust policy require an ExternalId, which the console cannot ' +
        'send; the switch works only if a statement without it trusts you.',
    });
  }
  const tooLong = switchNameLengthProblem(roleName);
  if (tooLong) blockers.push({ code: 'name-too-long', severity: 'blocks', message: tooLong });

  const current = sessionRole(identity);
  if (current && current.account === targetAccount && current.roleLeaf === leaf) {
    blockers.push({
      code: 'same-role',
      severity: 'warns',
      message: `You are already in ${leaf} in account ${targetAccount}.`,
    });
  }
  for (const session of input.openSessions ?? []) {
    if (
      session.sessionDifferentiator &&
      session.sessionDifferentiator === input.currentSessionDifferentiator
    ) {
      continue;
    }
    const other = session.sessionArn ? sessionRole(session.sessionArn) : null;
    const accountId = session.accountId ?? other?.account ?? null;
    if (!other || other.roleLeaf !== leaf) continue;
    if (!sameAccount(targetAccount, accountId, session.accountAlias)) continue;
    blockers.push({
      code: 'already-open',
      severity: 'warns',
      message:
        `${leaf} in account ${targetAccount} is already open in another console session. ` +
        'Switching again signs that session in anew and its tabs may be signed out; use its ' +
        'tab instead.',
    });
    break;
  }
  const order = { blocks: 0, warns: 1 };
  return blockers.sort((a, b) => order[a.severity] - order[b.severity]);
}
