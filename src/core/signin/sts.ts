// STS calls through @aws-sdk/client-sts: AssumeRole, GetFederationToken, GetCallerIdentity and
// DecodeAuthorizationMessage, always against the partition's regional STS host (or an explicit
// endpoint). The SDK is imported lazily so that bundles load it only when STS is used.
//
// Failures come back as values, never thrown, with the code, message and request id AWS sent
// and a text in the AWS CLI's wording that the access-error explainer understands.

import {
  lookupPartition,
  type Partition,
  type PartitionId,
  partitionById,
  partitionOfRegion,
  stsHost,
} from '../partitions.js';
import { type AwsCredentials, redactSecrets } from './credentials.js';
import { checkStsEndpoint } from './endpoints.js';
import {
  boundedSdkHandler,
  type FetchLike,
  fetchFailure,
  globalFetch,
  NetworkLimitError,
  type NetworkLimits,
} from './http.js';

export interface StsTarget {
  /** Region to call and sign for; defaults to the partition's home region. */
  region?: string;
  /** Partition when no region is given; defaults to the region's partition, else `aws`. */
  partition?: PartitionId;
  /**
   * Full endpoint URL overriding the partition's STS host: an https STS host of the partition
   * (regional, FIPS, global or an interface VPC endpoint) or loopback for tests; anything else is
   * refused before a request is made.
   */
  endpoint?: string;
  /** The fetch requests go through; the runtime's own by default. */
  fetch?: FetchLike;
  /** Tighter time and size limits than the defaults, which suit AWS (tests use this). */
  limits?: Partial<NetworkLimits>;
}

export interface StsError {
  /**
   * AWS error code (AccessDenied, ExpiredToken, …); NetworkError, NoAnswer (no answer in time),
   * AnswerTooLarge or NotAnAwsAnswer (something other than STS answered); or InvalidInput.
   */
  code: string;
  message: string;
  requestId?: string;
  operation: StsOperation;
  /**
   * `An error occurred (<code>) when calling the <operation> operation: <message>` for what STS
   * answered; the message alone when STS never answered, so nothing reads as AWS's words.
   */
  explainableText: string;
}

export type StsOperation =
  | 'AssumeRole'
  | 'GetFederationToken'
  | 'GetCallerIdentity'
  | 'DecodeAuthorizationMessage';

export type StsResult<T> =
  | { ok: true; value: T; requestId?: string }
  | { ok: false; error: StsError };

/** Where STS credentials came from; decides whether SessionDuration may go to getSigninToken. */
export type IssuedOrigin = 'assume-role' | 'assume-role-chained' | 'federation-token';

export interface IssuedCredentials {
  credentials: AwsCredentials & { sessionToken: string };
  origin: IssuedOrigin;
  /** ARN of the new session (assumed-role or federated-user). */
  arn: string;
}

export interface CallerIdentity {
  arn: string;
  account: string;
  userId: string;
}

export interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  mfaSerial?: string;
  mfaCode?: string;
  externalId?: string;
  sourceIdentity?: string;
  tags?: Array<{ key: string; value: string }>;
  /** Whether the calling credentials are themselves a role session (role chaining). */
  callerIsRoleSession?: boolean;
}

export interface FederationTokenInput {
  name: string;
  durationSeconds?: number;
  /** Inline session policy; the federated user gets what the IAM user and this allow. */
  policy?: string;
  policyArns?: string[];
}

/** Session policy allowing everything, so the federated user keeps the IAM user's permissions. */
export const ALLOW_ALL_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

interface ResolvedTarget {
  partition: Partition;
  region: string;
  endpoint: string;
}

