// What the trust view computes from the page's role, the signed-in identity and the caller form.
// Kept free of the DOM so it can be tested on its own.

import type { SessionData } from '../../core/extension/messages.js';
import { parseArn } from '../../core/policy/engine.js';
import {
  checkTrustPolicy,
  evaluateTrust,
  type Severity,
  type TrustCaller,
  type TrustCallerKind,
  type TrustCheckResult,
  type TrustFinding,
  type TrustVerdict,
} from '../../core/trust/index.js';

export const CALLER_KINDS: ReadonlyArray<{ kind: TrustCallerKind; label: string }> = [
  { kind: 'console-switch', label: 'Switch role in the console' },
  { kind: 'role-session', label: 'Role session (AssumeRole from the API or CLI)' },
  { kind: 'user', label: 'IAM user (AssumeRole from the API or CLI)' },
  { kind: 'saml', label: 'SAML federation (AssumeRoleWithSAML)' },
  { kind: 'web-identity', label: 'Web identity / OIDC (AssumeRoleWithWebIdentity)' },
  { kind: 'service', label: 'AWS service' },
];

export type MfaChoice = 'unknown' | 'yes' | 'no';

export interface CallerForm {
  /** Caller ARN, provider ARN or domain, or service principal. */
  principal: string;
  kind: TrustCallerKind;
  mfa: MfaChoice;
  /** Seconds since the MFA sign-in, as typed. */
  mfaAge: string;
  externalId: string;
  /** Extra condition keys, one KEY=VALUE a line; a repeated key is multi-valued. */
  context: string;
}

export function defaultCallerForm(session: SessionData | null): CallerForm {
  return {
    principal: session?.sessionARN ?? '',
    kind: 'console-switch',
    mfa: 'unknown',
    mfaAge: '',
    externalId: '',
    context: '',
  };
}

const MAX_CONTEXT_LINES = 200;

/** Reads KEY=VALUE lines. Blank lines and lines starting with # are skipped. */
export function parseContextLines(text: string): {
  context: Record<string, string | string[]>;
  problems: string[];
} {
  const context: Record<string, string | string[]> = {};
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines.length > MAX_CONTEXT_LINES) {
    problems.push(`Give at most ${MAX_CONTEXT_LINES} context lines.`);
    return { context, problems };
  }
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    const key = equals > 0 ? line.slice(0, equals).trim() : '';
    if (!key) {
      problems.push(
        `Context line ${index + 1} ("${line.slice(0, 40)}") is not KEY=VALUE, e.g. ` +
          'aws:SourceIp=203.0.113.5.',
      );
      return;
    }
    const value = line.slice(equals + 1).trim();
    const known = context[key];
    if (known === undefined) context[key] = value;
    else context[key] = Array.isArray(known) ? [...known, value] : [known, value];
  });
  return { context, problems };
}

/** The evaluator's caller from the form, or the problems that stop it from being built. */
export function callerFromForm(form: CallerForm): { caller?: TrustCaller; problems: string[] } {
  const problems: string[] = [];
  const principal = form.principal.trim();
  if (!principal) {
    problems.push(
      form.kind === 'service'
        ? 'Enter the service principal, e.g. ec2.amazonaws.com.'
        : 'Enter the caller: an ARN such as arn:aws:sts::111122223333:assumed-role/Dev/alice.',
    );
  }
  let mfaAgeSeconds: number | undefined;
  const age = form.mfaAge.trim();
  if (age) {
    if (/^\d{1,9}$/.test(age)) mfaAgeSeconds = Number(age);
    else problems.push('MFA age is a whole number of seconds, e.g. 300.');
  }
  const { context, problems: contextProblems } = parseContextLines(form.context);
  problems.push(...contextProblems);
  if (problems.length > 0) return { problems };
  const caller: TrustCaller = { principal, type: form.kind };
  if (form.mfa !== 'unknown') caller.mfa = form.mfa === 'yes';
  if (mfaAgeSeconds !== undefined) caller.mfaAgeSeconds = mfaAgeSeconds;
  const externalId = form.externalId.trim();
  if (externalId) caller.externalId = externalId;
  if (Object.keys(context).length > 0) caller.context = context;
  return { caller, problems };
}

