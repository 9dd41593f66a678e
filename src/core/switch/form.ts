// What the console's own switch does, as data: the classic form POST (with the page's CSRF value)
// and the multi-session JSON request. The browser side only submits what is built here.

import { lookupRegion, type PartitionId, parseAwsHost, regionalSigninHost } from '../partitions.js';
import { parseConsoleUrl, rewriteRedirect } from './console-url.js';
import { chooseSigninHost, resolveSwitchTarget, type SwitchTarget } from './link.js';
import {
  checkColor,
  checkDisplayName,
  composeDisplayName,
  stripAccountSuffix,
  switchNameLengthProblem,
} from './names.js';
import { parseWebAddress } from './web-address.js';

/** What the console page says about itself (URL and the `awsc-session-data` meta tag). */
export interface ConsolePageContext {
  /** The page's address (`location.href`). */
  pageUrl: string;
  signInEndpoint?: string | null;
  infrastructureRegion?: string | null;
  sessionDifferentiator?: string | null;
  prismModeEnabled?: boolean | null;
}

export interface SwitchRequestInput {
  roleArn?: string | null;
  account?: string | null;
  role?: string | null;
  /** Shown in the navigation bar; defaults to `<role name>  |  <account>`. */
  displayName?: string | null;
  color?: string | null;
  /** Region to land in; the current page's region when absent. */
  region?: string | null;
  page: ConsolePageContext;
}

/** The fields of the classic switch form, in the order the console's own forms send them. */
export interface ClassicSwitchFields {
  action: 'switchFromBasis';
  src: 'nav';
  roleName: string;
  account: string;
  mfaNeeded: '0';
  color: string;
  csrf: string;
  redirect_uri: string;
  displayName: string;
}

export type ClassicSwitchForm =
  | {
      ok: true;
      /** `https://<signin host>/switchrole` */
      action: string;
      method: 'POST';
      target: '_top';
      fields: ClassicSwitchFields;
      /** The fields as name/value pairs in sending order, for building a form element. */
      entries: Array<[keyof ClassicSwitchFields, string]>;
      partition: PartitionId;
      warnings: string[];
    }
  | { ok: false; errors: string[] };

export interface MultiSessionSwitchBody {
  account: string;
  color?: string;
  displayName: string;
  redirectUri: string;
  roleName: string;
}

export type MultiSessionSwitchRequest =
  | {
      ok: true;
      /** `https://<signin host>/sessions/<differentiator>/v1/switchrole` */
      url: string;
      method: 'POST';
      headers: Record<string, string>;
      /** The request must carry the console's cookies. */
      credentials: 'include';
      body: string;
      payload: MultiSessionSwitchBody;
      partition: PartitionId;
      warnings: string[];
    }
  | { ok: false; errors: string[] };

interface Prepared {
  target: SwitchTarget;
  signinHost: string;
  redirect: string;
  displayName: string;
  color: string;
  warnings: string[];
  sessionDifferentiator: string | null;
}

const SESSION_DIFFERENTIATOR = /^[A-Za-z0-9-]{1,64}$/;

function prepare(
  input: SwitchRequestInput,
  multiSession: boolean,
): { ok: true; value: Prepared } | { ok: false; errors: string[] } {
  const page = parseConsoleUrl(input.page.pageUrl);
  if (!page.ok) {
    return { ok: false, errors: [`The switch must start from a console page: ${page.error}`] };
  }
  const resolved = resolveSwitchTarget({
    roleArn: input.roleArn ?? null,
    account: input.account ?? null,
    role: input.role ?? null,
    region: input.region ?? null,
    consolePartition: page.location.partition,
  });
  if (!resolved.ok) return resolved;
  const { target } = resolved;
  const errors: string[] = [];
  const warnings = [...resolved.warnings];
  const tooLong = switchNameLengthProblem(target.roleName);
  if (tooLong) errors.push(tooLong);

  const differentiator =
    input.page.sessionDifferentiator?.trim() || page.location.sessionDifferentiator;
  if (multiSession && (!differentiator || !SESSION_DIFFERENTIATOR.test(differentiator))) {
    errors.push(
      'The page does not name its multi-session id; reload the console page and try again.',
    );
  }

  let signinHost: string | null = null;
  if (input.page.signInEndpoint?.trim()) {
    const chosen = chooseSigninHost(target.partition, input.page.signInEndpoint);
    if (chosen.ok) signinHost = chosen.host;
    else errors.push(chosen.error);
  } else {
    // No sign-in host on the page: the regional one for multi-session (its sessions live
    // there), the partition's main one for the classic form.
    const region = usableRegion(input.page.infrastructureRegion, target) ?? page.location.region;
    if (multiSession && region) signinHost = regionalSigninHost(target.partition, region);
    else {
      const chosen = chooseSigninHost(target.partition, null, null);
      if (chosen.ok) signinHost = chosen.host;
    }
  }

  const redirect = rewriteRedirect(
    input.page.pageUrl,
    target.partition,
    input.region?.trim() || null,
  );
  if (!redirect.ok) errors.push(redirect.error);
  else warnings.push(...redirect.warnings);

  let color = '';
  if (input.color?.trim()) {
    const checked = checkColor(input.color);
    if (checked.ok) color = checked.value;
    else errors.push(checked.error);
  }
  let displayName: string;
  if (input.displayName?.trim()) {
    const checked = checkDisplayName(input.displayName);
    displayName = checked.ok ? checked.value : '';
    if (checked.ok) warnings.push(...checked.warnings);
    else errors.push(checked.error);
  } else {
    displayName = composeDisplayName(target.leaf, target.account);
  }
  if (multiSession) displayName = stripAccountSuffix(displayName);

  if (errors.length > 0 || !signinHost || !redirect.ok) {
    return { ok: false, errors: errors.length > 0 ? errors : ['No sign-in host for the switch.'] };
  }
  return {
    ok: true,
    value: {
      target,
      signinHost,
      redirect: redirect.url,
      displayName,
      color,
      warnings,
      sessionDifferentiator: differentiator ?? null,
    },
  };
}