/** The endpoint and signing region for a call; a message when the target is inconsistent. */
export function resolveStsTarget(target: StsTarget = {}): ResolvedTarget | { error: string } {
  let partition: Partition | undefined;
  let endpoint: ReturnType<typeof checkStsEndpoint> | undefined;
  if (target.endpoint !== undefined) {
    // Without a region or partition, an AWS host decides the partition itself.
    const given = target.region !== undefined || target.partition !== undefined;
    endpoint = checkStsEndpoint(target.endpoint);
    if (!endpoint.ok) return { error: endpoint.error };
    if (!given && endpoint.partition) {
      return {
        partition: endpoint.partition,
        region: endpoint.region ?? endpoint.partition.homeRegion,
        endpoint: endpoint.url,
      };
    }
  }
  try {
    const fromRegion = target.region ? partitionOfRegion(target.region) : undefined;
    if (target.region && !fromRegion) {
      return { error: `"${target.region}" is not an AWS region name (such as eu-west-1).` };
    }
    const named = target.partition ? partitionById(target.partition) : undefined;
    if (fromRegion && named && fromRegion.id !== named.id) {
      return {
        error: `The region ${target.region} belongs to ${fromRegion.id}, not to ${named.id}.`,
      };
    }
    partition = fromRegion ?? named ?? partitionById('aws');
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (!partition) return { error: 'Unknown partition.' };
  const region = target.region ?? partition.homeRegion;
  if (target.endpoint !== undefined) {
    const checked = checkStsEndpoint(target.endpoint, partition);
    if (!checked.ok) return { error: checked.error };
    // The host's region is the one to sign for; a loopback stand-in takes the target's.
    return { partition, region: checked.region ?? region, endpoint: checked.url };
  }
  return { partition, region, endpoint: `https://${stsHost(partition, region)}` };
}

function inputError(operation: StsOperation, message: string): { ok: false; error: StsError } {
  return {
    ok: false,
    error: {
      code: 'InvalidInput',
      message,
      operation,
      explainableText: message,
    },
  };
}

interface SdkLikeError {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  code?: unknown;
  $metadata?: { requestId?: unknown; httpStatusCode?: unknown };
  $response?: { statusCode?: unknown; headers?: Record<string, unknown> };
}

/** The AWS CLI's wording for a failed call, which the access-error explainer reads. */
export function cliStyleError(code: string, operation: string, message: string): string {
  return `An error occurred (${code}) when calling the ${operation} operation: ${message}`;
}

/**
 * What to say when something answered with an HTTP status but not with STS's XML (the SDK then
 * knows no error code): a proxy's error page, a captive portal, a web server at a wrong address.
 */
function notAwsAnswer(error: SdkLikeError, endpoint: string | undefined): string | undefined {
  if (error.$response === undefined || typeof error.Code === 'string') return undefined;
  const status = error.$response.statusCode ?? error.$metadata?.httpStatusCode;
  const type = error.$response.headers?.['content-type'];
  const shownType = typeof type === 'string' && type.length < 100 ? `, ${type}` : '';
  return (
    `The STS endpoint${endpoint ? ` ${endpoint}` : ''} answered HTTP ${String(status)}` +
    `${shownType}, but not with AWS's XML, so the answer did not come from STS: check the ` +
    'endpoint, proxy or VPC endpoint.'
  );
}

/** Turns whatever the SDK threw into a plain StsError without any secret in it. */
export function toStsError(
  operation: StsOperation,
  thrown: unknown,
  credentials?: Pick<AwsCredentials, 'secretAccessKey' | 'sessionToken'>,
  endpoint?: string,
): StsError {
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as SdkLikeError;
  const status = error.$metadata?.httpStatusCode;
  const fromService = typeof status === 'number' || error.$response !== undefined;
  let code =
    typeof error.Code === 'string'
      ? error.Code
      : typeof error.name === 'string' && error.name !== 'Error'
        ? error.name
        : 'UnknownError';
  let message = typeof error.message === 'string' ? error.message : String(thrown);
  const foreign = fromService ? notAwsAnswer(error, endpoint) : undefined;
  const answeredByAws = fromService && !foreign && !(thrown instanceof NetworkLimitError);
  if (thrown instanceof NetworkLimitError) {
    // The message already names the host and what to check.
    code = thrown.name;
  } else if (foreign) {
    code = 'NotAnAwsAnswer';
    message = foreign;
  } else if (!fromService) {
    const reason = fetchFailure(thrown);
    message =
      `Could not reach the STS endpoint${endpoint ? ` ${endpoint}` : ''} ` +
      `(${reason.code ?? code}): ${reason.text}`;
    code = 'NetworkError';
  }
  message = redactSecrets(message, credentials);
  const requestId =
    typeof error.$metadata?.requestId === 'string' ? error.$metadata.requestId : undefined;
  return {
    code,
    message,
    ...(requestId ? { requestId } : {}),
    operation,
    explainableText: answeredByAws ? cliStyleError(code, operation, message) : message,
  };
}

type StsModule = typeof import('@aws-sdk/client-sts');

let sdk: Promise<StsModule> | undefined;

function loadSdk(): Promise<StsModule> {
  sdk ??= import('@aws-sdk/client-sts');
  return sdk;
}

async function withClient<T>(
  operation: StsOperation,
  credentials: AwsCredentials,
  target: StsTarget,
  call: (module: StsModule, client: InstanceType<StsModule['STSClient']>) => Promise<T>,
): Promise<StsResult<T>> {
  const resolved = resolveStsTarget(target);
  if ('error' in resolved) return inputError(operation, resolved.error);
  let client: InstanceType<StsModule['STSClient']> | undefined;
  try {
    const module = await loadSdk();
    client = new module.STSClient({
      region: resolved.region,
      endpoint: resolved.endpoint,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      },
      // One retry for throttling or a dropped connection; authorization errors are not retried.
      maxAttempts: 2,
      requestHandler: boundedSdkHandler(target.fetch ?? globalFetch(), target.limits),
    });
    const value = await call(module, client);
    return { ok: true, value };
  } catch (thrown) {
    return { ok: false, error: toStsError(operation, thrown, credentials, resolved.endpoint) };
  } finally {
    client?.destroy();
  }
}

