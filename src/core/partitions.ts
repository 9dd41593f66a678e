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
  /**
   * Regions known to exist when this table was written. New regions keep appearing, so a
   * well-formed name missing here is warned about, never refused.
   */
  readonly knownRegions: readonly string[];
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
    knownRegions: [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'il-central-1',
      'me-central-1',
      'me-south-1',
      'mx-central-1',
      'sa-east-1',
    ],
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
    knownRegions: ['us-gov-west-1', 'us-gov-east-1'],
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
    knownRegions: ['cn-north-1', 'cn-northwest-1'],
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
    knownRegions: ['eusc-de-east-1'],
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

/** The words region names use for where a region lies: `eu-west-1`, `ap-southeast-2`. */
const REGION_DIRECTIONS = new Set([
  'north',
  'south',
  'east',
  'west',
  'central',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
]);

/** Edits (insert, delete, change, swap two neighbours) between two short strings. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}

/**
 * The known regions a typo or two away from `text` (or differing only in case), nearest first;
 * at most three, all equally near.
 */
export function nearestKnownRegions(text: string): string[] {
  const wanted = text.trim().toLowerCase();
  if (wanted.length > 40) return [];
  let nearest: string[] = [];
  let distance = 3;
  for (const partition of PARTITIONS) {
    for (const region of partition.knownRegions) {
      const edits = editDistance(wanted, region);
      if (edits < distance) {
        nearest = [region];
        distance = edits;
      } else if (edits === distance) nearest.push(region);
    }
  }
  return nearest.filter((region) => region !== text).slice(0, 3);
}

export type RegionCheck =
  | { ok: true; partition: Partition; region: string; warning: string | null }
  | { ok: false; error: string };

/**
 * Checks a region name against the partition table. A known region passes. A well-formed name
 * the table does not know passes with a warning, because new regions appear. A name that fits
 * no partition, or whose direction is no word region names use (`eu-wset-1`), is refused. The
 * known region a typo away is offered with either message.
 */
export function checkRegion(text: string): RegionCheck {
  const region = text.trim();
  const nearest = nearestKnownRegions(region);
  const choices = nearest.length > 1 ? `${nearest.slice(0, -1).join(', ')} or ` : '';
  const suggestion = nearest.length > 0 ? ` Did you mean ${choices}${nearest.at(-1)}?` : '';
  const found = lookupRegion(region);
  if (!found.ok) return { ok: false, error: `${found.error}${suggestion}` };
  const { partition } = found;
  if (partition.knownRegions.includes(region)) {
    return { ok: true, partition, region, warning: null };
  }
  const direction = /-([a-z]+)-\d{1,2}$/.exec(region)?.[1] ?? '';
  if (!REGION_DIRECTIONS.has(direction)) {
    const example = ` Regions of ${partition.name} look like ${partition.homeRegion}.`;
    return {
      ok: false,
      error:
        `"${region}" is not an AWS region: "${direction}" is not a direction region names use ` +
        `(east, west, north, south, central, northeast and so on).${suggestion || example}`,
    };
  }
  const stem = region.replace(/\d+$/, '');
  const siblings = partition.knownRegions.filter((known) => known.startsWith(stem));
  const hint =
    siblings.length > 0 ? ` The ${stem}* regions known are ${siblings.join(', ')}.` : suggestion;
  return {
    ok: true,
    partition,
    region,
    warning:
      `${region} is not among the regions of ${partition.name} that Role Doctor knows; it is ` +
      `kept in case the region is new, but if it does not exist its console pages will not ` +
      `load.${hint}`,
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
