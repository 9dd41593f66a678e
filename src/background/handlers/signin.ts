import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { type Partition, parseAwsHost } from '../../core/partitions.js';
import {
  type AwsCredentials,
  type CredentialClass,
  type CredentialFormat,
  classifyCredentials,
  federationNameFrom,
  isValidFederationName,
  MAX_CREDENTIALS_TEXT,
  parseCredentials,
  redactSecrets,
} from '../../core/signin/credentials.js';
import { createSigninUrl, type SigninOrigin } from '../../core/signin/federation.js';
import { boundedSdkHandler, globalFetch } from '../../core/signin/http.js';
import {
  ALLOW_ALL_POLICY,
  extractEncodedMessage,
  type IssuedOrigin,
  resolveStsTarget,
  type StsError,
  type StsOperation,
  type StsResult,
  toStsError,
} from '../../core/signin/sts.js';
import {
  type CredentialSummary,
  type DecodedMessage,
  dropTime,
  type HeldSource,
  partitionForCall,
  type SigninAnswer,
  type SigninFailure,
  type SigninLink,
  sessionNameFrom,
  signinOrigin,
} from '../../panel/signin/protocol.js';
import { installXmlShim } from '../../panel/signin/xml-shim.js';
import { onPanelRequest } from '../requests.js';

// Console sign-in from credentials. The credentials the user pastes, and those STS issues from
// them, are held in this worker's memory and in storage.session (memory only, kept while the
// browser runs, out of reach of content scripts) so that a stopped worker does not lose them.
// They are dropped at their expiry, on "forget", and when the browser closes. They leave the
// worker only in signed STS requests and in the one getSigninToken request AWS requires; the
// panel receives who they belong to and what they can do, never the secret or the token.
//
// STS is always called in the partition's home region (sts.us-east-1.amazonaws.com and the
// like): those endpoints are always enabled, and four host permissions cover every partition.
// The region the user picks decides only where the console opens.

const STORAGE_KEY = 'signin:held';

interface HeldEntry {
  credentials: AwsCredentials;
  summary: CredentialSummary;
  /** Milliseconds since the epoch. */
  dropAt: number;
}

interface Held {
  /** The pasted credentials. */
  base: HeldEntry;
  /** Credentials issued from them by AssumeRole or GetFederationToken, used for sign-in. */
  issued: HeldEntry | null;
}

let memory: Held | null | undefined;
let dropTimer: ReturnType<typeof setTimeout> | undefined;

function liveEntries(held: Held | null, now: number): Held | null {
  if (!held || held.base.dropAt <= now) return null;
  if (held.issued && held.issued.dropAt <= now) return { ...held, issued: null };
  return held;
}

async function readHeld(): Promise<Held | null> {
  if (memory === undefined) {
    const stored = (await browser.storage.session.get(STORAGE_KEY))[STORAGE_KEY] as
      | Held
      | undefined;
    memory = stored ?? null;
  }
  const live = liveEntries(memory, Date.now());
  if (live !== memory) await writeHeld(live);
  return live;
}

async function writeHeld(held: Held | null): Promise<void> {
  memory = held;
  if (dropTimer !== undefined) clearTimeout(dropTimer);
  dropTimer = undefined;
  if (!held) {
    await browser.storage.session.remove(STORAGE_KEY);
    return;
  }
  await browser.storage.session.set({ [STORAGE_KEY]: held });
  const next = Math.min(held.base.dropAt, held.issued?.dropAt ?? Number.POSITIVE_INFINITY);
  // Timers beyond about 24.8 days overflow; credentials never live that long.
  const wait = Math.min(Math.max(0, next - Date.now()), 2 ** 31 - 1);
  dropTimer = setTimeout(() => void readHeld(), wait + 50);
}

function fail(
  code: string,
  message: string,
  explainable?: string,
): { ok: false; error: SigninFailure } {
  return { ok: false, error: { code, message, ...(explainable ? { explainable } : {}) } };
}

function stsFailure(error: StsError, hint?: string): { ok: false; error: SigninFailure } {
  const message = hint ? `${error.message} ${hint}` : error.message;
  return fail(error.code, message, error.explainableText);
}