function usableRegion(region: string | null | undefined, target: SwitchTarget): string | null {
  if (!region) return null;
  const found = lookupRegion(region);
  return found.ok && found.partition.id === target.partition.id ? region : null;
}

const CSRF = /^[\x21-\x7e]{1,4096}$/;

/**
 * The classic switch: a form POSTed to `https://<signin host>/switchrole` with `target=_top`,
 * carrying the CSRF value read from the console page (`AWSC.Auth.getMbtc()`).
 */
export function classicSwitchForm(input: SwitchRequestInput & { csrf: string }): ClassicSwitchForm {
  const prepared = prepare(input, false);
  const errors = prepared.ok ? [] : [...prepared.errors];
  if (!CSRF.test(input.csrf ?? '')) {
    errors.push(
      "The console page's switch token (CSRF) could not be read; reload the console page and " +
        'try again, or use the switch link instead.',
    );
  }
  if (!prepared.ok || errors.length > 0) return { ok: false, errors };
  const { value } = prepared;
  const fields: ClassicSwitchFields = {
    action: 'switchFromBasis',
    src: 'nav',
    roleName: value.target.roleName,
    account: value.target.account,
    mfaNeeded: '0',
    color: value.color,
    csrf: input.csrf,
    redirect_uri: value.redirect,
    displayName: value.displayName,
  };
  const order: Array<keyof ClassicSwitchFields> = [
    'action',
    'src',
    'roleName',
    'account',
    'mfaNeeded',
    'color',
    'csrf',
    'redirect_uri',
    'displayName',
  ];
  return {
    ok: true,
    action: `https://${value.signinHost}/switchrole`,
    method: 'POST',
    target: '_top',
    fields,
    entries: order.map((name) => [name, fields[name]]),
    partition: value.target.partition.id,
    warnings: value.warnings,
  };
}

/**
 * The multi-session switch: a JSON POST to the sessions endpoint, sent from the page's own world
 * with its cookies. The answer names the new session's address (see parseMultiSessionAnswer),
 * which the console opens in a new tab.
 */
export function multiSessionSwitchRequest(input: SwitchRequestInput): MultiSessionSwitchRequest {
  const prepared = prepare(input, true);
  if (!prepared.ok) return prepared;
  const { value } = prepared;
  const payload: MultiSessionSwitchBody = {
    account: value.target.account,
    ...(value.color ? { color: value.color } : {}),
    displayName: value.displayName,
    redirectUri: value.redirect,
    roleName: value.target.roleName,
  };
  const differentiator = encodeURIComponent(value.sessionDifferentiator ?? '');
  return {
    ok: true,
    url: `https://${value.signinHost}/sessions/${differentiator}/v1/switchrole`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-CSRF-PROTECTION': '1' },
    credentials: 'include',
    body: JSON.stringify(payload),
    payload,
    partition: value.target.partition.id,
    warnings: value.warnings,
  };
}

export type MultiSessionAnswer = { ok: true; destination: string } | { ok: false; error: string };

/**
 * Reads the sessions endpoint's answer. Only a console address in the expected partition is
 * accepted as the place to open; anything else means the switch was refused.
 */
export function parseMultiSessionAnswer(
  status: number,
  text: string,
  partition: PartitionId,
): MultiSessionAnswer {
  const refused =
    'The console refused the switch: this session may not switch to that role (check the ' +
    "role's trust policy, or switch from the session of the account it trusts).";
  if (status < 200 || status >= 300) return { ok: false, error: `${refused} (HTTP ${status})` };
  let destination: unknown;
  try {
    destination = (JSON.parse(text.slice(0, 64 * 1024)) as { destination?: unknown }).destination;
  } catch {
    return { ok: false, error: refused };
  }
  if (typeof destination !== 'string') return { ok: false, error: refused };
  const address = parseWebAddress(destination);
  if (!address) return { ok: false, error: refused };
  const host = address.hostname;
  const parsed = parseAwsHost(host);
  if (!parsed || parsed.partition.id !== partition) {
    return { ok: false, error: 'The console answered with an address outside AWS; not opened.' };
  }
  return { ok: true, destination };
}
