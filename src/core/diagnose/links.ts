// The six links of a role assumption, each checked from what is known and stopping short of a
// guess: a link that cannot be told says what it needs (a question) instead.

import {
  type ContextValue,
  type EvaluationResult,
  evaluatePolicies,
  type PolicyDocument,
  type StatementEvaluation,
  statementLabel,
  statementList,
  statementName,
} from '../policy/engine.js';
import { switchNameLengthProblem } from '../switch/names.js';
import { lineDiff } from '../trust/diff.js';
import { evaluateTrust, type TrustCaller, type TrustVerdict } from '../trust/evaluate.js';
import { modelStatements } from '../trust/model.js';
import type { CallerInfo, Context } from './context.js';
import { readPolicies } from './context.js';
import {
  type ConditionTest,
  conditionElement,
  conditionsOf,
  describeConditions,
  droppedConditions,
  withConditions,
} from './kept-conditions.js';
import {
  type Check,
  type Fix,
  LINK_TITLES,
  type LinkId,
  type LinkResult,
  type LinkStatus,
  type Question,
} from './model.js';

const ASSUME_ROLE = 'sts:AssumeRole';
const CHAINED_SESSION_LIMIT = 3600;
const MIN_DURATION = 900;
const MAX_DURATION = 43200;

function link(
  id: LinkId,
  status: LinkStatus,
  summary: string,
  extra: Partial<Omit<LinkResult, 'id' | 'title' | 'status' | 'summary'>> = {},
): LinkResult {
  return {
    id,
    title: LINK_TITLES[id],
    status,
    summary,
    evidence: extra.evidence ?? [],
    toCheck: extra.toCheck ?? [],
    ...(extra.fix ? { fix: extra.fix } : {}),
    ...(extra.question ? { question: extra.question } : {}),
    ...(extra.needs && extra.needs.length > 0 ? { needs: extra.needs } : {}),
  };
}

function accountNote(account: string | null): string {
  return account ? ` (account ${account})` : '';
}

function roleName(ctx: Context): string {
  return ctx.role?.leaf ?? ctx.roleArnText.split('/').pop() ?? 'ROLE';
}

function inAccount(account: string | null): string {
  return account ? ` in account ${account}` : '';
}

function switchEvidence(ctx: Context): string {
  return (
    `The error was raised for ${ctx.error?.principal ?? 'a session of the role'}, a session of ` +
    'the role: the switch itself worked.'
  );
}

// ---------------------------------------------------------------------------------------------
// Questions

export function trustQuestion(ctx: Context): Question {
  const name = roleName(ctx);
  return {
    id: 'trust-policy',
    kind: 'policy',
    prompt: `Paste the trust policy of ${name}${inAccount(ctx.roleAccount)}.`,
    account: ctx.roleAccount,
    help:
      "In that account's IAM console open the role, tab Trust relationships; or run this with " +
      'credentials of that account (the output can be pasted as it is).',
    commands: [`aws iam get-role --role-name ${name} --query Role.AssumeRolePolicyDocument`],
  };
}

function identityQuestion(ctx: Context): Question {
  const caller = ctx.caller;
  const commands: string[] = [];
  let who = 'the caller';
  if (caller?.kind === 'user') {
    who = `user ${caller.name}`;
    commands.push(
      `aws iam list-attached-user-policies --user-name ${caller.name}`,
      `aws iam list-user-policies --user-name ${caller.name}`,
      `aws iam list-groups-for-user --user-name ${caller.name}`,
      `aws iam get-user-policy --user-name ${caller.name} --policy-name <name>`,
    );
  } else if (caller && (caller.kind === 'role' || caller.kind === 'role-session')) {
    who = `role ${caller.name}`;
    commands.push(
      `aws iam list-attached-role-policies --role-name ${caller.name}`,
      `aws iam list-role-policies --role-name ${caller.name}`,
      `aws iam get-role-policy --role-name ${caller.name} --policy-name <name>`,
    );
  }
  commands.push(
    'aws iam get-policy-version --policy-arn <policy-arn> --version-id <default-version-id>',
  );
  return {
    id: 'identity-policy',
    kind: 'policy',
    prompt:
      `Paste the identity policies of ${who}${inAccount(ctx.callerAccount)} (one document, ` +
      'or a JSON array of several).',
    account: ctx.callerAccount,
    help:
      "In that account's IAM console open the user or role, tab Permissions; managed, inline " +
      'and group policies all count.',
    commands,
  };
}

function mfaQuestion(ctx: Context): Question {
  return {
    id: 'mfa',
    kind: 'yes-no',
    prompt:
      ctx.via === 'console'
        ? 'Did you sign in to the console with MFA?'
        : 'Does the call pass an MFA code (--serial-number and --token-code, or mfa_serial)?',
    account: ctx.callerAccount,
    help: 'The trust or identity policy asks for MFA, so the answer decides this link.',
    commands: [],
  };
}

function externalIdQuestion(ctx: Context): Question {
  return {
    id: 'external-id',
    kind: 'text',
    prompt:
      'Which ExternalId does the call pass (--external-id, external_id)? Leave empty for none.',
    account: ctx.callerAccount,
    help: 'The trust policy asks for an ExternalId, so the value passed decides this link.',
    commands: [],
  };
}

function rolePolicyQuestion(ctx: Context, action: string): Question {
  const name = roleName(ctx);
  return {
    id: 'role-policy',
    kind: 'policy',
    prompt:
      `Paste the permission policies of ${name}${inAccount(ctx.roleAccount)} to check ` +
      `${action} (one document, or a JSON array of several).`,
    account: ctx.roleAccount,
    help: "In that account's IAM console open the role, tab Permissions.",
    commands: [
      `aws iam list-attached-role-policies --role-name ${name}`,
      `aws iam list-role-policies --role-name ${name}`,
      `aws iam get-role-policy --role-name ${name} --policy-name <name>`,
    ],
  };
}

function orgIdQuestion(ctx: Context): Question {
  const account = ctx.callerAccount ? ` ${ctx.callerAccount}` : '';
  return {
    id: 'org-id',
    kind: 'text',
    prompt: `Which AWS organization is the caller's account${account} in? Give its ID (o-...).`,
    account: ctx.callerAccount,
    help:
      'The trust policy admits callers of one organization (aws:PrincipalOrgID), which the ' +
      "caller's ARN does not show. Any account of the organization can read the ID.",
    commands: ['aws organizations describe-organization --query Organization.Id --output text'],
  };
}

export function callerQuestion(): Question {
  return {
    id: 'caller',
    kind: 'text',
    prompt: 'Who assumes the role? Give the ARN of the user or role session.',
    account: null,
    help: 'Run aws sts get-caller-identity with the credentials that make the call.',
    commands: ['aws sts get-caller-identity --query Arn --output text'],
  };
}

// ---------------------------------------------------------------------------------------------
// Checks that cannot be seen from here

export function scpCheck(account: string | null, whose: string): Check {
  return {
    what: `Service control policies of ${whose} organisation${accountNote(account)}`,
    how:
      'From the management account (or a delegated administrator), list the SCPs attached to ' +
      'the account and to each OU above it; an SCP that does not allow the action, or denies ' +
      'it, refuses the call whatever IAM allows.',
    commands: account
      ? [
          `aws organizations list-policies-for-target --target-id ${account} ` +
            '--filter SERVICE_CONTROL_POLICY',
          `aws organizations list-parents --child-id ${account}`,
        ]
      : [],
  };
}

