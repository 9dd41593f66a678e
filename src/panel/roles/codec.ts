// Saved roles as they are kept in browser.storage.local: one record with a field list and one
// row (array of values) per role, so that field names are not repeated 5,000 times. Rows are
// checked again when read (reviveSavedRoles): storage may hold data from an older version.

import { reviveSavedRoles, type SavedRole } from '../../core/switch/index.js';

export const STORAGE_KEY = 'savedRoles';

const FIELDS = [
  'name',
  'account',
  'roleName',
  'displayName',
  'color',
  'region',
  'partition',
  'sourceProfile',
  'sourceAccount',
  'sourceAccountAlias',
  'sourceRoleName',
  'requiresExternalId',
  'requiresMfa',
  'durationSeconds',
  'image',
  'origin',
] as const satisfies ReadonlyArray<keyof SavedRole>;

type Cell = string | number | boolean | null;

export interface StoredRoles {
  version: 1;
  fields: string[];
  rows: Cell[][];
}

/** The roles in their stored form. Trailing empty values are left off each row. */
export function encodeRoles(roles: readonly SavedRole[]): StoredRoles {
  const rows = roles.map((role) => {
    const row: Cell[] = FIELDS.map((field) => {
      const value = role[field];
      return value === false ? null : value;
    });
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return { version: 1, fields: [...FIELDS], rows };
}

/**
 * Roles back from their stored form. Rows are read by the field list stored with them, so a
 * later version may add or reorder fields; anything unusable is counted as dropped.
 */
export function decodeRoles(stored: unknown): { roles: SavedRole[]; dropped: number } {
  if (stored === undefined || stored === null) return { roles: [], dropped: 0 };
  const record = stored as Partial<StoredRoles>;
  if (typeof record !== 'object' || !Array.isArray(record.fields) || !Array.isArray(record.rows)) {
    return { roles: [], dropped: 1 };
  }
  const fields = record.fields.filter((field): field is string => typeof field === 'string');
  const objects = record.rows.map((row) => {
    if (!Array.isArray(row)) return null;
    const entry: Record<string, unknown> = {};
    fields.forEach((field, index) => {
      entry[field] = row[index] ?? null;
    });
    return entry;
  });
  const revived = reviveSavedRoles(objects);
  return { roles: dedupe(revived.roles), dropped: revived.dropped };
}

/** One role per id, the later one winning in the earlier one's place. */
export function dedupe(roles: readonly SavedRole[]): SavedRole[] {
  const byId = new Map<string, SavedRole>();
  for (const role of roles) byId.set(role.id, role);
  return [...byId.values()];
}

/**
 * Imported roles merged into a list: a role with the same id (name, partition, account, role)
 * is replaced where it stands, the rest are added at the end.
 */
export function mergeRoles(
  existing: readonly SavedRole[],
  incoming: readonly SavedRole[],
): { roles: SavedRole[]; added: number; updated: number } {
  const byId = new Map<string, SavedRole>();
  for (const role of existing) byId.set(role.id, role);
  let added = 0;
  let updated = 0;
  for (const role of dedupe(incoming)) {
    if (byId.has(role.id)) updated++;
    else added++;
    byId.set(role.id, role);
  }
  return { roles: [...byId.values()], added, updated };
}

/** Bytes the stored form takes as JSON, which is how both browsers count storage use. */
export function storedSize(roles: readonly SavedRole[]): number {
  return new TextEncoder().encode(JSON.stringify({ [STORAGE_KEY]: encodeRoles(roles) })).length;
}
