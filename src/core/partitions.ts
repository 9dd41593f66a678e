// The one table of AWS partitions that every part of Role Doctor uses for hosts and regions.

export type PartitionId = 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-eusc';

export interface Partition {
  readonly id: PartitionId;
  readonly name: string;
  /** Domain under which console hosts live: `console.aws.amazon.com` and `<region>.` below it. */
  readonly consoleDomain: string;
  /** Domain under which sign-in hosts live. */
  readonly signinDomain: string;
  /**
   * The home region: the one served by the bare sign-in and console hosts (when the partition
   * has them), and the region used when none is given.
   */
  readonly homeRegion: string;
  /** Whether the bare `consoleDomain` / `signinDomain` host exists (not in the sovereign cloud). */
  readonly hasGlobalHosts: boolean;
  /** DNS suffix of the partition's API endpoints (STS and the rest). */
  readonly apiDnsSuffix: string;
  readonly regionPattern: RegExp;
}

export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws',
    name: 'AWS commercial',
    consoleDomain: 'console.aws.amazon.com',
    signinDomain: 'signin.aws.amazon.com',
    homeRegion: 'us-east-1',
    hasGlobalHosts: true,
    apiDnsSuffix: 'amazonaws.com',
    regionPattern: /^(?:us|eu|ap|sa|ca|me|af|il|mx)-(?!gov-)[a-z]+-\d{1,2}$/,
  },
  {
    id: 'aws-us-gov',
    name: 'AWS GovCloud (US)',
    consoleDomain: 'console.amazonaws-us-gov.com',
    signinDomain: 'signin.amazonaws-us-gov.com',
    homeRegion: 'us-gov-west-1',
    hasGlobalHosts: true,
    apiDnsSuffix: 'amazonaws.com',
    regionPattern: /^us-gov-[a-z]+-\d{1,2}$/,
  },
  {
    id: 'aws-cn',
    name: 'AWS China',
    consoleDomain: 'console.amazonaws.cn',
    signinDomain: 'signin.amazonaws.cn',
    homeRegion: 'cn-north-1',
    hasGlobalHosts: true,
    apiDnsSuffix: 'amazonaws.com.cn',
    regionPattern: /^cn-[a-z]+-\d{1,2}$/,
  },
  {
    id: 'aws-eusc',
    name: 'AWS European Sovereign Cloud',
    consoleDomain: 'console.amazonaws-eusc.eu',
    signinDomain: 'signin.amazonaws-eusc.eu',
    homeRegion: 'eusc-de-east-1',
    hasGlobalHosts: false,
    apiDnsSuffix: 'amazonaws-eusc.eu',
    regionPattern: /^eusc-[a-z]+-[a-z]+-\d{1,2}$/,
  },
];

const ISO_PARTITIONS = /^aws-iso(?:-[a-z])?$/;
const ISO_REGIONS = /^(?:us-iso[a-z]?|eu-isoe)-/;
/** Domains of the isolated partitions' sign-in hosts (their console hosts are not public). */
const ISO_DOMAINS = [
  'c2shome.ic.gov',
  'sc2shome.sgov.gov',
  'csphome.hci.ic.gov',
  'csphome.adc-e.uk',
];

export const PARTITION_IDS: readonly PartitionId[] = PARTITIONS.map((partition) => partition.id);

export class UnsupportedPartitionError extends Error {
  override name = 'UnsupportedPartitionError';
}

function isoRefusal(what: string): UnsupportedPartitionError {
  return new UnsupportedPartitionError(
    `${what} belongs to an isolated (ISO) partition, whose console and sign-in hosts are not ` +
      'public; Role Doctor cannot build links or call endpoints there.',
  );
}

/** Looks a partition up by id; ISO partitions are refused with a message saying why. */
export function partitionById(id: string): Partition | undefined {
  if (ISO_PARTITIONS.test(id)) throw isoRefusal(`The partition "${id}"`);
  return PARTITIONS.find((partition) => partition.id === id);
}

export type PartitionLookup = { ok: true; partition: Partition } | { ok: false; error: string };

/**
 * Like partitionById, but never throws: unknown and ISO partitions come back with a message that
 * says what is wrong and which partitions work.
 */