export function rcpCheck(account: string | null): Check {
  return {
    what: `Resource control policies of the role's organisation${accountNote(account)}`,
    how:
      'RCPs apply to STS: one that denies sts:AssumeRole on the role (often to callers outside ' +
      'the organisation) refuses the call though the trust policy allows it.',
    commands: account
      ? [
          `aws organizations list-policies-for-target --target-id ${account} ` +
            '--filter RESOURCE_CONTROL_POLICY',
        ]
      : [],
  };
}

export function boundaryCheck(caller: CallerInfo | null, account: string | null): Check {
  const command =
    caller?.kind === 'user'
      ? `aws iam get-user --user-name ${caller.name} --query User.PermissionsBoundary`
      : caller
        ? `aws iam get-role --role-name ${caller.name} --query Role.PermissionsBoundary`
        : null;
  return {
    what: `A permissions boundary on the caller${inAccount(account)}`,
    how:
      'A boundary caps what the identity policies grant: sts:AssumeRole on the role must be ' +
      'allowed by the boundary too.',
    commands: command ? [command] : [],
  };
}

export function sessionPolicyCheck(caller: CallerInfo | null): Check {
  return {
    what: 'Session policies of the calling session',
    how:
      caller?.kind === 'role-session' || caller?.kind === 'federated-user'
        ? 'A session created with --policy or --policy-arns can do only what those allow as ' +
          'well; find the event that created the session in CloudTrail and read ' +
          'requestParameters.policy and policyArns.'
        : 'Long-term user credentials carry no session policy; nothing to check.',
    commands: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Link 1: the role exists and its ARN is right

export function roleArnLink(ctx: Context): LinkResult {
  const id = 'role-arn';
  if (ctx.switchSucceeded)
    return link(id, 'pass', 'The role exists.', { evidence: [switchEvidence(ctx)] });
  const lookup = (name: string): string[] => [
    `aws iam get-role --role-name ${name} --query Role.Arn --output text`,
    `aws iam list-roles --query "Roles[?RoleName=='${name}'].Arn"`,
  ];
  const arnFix = (summary: string, name: string, steps: string[]): Fix => ({
    account: null,
    side: 'call',
    summary,
    steps,
    commands: lookup(name),
  });
  if (!ctx.role) {
    return link(id, 'fail', 'The role ARN is not right.', {
      evidence: [ctx.roleProblem ?? 'The role ARN could not be read.'],
      fix: arnFix(
        "Use the role's ARN exactly as IAM shows it.",
        ctx.roleArnText.split('/').pop() || 'ROLE',
        [
          "Copy the ARN from the role's summary page in the IAM console, or from the command " +
            'below run in the role account.',
        ],
      ),
    });
  }
  const role = ctx.role;
  if (ctx.caller && ctx.caller.partition !== role.partition.id) {
    return link(id, 'fail', 'The role and the caller are in different partitions.', {
      evidence: [
        `The role is in partition ${role.partition.id}, the caller in ${ctx.caller.partition}; ` +
          'a role can be assumed only from its own partition.',
      ],
      fix: {
        account: null,
        side: 'call',
        summary: `Assume the role with credentials from partition ${role.partition.id}.`,
        steps: [
          `Sign in to an account of ${role.partition.name} and assume the role from there, or ` +
            'correct the partition in the ARN if it is a typo.',
        ],
        commands: [],
      },
    });
  }
  if (ctx.input.roleExists === false) {
    return link(id, 'fail', `There is no role ${role.leaf}${inAccount(role.account)}.`, {
      evidence: [`IAM has no role named ${role.leaf} in account ${role.account}.`],
      fix: arnFix('Create the role, or use the ARN of the role that exists.', role.leaf, [
        `List the roles of account ${role.account} and compare names, path and case.`,
        'If the role was deleted, recreate it with its trust and permission policies.',
      ]),
    });
  }
  const record = ctx.input.roleOnRecord?.arn?.trim();
  if (record) {
    const recordLeaf = record.split('/').pop() ?? '';
    const recordAccount = record.split(':')[4] ?? '';
    const sameRole =
      recordAccount === role.account && recordLeaf.toLowerCase() === role.leaf.toLowerCase();
    if (sameRole && record === role.arn) {
      return link(id, 'pass', `The role exists and the ARN is exact: ${record}.`, {
        evidence: ['IAM shows the role with this very ARN.'],
      });
    }
    if (sameRole) {
      const problems: string[] = [];
      if (recordLeaf !== role.leaf) {
        problems.push(
          `The name differs in case: IAM has ${recordLeaf}, the call uses ${role.leaf}. IAM will ` +
            'not hold two roles whose names differ only in case, but ARNs in policies and the ' +
            "console's switch are compared with case.",
        );
      }
      const recordPath = record.slice(record.indexOf(':role/') + 5, -recordLeaf.length);
      if (recordPath !== role.path) {
        problems.push(
          `The path differs: IAM has ${recordPath}, the call uses ${role.path}. The ARN must ` +
            'carry the role path; without it, it names a role that does not exist.',
        );
      }
      return link(id, 'fail', `The ARN used is not the role's ARN, which is ${record}.`, {
        evidence: problems,
        fix: {
          account: null,
          side: 'call',
          summary: `Use ${record}.`,
          steps: [
            `Replace the ARN in the caller's configuration, its identity policy and any links ` +
              `with ${record}.`,
          ],
          commands: [],
        },
      });
    }
  }
  const pathNote =
    role.path === '/'
      ? 'The ARN has no path; if the role was created with one, the ARN must include it.'
      : `The ARN carries the path ${role.path}.`;
  if (ctx.trustText) {
    return link(id, 'pass', 'The role exists (its trust policy was given).', {
      evidence: [`Make sure the ARN is the one IAM shows: same case, same path. ${pathNote}`],
      toCheck: [
        {
          what: 'The exact ARN',
          how: `Compare with what IAM returns${inAccount(role.account)}.`,
          commands: lookup(role.leaf),
        },
      ],
    });
  }
  return link(id, 'unknown', 'Whether the role exists cannot be seen from here.', {
    evidence: [
      'STS answers AccessDenied both for a role that does not exist and for one that does not ' +
        `trust the caller. ${pathNote}`,
    ],
    question: trustQuestion(ctx),
    toCheck: [
      {
        what: 'That the role exists with this exact ARN',
        how: `Run in account ${role.account}:`,
        commands: lookup(role.leaf),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Link 2: the trust policy admits the caller

/** ExternalId values the trust policy compares against, for trying them out. */
export function policyExternalIds(trustText: string): string[] {
  const ids = new Set<string>();
  try {
    const document = JSON.parse(trustText) as unknown;
    for (const model of modelStatements(document)) {
      for (const condition of model.conditions) {
        if (condition.key.toLowerCase() !== 'sts:externalid') continue;
        for (const value of condition.values) if (typeof value === 'string') ids.add(value);
      }
    }
  } catch {
    // Unreadable text has no values to try.
  }
  return [...ids].slice(0, 4);
}

/**
 * Condition keys on facts about the caller (its organisation, its tags, where it calls from) and
 * the role (its organisation, its tags) that neither ARN shows: unknown unless given, never taken
 * as absent, or a policy that tests them would seem to refuse everyone.
 */
const UNSEEN_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:SourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:VpcSourceIp',
  'aws:ResourceOrgID',
  'aws:ResourceOrgPaths',
];
const UNSEEN_PREFIXES = ['aws:principaltag/', 'aws:resourcetag/'];

function policyConditionKeys(policyText: string): string[] {
  const [document] = readPolicies([policyText], 'trust policy').documents;
  if (!document) return [];
  return modelStatements(document).flatMap((model) =>
    model.conditions.map((condition) => condition.key),
  );
}

/** What is known of the unseen facts: the values given, and null (unknown) for the rest. */
function unseenContext(
  ctx: Context,
  policyText: string | null,
): Record<string, ContextValue | null> {
  const given: Record<string, ContextValue> = { ...(ctx.input.context ?? {}) };
  if (ctx.orgId) given['aws:PrincipalOrgID'] = ctx.orgId;
  const givenKeys = new Set(Object.keys(given).map((key) => key.toLowerCase()));
  const prefixed = (policyText ? policyConditionKeys(policyText) : []).filter((key) =>
    UNSEEN_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix)),
  );
  const context: Record<string, ContextValue | null> = {};
  for (const key of [...UNSEEN_KEYS, ...prefixed]) {
    if (!givenKeys.has(key.toLowerCase())) context[key] = null;
  }
  return { ...context, ...given };
}

/** The unseen keys the policy tests whose values were not given. */
function unseenKeysNeeded(ctx: Context, policyText: string): string[] {
  const context = unseenContext(ctx, policyText);
  const unknown = new Set(
    Object.entries(context)
      .filter(([, value]) => value === null)
      .map(([key]) => key.toLowerCase()),
  );
  const needed = new Map<string, string>();
  for (const key of policyConditionKeys(policyText)) {
    if (unknown.has(key.toLowerCase())) needed.set(key.toLowerCase(), key);
  }
  return [...needed.values()];
}

function trustCallerFor(
  ctx: Context,
  options: {
    console: boolean;
    mfa: boolean | undefined;
    /** Seconds since MFA was used; undefined: not known (age conditions stay undecided). */
    mfaAgeSeconds?: number | undefined;
    externalId: string | undefined;
    /** The policy to be evaluated, for the tag keys it tests. */
    policyText: string | null;
  },
): TrustCaller {
  const caller = ctx.caller;
  const type = options.console
    ? 'console-switch'
    : caller?.kind === 'user'
      ? 'user'
      : 'role-session';
  return {
    principal: caller?.kind === 'role' ? caller.arn : ctx.callerText,
    type,
    context: unseenContext(ctx, options.policyText),
    ...(options.mfa !== undefined ? { mfa: options.mfa } : {}),
    ...(options.mfa && options.mfaAgeSeconds != null
      ? { mfaAgeSeconds: options.mfaAgeSeconds }
      : {}),
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
  };
}

export interface TrustMemo {
  /** The trust evaluated as if MFA and any ExternalId it asks for were supplied. */
  ideal: TrustVerdict | null;
}

/**
 * Evaluates the trust (or another version of it) with MFA and each ExternalId it names
 * supplied; the first verdict that admits, else the first.
 */
export function idealTrust(ctx: Context, trustText = ctx.trustText): TrustVerdict | null {
  if (!trustText || !ctx.role || !ctx.caller) return null;
  const candidates: Array<string | undefined> = [];
  if (ctx.input.externalId) candidates.push(ctx.input.externalId);
  candidates.push(...policyExternalIds(trustText), undefined);
  let first: TrustVerdict | null = null;
  for (const externalId of candidates) {
    const verdict = evaluateTrust(
      trustText,
      ctx.role.arn,
      // The best case the fix can bring about: a fresh MFA code passed with the call itself, so
      // the MFA age is 0. The caller's actual MFA age is judged on the path link, never assumed.
      trustCallerFor(ctx, {
        console: false,
        mfa: true,
        mfaAgeSeconds: 0,
        externalId,
        policyText: trustText,
      }),
      { now: ctx.now },
    );
    first ??= verdict;
    if (verdict.allowed === true) return verdict;
  }
  return first;
}

function trustStatementFor(ctx: Context): object {
  const caller = ctx.caller;
  const principal = caller?.kind === 'user' ? caller.arn : (caller?.roleArn ?? ctx.callerText);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowCaller',
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: ASSUME_ROLE,
      },
    ],
  };
}

/**
 * Says so when the proposed policy adds a statement without a condition that every existing
 * statement for AWS principals imposes (MFA, say): applied as it is, it would weaken the trust.
 */
function weakeningWarnings(ctx: Context, proposed: object): string[] {
  if (!ctx.trustText) return [];
  const [existing] = readPolicies([ctx.trustText], 'trust policy').documents;
  if (!existing) return [];
  return droppedConditions(existing, proposed).map((dropped) => {
    const what = describeConditions(dropped.conditions);
    const statement = `the new statement ${dropped.statementName}`;
    const strengthened = withConditions(proposed, dropped.statementIndex, dropped.conditions);
    const kept = idealTrust(ctx, JSON.stringify(strengthened))?.allowed;
    if (kept === false) {
      return (
        `The existing statements that allow sts:AssumeRole all require ${what}, which this ` +
        `caller does not meet; ${statement} leaves that out, so it admits the caller on easier ` +
        'terms than anyone before. Make sure that is meant.'
      );
    }
    const condition = JSON.stringify({ Condition: conditionElement(dropped.conditions) });
    return (
      `The existing statements that allow sts:AssumeRole all require ${what}; ${statement} ` +
      'does not, so it would let the caller in without it. Keep that condition in the new ' +
      `statement${kept === true ? '' : ' if the caller meets it'}: ${condition.slice(1, -1)}`
    );
  });
}

/**
 * When the trust admits one organisation and the caller is known to be in another, a new
 * statement for the caller keeps the organisation condition with the caller's own organisation
 * rather than dropping it. Null when there is nothing to keep this way.
 */
function keepOrgCondition(
  ctx: Context,
  proposed: object,
): { document: object; policyOrgs: string[] } | null {
  if (!ctx.trustText || !ctx.orgId) return null;
  const [existing] = readPolicies([ctx.trustText], 'trust policy').documents;
  if (!existing) return null;
  for (const dropped of droppedConditions(existing, proposed)) {
    const org = dropped.conditions.find(
      (test) =>
        test.key.toLowerCase() === 'aws:principalorgid' &&
        /^string(equals|like)$/i.test(test.operator),
    );
    if (!org) continue;
    const kept = { ...org, values: [ctx.orgId] };
    return {
      document: withConditions(proposed, dropped.statementIndex, [kept]) as object,
      policyOrgs: org.values,
    };
  }
  return null;
}

/** What meeting one condition asks of the caller, in words. */
function conditionWords(ctx: Context, test: ConditionTest): string {
  const key = test.key.toLowerCase();
  const values = test.values.join(' or ');
  if (key === 'sts:externalid') {
    return ctx.via === 'console'
      ? `pass the ExternalId ${values}, which the console cannot send: assume the role with ` +
          'the CLI or an SDK'
      : `pass the ExternalId ${values} with the call (--external-id, or external_id in the ` +
          'profile)';
  }
  if (key === 'aws:multifactorauthpresent') {
    return ctx.via === 'console'
      ? 'sign in to the console with MFA'
      : 'pass MFA with the call (--serial-number and --token-code, or mfa_serial in the profile)';
  }
  if (key === 'aws:multifactorauthage') return `have used MFA within ${values} seconds`;
  if (key === 'aws:principalorgid') return `be in organization ${values}`;
  return `meet ${test.operator} ${test.key} ${JSON.stringify(test.values)}`;
}

/**
 * The conditions of the proposal's new statement (the last one) that the call, as it is made,
 * does not meet or is not known to meet: the change alone does not admit the caller.
 */
function conditionsLeftToMeet(ctx: Context, proposed: object): string[] {
  if (!ctx.role) return [];
  const statement = statementList(proposed).at(-1);
  if (!statement || typeof statement !== 'object') return [];
  const caller = (policyText: string) =>
    trustCallerFor(ctx, {
      console: ctx.via === 'console',
      mfa: ctx.input.mfa ?? undefined,
      mfaAgeSeconds: ctx.input.mfaAgeSeconds ?? undefined,
      externalId: ctx.input.externalId == null ? undefined : ctx.input.externalId || undefined,
      policyText,
    });
  const unmet: string[] = [];
  for (const test of conditionsOf(statement)) {
    const others = Object.entries(statement).filter(([name]) => name.toLowerCase() !== 'condition');
    const alone = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ ...Object.fromEntries(others), Condition: conditionElement([test]) }],
    });
    const verdict = evaluateTrust(alone, ctx.role.arn, caller(alone), { now: ctx.now });
    if (verdict.allowed !== true) unmet.push(conditionWords(ctx, test));
  }
  return [...new Set(unmet)];
}

