// Console sign-in from temporary credentials through the federation endpoint: getSigninToken on
// the credentials' partition sign-in host, then the login link with Issuer and Destination.
//
// The session credentials go to exactly one place, the getSigninToken request AWS requires.
// The login link carries only the sign-in token, but that token is itself a bearer credential.

import {
  consoleHost,
  type Partition,
  type PartitionId,
  parseAwsHost,
  partitionById,
  partitionOfRegion,
  signinHost,
} from '../partitions.js';
import { type AwsCredentials, redactSecrets } from './credentials.js';
import { checkSigninEndpoint } from './endpoints.js';
import {
  bodyText,
  boundedRequest,
  type FetchLike,
  fetchFailure,
  NetworkLimitError,
  type NetworkLimits,
} from './http.js';

export const LOGIN_LINK_VALIDITY_MINUTES = 15;

/** To show wherever a login link is shown. */
export const LOGIN_LINK_NOTICE =
  'This sign-in link is a bearer credential: anyone who opens it within 15 minutes of its ' +
  'creation gets this console session. Do not paste it into chats, tickets or logs.';

export const SESSION_DURATION_MIN = 900;
export const SESSION_DURATION_MAX = 43_200;

/**
 * How the credentials were made, as far as is known. Only 'assume-role' may carry
 * SessionDuration; 'assume-role-chained' and 'federation-token' never do, and 'session-token'
 * and 'long-term' credentials cannot sign in at all.
 */
export type SigninOrigin =
  | 'assume-role'
  | 'assume-role-chained'
  | 'federation-token'
  | 'session-token'
  | 'long-term'
  | 'unknown';

interface ServiceEntry {
  path: string;
  /** Global services take no region in their console URL. */
  global?: boolean;
}

/** Shortcut names for `--destination`, mapped to console paths. */
export const SERVICE_SHORTCUTS: Readonly<Record<string, ServiceEntry>> = {
  home: { path: 'console/home' },
  console: { path: 'console/home' },
  acm: { path: 'acm/home' },
  apigateway: { path: 'apigateway/main' },
  athena: { path: 'athena/home' },
  billing: { path: 'billing/home', global: true },
  cloudformation: { path: 'cloudformation/home' },
  cfn: { path: 'cloudformation/home' },
  cloudfront: { path: 'cloudfront/v4/home', global: true },
  cloudtrail: { path: 'cloudtrail/home' },
  cloudwatch: { path: 'cloudwatch/home' },
  cw: { path: 'cloudwatch/home' },
  codebuild: { path: 'codesuite/codebuild/home' },
  codepipeline: { path: 'codesuite/codepipeline/home' },
  config: { path: 'config/home' },
  dynamodb: { path: 'dynamodbv2/home' },
  ddb: { path: 'dynamodbv2/home' },
  ec2: { path: 'ec2/home' },
  ecr: { path: 'ecr/home' },
  ecs: { path: 'ecs/v2/home' },
  eks: { path: 'eks/home' },
  elasticache: { path: 'elasticache/home' },
  eventbridge: { path: 'events/home' },
  glue: { path: 'glue/home' },
  guardduty: { path: 'guardduty/home' },
  iam: { path: 'iam/home', global: true },
  kinesis: { path: 'kinesis/home' },
  kms: { path: 'kms/home' },
  lambda: { path: 'lambda/home' },
  logs: { path: 'cloudwatch/home' },
  organizations: { path: 'organizations/v2/home', global: true },
  rds: { path: 'rds/home' },
  route53: { path: 'route53/v2/home', global: true },
  r53: { path: 'route53/v2/home', global: true },
  s3: { path: 's3/home', global: true },
  sagemaker: { path: 'sagemaker/home' },
  secretsmanager: { path: 'secretsmanager/home' },
  securityhub: { path: 'securityhub/home' },
  sns: { path: 'sns/v3/home' },
  sqs: { path: 'sqs/v3/home' },
  ssm: { path: 'systems-manager/home' },
  sso: { path: 'singlesignon/home' },
  stepfunctions: { path: 'states/home' },
  support: { path: 'support/home', global: true },
  trustedadvisor: { path: 'trustedadvisor/home', global: true },
  vpc: { path: 'vpcconsole/home' },
  waf: { path: 'wafv2/homev2' },
};

