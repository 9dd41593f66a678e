import { explainText } from '../../core/access/index.js';
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
} from '../../core/signin/credentials.js';
import {
  createSigninUrl,
  LOGIN_LINK_NOTICE,
  type SigninOrigin,
} from '../../core/signin/federation.js';
import {
  assumeRole,
  type CallerIdentity,
  getCallerIdentity,
  getFederationToken,
  type StsError,
  type StsTarget,
} from '../../core/signin/sts.js';
import { type CliIo, type Command, EXIT_USAGE } from '../io.js';
import { formatExplanation } from './explain.js';

// `role-doctor console-url`: credentials in, console sign-in link out. Every line written goes
// through a filter that removes the secret access keys and session tokens this run has seen.

export const CREDENTIAL_OPTIONS_HELP = `Credential options:
  --credentials FILE|-   read credentials from FILE or standard input (any common format:
                         export lines, fish, PowerShell, cmd, aws sts JSON, credential_process
                         JSON, a credentials-file block); default: AWS_ACCESS_KEY_ID and the
                         other AWS_* environment variables
  --profile NAME         profile to take when the credentials file holds several
  --region R             region (decides the partition: GovCloud, China, EUSC, commercial)
  --sts-endpoint URL     STS endpoint instead of the partition's regional STS host
  --json                 machine-readable output
`;

const USAGE = `Usage: role-doctor console-url [options]

Turns credentials into an AWS console sign-in link (federation endpoint).

Options:
  --destination SERVICE|URL  where to land: a service (ec2, s3, iam, lambda, ...), a console
                             path (/ec2/home) or a console URL of the same partition
  --duration S               console session length, 900-43200 seconds (AssumeRole credentials
                             only; dropped for chained and federation credentials)
  --signin-endpoint URL      federation endpoint instead of the partition's sign-in host
  --issuer URL               where the console sends you when the session ends
  --role-arn ARN             assume this role first (with --session-name, --external-id,
                             --mfa-serial and --mfa-code when the role needs them)
  --federation-name NAME     name for GetFederationToken when given long-term keys
                             (default: the IAM user name, cut to 32 characters)
${CREDENTIAL_OPTIONS_HELP}
The link is a bearer link: anyone holding it within 15 minutes gets the session.
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
    if (!arg.startsWith('--') || arg === '--') {
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
  const parseOptions = { now: Date.now(), ...(profile ? { profile } : {}) };
  let parsed: ParseCredentialsResult | undefined;
  if (typeof source === 'string') {
    let text: string;
    try {
      text = source === '-' ? await io.readStdin() : await io.readFile(source);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      return { error: `cannot read the credentials file "${source}" (${code}).` };
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
  if (!parsed.ok) return { error: parsed.error };
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
    target: { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) },
  };
}

/**
 * Text for an STS failure: AWS's code and message, request id, and the access-error explainer's
 * reading of it.
 */
export function describeStsError(error: StsError, regionGiven: boolean): string {
  const lines = [error.explainableText];
  if (error.requestId) lines.push(`Request id: ${error.requestId}`);
  const hint = STS_HINTS[error.code];
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
  AccessDenied:
    'The caller is not allowed to do this. For AssumeRole: the role trust policy must trust ' +
    "the caller, the caller's own policies must allow sts:AssumeRole on the role, and any MFA " +
    'or ExternalId the trust policy asks for must be given.',
};

interface Identity {
  arn: string;
  account: string;
  classification: CredentialClass;
}

function jsonOut(output: SafeOutput, value: unknown): void {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}

function fail(output: SafeOutput, json: boolean, code: string, message: string): number {
  if (json) jsonOut(output, { ok: false, error: { code, message } });
  else output.err(`role-doctor console-url: ${message}${message.endsWith('\n') ? '' : '\n'}`);
  return 1;
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
    io.stderr(`role-doctor console-url: ${parsedArgs.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { options, positional } = parsedArgs;
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positional.length > 0) {
    io.stderr(`role-doctor console-url: unexpected argument "${positional[0]}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const str = (name: string) => (typeof options[name] === 'string' ? options[name] : undefined);
  let duration: number | undefined;
  if (str('duration') !== undefined) {
    duration = Number(str('duration'));
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      io.stderr('role-doctor console-url: --duration must be 900 to 43200 seconds.\n');
      return EXIT_USAGE;
    }
  }
  if ((str('mfa-serial') === undefined) !== (str('mfa-code') === undefined)) {
    io.stderr('role-doctor console-url: --mfa-serial and --mfa-code go together.\n');
    return EXIT_USAGE;
  }
  const json = options.json === true;
  const output = new SafeOutput(io);
  const loaded = await loadCredentials(options, io);
  if ('error' in loaded) {
    if (loaded.usage) {
      io.stderr(`role-doctor console-url: ${loaded.error}\n`);
      return EXIT_USAGE;
    }
    return fail(output, json, 'InvalidCredentials', loaded.error);
  }
  const { parsed, target } = loaded;
  let credentials: AwsCredentials = parsed.credentials;
  output.protect(credentials);
  const regionGiven = loaded.region !== undefined;
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

  const roleArn = str('role-arn');
  if (roleArn) {
    const mfaSerial = str('mfa-serial');
    const mfaCode = str('mfa-code');
    const externalId = str('external-id');
    const assumed = await assumeRole(
      credentials,
      {
        roleArn,
        sessionName:
          str('session-name') ?? federationNameFrom(classification.name ?? 'role-doctor'),
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
        const name = str('federation-name') ?? federationNameFrom(classification.name ?? 'root');
        if (!isValidFederationName(name)) {
          return fail(
            output,
            json,
            'InvalidInput',
            '--federation-name must be 2 to 32 characters of letters, digits and +=,.@_-.',
          );
        }
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

  const destination = str('destination');
  const signinEndpoint = str('signin-endpoint');
  const issuer = str('issuer');
  const result = await createSigninUrl({
    credentials,
    origin,
    fetch: io.fetch,
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