export function lookupPartition(id: string): PartitionLookup {
  try {
    const partition = partitionById(id);
    if (partition) return { ok: true, partition };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const shown = id.length > 40 ? `${id.slice(0, 40)}…` : id;
  return {
    ok: false,
    error: `"${shown}" is not an AWS partition; use one of ${PARTITION_IDS.join(', ')}.`,
  };
}

/** Like partitionOfRegion, but never throws; unknown and ISO regions come back with a message. */
export function lookupRegion(region: string): PartitionLookup {
  try {
    const partition = partitionOfRegion(region);
    if (partition) return { ok: true, partition };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const shown = region.length > 40 ? `${region.slice(0, 40)}…` : region;
  return {
    ok: false,
    error: `"${shown}" is not an AWS region name (regions look like eu-west-1 or us-gov-west-1).`,
  };
}

/**
 * Whether a region is its partition's home region: the one served by the bare sign-in and
 * console hosts, so that links for it carry no region prefix.
 */
export function isHomeRegion(partition: Partition, region: string): boolean {
  return region === partition.homeRegion;
}

/** Whether a host belongs to an isolated (ISO) partition, which Role Doctor does not support. */
export function isIsoHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  return ISO_DOMAINS.some((domain) => lower === domain || lower.endsWith(`.${domain}`));
}

/** The partition a region belongs to, or undefined for a string that is no region. */
export function partitionOfRegion(region: string): Partition | undefined {
  if (ISO_REGIONS.test(region)) throw isoRefusal(`The region "${region}"`);
  return PARTITIONS.find((partition) => partition.regionPattern.test(region));
}

function hostFor(partition: Partition, domain: string, region?: string): string {
  if (!region || (region === partition.homeRegion && partition.hasGlobalHosts)) {
    return partition.hasGlobalHosts ? domain : `${partition.homeRegion}.${domain}`;
  }
  return `${region}.${domain}`;
}

/** Sign-in host: the bare host stands for the home region, others carry a region prefix. */
export function signinHost(partition: Partition, region?: string): string {
  return hostFor(partition, partition.signinDomain, region);
}

/** Console host for a region; the bare host when no region is given. */
export function consoleHost(partition: Partition, region?: string): string {
  return hostFor(partition, partition.consoleDomain, region);
}

/**
 * Sign-in host that always carries the region, the home region included
 * (`us-east-1.signin.aws.amazon.com`): multi-session sign-in lives on these.
 */
export function regionalSigninHost(partition: Partition, region: string): string {
  return `${region}.${partition.signinDomain}`;
}

/** Console host that always carries the region, as the console itself now writes it. */
export function regionalConsoleHost(partition: Partition, region: string): string {
  return `${region}.${partition.consoleDomain}`;
}

/** Regional STS endpoint host (regional endpoints are what AWS recommends over the global one). */
export function stsHost(partition: Partition, region?: string): string {
  return `sts.${region ?? partition.homeRegion}.${partition.apiDnsSuffix}`;
}

export interface AwsHost {
  partition: Partition;
  kind: 'console' | 'signin';
  /** Region from the host name; null for a bare (global) host. */
  region: string | null;
  /** Multi-session identifier such as `111122223333-abcd1234`, when the host carries one. */
  sessionDifferentiator: string | null;
  /**
   * Set for a console host that belongs to one global service rather than a region
   * (`s3.console.aws.amazon.com`); such hosts take no region prefix.
   */
  serviceLabel?: string | null;
}

const MULTI_SESSION_LABEL = /^(\d{12}-[0-9a-z]{4,16})$/;
/** Global services whose console lives on a host of its own under the console domain. */
const SERVICE_CONSOLE_LABELS: Readonly<Record<PartitionId, readonly string[]>> = {
  aws: ['s3'],
  'aws-us-gov': ['s3'],
  'aws-cn': ['s3'],
  'aws-eusc': [],
};

/**
 * Recognises the console and sign-in hosts of every supported partition, including multi-session
 * console hosts (`<account>-<id>.<region>.console...`). Anything else gives undefined, so a link or
 * request is only ever built for a host that belongs to AWS.
 */
export function parseAwsHost(host: string): AwsHost | undefined {
  const lower = host.toLowerCase().replace(/\.$/, '');
  for (const partition of PARTITIONS) {
    for (const kind of ['console', 'signin'] as const) {
      const domain = kind === 'console' ? partition.consoleDomain : partition.signinDomain;
      if (lower === domain) {
        return partition.hasGlobalHosts
          ? { partition, kind, region: null, sessionDifferentiator: null }
          : undefined;
      }
      if (!lower.endsWith(`.${domain}`)) continue;
      const labels = lower.slice(0, -domain.length - 1).split('.');
      const region = labels.pop() ?? '';
      if (
        kind === 'console' &&
        labels.length === 0 &&
        SERVICE_CONSOLE_LABELS[partition.id].includes(region)
      ) {
        return { partition, kind, region: null, sessionDifferentiator: null, serviceLabel: region };
      }
      if (!partition.regionPattern.test(region)) return undefined;
      if (labels.length === 0) return { partition, kind, region, sessionDifferentiator: null };
      const only = labels.length === 1 && kind === 'console' ? labels[0] : undefined;
      if (only && MULTI_SESSION_LABEL.test(only)) {
        return { partition, kind, region, sessionDifferentiator: only };
      }
      return undefined;
    }
  }
  return undefined;
}

/** The partition named in an ARN (`arn:<partition>:...`), refusing ISO partitions. */
export function partitionOfArn(arn: string): Partition | undefined {
  const match = /^arn:([a-z-]+):/.exec(arn);
  return match?.[1] ? partitionById(match[1]) : undefined;
}
