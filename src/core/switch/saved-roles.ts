// Roles the user keeps for switching: their shape, filtering as you type, and grouping.

import { checkRegion, lookupPartition, type PartitionId } from '../partitions.js';
import { sessionRole } from './blockers.js';
import {
  type Checked,
  checkAccount,
  checkColor,
  checkDisplayName,
  checkRolePathAndName,
  parseRoleArn,
} from './names.js';

export type SavedRoleOrigin = 'aws-config' | 'aesr' | 'page' | 'manual';

export interface SavedRole {
  /** Stable within a list: derived from the name, partition, account and role. */
  id: string;
  /** The name it was saved or imported under (the profile name of a config). */
  name: string;
  /** 12-digit account id or account alias. */
  account: string;
  /** Role path and name, without a leading slash (`team/Admin`). */
  roleName: string;
  /** Label for lists and the console navigation bar. */
  displayName: string;
  /** Six hex digits without `#`, or null. */
  color: string | null;
  /** Region to land in after the switch, or null for the current one. */
  region: string | null;
  partition: PartitionId;
  /** Profile this role is assumed from, as the config names it. */
  sourceProfile: string | null;
  /** Account (id or alias) of the identity this role is assumed from, when known. */
  sourceAccount: string | null;
  /** Alias of that account, when the config gives one. */
  sourceAccountAlias: string | null;
  /** Role or permission-set name that identity signs in as, when known. */
  sourceRoleName: string | null;
  /** The trust requires an ExternalId: the console cannot switch to it. */
  requiresExternalId: boolean;
  /** The config names an MFA device for it. */
  requiresMfa: boolean;
  durationSeconds: number | null;
  /** Icon address from an aws-extend-switch-roles config. */
  image: string | null;
  origin: SavedRoleOrigin;
}

export function savedRoleId(
  name: string,
  partition: PartitionId,
  account: string,
  roleName: string,
): string {
  return `${name}|${partition}:${account}:${roleName}`;
}

export interface SavedRoleDraft {
  name?: string | null;
  roleArn?: string | null;
  account?: string | null;
  roleName?: string | null;
  displayName?: string | null;
  color?: string | null;
  region?: string | null;
  partition?: string | null;
  sourceProfile?: string | null;
  sourceAccount?: string | null;
  sourceAccountAlias?: string | null;
  sourceRoleName?: string | null;
  requiresExternalId?: boolean | null;
  requiresMfa?: boolean | null;
  durationSeconds?: number | null;
  image?: string | null;
  origin?: SavedRoleOrigin;
}

/**
 * A saved role from what the user typed or what a page showed, after every check: used by
 * "add from page" and "edit". Errors say which field to fix.
 */