/** First path segments of the services whose console has no region (iam, s3, billing, …). */
const GLOBAL_CONSOLE_PATHS = new Set(
  Object.values(SERVICE_SHORTCUTS)
    .filter((entry) => entry.global)
    .map((entry) => entry.path.split('/')[0]),
);

// A console path as people copy it from the address bar: path, query and fragment made of URL
// characters only, so that nothing in it can end the URL or name another host (no spaces,
// quotes, angle brackets or backslashes, and no `//` at the start).
const URL_CHARACTERS = "A-Za-z0-9\\-._~%!$&'()*+,;=:@/";
const CONSOLE_PATH = new RegExp(
  `^/?([A-Za-z0-9][${URL_CHARACTERS}]{0,500})` +
    `(\\?[${URL_CHARACTERS}?]{0,2000})?(#[${URL_CHARACTERS}?]{0,2000})?$`,
);

export type DestinationResult =
  | { ok: true; url: string; partition: Partition; region?: string }
  | { ok: false; error: string };

/** The partition for a region, or an explanation. */
export function resolvePartition(
  region: string | undefined,
  partitionId?: PartitionId,
): { ok: true; partition: Partition } | { ok: false; error: string } {
  try {
    const fromRegion = region ? partitionOfRegion(region) : undefined;
    if (region && !fromRegion) {
      return { ok: false, error: `"${region}" is not an AWS region name (such as eu-west-1).` };
    }
    const named = partitionId ? partitionById(partitionId) : undefined;
    if (partitionId && !named) return { ok: false, error: `Unknown partition "${partitionId}".` };
    if (fromRegion && named && fromRegion.id !== named.id) {
      return {
        ok: false,
        error:
          `The region ${region} belongs to ${fromRegion.id}, but the credentials to ` +
          `${named.id}.`,
      };
    }
    const partition = fromRegion ?? named ?? partitionById('aws');
    return partition ? { ok: true, partition } : { ok: false, error: 'No partition.' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

interface ParsedUrl {
  scheme: string;
  host: string;
  rest: string;
}

function splitUrl(url: string): ParsedUrl | undefined {
  const match = /^(https?):\/\/([^/?#\s@]{1,253})([/?#][^\s]{0,4000})?$/i.exec(url.trim());
  if (!match) return undefined;
  return {
    scheme: (match[1] ?? '').toLowerCase(),
    host: (match[2] ?? '').toLowerCase(),
    rest: match[3] ?? '/',
  };
}

/**
 * The console URL to land on: a service shortcut (`s3`, `ec2`, …), a console path
 * (`/ec2/home`) or a full console URL, which must be on a console host of the same partition.
 */
export function resolveDestination(
  destination: string | undefined,
  partition: Partition,
  region?: string,
): DestinationResult {
  const wanted = (destination ?? 'home').trim();
  if (/^https?:\/\//i.test(wanted)) {
    const parsed = splitUrl(wanted);
    const host = parsed ? parseAwsHost(parsed.host.replace(/:\d+$/, '')) : undefined;
    if (parsed?.scheme !== 'https' || !host || host.kind !== 'console') {
      return {
        ok: false,
        error:
          `The destination "${wanted}" is not an AWS console URL; give a URL on ` +
          `${partition.consoleDomain} or a service name such as ec2 or s3.`,
      };
    }
    if (host.partition.id !== partition.id) {
      return {
        ok: false,
        error:
          `The destination is a ${host.partition.name} console URL, but the credentials belong ` +
          `to ${partition.name} (${partition.consoleDomain}); a session of one partition cannot ` +
          'open the console of another.',
      };
    }
    return { ok: true, url: wanted, partition, ...(host.region ? { region: host.region } : {}) };
  }
  const entry: ServiceEntry | undefined = SERVICE_SHORTCUTS[wanted.toLowerCase()];
  if (!entry) {
    if (wanted.includes('/')) return resolveConsolePath(wanted, partition, region);
    const names = Object.keys(SERVICE_SHORTCUTS).slice(0, 12).join(', ');
    return {
      ok: false,
      error:
        `Unknown destination "${wanted}". Give a service (${names}, …), a console path such as ` +
        '/ec2/home?region=eu-west-1, or a full console URL.',
    };
  }
  if (entry.global || !region) {
    return { ok: true, url: `https://${consoleHost(partition)}/${entry.path}`, partition };
  }
  return {
    ok: true,
    url:
      `https://${consoleHost(partition, region)}/${entry.path}` +
      `?region=${encodeURIComponent(region)}`,
    partition,
    region,
  };
}

/**
 * A console path (`/ec2/home?region=eu-west-1#Instances:`) on the partition's console host: the
 * region host of the region the query names, else of `region`, which is then added to the
 * query; the bare host for global services.
 */
function resolveConsolePath(
  wanted: string,
  partition: Partition,
  region: string | undefined,
): DestinationResult {
  const parts = CONSOLE_PATH.exec(wanted);
  if (!parts) {
    return {
      ok: false,
      error:
        `The destination "${wanted.slice(0, 80)}" is not a console path: give the part of a ` +
        'console address after the host, starting with / (such as /ec2/home?region=eu-west-1' +
        '#Instances:), with spaces, quotes and other special characters percent-encoded.',
    };
  }
  const path = parts[1] ?? '';
  const search = (parts[2] ?? '').slice(1);
  const fragment = parts[3] ?? '';
  let named: string | undefined;
  try {
    named = decodeURIComponent(/(?:^|&)region=([^&]*)/.exec(search)?.[1] ?? '') || undefined;
  } catch {
    named = undefined;
  }
  if (named !== undefined) {
    const problem = regionProblem(named, partition);
    if (problem) return { ok: false, error: problem };
  }
  const service = path.split('/')[0]?.toLowerCase() ?? '';
  const regional = !GLOBAL_CONSOLE_PATHS.has(service);
  const used = regional ? (named ?? region) : undefined;
  const query =
    used && named === undefined
      ? `${search ? `${search}&` : ''}region=${encodeURIComponent(used)}`
      : search;
  const tail = `${query ? `?${query}` : ''}${fragment}`;
  const url = `https://${consoleHost(partition, used)}/${path}${tail}`;
  // Built from the partition table, so always a console host of the partition; checked all the
  // same, like a full URL, before a link is made to it.
  const host = parseAwsHost(splitUrl(url)?.host ?? '');
  if (host?.kind !== 'console' || host.partition.id !== partition.id) {
    return { ok: false, error: `The destination "${wanted}" does not lead to the AWS console.` };
  }
  return { ok: true, url, partition, ...(used ? { region: used } : {}) };
}

/** Why the region a destination names cannot be used with the partition, or undefined. */
function regionProblem(region: string, partition: Partition): string | undefined {
  let owner: Partition | undefined;
  try {
    owner = partitionOfRegion(region);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (!owner) {
    return (
      `The destination names "${region.slice(0, 40)}" as its region, which is not an AWS ` +
      'region name (such as eu-west-1).'
    );
  }
  if (owner.id !== partition.id) {
    return (
      `The destination is in ${region}, a region of ${owner.name}, but the credentials belong ` +
      `to ${partition.name} (${partition.consoleDomain}); a session of one partition cannot ` +
      'open the console of another.'
    );
  }
  return undefined;
}

export interface SigninUrlRequest {
  credentials: AwsCredentials;
  origin: SigninOrigin;
  fetch: FetchLike;
  /** Region for the destination; also decides the partition when `partition` is not given. */
  region?: string;
  partition?: PartitionId;
  destination?: string;
  /** Console session length in seconds (900–43200); only sent for non-chained AssumeRole. */
  sessionDuration?: number;
  /** Where the console sends the user when the session ends (https only); empty by default. */
  issuer?: string;
  /**
   * Federation endpoint overriding the partition's sign-in host: a sign-in host of the partition
   * over https, or loopback (`http://127.0.0.1:1/`) for tests. Anything else is refused before
   * the credentials are sent.
   */
  signinEndpoint?: string;
  /** Tighter time and size limits for getSigninToken than the defaults (tests use this). */
  limits?: Partial<NetworkLimits>;
}

export interface SigninUrl {
  url: string;
  /** When the login link stops working (15 minutes after creation). */
  linkExpiresAt: string;
  destination: string;
  federationEndpoint: string;
  partition: PartitionId;
  /** Whether SessionDuration was accepted; false when omitted or dropped after a 400. */
  sessionDurationApplied: boolean;
  notes: string[];
  notice: string;
}

export type SigninUrlResult =
  | { ok: true; value: SigninUrl }
  | { ok: false; error: { code: string; message: string; status?: number } };

function refuse(code: string, message: string, status?: number): SigninUrlResult {
  return { ok: false, error: { code, message, ...(status !== undefined ? { status } : {}) } };
}

/**
 * Why an Issuer cannot be used, or undefined. The console sends the user to it when the session
 * ends, so only an https address is taken: a javascript: or data: URL would run in the page.
 */
export function issuerProblem(issuer: string): string | undefined {
  if (/^https:\/\/[a-z0-9.-]{1,253}(?::\d{1,5})?(?:[/?#][^\s"'<>\\`]{0,2000})?$/i.test(issuer)) {
    return undefined;
  }
  return (
    'The issuer must be an https:// address (the page to return to when the console session ' +
    'ends), without spaces or quotes.'
  );
}

function query(params: Array<[string, string]>): string {
  return params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

/**
 * Builds a console login link from temporary credentials. The credentials are sent only in the
 * getSigninToken request; nothing returned here (including error messages) contains them.
 */
export async function createSigninUrl(
  request: SigninUrlRequest,
  now: number = Date.now(),
): Promise<SigninUrlResult> {
  const { credentials, origin } = request;
  if (origin === 'long-term' || !credentials.sessionToken) {
    return refuse(
      'LongTermCredentials',
      'Long-term access keys cannot open the console. Use them to call GetFederationToken ' +
        '(an IAM user) or AssumeRole, and sign in with the temporary credentials that returns.',
    );
  }
  if (origin === 'session-token') {
    return refuse(
      'SessionTokenCredentials',
      'These are GetSessionToken credentials, which the console refuses ("Only federation ' +
        'tokens or assume role tokens may be used for federated login"). Assume a role with ' +
        'them (AssumeRole, with MFA if needed) and sign in with the role credentials.',
    );
  }
  const resolved = resolvePartition(request.region ?? credentials.region, request.partition);
  if (!resolved.ok) return refuse('InvalidInput', resolved.error);
  const partition = resolved.partition;
  const region = request.region ?? credentials.region;
  const destination = resolveDestination(request.destination, partition, region);
  if (!destination.ok) return refuse('InvalidDestination', destination.error);
  let endpoint = `https://${signinHost(partition)}/federation`;
  if (request.signinEndpoint !== undefined) {
    const checked = checkSigninEndpoint(request.signinEndpoint, partition);
    if (!checked.ok) return refuse('InvalidEndpoint', checked.error);
    endpoint = checked.url;
  }
  if (request.issuer !== undefined && request.issuer !== '') {
    const problem = issuerProblem(request.issuer);
    if (problem) return refuse('InvalidInput', problem);
  }
  const notes: string[] = [];
  const duration = request.sessionDuration;
  let sendDuration = false;
  if (duration !== undefined) {
    if (
      !Number.isInteger(duration) ||
      duration < SESSION_DURATION_MIN ||
      duration > SESSION_DURATION_MAX
    ) {
      return refuse(
        'InvalidInput',
        'The console session duration must be a whole number of seconds from ' +
          `${SESSION_DURATION_MIN} ` +
          `(15 minutes) to ${SESSION_DURATION_MAX} (12 hours).`,
      );
    }
    if (origin === 'assume-role') {
      sendDuration = true;
    } else {
      notes.push(
        origin === 'federation-token'
          ? 'The session duration was not sent: AWS refuses it with GetFederationToken ' +
              'credentials; the console session lasts as long as the credentials.'
          : origin === 'assume-role-chained'
            ? 'The session duration was not sent: AWS refuses it for role-chained credentials; ' +
              'the console session lasts as long as the credentials (at most 1 hour).'
            : 'The session duration was not sent because it is unknown whether these credentials ' +
              'came from AssumeRole; the console session lasts as long as the credentials.',
      );
    }
  }
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const tokenUrl = (withDuration: boolean) =>
    `${endpoint}?${query([
      ['Action', 'getSigninToken'],
      ...(withDuration ? ([['SessionDuration', String(duration)]] as Array<[string, string]>) : []),
      ['Session', session],
    ])}`;

  const ask = async (withDuration: boolean) => {
    try {
      const response = await boundedRequest(
        request.fetch,
        tokenUrl(withDuration),
        // The request's address holds the credentials: a redirect would hand them to whatever
        // host the answer names, past every check of the endpoint.
        { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual' },
        request.limits,
      );
      return { status: response.status, body: bodyText(response) };
    } catch (error) {
      if (error instanceof NetworkLimitError) {
        return { status: 0, body: error.message, code: error.name };
      }
      // The request URL holds the secrets; a fetch error may repeat it, so scrub before use.
      return { status: 0, body: redactSecrets(fetchFailure(error).text, credentials) };
    }
  };

  let answer = await ask(sendDuration);
  if (answer.status === 400 && sendDuration) {
    // AWS answers 400 when the credentials turn out to be chained; the duration is what it
    // refuses, so ask once more without it.
    notes.push(
      'The sign-in endpoint refused the session duration (these are probably role-chained ' +
        'credentials); the console session lasts as long as the credentials instead.',
    );
    sendDuration = false;
    answer = await ask(false);
  }
  // Browsers report a redirect not followed as status 0 with nothing else; Node as the 3xx.
  const redirected =
    (answer.status >= 300 && answer.status < 400) ||
    (answer.status === 0 && !answer.code && answer.body === '');
  if (redirected) {
    return refuse(
      'NotAnAwsAnswer',
      `The sign-in endpoint ${endpoint} answered with a redirect` +
        `${answer.status ? ` (HTTP ${answer.status})` : ''}, which AWS sign-in does not do; ` +
        'it was not followed, since the request carries the credentials. Check the endpoint, ' +
        'proxy or VPC endpoint.',
      answer.status || undefined,
    );
  }
  if (answer.status === 0) {
    if (answer.code) return refuse(answer.code, answer.body);
    return refuse('NetworkError', `Could not reach ${endpoint}: ${answer.body}`);
  }
  if (answer.status >= 500) {
    return refuse(
      'SigninEndpointFailed',
      `The sign-in endpoint ${endpoint} answered HTTP ${answer.status}, a failure of the server ` +
        'or of a proxy on the way rather than a refusal of the credentials. Try again; if it ' +
        'persists, check the endpoint, proxy or VPC endpoint.',
      answer.status,
    );
  }
  if (answer.status !== 200) {
    return refuse(
      'SigninTokenRefused',
      `The sign-in endpoint ${endpoint} refused the credentials (HTTP ${answer.status}). ` +
        'Check that they are current role or federation credentials of the partition ' +
        `${partition.id}.`,
      answer.status,
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(answer.body) as { SigninToken?: unknown } | null)?.SigninToken;
  } catch {
    return refuse(
      'NotAnAwsAnswer',
      `The sign-in endpoint ${endpoint} answered HTTP 200, but not with the JSON of ` +
        'getSigninToken, so the answer did not come from AWS sign-in: check the endpoint, ' +
        'proxy or VPC endpoint.',
      answer.status,
    );
  }
  if (typeof token !== 'string' || token === '') {
    return refuse(
      'SigninTokenRefused',
      `The sign-in endpoint ${endpoint} answered without a token.`,
    );
  }
  const url = `${endpoint}?${query([
    ['Action', 'login'],
    ['Issuer', request.issuer ?? ''],
    ['Destination', destination.url],
    ['SigninToken', token],
  ])}`;
  if (credentials.expiration && !sendDuration) {
    notes.push(
      'The console session ends when the credentials expire ' +
        `(${credentials.expiration}) at the latest.`,
    );
  }
  return {
    ok: true,
    value: {
      url,
      linkExpiresAt: new Date(now + LOGIN_LINK_VALIDITY_MINUTES * 60_000).toISOString(),
      destination: destination.url,
      federationEndpoint: endpoint,
      partition: partition.id,
      sessionDurationApplied: sendDuration,
      notes,
      notice: LOGIN_LINK_NOTICE,
    },
  };
}
