// Reads an AWS console address: which partition and region it is in, whether it is a multi-session
// host, which service page it shows, and on IAM role pages which role and tab.

import {
  type AwsHost,
  consoleHost,
  isIsoHost,
  type Partition,
  type PartitionId,
  parseAwsHost,
  partitionOfRegion,
  regionalConsoleHost,
} from '../partitions.js';
import { formatWebAddress, parseWebAddress, queryParam } from './web-address.js';

/** How an IAM role page's address was written; the console has used all of these. */
export type RoleRouteForm = 'details' | 'legacy' | 'details-no-slash';

export interface RoleRoute {
  roleName: string;
  /** The tab from `?section=`, e.g. `trust_relationships`; null when none is named. */
  section: string | null;
  /** What follows the role name in the route, e.g. `editPolicy/Inline`; null when nothing. */
  subpage: string | null;
  form: RoleRouteForm;
}

export interface ConsoleLocation {
  /** The address as parsed (normalised by the URL parser). */
  url: string;
  host: string;
  partition: PartitionId;
  /** Region named by the host (`eu-west-1.console…`); null for a global host. */
  hostRegion: string | null;
  /** Region the user works in: the `region=` query, else the host's region, else null. */
  region: string | null;
  regionSource: 'query' | 'host' | null;
  /** True for hosts without a region (`console.aws.amazon.com`, `s3.console.aws.amazon.com`). */
  globalHost: boolean;
  /** Multi-session id from the host (`111122223333-abcd1234`), or null. */
  sessionDifferentiator: string | null;
  /** First path segment: `iam`, `iamv2`, `ec2`, `s3`, `console`; null on the bare root. */
  service: string | null;
  /** Path after the host, e.g. `/iam/home`. */
  servicePath: string;
  /** Set on IAM role pages (under `/iam/` or `/iamv2/`). */
  role: RoleRoute | null;
}

export type ConsoleUrlResult =
  | { ok: true; location: ConsoleLocation }
  | { ok: false; error: string };

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// Words the legacy routes used for pages that are not a role.
const LEGACY_NON_ROLE = new Set(['create', 'details']);
const MAX_URL = 8192;

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The role and tab of an IAM console fragment, in every form the console has used:
 * `#/roles/details/NAME?section=…`, `#roles/details/NAME`, and the legacy `#/roles/NAME`.
 * Anything that is not a valid role name gives null: page addresses are untrusted input.
 */