export function makeSavedRole(draft: SavedRoleDraft): Checked<SavedRole> {
  const errors: string[] = [];
  const warnings: string[] = [];
  let account: string | null = null;
  let roleName: string | null = null;
  let partition: PartitionId | null = null;
  if (draft.roleArn?.trim()) {
    const arn = parseRoleArn(draft.roleArn);
    if (!arn.ok) errors.push(arn.error);
    else {
      account = arn.value.account;
      roleName = arn.value.roleName;
      partition = arn.value.partition.id;
    }
  } else {
    const checkedAccount = checkAccount(draft.account ?? '');
    if (!checkedAccount.ok) errors.push(checkedAccount.error);
    else {
      account = checkedAccount.value;
      warnings.push(...checkedAccount.warnings);
    }
    const checkedRole = checkRolePathAndName(draft.roleName ?? '');
    if (!checkedRole.ok) errors.push(checkedRole.error);
    else roleName = checkedRole.value.roleName;
  }
  if (draft.partition) {
    const found = lookupPartition(draft.partition);
    if (!found.ok) errors.push(found.error);
    else if (partition && partition !== found.partition.id) {
      errors.push(`The role ARN is in ${partition}, not in ${found.partition.id}.`);
    } else partition = found.partition.id;
  }
  let region: string | null = null;
  if (draft.region?.trim()) {
    const found = checkRegion(draft.region);
    if (!found.ok) errors.push(found.error);
    else if (partition && partition !== found.partition.id) {
      errors.push(
        `The region ${draft.region.trim()} is in ${found.partition.id}, but the role is in ` +
          `${partition}; pick a region of ${partition}.`,
      );
    } else {
      region = found.region;
      partition = found.partition.id;
      if (found.warning) warnings.push(found.warning);
    }
  }
  let color: string | null = null;
  if (draft.color?.trim()) {
    const checked = checkColor(draft.color);
    if (!checked.ok) errors.push(checked.error);
    else color = checked.value;
  }
  if (errors.length > 0 || !account || !roleName) {
    return { ok: false, error: errors.join(' ') || 'The role is incomplete.' };
  }
  const finalPartition = partition ?? 'aws';
  const name = draft.name?.trim() || roleName.split('/').pop() || roleName;
  const display = checkDisplayName(draft.displayName?.trim() || name);
  const displayName = display.ok ? display.value : name;
  if (display.ok) warnings.push(...display.warnings);
  return {
    ok: true,
    warnings,
    value: {
      id: savedRoleId(name, finalPartition, account, roleName),
      name,
      account,
      roleName,
      displayName,
      color,
      region,
      partition: finalPartition,
      sourceProfile: draft.sourceProfile?.trim() || null,
      sourceAccount: draft.sourceAccount?.trim() || null,
      sourceAccountAlias: draft.sourceAccountAlias?.trim() || null,
      sourceRoleName: draft.sourceRoleName?.trim() || null,
      requiresExternalId: draft.requiresExternalId === true,
      requiresMfa: draft.requiresMfa === true,
      durationSeconds: draft.durationSeconds ?? null,
      image: draft.image?.trim() || null,
      origin: draft.origin ?? 'manual',
    },
  };
}

/** Who is signed in to the console, as far as the page tells. */
export interface SignedInIdentity {
  accountId?: string | null;
  accountAlias?: string | null;
  partition?: PartitionId | string | null;
  /** Role (or IAM Identity Center permission set) the user signed in as. */
  roleName?: string | null;
}

/**
 * The identity behind a session ARN (`awsc-session-data.sessionARN`). IAM Identity Center roles
 * (`AWSReservedSSO_<PermissionSet>_<hex>`) are given as the permission-set name, which is how
 * configs name them.
 */
export function identityFromSessionArn(
  sessionArn: string,
  accountAlias?: string | null,
): SignedInIdentity | null {
  const session = sessionRole(sessionArn);
  const partition = /^arn:([a-z-]+):/.exec(sessionArn.trim())?.[1] ?? null;
  if (!session) {
    const user = /^arn:([a-z-]+):iam::(\d{12}):(?:user\/|root$)/.exec(sessionArn.trim());
    return user?.[2]
      ? { accountId: user[2], accountAlias: accountAlias ?? null, partition: user[1] ?? null }
      : null;
  }
  return {
    accountId: session.account,
    accountAlias: accountAlias ?? null,
    partition,
    roleName: permissionSetName(session.roleLeaf),
  };
}

/** `AWSReservedSSO_<PermissionSet>_<hex>` → `<PermissionSet>`; other names unchanged. */
export function permissionSetName(roleLeaf: string): string {
  const match = /^AWSReservedSSO_(.+)_[0-9a-f]{1,32}$/.exec(roleLeaf);
  return match?.[1] ?? roleLeaf;
}

function leafOf(roleName: string): string {
  const parts = roleName.split('/');
  return parts[parts.length - 1] ?? roleName;
}

function accountMatches(
  value: string | null,
  identity: SignedInIdentity,
  alias: string | null = null,
): boolean {
  const id = identity.accountId?.replaceAll('-', '') ?? null;
  const idAlias = identity.accountAlias?.toLowerCase() ?? null;
  for (const candidate of [value, alias]) {
    if (!candidate) continue;
    const lower = candidate.toLowerCase();
    if ((id && lower === id) || (idAlias && lower === idAlias)) return true;
  }
  return false;
}

