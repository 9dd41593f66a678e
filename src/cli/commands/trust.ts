import { parseArgs } from 'node:util';
import type { PolicyTextForm } from '../../core/policy/source.js';
import { parseRoleArn } from '../../core/switch/names.js';
import {
  type ContextValue,
  checkTrustPolicy,
  evaluateTrust,
  roleArnOfGetRole,
  type Severity,
  statementName,
  type TrustCaller,
  type TrustFinding,
  type TrustVerdict,
} from '../../core/trust/index.js';
import { type CliIo, type Command, EXIT_USAGE } from '../io.js';

const USAGE = `Usage: role-doctor trust POLICY_FILE [options]

Checks a role trust policy and, given a caller, says whether it can assume the role.
POLICY_FILE may be "-" to read standard input. It holds the policy document, the output of
aws iam get-role (the document is taken from Role.AssumeRolePolicyDocument), or the document
URL-encoded as IAM APIs return it.

Options:
  --role ARN                 ARN of the role the policy belongs to (needed with a caller),
                             arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME; taken from Role.Arn
                             when POLICY_FILE is aws iam get-role output
  --caller ARN_OR_SERVICE    caller ARN, identity provider ARN, or service principal
  --caller-type TYPE         user | role-session | console-switch | saml | web-identity | service
  --action ACTION            STS operation (default from the caller type, e.g. sts:AssumeRole)
  --mfa                      the call carries MFA (without --mfa-age its age is unknown, so a
                             condition on aws:MultiFactorAuthAge is left undecided)
  --mfa-age S                seconds since MFA was used (implies --mfa)
  --external-id X            ExternalId passed by the caller
  --context KEY=VALUE        request context key (repeat; a repeated key is multi-valued)
  --caller-json FILE         caller as JSON: {"principal", "type", "operation", "context"}
  --fail-on SEVERITY         also exit 1 when a finding of this severity or a higher one is
                             found: error | deny | security | warning | suggestion (highest first)
  --json                     print JSON instead of text; verdict.statement is the deciding
                             statement's Sid, or its 0-based index in Statement when it has
                             no Sid (the text output counts statements from 1)
  --help                     show this help

Exit status: 0 allowed or no caller given (and no finding at the --fail-on severity), 1 denied,
undecidable, or a finding at the --fail-on severity, 2 bad usage or unreadable input.
`;

/** Finding severities, highest first. */
const SEVERITIES: readonly Severity[] = ['ERROR', 'DENY', 'SECURITY', 'WARNING', 'SUGGESTION'];

const CALLER_TYPES = [
  'user',
  'role-session',
  'console-switch',
  'saml',
  'web-identity',
  'service',
  'IAMUser',
  'AssumedRole',
  'ConsoleSwitchRole',
  'WebIdentity',
  'SAML',
  'Service',
];

interface Options {
  file: string;
  role?: string;
  caller?: string;
  callerType?: string;
  action?: string;
  mfa: boolean;
  mfaAge?: number;
  externalId?: string;
  context: Record<string, ContextValue>;
  callerJson?: string;
  failOn?: Severity;
  json: boolean;
  help: boolean;
}