function trustFix(ctx: Context, verdict: TrustVerdict | null): Fix {
  const name = roleName(ctx);
  const proposed = verdict?.proposedPolicy ?? null;
  const orgKept = proposed ? keepOrgCondition(ctx, proposed) : null;
  const policy = orgKept?.document ?? proposed;
  const document = policy ?? trustStatementFor(ctx);
  const warnings = weakeningWarnings(ctx, document);
  const diff =
    orgKept && ctx.trustText
      ? lineDiff(
          JSON.stringify(readPolicies([ctx.trustText], 'trust policy').documents[0], null, 2),
          JSON.stringify(orgKept.document, null, 2),
        )
      : (verdict?.proposedDiff ?? null);
  const callerMustAlso = proposed ? conditionsLeftToMeet(ctx, document) : [];
  const steps = [
    `Edit the trust policy of ${name}${inAccount(ctx.roleAccount)} (IAM console: the role, ` +
      'Trust relationships, Edit trust policy), or apply the policy below with the command.',
  ];
  if (orgKept) {
    steps.unshift(
      `The caller's account is in organization ${ctx.orgId}, and the trust policy admits ` +
        `callers of ${orgKept.policyOrgs.join(', ')} (aws:PrincipalOrgID). Either move the ` +
        'account into that organization (then the trust policy needs no change), or name the ' +
        'caller in a statement that keeps a condition on aws:PrincipalOrgID, with its own ' +
        'organization, as below.',
    );
  }
  if (!policy) {
    steps.push(
      'Merge the statement below into the existing policy; a role session is named by its ' +
        "role's ARN, which must include the role's path if it has one.",
    );
  }
  if (ctx.caller?.permissionSet) {
    steps.push(
      'The caller is an IAM Identity Center role, whose name changes when the permission set ' +
        'is reprovisioned; naming its account with a condition on aws:PrincipalArn ' +
        `(arn:${ctx.caller.partition}:iam::${ctx.caller.account}:role/aws-reserved/` +
        `sso.amazonaws.com/*/AWSReservedSSO_${ctx.caller.permissionSet}_*) lasts longer.`,
    );
  }
  return {
    account: ctx.roleAccount,
    side: 'role',
    summary: `Change the trust policy of ${name}${inAccount(ctx.roleAccount)} to admit the caller.`,
    steps,
    commands: [
      `aws iam update-assume-role-policy --role-name ${name} ` +
        '--policy-document file://trust-policy.json',
    ],
    policy: {
      attachTo: `trust policy of ${name}${inAccount(ctx.roleAccount)} (save as trust-policy.json)`,
      document,
    },
    ...(diff ? { diff } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(callerMustAlso.length > 0 ? { callerMustAlso } : {}),
  };
}

function errorPolicyType(ctx: Context): string | null {
  const error = ctx.error;
  if (!error || ctx.switchSucceeded) return null;
  const action = (error.action ?? '').toLowerCase();
  if (action && action !== 'sts:assumerole') return null;
  return error.policyType;
}

function errorWords(ctx: Context): string {
  return `The error says: "${(ctx.error?.excerpt ?? '').slice(0, 400)}"`;
}

export function trustLink(ctx: Context, ideal: TrustVerdict | null): LinkResult {
  const id = 'trust';
  if (ctx.switchSucceeded) {
    return link(id, 'pass', 'The trust policy admitted the caller.', {
      evidence: [switchEvidence(ctx)],
    });
  }
  if (ctx.caller?.kind === 'root' || ctx.error?.kind === 'root-cannot-assume-role') {
    return link(id, 'fail', 'The root user cannot assume roles.', {
      evidence: [
        ctx.error?.kind === 'root-cannot-assume-role'
          ? errorWords(ctx)
          : `The caller ${ctx.callerText} is the root user of its account.`,
      ],
      fix: {
        account: ctx.callerAccount,
        side: 'call',
        summary: 'Assume the role as an IAM user or role, not as the root user.',
        steps: [
          `Sign in${inAccount(ctx.callerAccount)} as an IAM user or through IAM Identity ` +
            'Center, then assume or switch to the role from there.',
        ],
        commands: [],
      },
    });
  }
  const policyType = errorPolicyType(ctx);
  if (!ctx.trustText) {
    if (policyType === 'trust' || policyType === 'resource') {
      return link(id, 'fail', "The error names the role's trust policy.", {
        evidence: [errorWords(ctx)],
        fix: trustFix(ctx, null),
      });
    }
    if (policyType === 'rcp') {
      return link(id, 'fail', "A resource control policy of the role's organisation refuses it.", {
        evidence: [errorWords(ctx)],
        fix: {
          account: ctx.roleAccount,
          side: 'role',
          summary:
            "Change the RCP in the role's organisation (management account) to allow this caller.",
          steps: ['Find the RCP that denies sts:AssumeRole on the role and add an exception.'],
          commands: rcpCheck(ctx.roleAccount).commands,
        },
      });
    }
    const summary = ctx.trustMisplaced
      ? 'The text given as the trust policy is not one.'
      : 'The trust policy was not given.';
    return link(id, 'unknown', summary, {
      evidence: ctx.trustProblem ? [ctx.trustProblem] : [],
      question: trustQuestion(ctx),
      toCheck: [rcpCheck(ctx.roleAccount)],
    });
  }
  if (!ctx.caller || !ctx.role) {
    return link(id, 'unknown', 'The trust policy cannot be evaluated without a caller and role.', {
      evidence: [ctx.callerProblem ?? ctx.roleProblem ?? ''].filter(Boolean),
      ...(ctx.caller ? {} : { question: callerQuestion() }),
    });
  }
  const verdict = ideal;
  if (!verdict || verdict.allowed === null) {
    const needs = verdict ? unseenKeysNeeded(ctx, ctx.trustText) : [];
    const needsOrg = needs.some((key) => key.toLowerCase() === 'aws:principalorgid');
    const summary =
      needs.length > 0
        ? `The trust policy's answer depends on ${needs.join(', ')}, which the caller's ARN ` +
          'does not show.'
        : 'The trust policy does not decide for this caller from here.';
    return link(id, 'unknown', summary, {
      evidence: verdict?.reasons.map((reason) => reason.message) ?? [],
      toCheck: [rcpCheck(ctx.roleAccount)],
      needs,
      ...(needsOrg ? { question: orgIdQuestion(ctx) } : {}),
    });
  }
  const statement =
    verdict.statement === null ? '' : ` (statement ${statementName(verdict.statement)})`;
  if (verdict.allowed === false) {
    return link(id, 'fail', `The trust policy does not name this caller${statement}.`, {
      evidence: verdict.reasons.map((reason) => `[${reason.id}] ${reason.message}`),
      fix: trustFix(ctx, verdict),
    });
  }
  const admitted = verdict.reasons.find((reason) => reason.id === 'CALLER_ADMITTED');
  return link(id, 'pass', `The trust policy admits this caller${statement}.`, {
    evidence: [admitted?.message ?? 'Admitted.'],
    toCheck: [rcpCheck(ctx.roleAccount)],
  });
}

// ---------------------------------------------------------------------------------------------
// Link 3: the caller's own policies

function identityContext(
  ctx: Context,
  mfa: boolean | null | undefined,
): { context: Record<string, ContextValue | null>; absentKeys: string[] } {
  const caller = ctx.caller;
  const context: Record<string, ContextValue | null> = {
    ...unseenContext(ctx, null),
    'aws:PrincipalAccount': caller?.account ?? null,
    'aws:userid': null,
  };
  const absentKeys: string[] = [];
  if (caller?.kind === 'user') {
    context['aws:PrincipalArn'] = caller.arn;
    context['aws:PrincipalType'] = 'User';
    context['aws:username'] = caller.name;
  } else if (caller) {
    // A session ARN hides the role's path; Identity Center roles always have one.
    context['aws:PrincipalArn'] = caller.permissionSet ? null : (caller.roleArn ?? null);
    context['aws:PrincipalType'] = 'AssumedRole';
  }
  const sessionWithoutMfa = caller?.kind !== 'user' && mfa == null;
  if (mfa === true) context['aws:MultiFactorAuthPresent'] = 'true';
  else if (mfa === false || sessionWithoutMfa) {
    // Sessions carry MFA only when it was passed when they were made.
    absentKeys.push('aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge');
  }
  return { context, absentKeys };
}

function describeStatement(
  result: EvaluationResult,
  statement: StatementEvaluation | null,
): string {
  if (!statement) return '';
  const policies = new Set(result.statements.map((item) => item.policyIndex)).size;
  const where = policies > 1 ? `policy ${statement.policyIndex + 1}, ` : '';
  return `${where}statement ${statementName(statementLabel(statement))}`;
}

function assumeRolePolicy(ctx: Context): object {
  const name = roleName(ctx).replace(/[^\w]/g, '');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: `Assume${name}`.slice(0, 100),
        Effect: 'Allow',
        Action: ASSUME_ROLE,
        Resource: ctx.role?.arn ?? ctx.roleArnText,
      },
    ],
  };
}

