// The documented switch-role link: it opens AWS's Switch Role page filled in, so anyone with the
// link is one click from the role. It carries no secret, so it can be shared.

import {
  checkRegion,
  lookupPartition,
  lookupRegion,
  type Partition,
  type PartitionId,
  parseAwsHost,
  signinHost,
} from '../partitions.js';
import { consoleHomeUrl, parseConsoleUrl, rewriteRedirect } from './console-url.js';
import {
  checkAccount,
  checkColor,
  checkDisplayName,
  checkRolePathAndName,
  isPresetColor,
  parseRoleArn,
  switchNameLengthProblem,
} from './names.js';

export interface SwitchLinkInput {
  /** `arn:<partition>:iam::<account>:role/<path/name>`; or give account and role instead. */
  roleArn?: string | null;
  /** 12-digit account id or account alias. */
  account?: string | null;
  /** Role name with its path, with or without a leading slash. */
  role?: string | null;
  displayName?: string | null;
  /** Hex colour, with or without `#`. */
  color?: string | null;
  /** Console page to land on after the switch, usually the page the user is on. */
  redirect?: string | null;
  /** Region to land in; rewrites the redirect's region. */
  region?: string | null;
  /**
   * Partition for an account + role target; otherwise taken from the role ARN, the region or the
   * redirect, and `aws` when nothing says.
   */
  partition?: PartitionId | string | null;
  /** Partition of the console the user is in; the role must be in the same one. */
  consolePartition?: PartitionId | string | null;
  /** Sign-in host the console page names (`awsc-session-data.signInEndpoint`). */
  signInEndpoint?: string | null;
  /** Use the sign-in host of `region` (`eu-west-1.signin…`) rather than the main one. */
  regionalSignin?: boolean;
}

export type SwitchLinkResult =
  | { ok: true; url: string; signinHost: string; partition: PartitionId; warnings: string[] }
  | { ok: false; errors: string[] };

/** The target of a switch after every check: what the link, form and request are built from. */
export interface SwitchTarget {
  partition: Partition;
  account: string;
  /** Path and name, no leading slash. */
  roleName: string;
  leaf: string;
}

export type ResolvedTarget =
  | { ok: true; target: SwitchTarget; warnings: string[] }
  | { ok: false; errors: string[] };

/**
 * Works out account, role and partition from a role ARN or an account + role, and checks that
 * every partition the input names agrees. Shared by the link, the form and the request.
 */
export function resolveSwitchTarget(
  input: Pick<
    SwitchLinkInput,
    | 'roleArn'
    | 'account'
    | 'role'
    | 'partition'
    | 'region'
    | 'redirect'
    | 'consolePartition'
    | 'signInEndpoint'
  >,
): ResolvedTarget {
  const errors: string[] = [];
  const warnings: string[] = [];
  const roleArn = input.roleArn?.trim() || null;
  const sources: Array<{ what: string; partition: Partition }> = [];

  let account: string | null = null;
  let roleName: string | null = null;
  let leaf = '';
  if (roleArn) {
    if (input.account?.trim() || input.role?.trim()) {
      errors.push('Give either a role ARN or an account and role name, not both.');
    }
    const parsed = parseRoleArn(roleArn);
    if (!parsed.ok) errors.push(parsed.error);
    else {
      account = parsed.value.account;
      roleName = parsed.value.roleName;
      leaf = parsed.value.leaf;
      sources.push({ what: 'the role ARN', partition: parsed.value.partition });
    }
  } else {
    if (!input.account?.trim() || !input.role?.trim()) {
      errors.push('Give a role ARN, or both an account (id or alias) and a role name.');
    } else {
      const checkedAccount = checkAccount(input.account);
      if (!checkedAccount.ok) errors.push(checkedAccount.error);
      else {
        account = checkedAccount.value;
        warnings.push(...checkedAccount.warnings);
      }
      const checkedRole = checkRolePathAndName(input.role);
      if (!checkedRole.ok) errors.push(checkedRole.error);
      else {
        roleName = checkedRole.value.roleName;
        leaf = checkedRole.value.leaf;
      }
    }
  }

  if (input.partition) {
    const found = lookupPartition(input.partition);
    if (!found.ok) errors.push(found.error);
    else sources.push({ what: `partition ${found.partition.id}`, partition: found.partition });
  }
  if (input.region) {
    const found = checkRegion(input.region);
    if (!found.ok) errors.push(found.error);
    else {
      sources.push({ what: `region ${found.region}`, partition: found.partition });
      if (found.warning) warnings.push(found.warning);
    }
  }
  if (input.consolePartition) {
    const found = lookupPartition(input.consolePartition);
    if (!found.ok) errors.push(found.error);
    else sources.push({ what: 'the console you are in', partition: found.partition });
  }
  const pageSignin = input.signInEndpoint ? parseAwsHost(input.signInEndpoint.trim()) : undefined;
  if (pageSignin?.kind === 'signin') {
    sources.push({ what: "the page's sign-in host", partition: pageSignin.partition });
  }
  if (input.redirect) {
    const page = parseConsoleUrl(input.redirect);
    if (!page.ok) errors.push(`The redirect address is not usable: ${page.error}`);
    else if (!input.consolePartition) {
      const found = lookupPartition(page.location.partition);
      if (found.ok) sources.push({ what: 'the redirect page', partition: found.partition });
    }
  }

  const first = sources[0];
  const partition = first?.partition ?? defaultPartition();
  for (const other of sources.slice(1)) {
    if (first && other.partition.id !== first.partition.id) {
      errors.push(
        `${capitalise(first.what)} is in the ${first.partition.id} partition but ` +
          `${other.what} is in ${other.partition.id}; the console switches only within one ` +
          'partition (sign in to that partition, or pick a role there).',
      );
    }
  }
  if (errors.length > 0 || account === null || roleName === null) {
    return { ok: false, errors: errors.length > 0 ? errors : ['The switch target is incomplete.'] };
  }
  return { ok: true, target: { partition, account, roleName, leaf }, warnings };
}