function summaryOf(options: {
  credentials: AwsCredentials;
  source: HeldSource;
  format: CredentialFormat | null;
  arn: string | null;
  account: string | null;
  partition: Partition;
  region: string | null;
  classification: CredentialClass;
  origin: SigninOrigin;
  warnings: string[];
  caller: CredentialSummary['caller'];
  now: number;
  /** Issued credentials go with the pasted ones that made them, when those go first. */
  notAfter?: number;
}): { summary: CredentialSummary; dropAt: number } {
  const own = dropTime(options.credentials.expiration, options.now);
  const drop =
    options.notAfter !== undefined && options.notAfter < own.at
      ? { at: options.notAfter, isExpiry: false }
      : own;
  const { keyKind, principal, canSignIn, summary, nextSteps, name, person } =
    options.classification;
  return {
    dropAt: drop.at,
    summary: {
      accessKeyId: options.credentials.accessKeyId,
      source: options.source,
      format: options.format,
      arn: options.arn,
      account: options.account,
      partition: options.partition.id,
      partitionName: options.partition.name,
      region: options.region,
      classification: {
        keyKind,
        principal,
        canSignIn,
        summary,
        nextSteps,
        ...(name ? { name } : {}),
        ...(person ? { person } : {}),
      },
      origin: options.origin,
      dropAt: new Date(drop.at).toISOString(),
      dropAtIsExpiry: drop.isExpiry,
      warnings: options.warnings,
      caller: options.caller,
    },
  };
}

function current(held: Held | null): HeldEntry | null {
  return held ? (held.issued ?? held.base) : null;
}

const NO_CREDENTIALS = fail(
  'NoCredentials',
  'No credentials are held: paste credentials first (they are forgotten when they expire).',
);

// ---------------------------------------------------------------------------------------------
// STS
//
// The client's browser build reads STS's XML answers with DOMParser, which a service worker
// lacks; the shim gives it the little it needs.
// Chrome refuses import() in a service worker, and the core's STS functions load the SDK with
// import(); so the worker imports the SDK itself and makes the four calls here, with the core's
// endpoint resolution and error translation. The price: the worker loads the SDK whenever it
// starts, not only when STS is used.

installXmlShim();

function inputError(operation: StsOperation, message: string): { ok: false; error: StsError } {
  return {
    ok: false,
    error: { code: 'InvalidInput', message, operation, explainableText: message },
  };
}

async function callSts<T>(
  operation: StsOperation,
  credentials: AwsCredentials,
  partition: Partition,
  send: (client: STSClient) => Promise<T>,
): Promise<StsResult<T>> {
  const target = resolveStsTarget({ region: partition.homeRegion, partition: partition.id });
  if ('error' in target) return inputError(operation, target.error);
  const client = new STSClient({
    region: target.region,
    endpoint: target.endpoint,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    // One retry for throttling or a dropped connection; authorization errors are not retried.
    maxAttempts: 2,
    // Bounded in time and answer size, as on the command line.
    requestHandler: boundedSdkHandler(globalFetch()),
  });
  try {
    return { ok: true, value: await send(client) };
  } catch (thrown) {
    return { ok: false, error: toStsError(operation, thrown, credentials, target.endpoint) };
  } finally {
    client.destroy();
  }
}

interface Issued {
  credentials: AwsCredentials & { sessionToken: string };
  arn: string;
  origin: IssuedOrigin;
}

function issuedCredentials(
  raw:
    | { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
    | undefined,
): Issued['credentials'] {
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
  };
}

const ROLE_ARN = /^arn:[a-z-]{3,20}:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

interface AssumeRoleRequest {
  roleArn: string;
  sessionName: string;
  mfaSerial?: string | undefined;
  mfaCode?: string | undefined;
  externalId?: string | undefined;
  sourceIdentity?: string | undefined;
  durationSeconds?: number | undefined;
  /** Whether the caller is itself a role session, which makes the new session chained. */
  callerIsRoleSession: boolean;
}