function callerPolicyFix(ctx: Context, explicit: string | null): Fix {
  const caller = ctx.caller;
  const name = roleName(ctx);
  const policyName = `Assume${name.replace(/[^\w+=,.@-]/g, '')}`.slice(0, 128);
  const steps: string[] = [];
  const commands: string[] = [];
  if (explicit) {
    steps.push(
      `Remove or narrow the Deny at ${explicit} so that it no longer matches sts:AssumeRole ` +
        `on ${ctx.role?.arn ?? ctx.roleArnText}.`,
    );
  }
  if (caller?.permissionSet) {
    steps.push(
      `The caller is the IAM Identity Center permission set ${caller.permissionSet}: IAM ` +
        'changes to its role are undone, so add the statement to the permission set ' +
        '(its inline policy, merged with what is there) from the Identity Center account, then ' +
        'provision it.',
    );
    commands.push(
      'aws sso-admin put-inline-policy-to-permission-set --instance-arn <instance-arn> ' +
        '--permission-set-arn <permission-set-arn> --inline-policy file://assume-role.json',
      'aws sso-admin provision-permission-set --instance-arn <instance-arn> ' +
        '--permission-set-arn <permission-set-arn> --target-type ALL_PROVISIONED_ACCOUNTS',
    );
  } else if (caller?.kind === 'user') {
    steps.push(`Attach the statement below to user ${caller.name} (or one of its groups).`);
    commands.push(
      `aws iam put-user-policy --user-name ${caller.name} --policy-name ${policyName} ` +
        '--policy-document file://assume-role.json',
    );
  } else if (caller) {
    steps.push(`Attach the statement below to role ${caller.name}.`);
    commands.push(
      `aws iam put-role-policy --role-name ${caller.name} --policy-name ${policyName} ` +
        '--policy-document file://assume-role.json',
    );
  }
  return {
    account: ctx.callerAccount,
    side: 'caller',
    summary: explicit
      ? `A Deny in the caller's policies${inAccount(ctx.callerAccount)} refuses sts:AssumeRole.`
      : `Allow sts:AssumeRole on the role in the caller's policies${inAccount(ctx.callerAccount)}.`,
    steps,
    commands,
    ...(explicit
      ? {}
      : {
          policy: {
            attachTo:
              `identity policy of the caller${inAccount(ctx.callerAccount)} ` +
              '(save as assume-role.json)',
            document: assumeRolePolicy(ctx),
          },
        }),
  };
}

