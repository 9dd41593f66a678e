import type { IncomingMessage, ServerResponse } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { type PartitionId, partitionOfRegion } from '../../src/core/partitions.js';
import {
  newRequestId,
  STANDIN_ACCOUNT,
  STANDIN_EXTERNAL_ID,
  STANDIN_MFA_CODE,
  type StandinKey,
  StandinKeyStore,
  type StandinPrincipal,
  standinMfaSerial,
} from './keys.js';

// A stand-in for the AWS STS query API. It checks the SigV4 signature of every request against
// the keys it knows and answers with the XML documents STS sends, including its error documents.
// It is a plain request handler, so any HTTP or HTTPS server, under any host name, can mount it.

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const MAX_CLOCK_SKEW_MS = 15 * 60_000;

export interface StandinRole {
  /** Role name (the part after `role/`), looked up in the account of the partition called. */
  name: string;
  maxSessionDuration: number;
  /** Whether the trust policy lets this caller assume the role (before MFA and ExternalId). */
  trusts(caller: StandinPrincipal): boolean;
  requiresMfa?: boolean;
  externalId?: string;
}

const sameAccount = (account: string) => (caller: StandinPrincipal) => caller.account === account;

/**
 * Roles every stand-in STS knows, in each partition's stand-in account:
 * `ReadOnly` (trusts the account), `MfaAdmin` (trusts the account, requires MFA),
 * `PartnerAccess` (requires ExternalId STANDIN_EXTERNAL_ID) and `DeployRole` (trusts only a
 * principal of another account, so every caller here is refused).
 */
export function defaultRoles(partition: PartitionId): StandinRole[] {
  const account = STANDIN_ACCOUNT[partition];
  return [
    { name: 'ReadOnly', maxSessionDuration: 43_200, trusts: sameAccount(account) },
    { name: 'MfaAdmin', maxSessionDuration: 3600, trusts: sameAccount(account), requiresMfa: true },
    {
      name: 'PartnerAccess',
      maxSessionDuration: 3600,
      trusts: sameAccount(account),
      externalId: STANDIN_EXTERNAL_ID,
    },
    { name: 'DeployRole', maxSessionDuration: 3600, trusts: () => false },
  ];
}

export interface StsStandinOptions {
  /** Shared with the federation stand-in so it recognises the credentials minted here. */
  keys?: StandinKeyStore;
  /** Clock for credential expiry; signature dates are checked against the real clock. */
  now?: () => number;
  /** Roles per partition; defaults to defaultRoles(partition). */
  roles?: (partition: PartitionId) => StandinRole[];
}

export interface StsCall {
  action: string;
  region: string;
  accessKeyId: string;
  /** Request parameters, except EncodedMessage and TokenCode. */
  params: Record<string, string>;
  status: number;
  errorCode?: string;
}

export interface StsStandin {
  /** Mount on any server. `body` is the request body when the server has already read it. */
  handle(req: IncomingMessage, res: ServerResponse, body?: Buffer): void;
  keys: StandinKeyStore;
  calls: StsCall[];
}

class StsFault {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {}
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

function text(name: string, value: string): string {
  return element(name, escapeXml(value));
}

function errorDocument(fault: StsFault, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}">\n  <Error>\n` +
    `    ${text('Type', fault.type)}\n    ${text('Code', fault.code)}\n` +
    `    ${text('Message', fault.message)}\n  </Error>\n  ${text('RequestId', requestId)}\n` +
    '</ErrorResponse>\n'
  );
}

function resultDocument(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${NAMESPACE}">\n` +
    `  <${action}Result>\n${result}  </${action}Result>\n` +
    `  <ResponseMetadata>\n    ${text('RequestId', requestId)}\n  </ResponseMetadata>\n` +
    `</${action}Response>\n`
  );
}