function parseOptions(args: string[]): Options | { error: string } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: 'string' },
        caller: { type: 'string' },
        'caller-type': { type: 'string' },
        action: { type: 'string' },
        mfa: { type: 'boolean' },
        'mfa-age': { type: 'string' },
        'external-id': { type: 'string' },
        context: { type: 'string', multiple: true },
        'caller-json': { type: 'string' },
        'fail-on': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const help = values.help === true;
  if (help) return { file: '', mfa: false, context: {}, json: false, help };
  if (parsed.positionals.length !== 1) {
    return {
      error:
        parsed.positionals.length === 0
          ? 'POLICY_FILE is missing.'
          : `expected one POLICY_FILE, got ${parsed.positionals.length}.`,
    };
  }
  const callerType = values['caller-type'] as string | undefined;
  if (callerType !== undefined && !CALLER_TYPES.includes(callerType)) {
    return { error: `--caller-type must be one of ${CALLER_TYPES.slice(0, 6).join(', ')}.` };
  }
  const action = values.action as string | undefined;
  if (action !== undefined && !/^sts:[A-Za-z]{1,64}$/.test(action)) {
    return { error: `--action must be an STS action such as sts:AssumeRole, not "${action}".` };
  }
  const failOnText = values['fail-on'] as string | undefined;
  const failOn = SEVERITIES.find((severity) => severity === failOnText?.toUpperCase());
  if (failOnText !== undefined && !failOn) {
    return {
      error:
        `--fail-on takes one of ${SEVERITIES.map((item) => item.toLowerCase()).join(', ')}, ` +
        `not "${failOnText}".`,
    };
  }
  const roleText = values.role as string | undefined;
  if (roleText !== undefined) {
    const role = parseRoleArn(roleText);
    if (!role.ok) return { error: `--role: ${role.error}` };
  }
  let mfaAge: number | undefined;
  const mfaAgeText = values['mfa-age'] as string | undefined;
  if (mfaAgeText !== undefined) {
    if (!/^\d{1,10}$/.test(mfaAgeText)) {
      return { error: `--mfa-age takes whole seconds, not "${mfaAgeText}".` };
    }
    mfaAge = Number(mfaAgeText);
  }
  const context: Record<string, ContextValue> = {};
  for (const pair of (values.context as string[] | undefined) ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return { error: `--context takes KEY=VALUE, not "${pair}".` };
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const existing = context[key];
    if (existing === undefined) context[key] = value;
    else context[key] = [...(Array.isArray(existing) ? existing : [existing]), value].map(String);
  }
  const options: Options = {
    file: parsed.positionals[0] ?? '',
    mfa: values.mfa === true,
    context,
    json: values.json === true,
    help: false,
  };
  if (roleText !== undefined) options.role = roleText.trim();
  if (failOn !== undefined) options.failOn = failOn;
  if (typeof values.caller === 'string') options.caller = values.caller;
  if (callerType !== undefined) options.callerType = callerType;
  if (action !== undefined) options.action = action;
  if (mfaAge !== undefined) options.mfaAge = mfaAge;
  if (typeof values['external-id'] === 'string') options.externalId = values['external-id'];
  if (typeof values['caller-json'] === 'string') options.callerJson = values['caller-json'];
  return options;
}

async function readInput(io: CliIo, file: string): Promise<string | { error: string }> {
  try {
    return file === '-' ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { error: `cannot read ${file}${code ? ` (${code})` : ''}.` };
  }
}

function isContextValue(value: unknown): value is ContextValue | null {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  return (
    Array.isArray(value) &&
    value.every((item) => ['string', 'number', 'boolean'].includes(typeof item))
  );
}

function callerFromJson(text: string): TrustCaller | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `the caller JSON does not parse (${(error as Error).message}).` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      error: 'the caller JSON must be an object with "principal", "type", "operation", "context".',
    };
  }
  const record = value as Record<string, unknown>;
  const caller: TrustCaller = {};
  if (record.principal !== undefined) {
    if (typeof record.principal !== 'string') return { error: '"principal" must be a string.' };
    caller.principal = record.principal;
  }
  if (record.type !== undefined) {
    if (typeof record.type !== 'string' || !CALLER_TYPES.includes(record.type)) {
      return { error: `"type" must be one of ${CALLER_TYPES.join(', ')}.` };
    }
    caller.type = record.type as TrustCaller['type'];
  }
  if (record.operation !== undefined) {
    if (typeof record.operation !== 'string') return { error: '"operation" must be a string.' };
    caller.operation = record.operation;
  }
  if (record.context !== undefined) {
    if (!record.context || typeof record.context !== 'object' || Array.isArray(record.context)) {
      return { error: '"context" must be an object of condition keys.' };
    }
    const context: Record<string, ContextValue | null> = {};
    for (const [key, item] of Object.entries(record.context)) {
      if (!isContextValue(item)) return { error: `context key "${key}" has an unusable value.` };
      context[key] = item;
    }
    caller.context = context;
  }
  if (typeof record.contextComplete === 'boolean') caller.contextComplete = record.contextComplete;
  if (typeof record.mfa === 'boolean') caller.mfa = record.mfa;
  if (typeof record.externalId === 'string') caller.externalId = record.externalId;
  return caller;
}

const FORM_NAMES: Record<Exclude<PolicyTextForm, 'document'>, string> = {
  'get-role': 'aws iam get-role output (Role.AssumeRolePolicyDocument)',
  'get-role-policy': 'aws iam get-role-policy output (PolicyDocument)',
  'get-policy-version': 'aws iam get-policy-version output (PolicyVersion.Document)',
  'url-encoded': 'a URL-encoded document',
};

function formatFinding(finding: TrustFinding): string {
  return (
    `  line ${finding.line}, column ${finding.column}  ${finding.severity}  ${finding.id}\n` +
    `    ${finding.message}\n    fix: ${finding.fix}\n`
  );
}