const ROLE_ARN = /^arn:aws(?:-[a-z]{1,20}){0,3}:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export function isRoleArn(text: string): boolean {
  return ROLE_ARN.test(text.trim());
}

/**
 * The role ARN to evaluate against: the one shown on the page, else one built from the role name
 * and the signed-in account (without the role's path, which the page URL does not carry).
 */
export function prefilledRoleArn(
  role: { name: string; arn?: string | null | undefined } | null,
  session: SessionData | null,
): { arn: string; builtFromName: boolean } | null {
  if (role?.arn && isRoleArn(role.arn)) return { arn: role.arn, builtFromName: false };
  const partition = session?.sessionARN ? parseArn(session.sessionARN)?.partition : undefined;
  const account = session?.accountId;
  if (role && partition && account && /^\d{12}$/.test(account)) {
    return { arn: `arn:${partition}:iam::${account}:role/${role.name}`, builtFromName: true };
  }
  return null;
}

export interface TrustAnalysis {
  check: TrustCheckResult;
  /** Null when no valid caller or role ARN was given. */
  verdict: TrustVerdict | null;
  /** 1-based line of the deciding statement in the text, when it can be found. */
  decidingLine: number | undefined;
}

export function analyse(
  text: string,
  roleArn: string | null,
  caller: TrustCaller | undefined,
): TrustAnalysis {
  const check = checkTrustPolicy(text, roleArn ? { roleArn } : {});
  const verdict = roleArn && caller ? evaluateTrust(text, roleArn, caller) : null;
  const decidingLine =
    verdict && verdict.statement !== null ? statementLine(check, verdict.statement) : undefined;
  return { check, verdict, decidingLine };
}

/** Line where the statement with this Sid (or index) starts. */
export function statementLine(check: TrustCheckResult, label: string | number): number | undefined {
  const document = check.document as Record<string, unknown> | undefined;
  if (!document || typeof document !== 'object') return undefined;
  const key = Object.keys(document).find((name) => name.toLowerCase() === 'statement');
  if (!key) return undefined;
  const statements = document[key];
  if (!Array.isArray(statements)) {
    return label === 0 || (isRecord(statements) && statements.Sid === label)
      ? check.source.positionOf([key])?.line
      : undefined;
  }
  const index =
    typeof label === 'number'
      ? label
      : statements.findIndex((statement) => isRecord(statement) && statement.Sid === label);
  if (index < 0 || index >= statements.length) return undefined;
  return check.source.positionOf([key, index])?.line;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

export const SEVERITY_ORDER: readonly Severity[] = [
  'ERROR',
  'DENY',
  'SECURITY',
  'WARNING',
  'SUGGESTION',
];

/** Findings sorted most severe first, then by position. */
export function sortFindings(findings: readonly TrustFinding[]): TrustFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

/** The most severe finding's severity on each line. */
export function worstSeverityByLine(findings: readonly TrustFinding[]): Map<number, Severity> {
  const worst = new Map<number, Severity>();
  for (const finding of findings) {
    const known = worst.get(finding.line);
    if (!known || SEVERITY_ORDER.indexOf(finding.severity) < SEVERITY_ORDER.indexOf(known)) {
      worst.set(finding.line, finding.severity);
    }
  }
  return worst;
}

/** The diff's lines with their kind, for colouring. */
export function diffLines(
  diff: string,
): Array<{ kind: 'same' | 'added' | 'removed'; text: string; at: number }> {
  return diff.split('\n').map((line, at) => {
    if (line.startsWith('+ ')) return { kind: 'added', text: line, at };
    if (line.startsWith('- ')) return { kind: 'removed', text: line, at };
    return { kind: 'same', text: line, at };
  });
}