function credentialsXml(key: StandinKey): string {
  return (
    '    <Credentials>\n' +
    `      ${text('AccessKeyId', key.accessKeyId)}\n` +
    `      ${text('SecretAccessKey', key.secretAccessKey)}\n` +
    `      ${text('SessionToken', key.sessionToken ?? '')}\n` +
    `      ${text('Expiration', new Date(key.expiresAt ?? 0).toISOString())}\n` +
    '    </Credentials>\n'
  );
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = new RegExp(
    '^AWS4-HMAC-SHA256 Credential=([A-Z0-9]{16,128})/(\\d{8})/([a-z0-9-]{1,32})/' +
      '([a-z0-9-]{1,32})/aws4_request, ?SignedHeaders=([a-z0-9;-]{1,2000}), ?' +
      'Signature=([0-9a-f]{64})$',
  ).exec(header);
  if (!match) return undefined;
  return {
    accessKeyId: match[1] ?? '',
    date: match[2] ?? '',
    region: match[3] ?? '',
    service: match[4] ?? '',
    signedHeaders: (match[5] ?? '').split(';'),
    signature: match[6] ?? '',
  };
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(
    Date.UTC(
      +(m[1] ?? 0),
      +(m[2] ?? 1) - 1,
      +(m[3] ?? 1),
      +(m[4] ?? 0),
      +(m[5] ?? 0),
      +(m[6] ?? 0),
    ),
  );
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** Checks the request's SigV4 signature; answers the key it was made with, or throws StsFault. */
async function verifySignature(
  req: IncomingMessage,
  body: string,
  keys: StandinKeyStore,
  now: number,
): Promise<{ key: StandinKey; region: string; partition: PartitionId }> {
  const authorization = headerValue(req, 'authorization');
  if (!authorization) {
    throw new StsFault(
      403,
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    );
  }
  const parsed = parseAuthorization(authorization);
  if (!parsed) {
    throw new StsFault(
      400,
      'IncompleteSignature',
      'Authorization header requires a valid signature.',
    );
  }
  if (parsed.service !== 'sts') {
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      "Credential should be scoped to correct service: 'sts'. ",
    );
  }
  let partition: PartitionId | undefined;
  try {
    partition = partitionOfRegion(parsed.region)?.id;
  } catch {
    partition = undefined;
  }
  if (!partition) {
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      `Credential should be scoped to a valid region. `,
    );
  }
  const key = keys.find(parsed.accessKeyId);
  // A key of another partition is unknown there: partitions share no identities.
  if (!key || key.principal.partition !== partition) {
    throw new StsFault(403, 'InvalidClientTokenId', INVALID_TOKEN);
  }
  const token = headerValue(req, 'x-amz-security-token');
  if (key.sessionToken !== undefined || token !== undefined) {
    if (token !== key.sessionToken) throw new StsFault(403, 'InvalidClientTokenId', INVALID_TOKEN);
    if (!parsed.signedHeaders.includes('x-amz-security-token')) {
      throw new StsFault(403, 'SignatureDoesNotMatch', 'The security token must be signed.');
    }
  }
  const amzDate = headerValue(req, 'x-amz-date') ?? '';
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate.startsWith(parsed.date)) {
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      'X-Amz-Date is missing or does not match the credential scope.',
    );
  }
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minutes.`,
    );
  }
  const url = new URL(req.url ?? '/', 'http://standin');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = headerValue(req, name);
    if (value === undefined) {
      throw new StsFault(403, 'SignatureDoesNotMatch', `Signed header ${name} is missing.`);
    }
    headers[name] = value;
  }
  // The signer trusts a signed x-amz-content-sha256 header as the body's hash, so put the hash
  // of the body actually received there: a body changed after signing then fails to verify.
  if ('x-amz-content-sha256' in headers) {
    const hash = new Sha256();
    hash.update(body);
    headers['x-amz-content-sha256'] = Buffer.from(await hash.digest()).toString('hex');
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
    },
    region: parsed.region,
    service: 'sts',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: (headers.host ?? '').replace(/:\d+$/, ''),
      path: url.pathname,
      query,
      headers,
      body,
    },
    { signingDate, signingRegion: parsed.region, signingService: 'sts' },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1];
  if (expected !== parsed.signature) {
    throw new StsFault(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your ' +
        'AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  if (key.expiresAt !== undefined && key.expiresAt <= now) {
    throw new StsFault(
      400,
      'ExpiredToken',
      'The security token included in the request is expired',
    );
  }
  return { key, region: parsed.region, partition };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function validation(message: string): StsFault {
  return new StsFault(400, 'ValidationError', `1 validation error detected: ${message}`);
}

/** STS's wording for a parameter that breaks a rule of the API model. */
function constraint(field: string, value: string | undefined, rule: string): StsFault {
  const shown = value === undefined ? '' : ` '${value}'`;
  return validation(
    `Value${shown} at '${field}' failed to satisfy constraint: Member must ${rule}`,
  );
}

function durationParam(
  params: Record<string, string>,
  min: number,
  max: number,
  dflt: number,
): number {
  const raw = params.DurationSeconds;
  if (raw === undefined) return dflt;
  const value = Number(raw);
  if (!Number.isInteger(value))
    throw validation(
      `Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must be a number`,
    );
  if (value < min) {
    throw constraint('durationSeconds', raw, `have value greater than or equal to ${min}`);
  }
  if (value > max) {
    throw constraint('durationSeconds', raw, `have value less than or equal to ${max}`);
  }
  return value;
}

const NAME_CHARS = /^[\w+=,.@-]*$/;

function checkName(field: string, value: string | undefined, min: number, max: number): string {
  const name = value ?? '';
  if (name.length < min) {
    throw constraint(field, undefined, `have length greater than or equal to ${min}`);
  }
  if (name.length > max) {
    throw constraint(field, name, `have length less than or equal to ${max}`);
  }
  if (!NAME_CHARS.test(name)) {
    throw constraint(field, name, 'satisfy regular expression pattern: [\\w+=,.@-]*');
  }
  return name;
}

function checkMfa(params: Record<string, string>, caller: StandinPrincipal): boolean {
  const serial = params.SerialNumber;
  const code = params.TokenCode;
  if (serial === undefined && code === undefined) return false;
  if (serial === undefined || code === undefined) {
    throw new StsFault(
      403,
      'AccessDenied',
      'MultiFactorAuthentication failed, both SerialNumber and TokenCode are required.',
    );
  }
  if (!/^\d{6}$/.test(code)) {
    throw constraint('tokenCode', undefined, 'satisfy regular expression pattern: [\\d]*');
  }
  const userName = caller.kind === 'iam-user' ? caller.name : 'alice';
  if (serial !== standinMfaSerial(caller.partition, userName) || code !== STANDIN_MFA_CODE) {
    throw new StsFault(
      403,
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    );
  }
  return true;
}

interface ActionContext {
  params: Record<string, string>;
  key: StandinKey;
  partition: PartitionId;
  now: number;
  keys: StandinKeyStore;
  roles: StandinRole[];
}

function assumeRole({ params, key, partition, now, keys, roles }: ActionContext): string {
  const caller = key.principal;
  const roleArn = params.RoleArn ?? '';
  const sessionName = checkName('roleSessionName', params.RoleSessionName, 2, 64);
  if (roleArn.length < 20) {
    throw constraint('roleArn', roleArn, 'have length greater than or equal to 20');
  }
  if (params.ExternalId !== undefined) checkName('externalId', params.ExternalId, 2, 1224);
  if (params.SourceIdentity !== undefined)
    checkName('sourceIdentity', params.SourceIdentity, 2, 64);
  const tagCount = Object.keys(params).filter((name) =>
    /^Tags\.member\.\d+\.Key$/.test(name),
  ).length;
  if (tagCount > 50) throw constraint('tags', undefined, 'have length less than or equal to 50');
  if (caller.kind === 'root') {
    throw new StsFault(403, 'AccessDenied', 'Roles may not be assumed by root accounts.');
  }
  const chained = caller.kind === 'assumed-role';
  const denied = new StsFault(
    403,
    'AccessDenied',
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
  const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(
    roleArn,
  );
  const role =
    match && match[1] === partition && match[2] === STANDIN_ACCOUNT[partition]
      ? roles.find((r) => r.name === match[3])
      : undefined;
  // AWS answers a missing role with the same AccessDenied as a refusing trust policy.
  if (!role?.trusts(caller)) throw denied;
  const mfaNow = checkMfa(params, caller);
  if (role.requiresMfa && !mfaNow && !key.mfa) throw denied;
  if (role.externalId !== undefined && params.ExternalId !== role.externalId) throw denied;
  const maxDuration = chained ? 3600 : role.maxSessionDuration;
  if (params.DurationSeconds !== undefined && chained && Number(params.DurationSeconds) > 3600) {
    throw validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by ' +
        'role chaining.',
    );
  }
  const duration = durationParam(params, 900, maxDuration, 3600);
  const account = STANDIN_ACCOUNT[partition];
  const roleTag = role.name.toUpperCase().slice(0, 8);
  const roleId = `AROA${partition === 'aws' ? 'A' : 'X'}STANDIN${roleTag}`;
  const principal: StandinPrincipal = {
    partition,
    account,
    arn: `arn:${partition}:sts::${account}:assumed-role/${role.name}/${sessionName}`,
    userId: `${roleId}:${sessionName}`,
    kind: 'assumed-role',
    name: role.name,
  };
  const minted = keys.mint(
    chained ? 'assume-role-chained' : 'assume-role',
    principal,
    duration,
    now,
    mfaNow || key.mfa,
  );
  const sourceIdentity = params.SourceIdentity
    ? `    ${text('SourceIdentity', params.SourceIdentity)}\n`
    : '';
  return (
    sourceIdentity +
    '    <AssumedRoleUser>\n' +
    `      ${text('AssumedRoleId', principal.userId)}\n      ${text('Arn', principal.arn)}\n` +
    '    </AssumedRoleUser>\n' +
    credentialsXml(minted) +
    `    ${text('PackedPolicySize', tagCount > 0 ? String(tagCount * 3) : '0')}\n`
  );
}

function getFederationToken({ params, key, partition, now, keys }: ActionContext): string {
  if (key.origin !== 'long-term') {
    throw new StsFault(
      403,
      'AccessDenied',
      'Cannot call GetFederationToken with session credentials',
    );
  }
  const name = checkName('name', params.Name, 2, 32);
  const max = key.principal.kind === 'root' ? 3600 : 129_600;
  const duration = durationParam(params, 900, max, 43_200);
  const account = STANDIN_ACCOUNT[partition];
  const principal: StandinPrincipal = {
    partition,
    account,
    arn: `arn:${partition}:sts::${account}:federated-user/${name}`,
    userId: `${account}:${name}`,
    kind: 'federated-user',
    name,
  };
  const minted = keys.mint('federation-token', principal, duration, now);
  return (
    credentialsXml(minted) +
    '    <FederatedUser>\n' +
    `      ${text('FederatedUserId', principal.userId)}\n      ${text('Arn', principal.arn)}\n` +
    '    </FederatedUser>\n' +
    `    ${text('PackedPolicySize', params.Policy ? '4' : '0')}\n`
  );
}

function getSessionToken({ params, key, now, keys }: ActionContext): string {
  if (key.origin !== 'long-term') {
    throw new StsFault(403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
  }
  const mfa = checkMfa(params, key.principal);
  const max = key.principal.kind === 'root' ? 3600 : 129_600;
  const duration = durationParam(params, 900, max, 43_200);
  return credentialsXml(keys.mint('session-token', key.principal, duration, now, mfa));
}

function getCallerIdentity({ key }: ActionContext): string {
  const p = key.principal;
  return (
    `    ${text('Arn', p.arn)}\n    ${text('UserId', p.userId)}\n` +
    `    ${text('Account', p.account)}\n`
  );
}

function decodeAuthorizationMessage({ params, keys }: ActionContext): string {
  const decoded = keys.decodeAuthorizationMessage(params.EncodedMessage ?? '');
  if (decoded === undefined) {
    throw new StsFault(
      400,
      'InvalidAuthorizationMessageException',
      'The message is not a valid encoded authorization message for this account.',
    );
  }
  return `    ${text('DecodedMessage', decoded)}\n`;
}

const ACTIONS: Record<string, (context: ActionContext) => string> = {
  AssumeRole: assumeRole,
  GetFederationToken: getFederationToken,
  GetSessionToken: getSessionToken,
  GetCallerIdentity: getCallerIdentity,
  DecodeAuthorizationMessage: decodeAuthorizationMessage,
};

const NOT_LOGGED = new Set(['EncodedMessage', 'TokenCode']);

export function createStsStandin(options: StsStandinOptions = {}): StsStandin {
  const keys = options.keys ?? new StandinKeyStore();
  const clock = options.now ?? Date.now;
  const rolesOf = options.roles ?? defaultRoles;
  const calls: StsCall[] = [];

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    preread?: Buffer,
  ): Promise<void> {
    const requestId = newRequestId();
    const body = (preread ?? (await readBody(req))).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://standin');
    const params: Record<string, string> = {};
    for (const [name, value] of url.searchParams) params[name] = value;
    if (req.method === 'POST') {
      for (const [name, value] of new URLSearchParams(body)) params[name] = value;
    }
    const action = params.Action ?? '';
    const version = params.Version ?? 'NO_VERSION_SPECIFIED';
    const call: StsCall = {
      action,
      region: '',
      accessKeyId: '',
      params: Object.fromEntries(Object.entries(params).filter(([name]) => !NOT_LOGGED.has(name))),
      status: 200,
    };
    calls.push(call);
    const send = (status: number, xml: string) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(xml);
    };
    try {
      const now = clock();
      const { key, region, partition } = await verifySignature(req, body, keys, now);
      call.region = region;
      call.accessKeyId = key.accessKeyId;
      const run = ACTIONS[action];
      if (!run) {
        throw new StsFault(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${version}`,
        );
      }
      if (params.Version !== '2011-06-15') {
        throw new StsFault(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${version}`,
        );
      }
      const result = run({ params, key, partition, now, keys, roles: rolesOf(partition) });
      send(200, resultDocument(action, result, requestId));
    } catch (error) {
      const fault =
        error instanceof StsFault
          ? error
          : new StsFault(500, 'InternalFailure', 'The stand-in failed.', 'Receiver');
      call.errorCode = fault.code;
      send(fault.status, errorDocument(fault, requestId));
    }
  }

  return {
    keys,
    calls,
    handle(req, res, body) {
      void answer(req, res, body).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  };
}