/** What the verdict's statement did: it decided, or it only came closest. */
function statementRole(verdict: TrustVerdict): string {
  if (verdict.actions.some((action) => action.decision === 'explicit-deny')) return 'Denying';
  if (verdict.allowed === true) return 'Admitting';
  if (verdict.allowed === null) return 'Undecided';
  return 'Closest';
}

function formatVerdict(verdict: TrustVerdict, caller: string, role: string): string {
  const word =
    verdict.allowed === true ? 'ALLOWED' : verdict.allowed === false ? 'DENIED' : 'UNDECIDABLE';
  let out = `\nVerdict: ${word} - ${caller} assuming ${role}\n`;
  for (const reason of verdict.reasons) out += `  [${reason.id}] ${reason.message}\n`;
  if (verdict.statement !== null) {
    out += `  ${statementRole(verdict)} statement: ${statementName(verdict.statement)}\n`;
  }
  if (verdict.failedCondition) {
    const failed = verdict.failedCondition;
    const value =
      failed.callerValue === undefined
        ? 'absent'
        : failed.callerValue === null
          ? 'unknown'
          : JSON.stringify(failed.callerValue);
    out +=
      `  Failed condition: ${failed.operator} ${failed.key} ` +
      `${JSON.stringify(failed.policyValues)} (caller: ${value})\n`;
  }
  if (verdict.proposedDiff) {
    const mustMeet = verdict.proposalCallerMustMeet ?? [];
    out +=
      mustMeet.length > 0
        ? '\nSmallest change that names this caller; it keeps conditions the caller must ' +
          `still meet (${mustMeet.join('; ')}):\n`
        : '\nSmallest change that admits this caller:\n';
    out += `${verdict.proposedDiff
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n')}\n`;
  }
  if (verdict.invisible.length) {
    out += '\nNot visible from the trust policy alone:\n';
    for (const item of verdict.invisible) out += `  - ${item}\n`;
  }
  return out;
}

/**
 * The role to evaluate against: --role, else Role.Arn of get-role output. A --role that differs
 * from Role.Arn is used, with a note, since naming it is deliberate. EXIT_USAGE when Role.Arn is
 * needed but is not a role ARN.
 */
function roleToEvaluate(
  io: CliIo,
  options: Options,
  text: string,
  needed: boolean,
): string | undefined | typeof EXIT_USAGE {
  const fromFile = roleArnOfGetRole(text);
  if (fromFile === undefined) return options.role;
  if (options.role !== undefined) {
    if (options.role !== fromFile) {
      io.stderr(
        `role-doctor trust: note: --role ${options.role} differs from the role in ` +
          `${options.file} (Role.Arn ${fromFile}); evaluating against --role.\n`,
      );
    }
    return options.role;
  }
  const parsed = parseRoleArn(fromFile);
  if (parsed.ok) return fromFile;
  if (!needed) return undefined;
  io.stderr(
    `role-doctor trust: Role.Arn in ${options.file} ("${fromFile}") cannot be used: ` +
      `${parsed.error} Give the role with --role.\n`,
  );
  return EXIT_USAGE;
}