/**
 * Whether the saved role is the role the console is in now. The console shows role names without
 * their path, so the leaf is compared (`human/WorkflowDevAdmin` is `WorkflowDevAdmin`).
 */
export function isCurrentRole(role: SavedRole, identity: SignedInIdentity): boolean {
  return (
    accountMatches(role.account, identity) &&
    !!identity.roleName &&
    leafOf(role.roleName) === leafOf(identity.roleName)
  );
}

/**
 * How well a role fits the signed-in identity: 0 when it is assumed from that identity (its
 * source account, and source role when one is named, match), 1 when nothing says where it is
 * assumed from, 2 when it is assumed from someone else, 3 when it is in another partition (the
 * console cannot switch across partitions).
 */
export function identityTier(role: SavedRole, identity?: SignedInIdentity | null): number {
  if (!identity) return 1;
  if (identity.partition && identity.partition !== role.partition) return 3;
  if (!role.sourceAccount && !role.sourceAccountAlias) return 1;
  if (!accountMatches(role.sourceAccount, identity, role.sourceAccountAlias)) return 2;
  if (role.sourceRoleName && identity.roleName) {
    const wanted = permissionSetName(leafOf(role.sourceRoleName));
    return wanted === permissionSetName(leafOf(identity.roleName)) ? 0 : 2;
  }
  return 0;
}

// Search keys are computed once per role object and reused while the list stays the same.
const searchKeys = new WeakMap<SavedRole, string>();

/** The lower-case text a role is searched by: names, account, alias, role, region. */
export function roleSearchKey(role: SavedRole): string {
  let key = searchKeys.get(role);
  if (key === undefined) {
    key = [
      role.name,
      role.displayName,
      role.account,
      role.sourceAccountAlias ?? '',
      role.roleName,
      role.sourceProfile ?? '',
      role.region ?? '',
      role.partition,
    ]
      .join('\n')
      .toLowerCase();
    searchKeys.set(role, key);
  }
  return key;
}

/**
 * Computes the search keys of a list ahead of time (for example when the list is loaded), so
 * the first keystroke costs no more than the later ones.
 */
export function prepareRoleSearch(roles: readonly SavedRole[]): void {
  for (const role of roles) roleSearchKey(role);
}

function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 16)
    .map((word) => (/^\d[\d-]*$/.test(word) ? word.replaceAll('-', '') : word));
}

/**
 * The roles whose names, account, alias or role contain every word of the query (any order),
 * the ones assumed from the signed-in identity first, then those whose name starts with the
 * first word; otherwise in list order. Linear in the number of roles; search keys are cached
 * per role, so typing through 5,000 roles stays far below a frame.
 */
export function filterRoles(
  roles: readonly SavedRole[],
  query: string,
  signedIn?: SignedInIdentity | null,
): SavedRole[] {
  const words = queryWords(query);
  const first = words[0] ?? '';
  const matches: Array<{ role: SavedRole; rank: number; index: number }> = [];
  for (let index = 0; index < roles.length; index++) {
    const role = roles[index];
    if (!role) continue;
    const key = roleSearchKey(role);
    let all = true;
    for (const word of words) {
      if (!key.includes(word)) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    const prefix =
      first !== '' &&
      (key.startsWith(first) ||
        role.displayName.toLowerCase().startsWith(first) ||
        leafOf(role.roleName).toLowerCase().startsWith(first));
    matches.push({ role, rank: identityTier(role, signedIn) * 2 + (prefix ? 0 : 1), index });
  }
  matches.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return matches.map((match) => match.role);
}

export interface RoleGroup {
  /** `<partition>:<account>` */
  key: string;
  partition: PartitionId;
  account: string;
  roles: SavedRole[];
}

/** Roles grouped by partition and account, groups and roles in the order they first appear. */
export function groupByAccount(roles: readonly SavedRole[]): RoleGroup[] {
  const groups = new Map<string, RoleGroup>();
  for (const role of roles) {
    const key = `${role.partition}:${role.account.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, partition: role.partition, account: role.account, roles: [] };
      groups.set(key, group);
    }
    group.roles.push(role);
  }
  return [...groups.values()];
}
