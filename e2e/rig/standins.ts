import type { PartitionId } from '../../src/core/partitions.js';
import { parseAwsHost } from '../../src/core/partitions.js';
import { createFederationStandin, type FederationStandin } from '../standins/federation.js';
import {
  STANDIN_ACCOUNT,
  type StandinKey,
  StandinKeyStore,
  type StandinPrincipal,
} from '../standins/keys.js';
import { createStsStandin, type StsStandin } from '../standins/sts.js';
import type { Rig } from './server.js';

/** The stand-ins mounted on a rig, sharing one key store. */
export interface MountedStandIns {
  /** Every key both stand-ins know; mint credentials here for a test to paste. */
  keys: StandinKeyStore;
  sts: StsStandin;
  federation: FederationStandin;
}

/** Regional and global STS hosts of every partition (`sts.<region>.amazonaws.com` and kin). */
const STS_HOST = new RegExp(
  '^sts(?:\\.[a-z]{2,4}(?:-[a-z]{2,10}){1,3}-\\d{1,2})?' +
    '\\.(?:amazonaws\\.com|amazonaws\\.com\\.cn|amazonaws-eusc\\.eu)$',
);

export function isStsHost(host: string): boolean {
  return STS_HOST.test(host);
}

/**
 * Mounts the stand-in AWS API endpoints on the rig under the real host names: the STS stand-in
 * on every partition's STS hosts, the federation stand-in on the sign-in hosts' `/federation`
 * path only, so the rig's own switch-role pages on those hosts keep working. Both check what
 * they are sent and answer like AWS; see e2e/standins.
 */
export async function mountStandIns(rig: Rig): Promise<MountedStandIns> {
  const keys = new StandinKeyStore();
  const sts = createStsStandin({ keys });
  const federation = createFederationStandin({ keys });
  rig.mount(
    (host) => isStsHost(host),
    (req, res, body) => sts.handle(req, res, body),
  );
  rig.mount(
    (host, path) => path === '/federation' && parseAwsHost(host)?.kind === 'signin',
    (req, res, body) => federation.handle(req, res, body),
  );
  return { keys, sts, federation };
}

/** The principal of a session of one of the stand-in STS roles (see defaultRoles). */
export function roleSessionPrincipal(
  partition: PartitionId,
  role: string,
  session = 'alice',
): StandinPrincipal {
  const account = STANDIN_ACCOUNT[partition];
  return {
    partition,
    account,
    arn: `arn:${partition}:sts::${account}:assumed-role/${role}/${session}`,
    userId: `AROAXSTANDIN${role.toUpperCase().slice(0, 8)}:${session}`,
    kind: 'assumed-role',
    name: role,
  };
}

/** Credentials as `export` lines, the way `aws configure export-credentials` prints them. */
export function exportLines(key: StandinKey, region?: string): string {
  return [
    `export AWS_ACCESS_KEY_ID=${key.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
    ...(key.sessionToken ? [`export AWS_SESSION_TOKEN=${key.sessionToken}`] : []),
    ...(key.expiresAt
      ? [`export AWS_CREDENTIAL_EXPIRATION=${new Date(key.expiresAt).toISOString()}`]
      : []),
    ...(region ? [`export AWS_REGION=${region}`] : []),
  ].join('\n');
}

/** The JSON `aws sts get-session-token` prints. */
export function sessionTokenJson(key: StandinKey): string {
  return JSON.stringify(
    {
      Credentials: {
        AccessKeyId: key.accessKeyId,
        SecretAccessKey: key.secretAccessKey,
        SessionToken: key.sessionToken,
        Expiration: new Date(key.expiresAt ?? 0).toISOString(),
      },
    },
    null,
    4,
  );
}

/**
 * Every secret the stand-ins know (secret keys and session tokens), raw and URL-encoded, each
 * labelled by where it appears in `texts`: empty when nothing leaked.
 */
export function findSecrets(
  keys: StandinKeyStore,
  texts: Array<{ where: string; text: string }>,
): string[] {
  const needles = new Set<string>();
  for (const secret of keys.secrets()) {
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    // The body of a form post encodes spaces as +, and the rest as encodeURIComponent does.
    needles.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  const leaks: string[] = [];
  for (const { where, text } of texts) {
    for (const needle of needles) {
      if (text.includes(needle)) leaks.push(`${where}: ${needle.slice(0, 12)}…`);
    }
  }
  return leaks;
}