function stsAssumeRole(
  caller: AwsCredentials,
  input: AssumeRoleRequest,
  partition: Partition,
): Promise<StsResult<Issued>> {
  const operation = 'AssumeRole';
  if (!ROLE_ARN.test(input.roleArn)) {
    return Promise.resolve(
      inputError(
        operation,
        'That is not a role ARN (arn:<partition>:iam::<12-digit account>:role/<name>).',
      ),
    );
  }
  if (!SESSION_NAME.test(input.sessionName)) {
    return Promise.resolve(
      inputError(
        operation,
        'The session name must be 2 to 64 characters of letters, digits and +=,.@_-.',
      ),
    );
  }
  if (Boolean(input.mfaSerial) !== Boolean(input.mfaCode)) {
    return Promise.resolve(
      inputError(operation, 'MFA needs both the device (its ARN or serial) and the current code.'),
    );
  }
  if (input.mfaCode !== undefined && !/^\d{6}$/.test(input.mfaCode)) {
    return Promise.resolve(
      inputError(operation, 'The MFA code must be the 6 digits your device shows now.'),
    );
  }
  return callSts(operation, caller, partition, async (client) => {
    const output = await client.send(
      new AssumeRoleCommand({
        RoleArn: input.roleArn,
        RoleSessionName: input.sessionName,
        ...(input.durationSeconds ? { DurationSeconds: input.durationSeconds } : {}),
        ...(input.mfaSerial ? { SerialNumber: input.mfaSerial, TokenCode: input.mfaCode } : {}),
        ...(input.externalId ? { ExternalId: input.externalId } : {}),
        ...(input.sourceIdentity ? { SourceIdentity: input.sourceIdentity } : {}),
      }),
    );
    return {
      credentials: issuedCredentials(output.Credentials),
      arn: output.AssumedRoleUser?.Arn ?? '',
      origin: input.callerIsRoleSession ? 'assume-role-chained' : 'assume-role',
    };
  });
}

function stsGetFederationToken(
  caller: AwsCredentials,
  name: string,
  durationSeconds: number | undefined,
  partition: Partition,
): Promise<StsResult<Issued>> {
  const operation = 'GetFederationToken';
  if (!isValidFederationName(name)) {
    return Promise.resolve(
      inputError(
        operation,
        'The federated user name must be 2 to 32 characters of letters, digits and +=,.@_-.',
      ),
    );
  }
  if (caller.sessionToken) {
    return Promise.resolve(
      inputError(
        operation,
        'GetFederationToken needs the long-term keys of an IAM user (AKIA…); AWS refuses it ' +
          'with session credentials.',
      ),
    );
  }
  return callSts(operation, caller, partition, async (client) => {
    // The session policy allows everything, so the federated user keeps the user's permissions.
    const output = await client.send(
      new GetFederationTokenCommand({
        Name: name,
        Policy: ALLOW_ALL_POLICY,
        ...(durationSeconds ? { DurationSeconds: durationSeconds } : {}),
      }),
    );
    return {
      credentials: issuedCredentials(output.Credentials),
      arn: output.FederatedUser?.Arn ?? '',
      origin: 'federation-token',
    };
  });
}

function stsGetCallerIdentity(
  credentials: AwsCredentials,
  partition: Partition,
): Promise<StsResult<{ arn: string; account: string }>> {
  return callSts('GetCallerIdentity', credentials, partition, async (client) => {
    const output = await client.send(new GetCallerIdentityCommand({}));
    return { arn: output.Arn ?? '', account: output.Account ?? '' };
  });
}

function stsDecode(
  credentials: AwsCredentials,
  encodedMessage: string,
  partition: Partition,
): Promise<StsResult<string>> {
  return callSts('DecodeAuthorizationMessage', credentials, partition, async (client) => {
    const output = await client.send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: encodedMessage }),
    );
    return output.DecodedMessage ?? '';
  });
}

// ---------------------------------------------------------------------------------------------
// Requests

const PartitionSchema = v.picklist(['aws', 'aws-us-gov', 'aws-cn', 'aws-eusc']);
const ShortText = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Seconds = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(200_000));

const PasteSchema = v.object({
  type: v.literal('signin-paste'),
  text: ShortText(MAX_CREDENTIALS_TEXT),
  partition: v.optional(PartitionSchema),
  region: v.optional(ShortText(40)),
});