export function callerPolicyLink(ctx: Context, ideal: TrustVerdict | null): LinkResult {
  const id = 'caller-policy';
  const toCheck = [
    scpCheck(ctx.callerAccount, "the caller's"),
    boundaryCheck(ctx.caller, ctx.callerAccount),
    sessionPolicyCheck(ctx.caller),
  ];
  if (ctx.switchSucceeded) {
    return link(id, 'pass', "The caller's policies allowed the switch.", {
      evidence: [switchEvidence(ctx)],
    });
  }
  if (ctx.caller?.kind === 'federated-user') {
    return link(id, 'fail', 'GetFederationToken sessions cannot call AssumeRole.', {
      evidence: [
        `${ctx.callerText} is a federated user session; STS refuses AssumeRole from such ` +
          'credentials whatever the policies say.',
      ],
      fix: {
        account: ctx.callerAccount,
        side: 'call',
        summary: 'Assume the role with IAM user credentials or a role session instead.',
        steps: ['Call AssumeRole with the long-term credentials the federation token came from.'],
        commands: [],
      },
      toCheck,
    });
  }
  const policyType = errorPolicyType(ctx);
  const callerSide: Record<string, string> = {
    identity: 'an identity policy of the caller',
    scp: "a service control policy of the caller's organisation",
    boundary: "the caller's permissions boundary",
    session: "the calling session's session policy",
  };
  const errorSide = policyType ? callerSide[policyType] : undefined;
  // The trust evaluator says when the trust names the account (or anyone) rather than the
  // caller, or the caller is elsewhere: then the caller's own allow is needed as well.
  const trustNamesCaller =
    ideal?.allowed === true &&
    !ideal.reasons.some((reason) => reason.id === 'CALLER_IDENTITY_POLICY_REQUIRED');
  const required = ctx.crossAccount || !trustNamesCaller;
  const given = ctx.input.identityPolicies?.filter((text) => text.trim()) ?? [];
  if (given.length > 0 && ctx.identityProblem) {
    return link(id, 'unknown', 'The text given as the identity policy cannot be one.', {
      evidence: [ctx.identityProblem],
      question: identityQuestion(ctx),
      toCheck,
    });
  }
  if (given.length > 0 && ctx.caller) {
    const read = readPolicies(given, 'identity policy');
    if (read.documents.length > 0) {
      const evaluated = evaluateIdentity(ctx, read.documents);
      const where = describeStatement(evaluated.result, evaluated.result.deciding);
      const evidence = [...read.problems];
      if (evaluated.result.decision === 'explicit-deny') {
        evidence.push(`${where} denies sts:AssumeRole on the role.`);
        return link(id, 'fail', `The caller's identity policy denies it (${where}).`, {
          evidence,
          fix: callerPolicyFix(ctx, where),
          toCheck,
        });
      }
      if (evaluated.result.decision === 'allowed') {
        evidence.push(`${where} allows sts:AssumeRole on ${ctx.role?.arn ?? ctx.roleArnText}.`);
        if (errorSide) evidence.push(`${errorWords(ctx)} — so look at ${errorSide}.`);
        if (errorSide && policyType !== 'identity') {
          return link(id, 'fail', `The error names ${errorSide}.`, {
            evidence,
            fix: errorSideFix(ctx, policyType ?? ''),
            toCheck,
          });
        }
        return link(id, 'pass', `The caller's identity policy allows it (${where}).`, {
          evidence,
          toCheck,
        });
      }
      if (evaluated.result.decision === 'undecidable') {
        const keys = evaluated.result.missingKeys;
        const mfaMatters = keys.some((key) => key.toLowerCase().startsWith('aws:multifactor'));
        evidence.push(
          `The answer depends on ${keys.join(', ') || 'request values not known here'}.`,
        );
        return link(id, 'unknown', "The caller's identity policy does not decide from here.", {
          evidence,
          ...(mfaMatters && ctx.input.mfa == null ? { question: mfaQuestion(ctx) } : {}),
          toCheck,
        });
      }
      // Implicit deny: no statement allows it.
      const closest = evaluated.result.deciding;
      const failedKey = evaluated.result.failedCondition?.key;
      const conditionNote = failedKey ? `, whose condition on ${failedKey} does not hold` : '';
      evidence.push(
        closest
          ? `No statement allows sts:AssumeRole on the role; the closest is ${where}` +
              `${conditionNote}.`
          : 'No statement allows sts:AssumeRole on the role.',
      );
      if (!required) {
        evidence.push(
          'The role is in the same account and its trust names this caller, so the trust ' +
            'policy alone allows it.',
        );
        return link(id, 'pass', 'Not needed: the trust policy names the caller in its account.', {
          evidence,
          toCheck,
        });
      }
      return link(
        id,
        'fail',
        "The caller's identity policies do not allow sts:AssumeRole on the role.",
        {
          evidence,
          fix: callerPolicyFix(ctx, null),
          toCheck,
        },
      );
    }
    return link(id, 'unknown', 'The identity policies given could not be read.', {
      evidence: read.problems,
      question: identityQuestion(ctx),
      toCheck,
    });
  }
  if (errorSide) {
    return link(id, 'fail', `The error names ${errorSide}.`, {
      evidence: [errorWords(ctx)],
      fix:
        policyType === 'identity'
          ? callerPolicyFix(ctx, ctx.error?.deny === 'explicit' ? 'the denying statement' : null)
          : errorSideFix(ctx, policyType ?? ''),
      toCheck,
    });
  }
  if (!required) {
    return link(id, 'pass', 'Not needed: the trust policy names the caller in its own account.', {
      evidence: [
        'Within one account a trust policy that names the caller is enough; an explicit Deny in ' +
          "the caller's policies would still refuse it.",
      ],
      toCheck,
    });
  }
  return link(id, 'unknown', "The caller's identity policies were not given.", {
    evidence: [
      ctx.crossAccount
        ? 'The role is in another account, so the caller needs its own allow as well.'
        : 'The trust names the account, not the caller, so the caller needs its own allow.',
    ],
    question: identityQuestion(ctx),
    toCheck,
  });
}

