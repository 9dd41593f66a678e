// A small, strict reader of https addresses. The core runs where no DOM typings exist, and the
// addresses it reads come from pages, so it accepts only plain https URLs with a DNS host name:
// no user info, no port other than 443, no IP literals or internationalised names.

export interface WebAddress {
  /** Lower-case host name without a trailing dot. */
  hostname: string;
  /** Path beginning with `/` (just `/` when the address has none). */
  pathname: string;
  /** Query with its `?`, or an empty string. */
  search: string;
  /** Fragment with its `#`, or an empty string. */
  hash: string;
}

const MAX_ADDRESS = 8192;
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*$/;
// Characters a URL may carry as they are (RFC 3986 unreserved, reserved and `%`).
const URL_CHARS = /^[\x21-\x7e]*$/;

/** Splits an https address into parts; null when it is not a plain https address. */
export function parseWebAddress(raw: string): WebAddress | null {
  const text = raw.trim();
  if (text.length > MAX_ADDRESS || !URL_CHARS.test(text)) return null;
  if (text.slice(0, 8).toLowerCase() !== 'https://') return null;
  const rest = text.slice(8);
  let authorityEnd = rest.length;
  for (const stop of ['/', '?', '#']) {
    const at = rest.indexOf(stop);
    if (at >= 0 && at < authorityEnd) authorityEnd = at;
  }
  const authority = rest.slice(0, authorityEnd).toLowerCase();
  if (authority.includes('@') || authority.includes('\\')) return null;
  const [host = '', port, extra] = authority.split(':');
  if (extra !== undefined || (port !== undefined && port !== '443' && port !== '')) return null;
  const hostname = host.replace(/\.$/, '');
  if (hostname.length > 253 || !HOST.test(hostname)) return null;
  const tail = rest.slice(authorityEnd);
  const hashAt = tail.indexOf('#');
  const beforeHash = hashAt >= 0 ? tail.slice(0, hashAt) : tail;
  const hash = hashAt >= 0 ? tail.slice(hashAt) : '';
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const search = queryAt >= 0 ? beforeHash.slice(queryAt) : '';
  return {
    hostname,
    pathname: path === '' ? '/' : path,
    search: search === '?' ? '' : search,
    hash: hash === '#' ? '' : hash,
  };
}

/** The address written back out. */
export function formatWebAddress(address: WebAddress): string {
  return `https://${address.hostname}${address.pathname}${address.search}${address.hash}`;
}

function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

/** The first value of a query parameter (form-decoded), or null. `query` may start with `?`. */
export function queryParam(query: string, name: string): string | null {
  const body = query.startsWith('?') ? query.slice(1) : query;
  if (body === '') return null;
  for (const pair of body.split('&')) {
    const equals = pair.indexOf('=');
    const key = decodeComponent(equals >= 0 ? pair.slice(0, equals) : pair);
    if (key !== name) continue;
    return equals >= 0 ? decodeComponent(pair.slice(equals + 1)) : '';
  }
  return null;
}
