// Which endpoint overrides may receive credentials. STS calls carry a signature and the session
// token; getSigninToken carries the secret access key itself. So an override is accepted only
// when it is an https AWS host of the credentials' partition (the STS or sign-in hosts the
// partition table describes) or this machine's loopback address (tests and local proxies).

import { PARTITIONS, type Partition, parseAwsHost } from '../partitions.js';

export type EndpointCheck =
  | {
      ok: true;
      /** The endpoint, normalised: no trailing slash for STS, `/federation` for sign-in. */
      url: string;
      partition?: Partition;
      /** Region the host serves, which is the region to sign for. */
      region?: string;
      loopback: boolean;
    }
  | { ok: false; error: string };

interface SplitUrl {
  scheme: string;
  host: string;
  port: string | undefined;
  path: string;
}

// No user name or password part (no `@`), no query, no fragment; every repetition bounded.
const URL_SHAPE =
  /^(https?):\/\/(\[[0-9a-f:.]{2,45}\]|[a-z0-9.-]{1,253})(?::(\d{1,5}))?(\/[^\s?#@\\]{0,200})?$/i;

function split(url: string): SplitUrl | undefined {
  const match = URL_SHAPE.exec(url.trim());
  if (!match) return undefined;
  return {
    scheme: (match[1] ?? '').toLowerCase(),
    host: (match[2] ?? '').toLowerCase().replace(/\.$/, ''),
    port: match[3],
    path: match[4] ?? '',
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function shown(url: string): string {
  const text = url.trim();
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

// Interface VPC endpoint labels: `vpce-<id>-<suffix>`, and `vpce-<id>-<suffix>-<zone>` for the
// zonal names (`…-us-east-1a`).
const VPCE_LABEL = /^vpce-[a-z0-9]{1,32}-[a-z0-9]{1,32}(?:-[a-z0-9-]{1,32})?$/;
// AWS documents interface endpoints for STS in the commercial, GovCloud and China partitions.
const VPCE_PARTITIONS = new Set(['aws', 'aws-us-gov', 'aws-cn']);

/**
 * The partition and region of an STS host: `sts.<region>.<suffix>`, `sts-fips.<region>.<suffix>`,
 * the global `sts.amazonaws.com` (commercial, signed for us-east-1) and interface VPC endpoints
 * `vpce-….sts.<region>.vpce.<suffix>`.
 */
export function parseStsHost(host: string): { partition: Partition; region: string } | undefined {
  const lower = host.toLowerCase().replace(/\.$/, '');
  for (const partition of PARTITIONS) {
    const suffix = `.${partition.apiDnsSuffix}`;
    if (!lower.endsWith(suffix)) continue;
    const labels = lower.slice(0, -suffix.length).split('.');
    if (partition.id === 'aws' && labels.length === 1 && labels[0] === 'sts') {
      return { partition, region: partition.homeRegion };
    }
    if (labels.length === 2) {
      const [service = '', region = ''] = labels;
      if ((service === 'sts' || service === 'sts-fips') && partition.regionPattern.test(region)) {
        return { partition, region };
      }
    }
    if (labels.length === 4 && VPCE_PARTITIONS.has(partition.id)) {
      const [endpoint = '', service = '', region = '', vpce = ''] = labels;
      if (
        VPCE_LABEL.test(endpoint) &&
        service === 'sts' &&
        vpce === 'vpce' &&
        partition.regionPattern.test(region)
      ) {
        return { partition, region };
      }
    }
  }
  return undefined;
}

function refusal(kind: 'STS' | 'sign-in', url: string, reason: string): EndpointCheck {
  return {
    ok: false,
    error:
      `The ${kind} endpoint ${shown(url)} is refused: ${reason} Credentials are only sent to ` +
      `https ${kind} hosts of AWS in the credentials' partition, or to http://127.0.0.1, ` +
      'http://localhost or http://[::1] on this machine.',
  };
}

function loopback(parts: SplitUrl): boolean {
  return LOOPBACK_HOSTS.has(parts.host);
}

function partitionProblem(found: Partition, wanted: Partition | undefined): string | undefined {
  if (!wanted || found.id === wanted.id) return undefined;
  return (
    `it is a host of ${found.name} (${found.id}), but the credentials are for ${wanted.name} ` +
    `(${wanted.id}); give the --region of the credentials' partition.`
  );
}

/**
 * Checks an STS endpoint override. `partition` is the credentials' partition; without it any
 * supported partition's STS hosts pass (the caller then takes the partition returned).
 */
export function checkStsEndpoint(url: string, partition?: Partition): EndpointCheck {
  const parts = split(url);
  if (!parts) {
    return refusal('STS', url, 'it is not a plain http(s) URL (no user name, query or fragment).');
  }
  if (loopback(parts)) {
    return { ok: true, url: url.trim().replace(/\/+$/, ''), loopback: true };
  }
  const host = parseStsHost(parts.host);
  if (!host) return refusal('STS', url, 'the host is not an AWS STS host.');
  if (parts.scheme !== 'https') return refusal('STS', url, 'AWS hosts are reached over https.');
  if (parts.port !== undefined && parts.port !== '443') {
    return refusal('STS', url, 'AWS STS listens on the https port 443 only.');
  }
  if (parts.path !== '' && parts.path !== '/') {
    return refusal('STS', url, 'an STS endpoint has no path.');
  }
  const problem = partitionProblem(host.partition, partition);
  if (problem) return refusal('STS', url, problem);
  return {
    ok: true,
    url: `https://${parts.host}`,
    partition: host.partition,
    region: host.region,
    loopback: false,
  };
}

/**
 * Checks a federation (sign-in) endpoint override: a sign-in host of the partition, bare or
 * regional, with no path or `/federation`; or loopback with any path, to which `/federation` is
 * added unless it ends with it.
 */
export function checkSigninEndpoint(url: string, partition?: Partition): EndpointCheck {
  const parts = split(url);
  if (!parts) {
    return refusal(
      'sign-in',
      url,
      'it is not a plain http(s) URL (no user name, query or fragment).',
    );
  }
  if (loopback(parts)) {
    const base = url.trim().replace(/\/+$/, '');
    return {
      ok: true,
      url: base.endsWith('/federation') ? base : `${base}/federation`,
      loopback: true,
    };
  }
  const host = parseAwsHost(parts.host);
  if (host?.kind !== 'signin' || host.sessionDifferentiator) {
    return refusal('sign-in', url, 'the host is not an AWS sign-in host.');
  }
  if (parts.scheme !== 'https') {
    return refusal('sign-in', url, 'AWS hosts are reached over https.');
  }
  if (parts.port !== undefined && parts.port !== '443') {
    return refusal('sign-in', url, 'AWS sign-in listens on the https port 443 only.');
  }
  if (!['', '/', '/federation', '/federation/'].includes(parts.path)) {
    return refusal('sign-in', url, 'the federation endpoint is the path /federation.');
  }
  const problem = partitionProblem(host.partition, partition);
  if (problem) return refusal('sign-in', url, problem);
  return {
    ok: true,
    url: `https://${parts.host}/federation`,
    partition: host.partition,
    ...(host.region ? { region: host.region } : {}),
    loopback: false,
  };
}