function defaultPartition(): Partition {
  const found = lookupPartition('aws');
  if (!found.ok) throw new Error('The partition table has no aws partition.');
  return found.partition;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type SigninHostResult = { ok: true; host: string } | { ok: false; error: string };

/**
 * The sign-in host to use: the one the console page names when it is a real sign-in host of the
 * same partition (page content is untrusted, so anything else is refused), else the partition's
 * main sign-in host.
 */
export function chooseSigninHost(
  partition: Partition,
  signInEndpoint?: string | null,
  region?: string | null,
): SigninHostResult {
  const named = signInEndpoint
    ?.trim()
    .replace(/^https:\/\//i, '')
    .replace(/\/$/, '');
  if (!named) {
    const regional = region ? lookupRegion(region) : null;
    const usable = regional?.ok === true && regional.partition.id === partition.id;
    return { ok: true, host: signinHost(partition, usable && region ? region : undefined) };
  }
  const host = parseAwsHost(named);
  if (host?.kind !== 'signin' || named.includes('/')) {
    return {
      ok: false,
      error:
        `The page names "${named.slice(0, 80)}" as its sign-in host, which is not an AWS ` +
        `sign-in host.`,
    };
  }
  if (host.partition.id !== partition.id) {
    return {
      ok: false,
      error:
        `The page's sign-in host ${named} is in ${host.partition.id}, but the role is in ` +
        `${partition.id}; sign in to the ${partition.id} console to switch to it.`,
    };
  }
  return { ok: true, host: named.toLowerCase() };
}

/** Encodes a query value; `/` stays readable in role paths, as in AWS's own examples. */
function encodeValue(value: string, keepSlash = false): string {
  const encoded = encodeURIComponent(value);
  return keepSlash ? encoded.replaceAll('%2F', '/') : encoded;
}

/**
 * Builds `https://<signin host>/switchrole?account=…&roleName=…[&displayName=…][&color=…]
 * [&redirect_uri=…]` after checking every part. Errors mean no link; warnings go with a link.
 */
export function buildSwitchRoleLink(input: SwitchLinkInput): SwitchLinkResult {
  const resolved = resolveSwitchTarget(input);
  const errors = resolved.ok ? [] : [...resolved.errors];
  const warnings = resolved.ok ? [...resolved.warnings] : [];

  let displayName: string | null = null;
  if (input.displayName?.trim()) {
    const checked = checkDisplayName(input.displayName);
    if (checked.ok) {
      displayName = checked.value;
      warnings.push(...checked.warnings);
    } else errors.push(checked.error);
  }
  let color: string | null = null;
  if (input.color?.trim()) {
    const checked = checkColor(input.color);
    if (!checked.ok) errors.push(checked.error);
    else {
      color = checked.value;
      if (!isPresetColor(color)) {
        warnings.push(
          `The switch-role page may pre-select only its five preset colours; ${color} may ` +
            'need to be picked again on the page.',
        );
      }
    }
  }
  if (!resolved.ok) return { ok: false, errors };
  const { target } = resolved;
  const lengthProblem = switchNameLengthProblem(target.roleName);
  if (lengthProblem) errors.push(lengthProblem);

  const host = chooseSigninHost(
    target.partition,
    input.signInEndpoint,
    input.regionalSignin ? input.region?.trim() : null,
  );
  if (!host.ok) errors.push(host.error);

  let redirect: string | null = null;
  if (input.redirect) {
    const rewritten = rewriteRedirect(input.redirect, target.partition, input.region?.trim());
    if (!rewritten.ok) errors.push(rewritten.error);
    else {
      redirect = rewritten.url;
      warnings.push(...rewritten.warnings);
    }
  } else if (input.region?.trim()) {
    redirect = consoleHomeUrl(target.partition, input.region.trim());
  }
  if (errors.length > 0 || !host.ok) return { ok: false, errors };

  const query = [
    `account=${encodeValue(target.account)}`,
    `roleName=${encodeValue(target.roleName, true)}`,
  ];
  if (displayName) query.push(`displayName=${encodeValue(displayName)}`);
  if (color) query.push(`color=${color}`);
  if (redirect) query.push(`redirect_uri=${encodeValue(redirect)}`);
  return {
    ok: true,
    url: `https://${host.host}/switchrole?${query.join('&')}`,
    signinHost: host.host,
    partition: target.partition.id,
    warnings,
  };
}
