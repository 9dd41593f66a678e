import { explainText } from '../../core/access/index.js';
import { PARTITIONS, type Partition } from '../../core/partitions.js';
import {
  type AwsCredentials,
  type CredentialClass,
  classifyCredentials,
  credentialsFromEnvironment,
  federationNameFrom,
  isValidFederationName,
  type ParseCredentialsResult,
  parseCredentials,
  redactSecrets,
  roleSessionNameFor,
} from '../../core/signin/credentials.js';
import { checkSigninEndpoint } from '../../core/signin/endpoints.js';
import {
  createSigninUrl,
  issuerProblem,
  LOGIN_LINK_NOTICE,
  resolveDestination,
  type SigninOrigin,
} from '../../core/signin/federation.js';
import {
  assumeRole,
  type CallerIdentity,
  getCallerIdentity,
  getFederationToken,
  resolveStsTarget,
  type StsError,
  type StsTarget,
} from '../../core/signin/sts.js';
import { parseRoleArn } from '../../core/switch/names.js';
import { type CliIo, type Command, EXIT_USAGE } from '../io.js';
import { formatExplanation } from './explain.js';
import { wantsJson } from './switch-url.js';

export { wantsJson };

// `role-doctor console-url`: credentials in, console sign-in link out. Every line written goes
// through a filter that removes the secret access keys and session tokens this run has seen.

export const CREDENTIAL_OPTIONS_HELP = `Credential options:
  --credentials FILE|-   read credentials from FILE or standard input (any common format:
                         export lines, fish, PowerShell, cmd, aws sts JSON, credential_process
                         JSON, a credentials-file block); default: AWS_ACCESS_KEY_ID and the
                         other AWS_* environment variables
  --profile NAME         profile to take when the credentials file holds several
  --region R             region (decides the partition: GovCloud, China, EUSC, commercial)
  --sts-endpoint URL     STS endpoint instead of the partition's regional STS host: an
                         https STS host of the partition (regional, FIPS or an interface VPC
                         endpoint) or http://127.0.0.1:PORT for a local stand-in
  --json                 machine-readable output, errors included
  --                     end of options
`;

const USAGE = `Usage: role-doctor console-url [options]

Turns credentials into an AWS console sign-in link (federation endpoint).

Options:
  --destination SERVICE|URL  where to land: a service (ec2, s3, iam, lambda, ...), a console
                             path (/ec2/home?region=eu-west-1#Instances:) or a console URL of
                             the same partition
  --duration S               console session length, 900-43200 seconds (AssumeRole credentials
                             only; dropped for chained and federation credentials)
  --signin-endpoint URL      federation endpoint instead of the partition's sign-in host:
                             an https sign-in host of the partition, or http://127.0.0.1:PORT
  --issuer URL               https page the console sends you to when the session ends
  --role-arn ARN             assume this role first (with --session-name, --external-id,
                             --mfa-serial and --mfa-code when the role needs them)
  --session-name NAME        RoleSessionName for --role-arn (default: the caller's own session
                             name when it is a role session, else its IAM user name, so that
                             CloudTrail shows the person)
  --federation-name NAME     name for GetFederationToken when given long-term keys
                             (default: the IAM user name, cut to 32 characters)
${CREDENTIAL_OPTIONS_HELP}
The link is a bearer link: anyone holding it within 15 minutes gets the session.

Exit status: 0 when the link was printed; 1 when AWS refused (an STS or sign-in error) or could
not be reached; 2 on bad usage or unusable input (an option, unreadable, malformed or expired
credentials, a destination, endpoint or role ARN that cannot be used). Nothing is sent to AWS
before the options and credentials have been checked.
`;

type OptionSpec = Record<string, 'value' | 'flag'>;

const COMMON_OPTIONS: OptionSpec = {
  credentials: 'value',
  profile: 'value',
  region: 'value',
  'sts-endpoint': 'value',
  json: 'flag',
  help: 'flag',
};

export interface ParsedArgs {
  options: Record<string, string | true>;
  positional: string[];
}

