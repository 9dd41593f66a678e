import { parseArgs } from 'node:util';
import {
  type Check,
  type DiagnoseInput,
  type Diagnosis,
  diagnose,
  type LinkResult,
  orgIdProblem,
  type PolicyKind,
  parseCaller,
  policyKindProblem,
  type Question,
} from '../../core/diagnose/index.js';
import type { ContextValue } from '../../core/policy/engine.js';
import { type CliIo, type Command, EXIT_USAGE } from '../io.js';

const USAGE = `Usage: role-doctor diagnose --role ARN --caller ARN [options]

Walks every link of assuming a role (the role and its ARN, its trust policy, the caller's own
policies, MFA and ExternalId for the path used, session duration) and stops at the first that
fails, with the fix for the account that must change. Says where CloudTrail recorded the call.

Options:
  --role ARN               the role to assume
  --caller ARN             who assumes it: IAM user, role, or role session ARN
  --trust FILE             the role's trust policy (as get-role prints it is fine; "-" = stdin)
  --identity-policy FILE   a policy of the caller (repeat for each; a JSON array works too)
  --mfa                    the call passes MFA (without it: no MFA)
  --mfa-age S              seconds since the MFA sign-in (without it, a policy that limits
                           aws:MultiFactorAuthAge cannot be decided)
  --external-id X          the ExternalId the call passes (without it: none)
  --org-id o-...           the organization ID of the caller's account (aws:PrincipalOrgID)
  --context KEY=VALUE      a request context value the ARNs do not show, e.g.
                           aws:SourceIp=203.0.113.7 or aws:PrincipalTag/team=ci (repeat; a
                           repeated key is multi-valued); keys not given stay unknown
  --via console|cli        how the role is assumed (default cli)
  --json                   print JSON instead of text
  --help                   show this help

Exit status: 0 every link passes, 1 a link fails, 3 more input is needed, 2 bad usage or
unreadable input.
`;

export const EXIT_NEEDS_INPUT = 3;

const PASS_AS: Record<PolicyKind, string> = {
  trust: 'pass it with --trust',
  identity: 'pass it with --identity-policy',
};

interface Options {
  role: string;
  caller: string;
  trust?: string;
  identityPolicies: string[];
  mfa: boolean;
  mfaAgeSeconds?: number;
  externalId?: string;
  orgId?: string;
  context: Record<string, ContextValue>;
  via: 'console' | 'cli';
  json: boolean;
}