function issued(
  raw:
    | {
        AccessKeyId?: string | undefined;
        SecretAccessKey?: string | undefined;
        SessionToken?: string | undefined;
        Expiration?: Date | undefined;
      }
    | undefined,
  region: string | undefined,
): IssuedCredentials['credentials'] {
  if (!raw?.AccessKeyId || !raw.SecretAccessKey || !raw.SessionToken) {
    throw Object.assign(new Error('STS answered without complete credentials.'), {
      name: 'IncompleteResponse',
      $metadata: { httpStatusCode: 200 },
    });
  }
  return {
    accessKeyId: raw.AccessKeyId,
    secretAccessKey: raw.SecretAccessKey,
    sessionToken: raw.SessionToken,
    ...(raw.Expiration ? { expiration: raw.Expiration.toISOString() } : {}),
    ...(region ? { region } : {}),
  };
}

const NAME_PATTERN = /^[\w+=,.@-]+$/;

/** Assumes a role; with MFA serial and code when the role's trust policy asks for MFA. */
export async function assumeRole(
  caller: AwsCredentials,
  input: AssumeRoleInput,
  target: StsTarget = {},
): Promise<StsResult<IssuedCredentials>> {
  const operation = 'AssumeRole';
  if (!/^arn:[a-z-]{3,20}:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(input.roleArn)) {
    return inputError(
      operation,
      `"${input.roleArn}" is not a role ARN (arn:<partition>:iam::<12-digit account>:role/<name>).`,
    );
  }
  const name = input.sessionName;
  if (name.length < 2 || name.length > 64 || !NAME_PATTERN.test(name)) {
    return inputError(
      operation,
      'The session name must be 2 to 64 characters of letters, digits and +=,.@_-.',
    );
  }
  if ((input.mfaSerial === undefined) !== (input.mfaCode === undefined)) {
    return inputError(operation, 'MFA needs both the device serial (ARN) and the current code.');
  }
  if (input.mfaCode !== undefined && !/^\d{6}$/.test(input.mfaCode)) {
    return inputError(operation, 'The MFA code must be the 6 digits your device shows now.');
  }
  const region = target.region ?? caller.region;
  const effectiveTarget = { ...target, ...(region ? { region } : {}) };
  const rolePartition = lookupPartition(input.roleArn.split(':')[1] ?? '');
  if (!rolePartition.ok) return inputError(operation, rolePartition.error);
  const resolved = resolveStsTarget(effectiveTarget);
  if (!('error' in resolved) && resolved.partition.id !== rolePartition.partition.id) {
    return inputError(
      operation,
      `The role is in ${rolePartition.partition.name} (${rolePartition.partition.id}), but the ` +
        `credentials are used in ${resolved.partition.name} (${resolved.partition.id}); a role ` +
        'can only be assumed with credentials of its own partition (give the region of the ' +
        "role's partition if the credentials belong there).",
    );
  }
  // A temporary caller of unknown kind counts as a role session: SessionDuration then stays
  // away from getSigninToken, which is what chained credentials need.
  const chained =
    input.callerIsRoleSession ??
    (caller.accessKeyId.startsWith('ASIA') || caller.sessionToken !== undefined);
  return withClient(operation, caller, effectiveTarget, async (module, client) => {
    const output = await client.send(
      new module.AssumeRoleCommand({
        RoleArn: input.roleArn,
        RoleSessionName: name,
        ...(input.durationSeconds !== undefined ? { DurationSeconds: input.durationSeconds } : {}),
        ...(input.mfaSerial ? { SerialNumber: input.mfaSerial, TokenCode: input.mfaCode } : {}),
        ...(input.externalId !== undefined ? { ExternalId: input.externalId } : {}),
        ...(input.sourceIdentity !== undefined ? { SourceIdentity: input.sourceIdentity } : {}),
        ...(input.tags?.length
          ? { Tags: input.tags.map(({ key, value }) => ({ Key: key, Value: value })) }
          : {}),
      }),
    );
    return {
      credentials: issued(output.Credentials, region),
      origin: chained ? 'assume-role-chained' : 'assume-role',
      arn: output.AssumedRoleUser?.Arn ?? '',
    } satisfies IssuedCredentials;
  });
}