function errorSideFix(ctx: Context, policyType: string): Fix {
  if (policyType === 'scp') {
    return {
      account: ctx.callerAccount,
      side: 'caller',
      summary: "Change the SCP of the caller's organisation that refuses sts:AssumeRole.",
      steps: [
        'From the management account, find the SCP on the account or an OU above it that ' +
          'denies (or does not allow) sts:AssumeRole on the role, and add an exception.',
      ],
      commands: scpCheck(ctx.callerAccount, "the caller's").commands,
    };
  }
  if (policyType === 'boundary') {
    return {
      account: ctx.callerAccount,
      side: 'caller',
      summary: "Allow sts:AssumeRole on the role in the caller's permissions boundary.",
      steps: ['Add the statement below to the boundary policy (a new version of it).'],
      commands: boundaryCheck(ctx.caller, ctx.callerAccount).commands,
      policy: { attachTo: "the caller's permissions boundary", document: assumeRolePolicy(ctx) },
    };
  }
  return {
    account: ctx.callerAccount,
    side: 'call',
    summary: 'Make the calling session without a session policy that leaves out sts:AssumeRole.',
    steps: ['Recreate the session with a session policy that includes sts:AssumeRole, or none.'],
    commands: [],
  };
}

function evaluateIdentity(ctx: Context, documents: PolicyDocument[]): { result: EvaluationResult } {
  const { context, absentKeys } = identityContext(ctx, ctx.input.mfa);
  const result = evaluatePolicies(documents, {
    principal: {
      kind: 'aws',
      id: ctx.caller?.arn ?? ctx.callerText,
      ...(ctx.caller?.roleArn ? { roleArn: ctx.caller.roleArn } : {}),
    },
    action: ASSUME_ROLE,
    resource: ctx.role?.arn ?? ctx.roleArnText,
    context,
    absentKeys,
    missingKeys: 'unknown',
    policyType: 'identity',
    now: ctx.now,
  });
  return { result };
}

// ---------------------------------------------------------------------------------------------
// Link 4: MFA and ExternalId by the path used