export const trustCommand: Command = async (args, io) => {
  const options = parseOptions(args);
  if ('error' in options) {
    io.stderr(`role-doctor trust: ${options.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  const text = await readInput(io, options.file);
  if (typeof text !== 'string') {
    io.stderr(`role-doctor trust: ${text.error}\n`);
    return EXIT_USAGE;
  }

  let caller: TrustCaller | undefined;
  if (options.callerJson !== undefined) {
    const json = await readInput(io, options.callerJson);
    if (typeof json !== 'string') {
      io.stderr(`role-doctor trust: ${json.error}\n`);
      return EXIT_USAGE;
    }
    const fromJson = callerFromJson(json);
    if ('error' in fromJson) {
      io.stderr(`role-doctor trust: --caller-json: ${fromJson.error}\n`);
      return EXIT_USAGE;
    }
    caller = fromJson;
  }
  const flagsDescribeCaller =
    options.caller !== undefined ||
    options.callerType !== undefined ||
    options.action !== undefined ||
    options.mfa ||
    options.mfaAge !== undefined ||
    options.externalId !== undefined ||
    Object.keys(options.context).length > 0;
  if (flagsDescribeCaller) {
    // A caller described only by flags states MFA and ExternalId explicitly (no --mfa means no
    // MFA); any other key it does not give is unknown rather than absent. A --caller-json caller
    // keeps the corpus meaning: keys it does not list are absent.
    const fromFlagsOnly = caller === undefined;
    caller = fromFlagsOnly ? { contextComplete: false } : { ...caller };
    if (options.caller !== undefined) caller.principal = options.caller;
    if (options.callerType !== undefined) caller.type = options.callerType as TrustCaller['type'];
    if (options.action !== undefined) caller.operation = options.action;
    if (options.mfa || options.mfaAge !== undefined) caller.mfa = true;
    else if (fromFlagsOnly) caller.mfa = false;
    if (options.mfaAge !== undefined) caller.mfaAgeSeconds = options.mfaAge;
    if (options.externalId !== undefined) caller.externalId = options.externalId;
    caller.context = { ...(caller.context ?? {}), ...options.context };
    const externalIdGiven = Object.keys(caller.context).some(
      (key) => key.toLowerCase() === 'sts:externalid',
    );
    if (fromFlagsOnly && caller.externalId === undefined && !externalIdGiven) {
      caller.absentKeys = ['sts:ExternalId'];
    }
  }
  if (caller && !caller.principal) {
    io.stderr('role-doctor trust: the caller needs --caller (or "principal" in --caller-json).\n');
    return EXIT_USAGE;
  }
  const role = roleToEvaluate(io, options, text, caller !== undefined);
  if (role === EXIT_USAGE) return EXIT_USAGE;
  if (caller && !role) {
    io.stderr(
      'role-doctor trust: --role ARN is needed to evaluate a caller (or give the output of ' +
        'aws iam get-role, which carries Role.Arn).\n',
    );
    return EXIT_USAGE;
  }

  const checks = checkTrustPolicy(text, role ? { roleArn: role } : {});
  const verdict = caller && role ? evaluateTrust(text, role, caller) : null;
  const unusable = verdict?.reasons.find(
    (reason) => reason.id === 'CALLER_INPUT_INVALID' || reason.id === 'ROLE_ARN_INVALID',
  );
  if (unusable) {
    io.stderr(`role-doctor trust: ${unusable.message}\n`);
    return EXIT_USAGE;
  }
  const readFrom =
    checks.form === 'document'
      ? null
      : `the policy was read from ${FORM_NAMES[checks.form]}` +
        (role !== undefined && role !== options.role ? ', the role from its Role.Arn' : '') +
        (checks.positionsMatch
          ? ''
          : '; lines and columns are those of the decoded document, shown below');

  if (options.json) {
    const output = {
      ...(checks.form === 'document'
        ? {}
        : { source: { form: checks.form, positionsMatch: checks.positionsMatch } }),
      findings: checks.findings.map(({ id, severity, message, line, column, fix }) => ({
        id,
        severity,
        message,
        line,
        column,
        fix,
      })),
      verdict: verdict
        ? {
            role,
            allowed: verdict.allowed,
            reasons: verdict.reasons,
            statement: verdict.statement,
            ...(verdict.failedCondition ? { failedCondition: verdict.failedCondition } : {}),
            proposedPolicy: verdict.proposedPolicy,
            proposedDiff: verdict.proposedDiff,
            ...(verdict.proposalCallerMustMeet
              ? { proposalCallerMustMeet: verdict.proposalCallerMustMeet }
              : {}),
            invisible: verdict.invisible,
          }
        : null,
    };
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    let out =
      `${options.file}: ${checks.findings.length} ` +
      `finding${checks.findings.length === 1 ? '' : 's'}\n`;
    if (readFrom) out += `  (${readFrom})\n`;
    for (const finding of checks.findings) out += formatFinding(finding);
    if (readFrom && !checks.positionsMatch && checks.findings.length > 0) {
      out += `\nDecoded policy:\n${checks.source.text}\n`;
    }
    if (verdict && caller) out += formatVerdict(verdict, caller.principal ?? '?', role ?? '?');
    io.stdout(out);
  }

  if (!checks.syntaxOk) {
    const syntax = checks.findings.find((finding) => finding.id === 'JSON_SYNTAX_ERROR');
    // The finding's message says what is wrong; the position is given once, here.
    io.stderr(
      `role-doctor trust: ${options.file}` +
        (syntax
          ? `, line ${syntax.line}, column ${syntax.column}: ${syntax.message}`
          : ': not valid JSON.') +
        '\n',
    );
    return EXIT_USAGE;
  }
  const threshold = options.failOn ? SEVERITIES.indexOf(options.failOn) : -1;
  const failing = checks.findings.some(
    (finding) => SEVERITIES.indexOf(finding.severity) <= threshold,
  );
  if (failing) return 1;
  if (!verdict) return 0;
  return verdict.allowed === true ? 0 : 1;
};
