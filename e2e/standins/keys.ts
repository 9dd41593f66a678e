import { randomBytes, randomUUID } from 'node:crypto';
import type { PartitionId } from '../../src/core/partitions.js';

// The identities and keys the stand-in STS and federation endpoints know. Both stand-ins share
// one store, so credentials minted by the stand-in STS are recognised by the stand-in sign-in.
// Every value here is made up; none of it is or was ever a real AWS credential.

export type StandinOrigin =
  | 'long-term'
  | 'assume-role'
  | 'assume-role-chained'
  | 'federation-token'
  | 'session-token';

export interface StandinPrincipal {
  partition: PartitionId;
  account: string;
  /** What GetCallerIdentity answers as Arn. */
  arn: string;
  /** What GetCallerIdentity answers as UserId. */
  userId: string;
  kind: 'iam-user' | 'root' | 'assumed-role' | 'federated-user';
  /** IAM user name (for users), role name (sessions) or federated user name. */
  name: string;
}

export interface StandinKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Milliseconds since the epoch; absent for long-term keys. */
  expiresAt?: number;
  origin: StandinOrigin;
  principal: StandinPrincipal;
  /** Whether the credentials were obtained with MFA (aws:MultiFactorAuthPresent). */
  mfa: boolean;
}

export const STANDIN_ACCOUNT: Record<PartitionId, string> = {
  aws: '111122223333',
  'aws-us-gov': '222233334444',
  'aws-cn': '333344445555',
  'aws-eusc': '444455556666',
};

/** The MFA device of each test user, and the one code the stand-in accepts for it. */
export const STANDIN_MFA_CODE = '123456';

export function standinMfaSerial(partition: PartitionId, userName = 'alice'): string {
  return `arn:${partition}:iam::${STANDIN_ACCOUNT[partition]}:mfa/${userName}`;
}

/** External id the stand-in role `PartnerAccess` requires. */
export const STANDIN_EXTERNAL_ID = 'rd-partner-7f3a';

const PARTITION_CODE: Record<PartitionId, string> = {
  aws: 'A',
  'aws-us-gov': 'G',
  'aws-cn': 'C',
  'aws-eusc': 'E',
};

function userPrincipal(partition: PartitionId, name: string, code: string): StandinPrincipal {
  const account = STANDIN_ACCOUNT[partition];
  return {
    partition,
    account,
    arn: `arn:${partition}:iam::${account}:user/${name}`,
    userId: `AIDA${PARTITION_CODE[partition]}STANDIN${code}USER`,
    kind: 'iam-user',
    name,
  };
}

/** A made-up 40-character secret, recognisable in a leak scan by its `rdSECRET` marker. */
function fixedSecret(label: string): string {
  return `rdSECRET/${label}/`.padEnd(40, 'x').slice(0, 40);
}

function longTermKey(
  partition: PartitionId,
  slot: string,
  principal: StandinPrincipal,
): StandinKey {
  return {
    accessKeyId: `AKIA${PARTITION_CODE[partition]}STANDIN${slot}`.padEnd(20, '0'),
    secretAccessKey: fixedSecret(`${partition}-${slot}`),
    origin: 'long-term',
    principal,
    mfa: false,
  };
}

/**
 * Long-term keys every stand-in store starts with, per partition:
 * `alice` (an IAM user with an MFA device), `longName` (an IAM user whose name is longer than
 * GetFederationToken allows) and `root` (the account's root user).
 */
export const TEST_KEYS: Record<
  PartitionId,
  { alice: StandinKey; longName: StandinKey; root: StandinKey }
> = Object.fromEntries(
  (['aws', 'aws-us-gov', 'aws-cn', 'aws-eusc'] as const).map((partition) => {
    const account = STANDIN_ACCOUNT[partition];
    return [
      partition,
      {
        alice: longTermKey(partition, 'ALICE', userPrincipal(partition, 'alice', '1')),
        longName: longTermKey(
          partition,
          'LONGN',
          userPrincipal(partition, 'first.lastname@example-company.com.au', '2'),
        ),
        root: longTermKey(partition, 'ROOT', {
          partition,
          account,
          arn: `arn:${partition}:iam::${account}:root`,
          userId: account,
          kind: 'root',
          name: 'root',
        }),
      },
    ];
  }),
) as Record<PartitionId, { alice: StandinKey; longName: StandinKey; root: StandinKey }>;

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += UPPER_ALNUM[byte % UPPER_ALNUM.length];
  return out.slice(0, prefix.length + length);
}

export class StandinKeyStore {
  private readonly keys = new Map<string, StandinKey>();
  private readonly authorizationMessages = new Map<string, string>();

  constructor(initial: Iterable<StandinKey> = defaultKeys()) {
    for (const key of initial) this.keys.set(key.accessKeyId, key);
  }

  find(accessKeyId: string): StandinKey | undefined {
    return this.keys.get(accessKeyId);
  }

  add(key: StandinKey): StandinKey {
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  /** Every secret and token the store knows, for tests that scan output for leaks. */
  secrets(): string[] {
    const out: string[] = [];
    for (const key of this.keys.values()) {
      out.push(key.secretAccessKey);
      if (key.sessionToken) out.push(key.sessionToken);
    }
    return out;
  }

  /** Issues temporary credentials, as STS does, valid for `durationSeconds` from `now`. */
  mint(
    origin: Exclude<StandinOrigin, 'long-term'>,
    principal: StandinPrincipal,
    durationSeconds: number,
    now: number,
    mfa = false,
  ): StandinKey {
    const key: StandinKey = {
      accessKeyId: randomId('ASIA', 16),
      secretAccessKey: `rdSECRET${randomBytes(24).toString('base64url')}`.slice(0, 40),
      sessionToken: `rdTOKEN${randomBytes(96).toString('base64')}`,
      expiresAt: now + durationSeconds * 1000,
      origin,
      principal,
      mfa,
    };
    return this.add(key);
  }

  /** An opaque encoded authorization message, as service errors carry, for decoding later. */
  encodeAuthorizationMessage(decodedJson: string): string {
    const encoded = randomBytes(180).toString('base64url');
    this.authorizationMessages.set(encoded, decodedJson);
    return encoded;
  }

  decodeAuthorizationMessage(encoded: string): string | undefined {
    return this.authorizationMessages.get(encoded);
  }
}

function defaultKeys(): StandinKey[] {
  return Object.values(TEST_KEYS).flatMap((keys) => [keys.alice, keys.longName, keys.root]);
}

export function newRequestId(): string {
  return randomUUID();
}