export function roleRouteFromHash(hash: string): RoleRoute | null {
  if (hash.length > MAX_URL) return null;
  const body = hash.replace(/^#!?/, '');
  const queryAt = body.indexOf('?');
  const path = queryAt >= 0 ? body.slice(0, queryAt) : body;
  const query = queryAt >= 0 ? body.slice(queryAt + 1) : '';
  const segments = path.replace(/^\//, '').split('/');
  if (segments[0] !== 'roles') return null;
  let form: RoleRouteForm;
  let nameIndex: number;
  if (segments[1] === 'details') {
    form = path.startsWith('/') ? 'details' : 'details-no-slash';
    nameIndex = 2;
  } else {
    form = 'legacy';
    nameIndex = 1;
  }
  const encoded = segments[nameIndex];
  if (!encoded) return null;
  const roleName = safeDecode(encoded);
  if (roleName === null || !ROLE_NAME.test(roleName)) return null;
  if (form === 'legacy' && LEGACY_NON_ROLE.has(roleName)) return null;
  const rest = segments.slice(nameIndex + 1).filter((segment) => segment !== '');
  const section = queryParam(query, 'section');
  return {
    roleName,
    section: section && /^[\w-]{1,64}$/.test(section) ? section : null,
    subpage: rest.length > 0 ? rest.join('/').slice(0, 256) : null,
    form,
  };
}

function describeHost(host: string): string {
  return host.length > 80 ? `${host.slice(0, 80)}…` : host;
}

/** Parses the address of a console page; anything that is not one gets a reason. */
export function parseConsoleUrl(raw: string): ConsoleUrlResult {
  if (raw.length > MAX_URL) {
    return { ok: false, error: 'The address is longer than 8192 characters.' };
  }
  const url = parseWebAddress(raw);
  if (!url) {
    return {
      ok: false,
      error:
        'This is not a console address; copy the whole address from the browser, starting ' +
        'with https://.',
    };
  }
  if (isIsoHost(url.hostname)) {
    return {
      ok: false,
      error:
        `${describeHost(url.hostname)} belongs to an isolated (ISO) partition, which Role Doctor ` +
        'does not support: its hosts are not public.',
    };
  }
  const host: AwsHost | undefined = parseAwsHost(url.hostname);
  if (!host) {
    return {
      ok: false,
      error:
        `${describeHost(url.hostname)} is not an AWS console host (console.aws.amazon.com, ` +
        'console.amazonaws-us-gov.com, console.amazonaws.cn or the sovereign cloud).',
    };
  }
  if (host.kind !== 'console') {
    return {
      ok: false,
      error: `${describeHost(url.hostname)} is a sign-in host; give a console page address.`,
    };
  }
  const queryRegion = queryParam(url.search, 'region');
  const partition = host.partition;
  const queryRegionValid =
    queryRegion !== null && safePartitionOfRegion(queryRegion)?.id === partition.id;
  const region = queryRegionValid ? queryRegion : host.region;
  const service = url.pathname.split('/').find((segment) => segment !== '') ?? null;
  const isIam = service === 'iam' || service === 'iamv2';
  return {
    ok: true,
    location: {
      url: formatWebAddress(url),
      host: url.hostname,
      partition: partition.id,
      hostRegion: host.region,
      region,
      regionSource: queryRegionValid ? 'query' : host.region ? 'host' : null,
      globalHost: host.region === null,
      sessionDifferentiator: host.sessionDifferentiator,
      service,
      servicePath: url.pathname,
      role: isIam ? roleRouteFromHash(url.hash) : null,
    },
  };
}

function safePartitionOfRegion(region: string): Partition | undefined {
  try {
    return partitionOfRegion(region);
  } catch {
    return undefined;
  }
}

export type RedirectResult =
  | { ok: true; url: string; warnings: string[] }
  | { ok: false; error: string };

/** The console home of a region, the usual place to land when no page is given. */
export function consoleHomeUrl(partition: Partition, region?: string | null): string {
  // The console itself uses the regional host for every region, the home region included.
  if (region)
    return `https://${regionalConsoleHost(partition, region)}/console/home?region=${region}`;
  const host = consoleHost(partition);
  const suffix = partition.hasGlobalHosts ? '' : `?region=${partition.homeRegion}`;
  return `https://${host}/console/home${suffix}`;
}

/**
 * Where to land after a switch: the user's page, moved to `region` when one is given. A regional
 * host moves with the region; a global host (IAM on console.aws.amazon.com, S3's own host) is
 * kept and only its `region=` query changes, which is what broke other switchers' redirects. A
 * multi-session prefix is dropped: the new session gets its own. A page in another partition
 * cannot be kept, so the target partition's console home is used instead, with a warning.
 */
export function rewriteRedirect(
  page: string,
  partition: Partition,
  region?: string | null,
): RedirectResult {
  const parsed = parseConsoleUrl(page);
  if (!parsed.ok)
    return { ok: false, error: `The redirect address is not usable: ${parsed.error}` };
  const location = parsed.location;
  if (location.partition !== partition.id) {
    return {
      ok: true,
      url: consoleHomeUrl(partition, region ?? null),
      warnings: [
        `The page is in the ${location.partition} partition but the role is in ` +
          `${partition.id}; the switch lands on the ${partition.id} console home instead.`,
      ],
    };
  }
  const url = parseWebAddress(location.url);
  if (!url) return { ok: false, error: 'The redirect address is not usable.' };
  if (location.sessionDifferentiator) {
    url.hostname = url.hostname.slice(location.sessionDifferentiator.length + 1);
  }
  if (region) {
    // Regional hosts keep their regional form, even for the home region.
    if (!location.globalHost) url.hostname = regionalConsoleHost(partition, region);
    const addRegion = !location.globalHost || location.service === 'console';
    url.search = withRegionQuery(url.search, region, addRegion);
  }
  return { ok: true, url: formatWebAddress(url), warnings: [] };
}

/**
 * Sets `region=` in a query string, leaving every other parameter byte for byte as it was
 * (re-serialising through URLSearchParams would re-encode them). Adds it only when asked.
 */
function withRegionQuery(search: string, region: string, addWhenMissing: boolean): string {
  const params = search.replace(/^\?/, '');
  const pairs = params === '' ? [] : params.split('&');
  let found = false;
  const updated = pairs.map((pair) => {
    if (pair === 'region' || pair.startsWith('region=')) {
      found = true;
      return `region=${region}`;
    }
    return pair;
  });
  if (!found && addWhenMissing) updated.push(`region=${region}`);
  return updated.length > 0 ? `?${updated.join('&')}` : '';
}