export function parseArgs(args: string[], spec: OptionSpec): ParsedArgs | { error: string } {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    if (arg === '--') {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (!kind) return { error: `unknown option --${name}` };
    if (kind === 'flag') {
      if (eq !== -1) return { error: `--${name} takes no value` };
      options[name] = true;
      continue;
    }
    const value = eq === -1 ? args[++index] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      return { error: `--${name} needs a value` };
    }
    options[name] = value;
  }
  return { options, positional };
}

/** Writes through a filter that removes every secret registered so far. */
export class SafeOutput {
  private readonly secrets: Array<Pick<AwsCredentials, 'secretAccessKey' | 'sessionToken'>> = [];

  constructor(private readonly io: CliIo) {}

  protect(credentials: Pick<AwsCredentials, 'secretAccessKey' | 'sessionToken'>): void {
    this.secrets.push(credentials);
  }

  private clean(text: string): string {
    return this.secrets.reduce((out, credentials) => redactSecrets(out, credentials), text);
  }

  out(text: string): void {
    this.io.stdout(this.clean(text));
  }

  err(text: string): void {
    this.io.stderr(this.clean(text));
  }
}

export interface LoadedCredentials {
  parsed: Extract<ParseCredentialsResult, { ok: true }>;
  region?: string;
  target: StsTarget;
}

/** Reads credentials as the credential options say; a message on failure. */
export async function loadCredentials(
  options: Record<string, string | true>,
  io: CliIo,
): Promise<LoadedCredentials | { error: string; usage?: boolean }> {
  const source = options.credentials;
  const profile = typeof options.profile === 'string' ? options.profile : undefined;
  const parseOptions = {
    now: Date.now(),
    profileOption: '--profile NAME',
    ...(profile ? { profile } : {}),
  };
  let parsed: ParseCredentialsResult | undefined;
  if (typeof source === 'string') {
    let text: string;
    try {
      text = source === '-' ? await io.readStdin() : await io.readFile(source);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      const what = source === '-' ? 'standard input' : `the credentials file "${source}"`;
      return { error: `cannot read ${what} (${code}).`, usage: true };
    }
    parsed = parseCredentials(text, parseOptions);
  } else {
    parsed = credentialsFromEnvironment(io.env, parseOptions);
    if (!parsed) {
      return {
        error:
          'no credentials: give --credentials FILE (or - for standard input), or set ' +
          'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.',
        usage: true,
      };
    }
  }
  if (!parsed.ok) return { error: parsed.error, usage: true };
  const region =
    (typeof options.region === 'string' ? options.region : undefined) ??
    parsed.credentials.region ??
    io.env.AWS_REGION ??
    io.env.AWS_DEFAULT_REGION;
  const endpoint =
    typeof options['sts-endpoint'] === 'string' ? options['sts-endpoint'] : undefined;
  return {
    parsed,
    ...(region ? { region } : {}),
    target: {
      ...(region ? { region } : {}),
      ...(endpoint ? { endpoint } : {}),
      fetch: io.fetch,
      ...(io.networkLimits ? { limits: io.networkLimits } : {}),
    },
  };
}

/**
 * Text for an STS failure: AWS's code and message, request id, and the access-error explainer's
 * reading of it.
 */
export function describeStsError(error: StsError, regionGiven: boolean): string {
  const lines = [error.explainableText];
  if (error.requestId) lines.push(`Request id: ${error.requestId}`);
  const hint =
    error.code === 'AccessDenied' ? ACCESS_DENIED_HINTS[error.operation] : STS_HINTS[error.code];
  if (hint) lines.push(hint);
  const explained = explainText(error.explainableText);
  explained.forEach(({ error: parsed, explanation }, index) => {
    lines.push('', formatExplanation(parsed, explanation, index, explained.length));
  });
  if (error.code === 'InvalidClientTokenId' && !regionGiven) {
    lines.push(
      'No region was given, so the commercial partition was called. GovCloud, China and ' +
        'European Sovereign Cloud credentials need --region (e.g. us-gov-west-1, cn-north-1).',
    );
  }
  return `${lines.join('\n')}\n`;
}