export function pathLink(ctx: Context, ideal: TrustVerdict | null): LinkResult {
  const id = 'path';
  if (ctx.switchSucceeded)
    return link(id, 'pass', 'The path used worked.', { evidence: [switchEvidence(ctx)] });
  if (ctx.error?.kind === 'mfa-failed') {
    return link(id, 'fail', 'STS rejected the MFA code or device.', {
      evidence: [errorWords(ctx)],
      fix: {
        account: ctx.callerAccount,
        side: 'call',
        summary: 'Pass a fresh code from the MFA device registered to the calling user.',
        steps: [
          'Use a code that has not been used yet (wait for the next one).',
          "The serial number is the ARN of the user's own MFA device; list it with the command.",
        ],
        commands:
          ctx.caller?.kind === 'user'
            ? [`aws iam list-mfa-devices --user-name ${ctx.caller.name}`]
            : [],
      },
    });
  }
  if (ctx.via === 'console' && ctx.role) {
    const tooLong = switchNameLengthProblem(ctx.role.roleName);
    if (tooLong) {
      return link(id, 'fail', 'The console cannot switch to a role with so long a path and name.', {
        evidence: [tooLong],
        fix: {
          account: null,
          side: 'call',
          summary: 'Assume the role with the CLI or an SDK instead of the console.',
          steps: ['Use the CLI, or a role with a shorter path and name for console use.'],
          commands: [cliAssumeCommand(ctx, {})],
        },
      });
    }
  }
  if (!ctx.trustText || !ctx.caller || !ctx.role) {
    return link(
      id,
      'unknown',
      'Needs the trust policy to see whether it asks for MFA or an ExternalId.',
      {
        ...(ctx.trustText ? {} : { question: trustQuestion(ctx) }),
      },
    );
  }
  if (ideal?.allowed !== true) {
    return link(id, 'unknown', 'Depends on which trust statement will admit the caller.');
  }
  const consolePath = ctx.via === 'console';
  const mfaOptions = ctx.input.mfa != null ? [ctx.input.mfa] : [true, false];
  const externalIds: Array<string | undefined> = consolePath
    ? [undefined]
    : ctx.input.externalId != null
      ? [ctx.input.externalId || undefined]
      : [undefined, ...policyExternalIds(ctx.trustText)];
  const verdicts = mfaOptions.flatMap((mfa) =>
    externalIds.map((externalId) => ({
      mfa,
      externalId,
      verdict: evaluateTrust(
        ctx.trustText as string,
        ctx.role?.arn as string,
        trustCallerFor(ctx, {
          console: consolePath,
          mfa,
          mfaAgeSeconds: ctx.input.mfaAgeSeconds ?? undefined,
          externalId,
          policyText: ctx.trustText,
        }),
        { now: ctx.now },
      ),
    })),
  );
  const answers = new Set(verdicts.map((item) => String(item.verdict.allowed)));
  if (answers.size > 1) {
    const byMfa = new Set(
      verdicts
        .filter((item) => item.externalId === externalIds[0])
        .map((item) => String(item.verdict.allowed)),
    );
    const question =
      byMfa.size > 1 && ctx.input.mfa == null ? mfaQuestion(ctx) : externalIdQuestion(ctx);
    return link(
      id,
      'unknown',
      'The trust policy asks for MFA or an ExternalId; which is passed decides.',
      {
        question,
      },
    );
  }
  const [first] = verdicts;
  const verdict = first?.verdict;
  if (!verdict || verdict.allowed === null) {
    return link(id, 'unknown', 'The trust policy does not decide for this path from here.', {
      evidence: verdict?.reasons.map((reason) => reason.message) ?? [],
    });
  }
  const pathWord = consolePath ? 'a console switch' : 'the CLI call';
  if (verdict.allowed) {
    return link(id, 'pass', `Everything the trust policy asks for is supplied by ${pathWord}.`, {
      evidence: [
        ...(ctx.input.mfa ? ['MFA is passed.'] : []),
        ...(first?.externalId ? ['The ExternalId passed matches.'] : []),
      ],
    });
  }
  const reasons = verdict.reasons.filter((reason) => reason.id !== 'JSON_SYNTAX_ERROR');
  return link(id, 'fail', `The trust policy asks for something ${pathWord} does not supply.`, {
    evidence: reasons.map((reason) => `[${reason.id}] ${reason.message}`),
    fix: pathFix(
      ctx,
      reasons.map((reason) => reason.id),
    ),
  });
}

function cliAssumeCommand(ctx: Context, options: { mfa?: boolean; externalId?: string }): string {
  const caller = ctx.caller;
  const session = (caller?.sessionName ?? caller?.name ?? 'diagnose').replace(/[^\w+=,.@-]/g, '');
  let command =
    `aws sts assume-role --role-arn ${ctx.role?.arn ?? ctx.roleArnText} ` +
    `--role-session-name ${session.slice(0, 64) || 'diagnose'}`;
  if (options.mfa) {
    const serial =
      caller?.kind === 'user'
        ? `arn:${caller.partition}:iam::${caller.account}:mfa/${caller.name}`
        : '<mfa-device-arn>';
    command += ` --serial-number ${serial} --token-code <6-digit-code>`;
  }
  if (options.externalId !== undefined) command += ` --external-id ${options.externalId}`;
  return command;
}

function pathFix(ctx: Context, reasonIds: string[]): Fix {
  const ids = new Set(reasonIds);
  const externalIds = ctx.trustText ? policyExternalIds(ctx.trustText) : [];
  const externalId = externalIds[0] ?? '<external-id>';
  if (ids.has('EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH')) {
    return {
      account: null,
      side: 'call',
      summary: 'The console cannot send an ExternalId: assume the role with the CLI or an SDK.',
      steps: [
        'Call AssumeRole with the ExternalId from the CLI (or an SDK); turn the credentials ' +
          'into a console session with role-doctor console-url if you need the console.',
        'Only for people of your own organisation: the owner of the role' +
          `${inAccount(ctx.roleAccount)} ` +
          'could add a statement without ExternalId naming them; keep the ExternalId for third ' +
          'parties, where it guards against the confused deputy.',
      ],
      commands: [cliAssumeCommand(ctx, { externalId })],
    };
  }
  if (ids.has('EXTERNAL_ID_MISSING_OR_MISMATCH')) {
    return {
      account: null,
      side: 'call',
      summary: 'Pass the ExternalId the trust policy expects.',
      steps: ['Add --external-id to the call, or external_id to the profile in ~/.aws/config.'],
      commands: [cliAssumeCommand(ctx, { externalId })],
    };
  }
  const steps: string[] = [];
  const commands: string[] = [];
  if (ctx.caller?.kind === 'user') {
    if (ctx.via === 'console') {
      steps.push('Sign in to the console with your MFA device, then switch role again.');
    } else {
      steps.push(
        'Pass the MFA device and a current code with the call, or set mfa_serial in the ' +
          'profile so the CLI asks for the code.',
      );
      commands.push(cliAssumeCommand(ctx, { mfa: true }));
    }
  } else {
    steps.push(
      'A role session carries MFA only if MFA was passed when it was made; Identity Center, ' +
        'SAML and chained sessions carry none. Assume the role as an IAM user with MFA, or ask ' +
        `the owner of the role${inAccount(ctx.roleAccount)} to trust this role without the MFA ` +
        'condition (weigh what the MFA condition protects first).',
    );
  }
  return {
    account: ctx.caller?.kind === 'user' ? null : ctx.roleAccount,
    side: ctx.caller?.kind === 'user' ? 'call' : 'role',
    summary: 'The trust policy requires MFA, which this call does not carry.',
    steps,
    commands,
  };
}

// ---------------------------------------------------------------------------------------------
// Link 5: session duration and role chaining

