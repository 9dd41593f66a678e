// What the sign-in view and the background say to each other, and the decisions both rely on.
// Nothing the background sends to the panel carries a secret access key or a session token:
// the panel only ever learns who the credentials belong to and what they can do.

import {
  type Partition,
  type PartitionId,
  partitionById,
  partitionOfArn,
  partitionOfRegion,
} from '../../core/partitions.js';
import {
  type CredentialClass,
  type CredentialFormat,
  roleSessionNameFor,
} from '../../core/signin/credentials.js';
import type { SigninOrigin } from '../../core/signin/federation.js';

/** Where the credentials held for sign-in came from. */
export type HeldSource = 'pasted' | 'assume-role' | 'federation-token';

/** What the panel may know about the credentials the background holds. */
export interface CredentialSummary {
  accessKeyId: string;
  source: HeldSource;
  format: CredentialFormat | null;
  /** GetCallerIdentity's answer, or the ARN STS gave with newly issued credentials. */
  arn: string | null;
  account: string | null;
  partition: PartitionId;
  partitionName: string;
  /** Region for the console destination; null for the partition's default. */
  region: string | null;
  classification: Pick<
    CredentialClass,
    'keyKind' | 'principal' | 'canSignIn' | 'summary' | 'nextSteps' | 'name' | 'person'
  >;
  origin: SigninOrigin;
  /** When Role Doctor drops these credentials (ISO 8601). */
  dropAt: string;
  /** Whether the drop time is the credentials' own expiry rather than Role Doctor's limit. */
  dropAtIsExpiry: boolean;
  warnings: string[];
  /** The pasted credentials that made these ones, when a role was assumed with them. */
  caller: { arn: string | null; accessKeyId: string } | null;
}

export interface SigninFailure {
  code: string;
  message: string;
  /** The failure in the AWS CLI's words, for the access-error explainer. */
  explainable?: string;
}

export type SigninAnswer<T> = { ok: true; value: T } | { ok: false; error: SigninFailure };

export interface SigninLink {
  /** The login link; absent when the background opened it in a tab itself. */
  url?: string;
  destination: string;
  linkExpiresAt: string;
  notice: string;
  notes: string[];
  federationHost: string;
  tabOpened: boolean;
}

export interface DecodedMessage {
  /** The decoded document, re-indented when it is JSON. */
  text: string;
  json: unknown;
}

/** Credentials whose expiry is unknown (long-term keys, bare variables) are kept this long. */
export const UNKNOWN_EXPIRY_HOLD_MS = 60 * 60_000;

/**
 * The partition to call STS in: a region decides it, else an explicitly chosen partition, else
 * the partition of an ARN that came with the pasted text, else the commercial partition.
 */
export function partitionForCall(choice: {
  region?: string | null | undefined;
  partition?: PartitionId | null | undefined;
  arnHint?: string | null | undefined;
}): { ok: true; partition: Partition } | { ok: false; error: string } {
  try {
    const fromRegion = choice.region ? partitionOfRegion(choice.region) : undefined;
    if (choice.region && !fromRegion) {
      return { ok: false, error: `"${shorten(choice.region)}" is not an AWS region name.` };
    }
    const named = choice.partition ? partitionById(choice.partition) : undefined;
    if (fromRegion && named && fromRegion.id !== named.id) {
      return {
        ok: false,
        error:
          `The region ${choice.region} belongs to ${fromRegion.name}, not to ${named.name}; ` +
          'choose one or the other.',
      };
    }
    const fromArn = choice.arnHint ? partitionOfArn(choice.arnHint) : undefined;
    const partition = fromRegion ?? named ?? fromArn ?? partitionById('aws');
    return partition ? { ok: true, partition } : { ok: false, error: 'Unknown partition.' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * How the credentials were made, for the federation endpoint. A role session counts as
 * AssumeRole: if it was in fact chained, the sign-in endpoint refuses the session duration and
 * the link is asked for once more without it.
 */
export function signinOrigin(
  classification: Pick<CredentialClass, 'keyKind' | 'principal'>,
  originHint?: 'assume-role' | 'session-token' | 'federation-token',
): SigninOrigin {
  if (classification.keyKind === 'long-term') return 'long-term';
  switch (classification.principal) {
    case 'role-session':
      return 'assume-role';
    case 'federated-user':
      return 'federation-token';
    case 'iam-user-session':
    case 'root-session':
      return 'session-token';
    default:
      return originHint ?? 'unknown';
  }
}

/** When held credentials are dropped: at their own expiry, or UNKNOWN_EXPIRY_HOLD_MS from now. */
export function dropTime(
  expiration: string | undefined,
  now: number,
): { at: number; isExpiry: boolean } {
  const expiry = expiration ? Date.parse(expiration) : Number.NaN;
  if (Number.isFinite(expiry)) return { at: expiry, isExpiry: true };
  return { at: now + UNKNOWN_EXPIRY_HOLD_MS, isExpiry: false };
}

/** A session name for AssumeRole from whatever names the caller: 2 to 64 allowed characters. */
export function sessionNameFrom(name: string | null | undefined): string {
  return roleSessionNameFor(name ?? undefined);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Every encoded authorization message in a text, in order, without repeats: the long token
 * after "Encoded authorization failure message:" in an error.
 */
export function encodedMessagesIn(text: string): string[] {
  if (text.length > 200_000) return [];
  const found: string[] = [];
  const marker =
    /encoded authorization failure message:?[ \t\r\n]{0,8}([A-Za-z0-9_\-+/=]{20,20000})/gi;
  /encoded authorization failure message:?[ \t\r\n]{0,8}([A-Za-z0-9_\-+/=]{20,20000})/gi;
  for (const match of text.matchAll(marker)) {
    const message = match[1];
    if (message && !found.includes(message)) found.push(message);
  }
  return found;
}

/** The encoded message in pasted text: after the marker, or the bare message alone. */
export function encodedMessageOf(text: string): string | undefined {
  const marked = encodedMessagesIn(text)[0];
  if (marked) return marked;
  const bare = text.trim();
  return bare.length <= 20_000 && /^[A-Za-z0-9_\-+/=]{20,}$/.test(bare) ? bare : undefined;
}