/** GetFederationToken with long-term keys; the name must be valid (see federationNameFrom). */
export async function getFederationToken(
  caller: AwsCredentials,
  input: FederationTokenInput,
  target: StsTarget = {},
): Promise<StsResult<IssuedCredentials>> {
  const operation = 'GetFederationToken';
  if (!/^[\w+=,.@-]{2,32}$/.test(input.name)) {
    return inputError(
      operation,
      'The federated user name must be 2 to 32 characters of letters, digits and +=,.@_-.',
    );
  }
  if (caller.sessionToken) {
    return inputError(
      operation,
      'GetFederationToken needs the long-term keys of an IAM user (AKIA…); AWS refuses it ' +
        'with session credentials.',
    );
  }
  const region = target.region ?? caller.region;
  const effectiveTarget = { ...target, ...(region ? { region } : {}) };
  return withClient(operation, caller, effectiveTarget, async (module, client) => {
    const output = await client.send(
      new module.GetFederationTokenCommand({
        Name: input.name,
        ...(input.durationSeconds !== undefined ? { DurationSeconds: input.durationSeconds } : {}),
        Policy: input.policy ?? (input.policyArns?.length ? undefined : ALLOW_ALL_POLICY),
        ...(input.policyArns?.length
          ? { PolicyArns: input.policyArns.map((arn) => ({ arn })) }
          : {}),
      }),
    );
    return {
      credentials: issued(output.Credentials, region),
      origin: 'federation-token',
      arn: output.FederatedUser?.Arn ?? '',
    } satisfies IssuedCredentials;
  });
}

export async function getCallerIdentity(
  credentials: AwsCredentials,
  target: StsTarget = {},
): Promise<StsResult<CallerIdentity>> {
  const region = target.region ?? credentials.region;
  const effectiveTarget = { ...target, ...(region ? { region } : {}) };
  return withClient('GetCallerIdentity', credentials, effectiveTarget, async (module, client) => {
    const output = await client.send(new module.GetCallerIdentityCommand({}));
    return { arn: output.Arn ?? '', account: output.Account ?? '', userId: output.UserId ?? '' };
  });
}

/** Decodes the encoded message of an authorization failure; the answer is a JSON document. */
export async function decodeAuthorizationMessage(
  credentials: AwsCredentials,
  encodedMessage: string,
  target: StsTarget = {},
): Promise<StsResult<string>> {
  const message = extractEncodedMessage(encodedMessage);
  if (!message) {
    return inputError(
      'DecodeAuthorizationMessage',
      'No encoded authorization message was found. Paste the long text after ' +
        '"Encoded authorization failure message:".',
    );
  }
  const region = target.region ?? credentials.region;
  const effectiveTarget = { ...target, ...(region ? { region } : {}) };
  return withClient(
    'DecodeAuthorizationMessage',
    credentials,
    effectiveTarget,
    async (module, client) => {
      const output = await client.send(
        new module.DecodeAuthorizationMessageCommand({ EncodedMessage: message }),
      );
      return output.DecodedMessage ?? '';
    },
  );
}

/**
 * The encoded message out of whatever was pasted: the bare message, or an error text holding
 * "Encoded authorization failure message: <message>".
 */
export function extractEncodedMessage(text: string): string | undefined {
  if (text.length > 100_000) return undefined;
  const marker = /encoded authorization failure message:?[ \t\r\n]{0,8}([A-Za-z0-9_\-+/=]{20,})/i;
  const fromError = marker.exec(text)?.[1];
  if (fromError) return fromError;
  const bare = text.trim();
  return /^[A-Za-z0-9_\-+/=]{20,}$/.test(bare) ? bare : undefined;
}