onPanelRequest(
  'signin-paste',
  PasteSchema,
  async (request): Promise<SigninAnswer<CredentialSummary>> => {
    const now = Date.now();
    const parsed = parseCredentials(request.text, { now });
    if (!parsed.ok) return fail('InvalidCredentials', parsed.error);
    const credentials = parsed.credentials;
    const region = request.region?.trim() || credentials.region || null;
    const chosen = partitionForCall({
      region,
      partition: request.partition ?? null,
      arnHint: parsed.arnHint ?? null,
    });
    if (!chosen.ok) return fail('InvalidInput', chosen.error);
    const partition = chosen.partition;
    const identity = await stsGetCallerIdentity(credentials, partition);
    if (!identity.ok) {
      const guessed =
        !request.region && !credentials.region && !request.partition && !parsed.arnHint;
      const unknownKey = ['InvalidClientTokenId', 'SignatureDoesNotMatch'].includes(
        identity.error.code,
      );
      return stsFailure(
        identity.error,
        guessed && unknownKey
          ? `STS of ${partition.name} does not know these credentials. If they belong to ` +
              'GovCloud, China or the European Sovereign Cloud, choose that partition or a ' +
              'region of it and check them again.'
          : undefined,
      );
    }
    const classification = classifyCredentials(credentials, identity.value.arn);
    const entry = summaryOf({
      credentials,
      source: 'pasted',
      format: parsed.format,
      arn: identity.value.arn || null,
      account: identity.value.account || null,
      partition,
      region,
      classification,
      origin: signinOrigin(classification, parsed.originHint),
      warnings: parsed.warnings,
      caller: null,
      now,
    });
    await writeHeld({ base: { credentials, ...entry }, issued: null });
    return { ok: true, value: entry.summary };
  },
);

onPanelRequest(
  'signin-status',
  v.object({ type: v.literal('signin-status') }),
  async (): Promise<SigninAnswer<CredentialSummary | null>> => {
    return { ok: true, value: current(await readHeld())?.summary ?? null };
  },
);

onPanelRequest(
  'signin-forget',
  v.object({ type: v.literal('signin-forget') }),
  async (): Promise<SigninAnswer<null>> => {
    await writeHeld(null);
    return { ok: true, value: null };
  },
);

const AssumeRoleSchema = v.object({
  type: v.literal('signin-assume-role'),
  roleArn: ShortText(2048),
  sessionName: v.optional(ShortText(128)),
  mfaSerial: v.optional(ShortText(512)),
  mfaCode: v.optional(ShortText(16)),
  externalId: v.optional(ShortText(1224)),
  sourceIdentity: v.optional(ShortText(128)),
  durationSeconds: v.optional(Seconds),
});

onPanelRequest(
  'signin-assume-role',
  AssumeRoleSchema,
  async (request): Promise<SigninAnswer<CredentialSummary>> => {
    const held = await readHeld();
    if (!held) return NO_CREDENTIALS;
    const base = held.base;
    const partition = partitionForCall({ partition: base.summary.partition });
    if (!partition.ok) return fail('InvalidInput', partition.error);
    const roleArn = request.roleArn.trim();
    const rolePartition = /^arn:([a-z-]{1,20}):/.exec(roleArn)?.[1];
    if (rolePartition && rolePartition !== partition.partition.id) {
      return fail(
        'InvalidInput',
        `The role is in the ${rolePartition} partition, but the credentials belong to ` +
          `${partition.partition.name} (${partition.partition.id}); a role can only be assumed ` +
          'with credentials of its own partition.',
      );
    }
    const mfaSerial = request.mfaSerial?.trim() || undefined;
    const mfaCode = request.mfaCode?.trim() || undefined;
    const now = Date.now();
    const result = await stsAssumeRole(
      base.credentials,
      {
        roleArn,
        sessionName:
          request.sessionName?.trim() || sessionNameFrom(base.summary.classification.person),
        mfaSerial,
        mfaCode,
        externalId: request.externalId?.trim() || undefined,
        sourceIdentity: request.sourceIdentity?.trim() || undefined,
        durationSeconds: request.durationSeconds,
        callerIsRoleSession: base.summary.classification.principal === 'role-session',
      },
      partition.partition,
    );
    if (!result.ok) return stsFailure(result.error);
    return keepIssued(base, partition.partition, result.value, 'assume-role', now);
  },
);

/** Keeps credentials issued from the pasted ones, which they never outlive, for sign-in. */
async function keepIssued(
  base: HeldEntry,
  partition: Partition,
  issued: { credentials: AwsCredentials; arn: string; origin: SigninOrigin },
  source: HeldSource,
  now: number,
): Promise<SigninAnswer<CredentialSummary>> {
  const classification = classifyCredentials(issued.credentials, issued.arn);
  const entry = summaryOf({
    credentials: issued.credentials,
    source,
    format: null,
    arn: issued.arn || null,
    account: classification.account ?? null,
    partition,
    region: base.summary.region,
    classification,
    origin: issued.origin,
    warnings: [],
    caller: { arn: base.summary.arn, accessKeyId: base.summary.accessKeyId },
    now,
    notAfter: base.dropAt,
  });
  await writeHeld({ base, issued: { credentials: issued.credentials, ...entry } });
  return { ok: true, value: entry.summary };
}

