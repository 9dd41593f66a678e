// Saved roles out again: as an aws-extend-switch-roles config (which Role Doctor and that
// extension both read back) and from whatever storage holds, checked like any other input.

import { PARTITION_IDS } from '../partitions.js';
import { makeSavedRole, type SavedRole, type SavedRoleOrigin } from './saved-roles.js';

const ACCOUNT_ID = /^\d{12}$/;

/** A section name that survives the INI reader: no brackets or line breaks. */
function sectionName(name: string): string {
  const clean = name.replace(/[[\]\r\n]/g, '-').trim();
  return clean === '' ? 'role' : clean;
}

/** A value written so that the reader gives it back unchanged, comment characters included. */
function iniValue(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  if (!/[#;"']/.test(flat) && flat.trim() === flat) return flat;
  return flat.includes('"') ? `'${flat}'` : `"${flat}"`;
}

function uniqueNames(roles: readonly SavedRole[]): Map<SavedRole, string> {
  const names = new Map<SavedRole, string>();
  const used = new Set<string>();
  for (const role of roles) {
    const base = sectionName(role.name);
    let name = base;
    for (let index = 2; used.has(name); index++) name = `${base}-${index}`;
    used.add(name);
    names.set(role, name);
  }
  return names;
}

/**
 * The roles as an aws-extend-switch-roles config. Roles assumed from a profile that is not among
 * them get a base section built from what is known about that profile, so the text reads back
 * without errors.
 */
export function exportRolesAsAesr(roles: readonly SavedRole[]): string {
  const names = uniqueNames(roles);
  const taken = new Set(names.values());
  const bases = new Map<string, SavedRole>();
  // A source the config cannot describe (no account known) is left out: the role then stands
  // alone rather than pointing at a base with a made-up account.
  const keepsSource = (role: SavedRole): role is SavedRole & { sourceProfile: string } =>
    !!role.sourceProfile &&
    (taken.has(role.sourceProfile) || !!role.sourceAccount || !!role.sourceAccountAlias);
  for (const role of roles) {
    if (keepsSource(role) && !taken.has(role.sourceProfile) && !bases.has(role.sourceProfile)) {
      bases.set(role.sourceProfile, role);
    }
  }
  const blocks: string[] = [];
  for (const [name, role] of bases) {
    const lines = [`[${sectionName(name)}]`];
    lines.push(`aws_account_id = ${role.sourceAccount ?? role.sourceAccountAlias}`);
    if (role.sourceAccountAlias) lines.push(`aws_account_alias = ${role.sourceAccountAlias}`);
    if (role.sourceRoleName) lines.push(`role_name = ${role.sourceRoleName}`);
    blocks.push(lines.join('\n'));
  }
  for (const role of roles) {
    const lines = [`[${names.get(role) ?? sectionName(role.name)}]`];
    if (ACCOUNT_ID.test(role.account)) {
      lines.push(`role_arn = arn:${role.partition}:iam::${role.account}:role/${role.roleName}`);
    } else {
      lines.push(`aws_account_id = ${role.account}`, `role_name = ${role.roleName}`);
    }
    if (keepsSource(role)) lines.push(`source_profile = ${sectionName(role.sourceProfile)}`);
    if (role.color) lines.push(`color = ${role.color}`);
    if (role.region) lines.push(`region = ${role.region}`);
    if (role.image) lines.push(`image = ${iniValue(role.image)}`);
    blocks.push(lines.join('\n'));
  }
  return blocks.length > 0 ? `${blocks.join('\n\n')}\n` : '';
}

const ORIGINS: readonly SavedRoleOrigin[] = ['aws-config', 'aesr', 'page', 'manual'];

function field(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' && value.length <= 2048 ? value : null;
}

/**
 * Saved roles read back from storage or an exported JSON file. Every entry is checked again, as
 * stored data may come from an older version or be edited by hand; entries that fail are counted,
 * not kept.
 */
export function reviveSavedRoles(value: unknown): { roles: SavedRole[]; dropped: number } {
  const list = Array.isArray(value) ? value : [];
  const roles: SavedRole[] = [];
  let dropped = Array.isArray(value) ? 0 : value === undefined || value === null ? 0 : 1;
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) {
      dropped++;
      continue;
    }
    const record = entry as Record<string, unknown>;
    const partition = field(record, 'partition');
    const origin = field(record, 'origin');
    if (partition !== null && !PARTITION_IDS.includes(partition as never)) {
      dropped++;
      continue;
    }
    const duration = record.durationSeconds;
    const made = makeSavedRole({
      name: field(record, 'name'),
      account: field(record, 'account'),
      roleName: field(record, 'roleName'),
      displayName: field(record, 'displayName'),
      color: field(record, 'color'),
      region: field(record, 'region'),
      partition,
      sourceProfile: field(record, 'sourceProfile'),
      sourceAccount: field(record, 'sourceAccount'),
      sourceAccountAlias: field(record, 'sourceAccountAlias'),
      sourceRoleName: field(record, 'sourceRoleName'),
      requiresExternalId: record.requiresExternalId === true,
      requiresMfa: record.requiresMfa === true,
      durationSeconds:
        typeof duration === 'number' && Number.isInteger(duration) && duration > 0
          ? duration
          : null,
      image: field(record, 'image'),
      origin: ORIGINS.includes(origin as SavedRoleOrigin) ? (origin as SavedRoleOrigin) : 'manual',
    });
    if (made.ok) roles.push(made.value);
    else dropped++;
  }
  return { roles, dropped };
}