export function sessionLink(ctx: Context): LinkResult {
  const id = 'session';
  const chained = ctx.caller?.kind === 'role-session' || ctx.caller?.kind === 'role';
  const name = roleName(ctx);
  const updateCommand = `aws iam update-role --role-name ${name} --max-session-duration 43200`;
  if (ctx.switchSucceeded)
    return link(id, 'pass', 'The session was created.', { evidence: [switchEvidence(ctx)] });
  if (ctx.error?.kind === 'duration-exceeds-max-session') {
    return link(id, 'fail', "The duration asked for is longer than the role's maximum.", {
      evidence: [errorWords(ctx)],
      fix: {
        account: ctx.roleAccount,
        side: 'role',
        summary:
          `Ask for a shorter session (--duration-seconds), or raise the role's maximum` +
          `${inAccount(ctx.roleAccount)}.`,
        steps: [
          'Lower duration_seconds in the profile or --duration-seconds in the call, or raise ' +
            "the role's maximum session duration (up to 12 hours).",
        ],
        commands: [
          `aws iam get-role --role-name ${name} --query Role.MaxSessionDuration`,
          updateCommand,
        ],
      },
    });
  }
  if (ctx.error?.kind === 'role-chaining-limit') {
    return link(id, 'fail', 'Role chaining limits the session to one hour.', {
      evidence: [errorWords(ctx)],
      fix: chainingFix(ctx),
    });
  }
  const duration = ctx.input.durationSeconds;
  if (duration != null) {
    if (duration < MIN_DURATION || duration > MAX_DURATION) {
      return link(id, 'fail', `A session of ${duration} seconds cannot be asked for.`, {
        evidence: ['STS accepts 900 to 43200 seconds (15 minutes to 12 hours).'],
        fix: {
          account: null,
          side: 'call',
          summary: 'Ask for 900 to 43200 seconds.',
          steps: ['Change --duration-seconds or duration_seconds.'],
          commands: [],
        },
      });
    }
    if (chained && duration > CHAINED_SESSION_LIMIT) {
      return link(id, 'fail', 'Role chaining limits the session to one hour.', {
        evidence: [
          `The caller is a role session, so this is role chaining, and ${duration} seconds is ` +
            'more than the 3600 it allows.',
        ],
        fix: chainingFix(ctx),
      });
    }
    const max = ctx.input.maxSessionDurationSeconds;
    if (max != null && duration > max) {
      return link(id, 'fail', "The duration asked for is longer than the role's maximum.", {
        evidence: [`${duration} seconds asked for; the role allows ${max}.`],
        fix: {
          account: ctx.roleAccount,
          side: 'role',
          summary: `Ask for at most ${max} seconds, or raise the role's maximum.`,
          steps: ["Raise the role's maximum session duration, or ask for less."],
          commands: [updateCommand],
        },
      });
    }
  }
  const evidence: string[] = [];
  if (ctx.via === 'console') {
    evidence.push(
      'A console switch gives a one-hour session and needs no duration; with credentials from ' +
        'the CLI, the console needs a federation sign-in link instead (role-doctor console-url), ' +
        'which for a chained session also lasts at most one hour.',
    );
  } else {
    evidence.push(
      duration != null
        ? `${duration} seconds is within what STS allows${chained ? ' for role chaining' : ''}.`
        : 'No duration was given; the default session lasts one hour.',
    );
  }
  if (chained) {
    evidence.push('The caller is a role session: this is role chaining, limited to one hour.');
  }
  return link(id, 'pass', 'No session limit stands in the way.', { evidence });
}

function chainingFix(ctx: Context): Fix {
  return {
    account: null,
    side: 'call',
    summary: 'Ask for at most 3600 seconds, or assume the role from non-role credentials.',
    steps: [
      'Set --duration-seconds 3600 (or less), or assume the role directly with IAM user or ' +
        'Identity Center credentials so that it is not chaining.',
    ],
    commands: [`${cliAssumeCommand(ctx, {})} --duration-seconds 3600`],
  };
}

// ---------------------------------------------------------------------------------------------
// Link 6: the role's own permissions after the switch

export function afterSwitchLink(ctx: Context): LinkResult {
  const id = 'after-switch';
  const failed = ctx.input.failedAction;
  const name = roleName(ctx);
  if (!failed?.action) {
    return link(id, 'not-applicable', 'No action that failed after the switch was given.', {
      evidence: [
        'Once switched, check who you are with aws sts get-caller-identity, then try the call.',
      ],
    });
  }
  const action = failed.action;
  const resource = failed.resource ?? null;
  const toCheck = [
    scpCheck(ctx.roleAccount, "the role's"),
    {
      what: `A permissions boundary on ${name}`,
      how: "A boundary caps what the role's policies grant.",
      commands: [`aws iam get-role --role-name ${name} --query Role.PermissionsBoundary`],
    },
    {
      what: 'The resource policy, when the resource has one',
      how: 'A resource policy (bucket, key, queue) can deny the role even when its own allow.',
      commands: [],
    },
  ];
  const policyType = ctx.switchSucceeded ? ctx.error?.policyType : null;
  const fixAdd: Fix = {
    account: ctx.roleAccount,
    side: 'role',
    summary: `Allow ${action} in the permission policies of ${name}${inAccount(ctx.roleAccount)}.`,
    steps: [`Add the statement below to ${name}, then test with the role's credentials.`],
    commands: [
      `aws iam put-role-policy --role-name ${name} ` +
        `--policy-name Allow${action.replace(/[^\w]/g, '')} ` +
        '--policy-document file://permissions.json',
    ],
    policy: {
      attachTo:
        `permission policy of ${name}${inAccount(ctx.roleAccount)} ` + '(save as permissions.json)',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: action, Resource: resource ?? '*' }],
      },
    },
  };
  if (policyType && policyType !== 'identity') {
    return link(
      id,
      'fail',
      `The error names a ${policyType} policy, not the role's own policies.`,
      {
        evidence: [errorWords(ctx)],
        fix: {
          account: policyType === 'resource' ? null : ctx.roleAccount,
          side: 'role',
          summary:
            policyType === 'scp'
              ? "Change the SCP of the role's organisation that refuses the action."
              : policyType === 'resource'
                ? "Allow the role in the resource's policy."
                : `Change the ${policyType} policy that refuses the action.`,
          steps: ['See what to check below.'],
          commands: [],
        },
        toCheck,
      },
    );
  }
  const given = ctx.input.rolePolicies?.filter((text) => text.trim()) ?? [];
  if (given.length > 0 && ctx.rolePolicyProblem) {
    return link(id, 'unknown', "The text given as the role's permission policy cannot be one.", {
      evidence: [ctx.rolePolicyProblem],
      question: rolePolicyQuestion(ctx, action),
      toCheck,
    });
  }
  if (given.length > 0) {
    const read = readPolicies(given, 'role permission policy');
    if (read.documents.length > 0) {
      const result = evaluatePolicies(read.documents, {
        principal: {
          kind: 'aws',
          id:
            `arn:${ctx.partition?.id ?? 'aws'}:sts::${ctx.roleAccount ?? ''}:` +
            `assumed-role/${name}/session`,
          ...(ctx.role ? { roleArn: ctx.role.arn } : {}),
        },
        action,
        ...(resource ? { resource } : {}),
        context: {
          'aws:PrincipalArn': ctx.role?.arn ?? null,
          'aws:PrincipalAccount': ctx.roleAccount,
          'aws:SourceIp': null,
        },
        missingKeys: 'unknown',
        policyType: 'identity',
        now: ctx.now,
      });
      const where = describeStatement(result, result.deciding);
      if (result.decision === 'allowed') {
        return link(id, 'unknown', `The role's policies allow ${action} (${where}).`, {
          evidence: [
            ...read.problems,
            'If it still fails, a policy not visible here refuses it: see what to check.',
          ],
          toCheck,
        });
      }
      if (result.decision === 'explicit-deny') {
        return link(id, 'fail', `The role's policies deny ${action} (${where}).`, {
          evidence: read.problems,
          fix: {
            ...fixAdd,
            summary: `Remove or narrow the Deny at ${where}.`,
            steps: [],
            policy: undefined,
          } as Fix,
          toCheck,
        });
      }
      if (result.decision === 'undecidable') {
        return link(id, 'unknown', `Whether the role may ${action} depends on request values.`, {
          evidence: [`Needs: ${result.missingKeys.join(', ')}`],
          toCheck,
        });
      }
      return link(id, 'fail', `No statement of the role's policies allows ${action}.`, {
        evidence: [...read.problems, `Resource: ${resource ?? 'any'}`],
        fix: fixAdd,
        toCheck,
      });
    }
  }
  if (ctx.switchSucceeded && ctx.error?.policyType === 'identity') {
    return link(id, 'fail', `The role's permission policies do not allow ${action}.`, {
      evidence: [errorWords(ctx)],
      fix: fixAdd,
      toCheck,
    });
  }
  return link(id, 'unknown', `Whether the role may ${action} needs its permission policies.`, {
    evidence: ctx.switchSucceeded ? [errorWords(ctx)] : [],
    question: rolePolicyQuestion(ctx, action),
    toCheck,
  });
}