const STS_HINTS: Record<string, string> = {
  SignatureDoesNotMatch:
    'The secret access key does not belong to the access key id, or the clock of this machine ' +
    'is off by more than 15 minutes. Copy the credentials again.',
  InvalidClientTokenId:
    'AWS does not know this access key id or session token: it was deleted, deactivated, ' +
    'belongs to another partition, or was copied incompletely.',
  ExpiredToken: 'The session token has expired. Get fresh credentials.',
};

/** What an AccessDenied means depends on the call that met it. */
const ACCESS_DENIED_HINTS: Partial<Record<StsError['operation'], string>> = {
  AssumeRole:
    "The role trust policy must trust the caller, the caller's own policies must allow " +
    'sts:AssumeRole on the role, and any MFA or ExternalId the trust policy asks for must be ' +
    'given.',
  DecodeAuthorizationMessage:
    'Decoding is itself an action: the credentials used need sts:DecodeAuthorizationMessage ' +
    'allowed in their identity policy (it takes Resource "*"). Decode with credentials of the ' +
    'account where the request was refused.',
  GetFederationToken:
    "The IAM user's policies must allow sts:GetFederationToken; the session it makes gets at " +
    'most the permissions of that user.',
};

interface Identity {
  arn: string;
  account: string;
  classification: CredentialClass;
}