const FederationSchema = v.object({
  type: v.literal('signin-federation-token'),
  name: v.optional(ShortText(128)),
  durationSeconds: v.optional(Seconds),
});

onPanelRequest(
  'signin-federation-token',
  FederationSchema,
  async (request): Promise<SigninAnswer<CredentialSummary>> => {
    const held = await readHeld();
    if (!held) return NO_CREDENTIALS;
    const base = held.base;
    const partition = partitionForCall({ partition: base.summary.partition });
    if (!partition.ok) return fail('InvalidInput', partition.error);
    const now = Date.now();
    const name =
      request.name?.trim() || federationNameFrom(base.summary.classification.name ?? 'role-doctor');
    const result = await stsGetFederationToken(
      base.credentials,
      name,
      request.durationSeconds,
      partition.partition,
    );
    if (!result.ok) return stsFailure(result.error);
    return keepIssued(base, partition.partition, result.value, 'federation-token', now);
  },
);

const LinkSchema = v.object({
  type: v.literal('signin-link'),
  destination: v.optional(ShortText(2048)),
  region: v.optional(ShortText(40)),
  sessionDuration: v.optional(Seconds),
  open: v.boolean(),
});

onPanelRequest('signin-link', LinkSchema, async (request): Promise<SigninAnswer<SigninLink>> => {
  const entry = current(await readHeld());
  if (!entry) return NO_CREDENTIALS;
  const region = request.region?.trim() || entry.summary.region || undefined;
  const result = await createSigninUrl({
    credentials: entry.credentials,
    origin: entry.summary.origin,
    // The worker's fetch must be called on the global object, not on the request.
    fetch: fetch.bind(globalThis),
    partition: entry.summary.partition,
    ...(region ? { region } : {}),
    ...(request.destination?.trim() ? { destination: request.destination.trim() } : {}),
    ...(request.sessionDuration ? { sessionDuration: request.sessionDuration } : {}),
  });
  if (!result.ok) {
    return fail(result.error.code, redactSecrets(result.error.message, entry.credentials));
  }
  const link = result.value;
  const federationHost = new URL(link.federationEndpoint).hostname;
  // The link is built from the partition table; refuse to open anything else all the same.
  if (parseAwsHost(federationHost)?.kind !== 'signin') {
    return fail('InvalidLink', 'The sign-in link does not point to an AWS sign-in host.');
  }
  const answer: SigninLink = {
    destination: link.destination,
    linkExpiresAt: link.linkExpiresAt,
    notice: link.notice,
    notes: link.notes,
    federationHost,
    tabOpened: false,
  };
  if (request.open) {
    try {
      await browser.tabs.create({ url: link.url, active: true });
    } catch {
      // The browser's message may repeat the link, which is itself a bearer credential.
      return fail('TabRefused', 'The browser did not open a tab; use "Copy sign-in link".');
    }
    return { ok: true, value: { ...answer, tabOpened: true } };
  }
  return { ok: true, value: { ...answer, url: link.url } };
});

const DecodeSchema = v.object({
  type: v.literal('signin-decode'),
  message: ShortText(100_000),
});

onPanelRequest(
  'signin-decode',
  DecodeSchema,
  async (request): Promise<SigninAnswer<DecodedMessage>> => {
    const entry = current(await readHeld());
    if (!entry) return NO_CREDENTIALS;
    const partition = partitionForCall({ partition: entry.summary.partition });
    if (!partition.ok) return fail('InvalidInput', partition.error);
    const message = extractEncodedMessage(request.message);
    if (!message) {
      return fail(
        'InvalidInput',
        'No encoded authorization message was found. Paste the long text after ' +
          '"Encoded authorization failure message:".',
      );
    }
    const result = await stsDecode(entry.credentials, message, partition.partition);
    if (!result.ok) return stsFailure(result.error);
    let json: unknown = null;
    let text = result.value;
    try {
      json = JSON.parse(result.value);
      text = JSON.stringify(json, null, 2);
    } catch {
      json = null;
    }
    return { ok: true, value: { text, json } };
  },
);

// A worker woken for any reason drops what expired while it was stopped.
void readHeld().catch(() => undefined);
