// The switch-role page answers every refusal with one sentence: "Invalid information in one or
// more fields". This lists what usually lies behind it, most likely first, with how to check each.

import { sessionRole, trustExternalIdRequirement } from './blockers.js';
import {
  checkAccount,
  checkRolePathAndName,
  MAX_SWITCH_ROLE_NAME,
  switchNameLengthProblem,
} from './names.js';

export const SWITCH_FAILURE_TEXT = /Invalid information in one or more fields/i;

export type SwitchFailureCauseId =
  | 'input'
  | 'name-too-long'
  | 'root-user'
  | 'role-missing'
  | 'trust-policy'
  | 'external-id'
  | 'mfa';

export interface SwitchFailureCause {
  id: SwitchFailureCauseId;
  title: string;
  /** Why this cause fits what the page shows. */
  why: string;
  /** Steps that confirm or rule it out. */
  checks: string[];
  /** `certain` when the input alone proves it; `likely` or `possible` otherwise. */
  confidence: 'certain' | 'likely' | 'possible';
}

export interface SwitchFailureInput {
  /** What the form held when it failed. */
  account?: string | null;
  roleName?: string | null;
  /** Who is signed in (user, root or session ARN), when known. */
  identityArn?: string | null;
  /** Whether the signed-in session used MFA, when known. */
  signedInWithMfa?: boolean | null;
  /** The role's trust policy, when known (JSON text or parsed). */
  trustPolicy?: unknown;
}

const ROOT_ARN = /^arn:[a-z-]+:iam::\d{12}:root$/;

function mentionsMfa(policy: unknown): boolean {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy ?? null);
  return /aws:MultiFactorAuth(?:Present|Age)/i.test(text ?? '');
}

/** The likely causes of the switch-role page's generic failure, in the order to check them. */
export function explainSwitchFailure(input: SwitchFailureInput): SwitchFailureCause[] {
  const causes: SwitchFailureCause[] = [];
  const accountText = input.account?.trim() ?? '';
  const roleText = input.roleName?.trim() ?? '';
  const account = accountText ? checkAccount(accountText) : null;
  const role = roleText ? checkRolePathAndName(roleText) : null;
  const where = accountText ? ` in account ${accountText}` : '';
  const roleLabel = role?.ok ? role.value.roleName : roleText || 'the role';

  const inputProblems: string[] = [];
  if (account && !account.ok) inputProblems.push(account.error);
  if (role && !role.ok) inputProblems.push(role.error);
  if (roleText.startsWith('/')) {
    inputProblems.push('The role name starts with "/"; type the path without the leading slash.');
  }
  if (inputProblems.length > 0) {
    causes.push({
      id: 'input',
      title: 'The account or role name is not in a form AWS accepts',
      why: inputProblems.join(' '),
      checks: ['Correct the field as described and try again.'],
      confidence: 'certain',
    });
  }
  const tooLong = role?.ok ? switchNameLengthProblem(role.value.roleName) : null;
  if (tooLong) {
    causes.push({
      id: 'name-too-long',
      title: `Path plus role name is over ${MAX_SWITCH_ROLE_NAME} characters`,
      why: tooLong,
      checks: ['Count the characters of path/name as typed; use the CLI for this role.'],
      confidence: 'certain',
    });
  }
  const identity = input.identityArn?.trim() ?? '';
  const isRoot = ROOT_ARN.test(identity);
  if (isRoot) {
    causes.push({
      id: 'root-user',
      title: 'You are signed in as the root user',
      why: 'AWS does not let the root user switch roles.',
      checks: ['Sign in as an IAM user or through IAM Identity Center, then switch again.'],
      confidence: 'certain',
    });
  }
  const externalId = trustExternalIdRequirement(input.trustPolicy);
  const externalIdCause: SwitchFailureCause = {
    id: 'external-id',
    title: 'The role requires an ExternalId',
    why:
      'The console cannot send an ExternalId, so roles whose trust requires one always fail ' +
      'here.',
    checks: [
      'In the role\'s Trust relationships tab, look for a condition on "sts:ExternalId".',
      'If it is there, assume the role with the CLI or SDK and --external-id instead.',
    ],
    confidence: externalId === 'all' ? 'certain' : 'possible',
  };
  if (externalId === 'all') causes.push(externalIdCause);

  const session = sessionRole(identity);
  causes.push({
    id: 'role-missing',
    title: 'The role does not exist as typed',
    why:
      `The page says the same thing when ${roleLabel}${where} does not exist. Role names are ` +
      'case-sensitive, a path must be included, and an alias must belong to the right account.',
    checks: [
      `In the target account, open IAM → Roles and search for ` +
        `${role?.ok ? role.value.leaf : 'the role'}; ` +
        'compare the case letter by letter.',
      'If the role has a path, type path/name (the ARN shows it after "role/").',
      'If you typed an alias, check it is the alias of the account that owns the role.',
    ],
    confidence: 'likely',
  });
  const who = session
    ? `the role ${session.roleLeaf} in account ${session.account} (the console switches with the ` +
      'identity you signed in with)'
    : identity && !isRoot
      ? identity
      : 'your signed-in identity';
  causes.push({
    id: 'trust-policy',
    title: 'The role does not trust you, or your permissions do not allow the switch',
    why:
      `The trust policy of ${roleLabel} must allow sts:AssumeRole for ${who}, and your own ` +
      'policies must allow sts:AssumeRole on the role ARN; either refusal shows this message.',
    checks: [
      "Open the role's Trust relationships tab and check that a statement names your account, " +
        'role or user as Principal.',
      'Check your identity has sts:AssumeRole on the role ARN (no SCP or boundary denies it).',
      'Check that your signed-in identity, not a role you switched to earlier, is trusted: the ' +
        'console does not chain roles.',
    ],
    confidence: externalId === 'none' ? 'likely' : 'possible',
  });
  if (externalId !== 'all') causes.push(externalIdCause);
  const needsMfa = mentionsMfa(input.trustPolicy);
  causes.push({
    id: 'mfa',
    title: 'The role requires MFA and you signed in without it',
    why: needsMfa
      ? 'The trust policy has an aws:MultiFactorAuthPresent or MultiFactorAuthAge condition.'
      : 'Roles often require MFA; a session signed in without MFA cannot switch to them.',
    checks: [
      'Look for aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge in the trust policy.',
      'Sign out, sign in with your MFA device, and switch again.',
    ],
    confidence:
      needsMfa && input.signedInWithMfa === false ? 'certain' : needsMfa ? 'likely' : 'possible',
  });
  // A known identity that is not root rules this cause out.
  if (!isRoot && !identity) {
    causes.push({
      id: 'root-user',
      title: 'You are signed in as the root user',
      why: 'AWS does not let the root user switch roles.',
      checks: [
        'Open the account menu: if it shows no IAM user or role name, you are the root user.',
        'Sign in as an IAM user or through IAM Identity Center, then switch again.',
      ],
      confidence: 'possible',
    });
  }
  const rank = { certain: 0, likely: 1, possible: 2 };
  // Stable: equal confidence keeps the documented order.
  return causes
    .map((cause, index) => ({ cause, index }))
    .sort((a, b) => rank[a.cause.confidence] - rank[b.cause.confidence] || a.index - b.index)
    .map(({ cause }) => cause);
}