function jsonOut(output: SafeOutput, value: unknown): void {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Error codes that mean the input cannot be used, as opposed to AWS refusing it. */
const INPUT_ERROR_CODES = new Set([
  'Usage',
  'InvalidInput',
  'InvalidCredentials',
  'InvalidDestination',
  'InvalidEndpoint',
]);

function fail(output: SafeOutput, json: boolean, code: string, message: string): number {
  if (json) jsonOut(output, { ok: false, error: { code, message } });
  else output.err(`role-doctor console-url: ${message}${message.endsWith('\n') ? '' : '\n'}`);
  return INPUT_ERROR_CODES.has(code) ? EXIT_USAGE : 1;
}

/**
 * Reports bad usage: a JSON error object on standard output with --json, else the message (and
 * the usage text when it helps) on standard error. Always the usage exit status.
 */
export function usageError(
  io: CliIo,
  command: string,
  json: boolean,
  message: string,
  usage?: string,
): number {
  if (json) {
    io.stdout(`${JSON.stringify({ ok: false, error: { code: 'Usage', message } }, null, 2)}\n`);
  } else {
    io.stderr(`role-doctor ${command}: ${message}\n${usage ? `\n${usage}` : ''}`);
  }
  return EXIT_USAGE;
}

/**
 * Checks the endpoint overrides against the partition the credentials will be used in, before
 * any request: the credentials never go to a host that is not AWS's or this machine's.
 */
export function checkTargets(
  loaded: LoadedCredentials,
  signinEndpoint?: string,
): { ok: true; partition: Partition } | { ok: false; error: string } {
  const sts = resolveStsTarget(loaded.target);
  if ('error' in sts) return { ok: false, error: sts.error };
  if (signinEndpoint !== undefined) {
    const signin = checkSigninEndpoint(signinEndpoint, sts.partition);
    if (!signin.ok) return { ok: false, error: signin.error };
  }
  return { ok: true, partition: sts.partition };
}

/** The --destination checked for the partition when known, else for any partition. */
function destinationProblem(
  destination: string | undefined,
  partition: Partition,
  regionKnown: boolean,
  region: string | undefined,
): string | undefined {
  const first = resolveDestination(destination, partition, region);
  if (first.ok) return undefined;
  if (!regionKnown) {
    for (const other of PARTITIONS) {
      if (resolveDestination(destination, other).ok) return undefined;
    }
  }
  return first.error;
}

export const consoleUrlCommand: Command = async (args, io) => {
  const parsedArgs = parseArgs(args, {
    ...COMMON_OPTIONS,
    destination: 'value',
    duration: 'value',
    'signin-endpoint': 'value',
    issuer: 'value',
    'role-arn': 'value',
    'session-name': 'value',
    'external-id': 'value',
    'mfa-serial': 'value',
    'mfa-code': 'value',
    'federation-name': 'value',
  });
  if ('error' in parsedArgs) {
    return usageError(io, 'console-url', wantsJson(args), `${parsedArgs.error}.`, USAGE);
  }
  const { options, positional } = parsedArgs;
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  const json = options.json === true;
  const usage = (message: string, withUsage = false) =>
    usageError(io, 'console-url', json, message, withUsage ? USAGE : undefined);
  if (positional.length > 0) {
    return usage(`unexpected argument "${positional[0]}".`, true);
  }
  const str = (name: string) => (typeof options[name] === 'string' ? options[name] : undefined);
  let duration: number | undefined;
  if (str('duration') !== undefined) {
    duration = Number(str('duration'));
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      return usage('--duration must be 900 to 43200 seconds.');
    }
  }
  if ((str('mfa-serial') === undefined) !== (str('mfa-code') === undefined)) {
    return usage('--mfa-serial and --mfa-code go together.');
  }
  const issuer = str('issuer');
  if (issuer !== undefined && issuer !== '') {
    const problem = issuerProblem(issuer);
    if (problem) return usage(`--issuer: ${problem}`);
  }
  const roleArn = str('role-arn');
  const parsedRole = roleArn !== undefined ? parseRoleArn(roleArn) : undefined;
  if (parsedRole && !parsedRole.ok) return usage(`--role-arn: ${parsedRole.error}`);
  const federationName = str('federation-name');
  if (federationName !== undefined && !isValidFederationName(federationName)) {
    return usage('--federation-name must be 2 to 32 characters of letters, digits and +=,.@_-.');
  }
  const output = new SafeOutput(io);
  const loaded = await loadCredentials(options, io);
  if ('error' in loaded) {
    return fail(output, json, 'InvalidCredentials', loaded.error);
  }
  const { parsed, target } = loaded;
  let credentials: AwsCredentials = parsed.credentials;
  output.protect(credentials);
  const regionGiven = loaded.region !== undefined;
  const signinEndpoint = str('signin-endpoint');
  const targets = checkTargets(loaded, signinEndpoint);
  if (!targets.ok) return fail(output, json, 'InvalidEndpoint', targets.error);
  const destination = str('destination');
  const badDestination = destinationProblem(
    destination,
    targets.partition,
    regionGiven,
    loaded.region,
  );
  if (badDestination) return fail(output, json, 'InvalidDestination', badDestination);
  if (parsedRole?.ok && parsedRole.value.partition.id !== targets.partition.id) {
    return fail(
      output,
      json,
      'InvalidInput',
      `--role-arn names a role in ${parsedRole.value.partition.name} ` +
        `(${parsedRole.value.partition.id}), but the credentials are used in ` +
        `${targets.partition.name} (${targets.partition.id})` +
        (regionGiven
          ? '. A role can only be assumed with credentials of its own partition.'
          : ", as no region was given. Give --region with a region of the role's partition " +
            `(such as ${parsedRole.value.partition.homeRegion}) if the credentials belong there.`),
    );
  }
  const steps: string[] = [];
  for (const warning of parsed.warnings) if (!json) output.err(`warning: ${warning}\n`);

  const stsFailure = (error: StsError) => {
    if (json) {
      jsonOut(output, {
        ok: false,
        error: { code: error.code, message: error.message, requestId: error.requestId },
        explanation: describeStsError(error, regionGiven).trim(),
      });
    } else {
      output.err(describeStsError(error, regionGiven));
    }
    return 1;
  };

  const who = await getCallerIdentity(credentials, target);
  if (!who.ok) return stsFailure(who.error);
  const caller: CallerIdentity = who.value;
  const classification = classifyCredentials(credentials, caller.arn);
  let identity: Identity = { arn: caller.arn, account: caller.account, classification };
  let origin: SigninOrigin;

  if (
    parsedRole?.ok &&
    classification.partition &&
    classification.partition !== parsedRole.value.partition.id
  ) {
    return fail(
      output,
      json,
      'InvalidInput',
      `--role-arn names a role in ${parsedRole.value.partition.id}, but these are credentials ` +
        `of ${caller.arn} in ${classification.partition}; a role can only be assumed with ` +
        'credentials of its own partition.',
    );
  }
  if (roleArn) {
    const mfaSerial = str('mfa-serial');
    const mfaCode = str('mfa-code');
    const externalId = str('external-id');
    const assumed = await assumeRole(
      credentials,
      {
        roleArn,
        sessionName: str('session-name') ?? roleSessionNameFor(classification.person),
        ...(mfaSerial && mfaCode ? { mfaSerial, mfaCode } : {}),
        ...(externalId ? { externalId } : {}),
        callerIsRoleSession: classification.principal === 'role-session',
      },
      target,
    );
    if (!assumed.ok) return stsFailure(assumed.error);
    credentials = assumed.value.credentials;
    output.protect(credentials);
    origin = assumed.value.origin;
    steps.push(`Assumed ${roleArn} as ${assumed.value.arn}.`);
    identity = {
      arn: assumed.value.arn,
      account: caller.account,
      classification: classifyCredentials(credentials, assumed.value.arn),
    };
  } else {
    switch (classification.principal) {
      case 'role-session':
        // A role session may still be chained; createSigninUrl drops SessionDuration on a 400.
        origin = 'assume-role';
        break;
      case 'federated-user':
        origin = 'federation-token';
        break;
      case 'iam-user':
      case 'root': {
        const name = federationName ?? federationNameFrom(classification.name ?? 'root');
        const federated = await getFederationToken(credentials, { name }, target);
        if (!federated.ok) return stsFailure(federated.error);
        credentials = federated.value.credentials;
        output.protect(credentials);
        origin = 'federation-token';
        steps.push(
          `These are long-term keys of ${caller.arn}; called GetFederationToken as "${name}" ` +
            '(the console allows what both the user and its allow-all session policy allow).',
        );
        identity = {
          arn: federated.value.arn,
          account: caller.account,
          classification: classifyCredentials(credentials, federated.value.arn),
        };
        break;
      }
      case 'iam-user-session':
      case 'root-session':
        return fail(
          output,
          json,
          'SessionTokenCredentials',
          `${classification.summary}\nGive --role-arn ARN (and --mfa-serial/--mfa-code if the ` +
            'role requires MFA) to assume a role with them and sign in as that role.',
        );
      default:
        origin = 'unknown';
    }
  }

  const result = await createSigninUrl({
    credentials,
    origin,
    fetch: io.fetch,
    ...(io.networkLimits ? { limits: io.networkLimits } : {}),
    ...(loaded.region ? { region: loaded.region } : {}),
    ...(identity.classification.partition ? { partition: identity.classification.partition } : {}),
    ...(destination ? { destination } : {}),
    ...(duration !== undefined ? { sessionDuration: duration } : {}),
    ...(signinEndpoint ? { signinEndpoint } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
  });
  if (!result.ok) return fail(output, json, result.error.code, result.error.message);
  const link = result.value;
  if (json) {
    jsonOut(output, {
      ok: true,
      url: link.url,
      bearerLink: true,
      notice: LOGIN_LINK_NOTICE,
      linkExpiresAt: link.linkExpiresAt,
      destination: link.destination,
      partition: link.partition,
      identity: { arn: identity.arn, kind: identity.classification.principal },
      sessionDurationApplied: link.sessionDurationApplied,
      steps,
      notes: link.notes,
    });
  } else {
    for (const step of steps) output.err(`${step}\n`);
    output.err(`Signing in as ${identity.arn} (${link.partition}) to ${link.destination}\n`);
    for (const note of link.notes) output.err(`note: ${note}\n`);
    output.err(`${LOGIN_LINK_NOTICE} (valid until ${link.linkExpiresAt})\n`);
    output.out(`${link.url}\n`);
  }
  return 0;
};
