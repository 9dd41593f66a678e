// The shapes of a diagnosis: what goes in, each link of the chain, and what comes out.

import type { ParsedAccessError } from '../access/kinds.js';
import type { ContextValue } from '../policy/engine.js';

/** The links of a role assumption, in the order they are walked. */
export const LINK_IDS = [
  'role-arn',
  'trust',
  'caller-policy',
  'path',
  'session',
  'after-switch',
] as const;
export type LinkId = (typeof LINK_IDS)[number];

export const LINK_TITLES: Record<LinkId, string> = {
  'role-arn': 'The role exists and its ARN is right',
  trust: "The role's trust policy admits the caller",
  'caller-policy': "The caller's own policies allow sts:AssumeRole on the role",
  path: 'MFA and ExternalId can be supplied by the path used (console or CLI)',
  session: 'Session duration and role chaining',
  'after-switch': "After the switch, the role's permissions allow the action",
};

/**
 * pass: shown to hold; fail: shown to break; unknown: cannot be told from what was given;
 * not-reached: after the first failure; not-applicable: nothing to check (no failed action).
 */
export type LinkStatus = 'pass' | 'fail' | 'unknown' | 'not-reached' | 'not-applicable';

export type Via = 'console' | 'cli';

export type QuestionId =
  | 'trust-policy'
  | 'identity-policy'
  | 'mfa'
  | 'external-id'
  | 'role-policy'
  | 'caller'
  | 'org-id';

export interface Question {
  id: QuestionId;
  /** policy: JSON policy text (one document or an array of them); yes-no; text: one value. */
  kind: 'policy' | 'yes-no' | 'text';
  prompt: string;
  /** The account whose data is asked for, when it is one account's. */
  account: string | null;
  /** Where to find the answer. */
  help: string;
  commands: string[];
}

/** Something that cannot be seen from here, and how to look at it. */
export interface Check {
  what: string;
  how: string;
  commands: string[];
}

export interface Fix {
  /** The account where the change is made; null when the change is not in an account. */
  account: string | null;
  /** Whose side changes: the role's account, the caller's account, or how the call is made. */
  side: 'role' | 'caller' | 'call';
  summary: string;
  steps: string[];
  commands: string[];
  /** Policy text to apply, with where it goes. */
  policy?: { attachTo: string; document: object };
  /** Line diff from the current policy to the proposed one. */
  diff?: string;
  /** What applying the fix as it stands would weaken, and how to avoid it. */
  warnings?: string[];
  /**
   * What the caller must do as well, because the change keeps conditions (an ExternalId, MFA,
   * an organisation) the call does not meet yet: the change alone does not admit it.
   */
  callerMustAlso?: string[];
}

export interface LinkResult {
  id: LinkId;
  title: string;
  status: LinkStatus;
  summary: string;
  /** What the status rests on: policy statements, the error's words, the page. */
  evidence: string[];
  fix?: Fix;
  question?: Question;
  /** What this link depends on that cannot be seen here. */
  toCheck: Check[];
  /** Condition keys whose values decide this link and are not known here. */
  needs?: string[];
}

export interface CloudTrailAccountGuide {
  account: string;
  side: 'caller' | 'role';
  region: string;
  links: Array<{ label: string; url: string }>;
  commands: string[];
}

export interface CloudTrailGuide {
  eventNames: string[];
  accounts: CloudTrailAccountGuide[];
  /** Plain words: where the events are, how long they stay, how to find errorCode. */
  notes: string[];
  /** What to turn on when CloudTrail keeps nothing useful. */
  ifNotEnabled: { text: string; commands: string[] };
}

export interface DiagnoseInput {
  /** The role to assume, as the caller uses it. */
  roleArn?: string | null;
  /** Who assumes it: user, role session or role ARN. */
  caller?: string | null;
  /** How the role is assumed (default: cli). */
  via?: Via | null;
  trustPolicy?: string | null;
  identityPolicies?: readonly string[] | null;
  /** Whether the call carries MFA; null or undefined: not known. */
  mfa?: boolean | null;
  /**
   * Seconds since MFA was used, when `mfa` is true. Not given: unknown, and a trust condition on
   * aws:MultiFactorAuthAge is left undecided rather than guessed (as the trust check does).
   */
  mfaAgeSeconds?: number | null;
  /** The ExternalId passed; "" when none is passed; null or undefined: not known. */
  externalId?: string | null;
  /** The caller's organisation ID (aws:PrincipalOrgID); null or undefined: not known. */
  orgId?: string | null;
  /**
   * Other request context values, by condition key (aws:SourceIp, aws:PrincipalTag/team...).
   * Facts about the caller that cannot be seen from its ARN stay unknown unless given here.
   */
  context?: Readonly<Record<string, ContextValue>> | null;
  /** The role as IAM itself shows it (a role page): proves it exists and gives its exact ARN. */
  roleOnRecord?: { arn: string } | null;
  /** Whether the role is known to exist (false: IAM says it does not). */
  roleExists?: boolean | null;
  durationSeconds?: number | null;
  maxSessionDurationSeconds?: number | null;
  /** The action that failed after the switch, when one did. */
  failedAction?: { action: string; resource?: string | null } | null;
  /** The role's permission policies (for the action after the switch). */
  rolePolicies?: readonly string[] | null;
  /** The error the user met, parsed. */
  error?: ParsedAccessError | null;
  /** Region for CloudTrail links (default: the partition's home Region). */
  region?: string | null;
  now?: Date;
}

export type Outcome = 'fail' | 'needs-input' | 'pass';

export interface Diagnosis {
  outcome: Outcome;
  roleArn: string;
  caller: string;
  via: Via;
  roleAccount: string | null;
  callerAccount: string | null;
  partition: string | null;
  crossAccount: boolean;
  links: LinkResult[];
  firstFailure: LinkResult | null;
  /** Every open question, in the order of the links; ask the first. */
  questions: Question[];
  /** What no link can see (SCPs, RCPs, boundaries, session policies) and how to check each. */
  invisible: Check[];
  cloudTrail: CloudTrailGuide | null;
  /** Input that could not be used, in words. */
  problems: string[];
}