function parseOptions(args: string[]): Options | { help: true } | { error: string } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        role: { type: 'string' },
        caller: { type: 'string' },
        trust: { type: 'string' },
        'identity-policy': { type: 'string', multiple: true },
        mfa: { type: 'boolean' },
        'mfa-age': { type: 'string' },
        'external-id': { type: 'string' },
        'org-id': { type: 'string' },
        context: { type: 'string', multiple: true },
        via: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help === true) return { help: true };
  const role = typeof values.role === 'string' ? values.role.trim() : '';
  const caller = typeof values.caller === 'string' ? values.caller.trim() : '';
  if (!role) return { error: '--role ARN is required (the role to assume).' };
  if (!caller) return { error: '--caller ARN is required (who assumes the role).' };
  const via = values.via ?? 'cli';
  if (via !== 'console' && via !== 'cli') {
    return { error: `--via takes console or cli, not "${String(via)}".` };
  }
  const options: Options = {
    role,
    caller,
    identityPolicies: (values['identity-policy'] as string[] | undefined) ?? [],
    mfa: values.mfa === true,
    context: {},
    via,
    json: values.json === true,
  };
  if (typeof values.trust === 'string') options.trust = values.trust;
  if (typeof values['mfa-age'] === 'string') {
    const age = Number(values['mfa-age']);
    if (!/^\d{1,9}$/.test(values['mfa-age'])) {
      return {
        error: `--mfa-age takes whole seconds since the MFA sign-in, not "${values['mfa-age']}".`,
      };
    }
    if (!options.mfa) return { error: '--mfa-age goes with --mfa.' };
    options.mfaAgeSeconds = age;
  }
  if (typeof values['external-id'] === 'string') options.externalId = values['external-id'];
  if (typeof values['org-id'] === 'string') {
    const problem = orgIdProblem(values['org-id']);
    if (problem) return { error: `--org-id: ${problem}` };
    options.orgId = values['org-id'].trim();
  }
  for (const pair of (values.context as string[] | undefined) ?? []) {
    const equals = pair.indexOf('=');
    const key = pair.slice(0, equals).trim();
    if (equals <= 0 || !/^[\w-]+:\S+$/.test(key)) {
      return {
        error:
          '--context takes KEY=VALUE with a condition key, e.g. aws:SourceIp=203.0.113.7, ' +
          `not "${pair}".`,
      };
    }
    const value = pair.slice(equals + 1);
    if (key.toLowerCase() === 'aws:principalorgid') {
      // The organisation has its own option; the same key given either way is one fact.
      const problem = orgIdProblem(value);
      if (problem) return { error: `--context ${key}: ${problem}` };
      if (options.orgId !== undefined && options.orgId !== value.trim()) {
        return { error: `--org-id ${options.orgId} and --context ${pair} disagree.` };
      }
      options.orgId = value.trim();
      continue;
    }
    const existing = options.context[key];
    options.context[key] =
      existing === undefined
        ? value
        : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const stdinUses = [options.trust, ...options.identityPolicies].filter((file) => file === '-');
  if (stdinUses.length > 1) return { error: 'only one of the files can be "-" (stdin).' };
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

const STATUS_WORD: Record<LinkResult['status'], string> = {
  pass: 'pass',
  fail: 'FAIL',
  unknown: 'unknown',
  'not-reached': 'not reached',
  'not-applicable': 'n/a',
};

/** How to answer a question from the command line. */
function flagFor(question: Question): string {
  switch (question.id) {
    case 'trust-policy':
      return 'give it with --trust FILE';
    case 'identity-policy':
      return 'give them with --identity-policy FILE (once per policy)';
    case 'mfa':
      return 'add --mfa if the call passes MFA';
    case 'external-id':
      return 'give it with --external-id X';
    case 'org-id':
      return 'give it with --org-id o-...';
    default:
      return 'check it with the commands below';
  }
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

function formatChecks(checks: Check[]): string {
  let out = '';
  for (const check of checks) {
    out += `  - ${check.what}: ${check.how}\n`;
    for (const command of check.commands) out += `      $ ${command}\n`;
  }
  return out;
}

function formatText(result: Diagnosis): string {
  const failed = result.firstFailure;
  const position = failed ? result.links.indexOf(failed) + 1 : 0;
  const headline =
    result.outcome === 'fail'
      ? `FAILS at link ${position} of ${result.links.length}: ${failed?.title ?? ''}`
      : result.outcome === 'pass'
        ? 'every link passes'
        : 'more input is needed';
  let out = `Diagnosis: ${headline}\n`;
  const account = (id: string | null) => (id ? ` (account ${id})` : '');
  out += `  caller  ${result.caller}${account(result.callerAccount)}\n`;
  out += `  role    ${result.roleArn}${account(result.roleAccount)}\n`;
  out += `  via     ${result.via}\n`;
  for (const problem of result.problems) out += `  ! ${problem}\n`;
  out += '\nLinks:\n';
  result.links.forEach((item, index) => {
    out += `  ${index + 1}. [${STATUS_WORD[item.status]}] ${item.title}\n`;
    out += `     ${item.summary}\n`;
    if (item.status !== 'fail') for (const line of item.evidence) out += `     - ${line}\n`;
  });
  if (failed) {
    out += `\nFirst failure: ${failed.title}\n  ${failed.summary}\n  Evidence:\n`;
    for (const line of failed.evidence) out += `    - ${line}\n`;
    const fix = failed.fix;
    if (fix) {
      const where = fix.account ? ` in account ${fix.account}` : '';
      const side = fix.side === 'call' ? 'how the call is made' : `${fix.side} side`;
      out += `\nFix${where} (${side}): ${fix.summary}\n`;
      for (const warning of fix.warnings ?? []) out += `  ! ${warning}\n`;
      if (fix.callerMustAlso) {
        out += '  ! The change alone does not admit the caller; it must also:\n';
        for (const item of fix.callerMustAlso) out += `      - ${item}\n`;
      }
      fix.steps.forEach((step, index) => {
        out += `  ${index + 1}. ${step}\n`;
      });
      if (fix.commands.length) {
        out += '  Commands:\n';
        for (const command of fix.commands) out += `    $ ${command}\n`;
      }
      if (fix.policy) {
        out += `  Policy (${fix.policy.attachTo}):\n`;
        out += `${indent(JSON.stringify(fix.policy.document, null, 2), '    ')}\n`;
      }
      if (fix.diff) out += `  Change:\n${indent(fix.diff, '    ')}\n`;
    }
  }
  const next = result.questions[0];
  if (!failed && next) {
    out += `\nNext: ${next.prompt} ${next.help}\n  ${flagFor(next)}\n`;
    for (const command of next.commands) out += `    $ ${command}\n`;
  }
  const needs = result.links.flatMap((item) => item.needs ?? []);
  const needsContext = [...new Set(needs)].filter((key) => key !== 'aws:PrincipalOrgID');
  if (!failed && needsContext.length > 0) {
    out +=
      `\nNext: give the value of ${needsContext.join(', ')} for this call with ` +
      '--context KEY=VALUE (CloudTrail records sourceIPAddress and vpcEndpointId).\n';
  }
  if (result.outcome === 'pass') {
    out += '\nNot visible from here (check each if the call still fails):\n';
    out += formatChecks(result.invisible);
  }
  if (result.cloudTrail) {
    out += '\nCloudTrail:\n';
    for (const note of result.cloudTrail.notes) out += `  - ${note}\n`;
    for (const account of result.cloudTrail.accounts) {
      out += `  Account ${account.account} (${account.side}), ${account.region}:\n`;
      for (const link of account.links) out += `    ${link.label}: ${link.url}\n`;
      for (const command of account.commands) out += `    $ ${command}\n`;
    }
    out += `  If CloudTrail has nothing: ${result.cloudTrail.ifNotEnabled.text}\n`;
    for (const command of result.cloudTrail.ifNotEnabled.commands) out += `    $ ${command}\n`;
  }
  return out;
}

export const diagnoseCommand: Command = async (args, io) => {
  const options = parseOptions(args);
  if ('help' in options) {
    io.stdout(USAGE);
    return 0;
  }
  if ('error' in options) {
    io.stderr(`role-doctor diagnose: ${options.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  // A policy of the other kind would be evaluated into a false verdict: refuse it, naming the
  // file and the statement.
  const misplaced: string[] = [];
  const checkKind = (text: string, flag: string, file: string, kind: PolicyKind) => {
    const where = { given: `${flag} ${file === '-' ? '- (stdin)' : file}`, passAs: PASS_AS };
    const problem = policyKindProblem(text, kind, where);
    if (problem) misplaced.push(problem);
  };
  const input: DiagnoseInput = {
    roleArn: options.role,
    caller: options.caller,
    via: options.via,
    mfa: options.mfa,
    ...(options.mfaAgeSeconds !== undefined ? { mfaAgeSeconds: options.mfaAgeSeconds } : {}),
    // The command line describes the call whole: no --external-id means none is passed.
    externalId: options.externalId ?? '',
    ...(options.orgId ? { orgId: options.orgId } : {}),
    ...(Object.keys(options.context).length > 0 ? { context: options.context } : {}),
  };
  if (options.trust !== undefined) {
    const text = await readInput(io, options.trust);
    if (typeof text !== 'string') {
      io.stderr(`role-doctor diagnose: --trust: ${text.error}\n`);
      return EXIT_USAGE;
    }
    input.trustPolicy = text;
    checkKind(text, '--trust', options.trust, 'trust');
  }
  const policies: string[] = [];
  for (const file of options.identityPolicies) {
    const text = await readInput(io, file);
    if (typeof text !== 'string') {
      io.stderr(`role-doctor diagnose: --identity-policy: ${text.error}\n`);
      return EXIT_USAGE;
    }
    policies.push(text);
    checkKind(text, '--identity-policy', file, 'identity');
  }
  if (policies.length > 0) input.identityPolicies = policies;
  if (misplaced.length > 0) {
    for (const problem of misplaced) io.stderr(`role-doctor diagnose: ${problem}\n`);
    return EXIT_USAGE;
  }

  const caller = parseCaller(options.caller);
  if ('error' in caller) {
    io.stderr(`role-doctor diagnose: --caller: ${caller.error}\n`);
    return EXIT_USAGE;
  }
  const result = diagnose(input);
  if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(formatText(result));
  for (const problem of result.problems) io.stderr(`role-doctor diagnose: ${problem}\n`);
  if (result.outcome === 'pass') return 0;
  return result.outcome === 'fail' ? 1 : EXIT_NEEDS_INPUT;
};
