import { describe, expect, it } from 'vitest';
import { importRoles } from './config.js';
import { exportRolesAsAesr, reviveSavedRoles } from './export.js';
import type { SavedRole } from './saved-roles.js';

const ACCT = '123456789012';
const BASE = '111122223333';

const SOURCE = [
  '[identity]',
  `aws_account_id = ${BASE}`,
  'aws_account_alias = corp-identity',
  'role_name = human',
  '[dev]',
  `aws_account_id = ${ACCT}`,
  'role_name = human/WorkflowDevAdmin',
  'source_profile = identity',
  'color = #ffaa00',
  'region = eu-west-1',
  'image = "https://x.example/i.png?a=1;b=2#frag"',
  '[gov]',
  `role_arn = arn:aws-us-gov:iam::${ACCT}:role/Gov`,
  '[alias-only]',
  'aws_account_id = account-3-alias',
  'role_name = Viewer',
].join('\n');

function comparable(roles: SavedRole[]) {
  return roles.map(({ origin: _origin, ...rest }) => rest);
}

describe('exportRolesAsAesr', () => {
  it('writes a config that reads back to the same roles', () => {
    const first = importRoles(SOURCE, 'aesr');
    expect(first.errors).toEqual([]);
    const text = exportRolesAsAesr(first.roles);
    const again = importRoles(text, 'auto');
    expect(again.errors).toEqual([]);
    expect(again.format).toBe('aesr');
    expect(comparable(again.roles)).toEqual(comparable(first.roles));
    expect(text).toContain(`role_arn = arn:aws-us-gov:iam::${ACCT}:role/Gov`);
  });

  it('drops a source nothing is known about instead of inventing its account', () => {
    const { roles } = importRoles(
      `[profile a]\nrole_arn = arn:aws:iam::${ACCT}:role/A\nsource_profile = default\n`,
    );
    const text = exportRolesAsAesr(roles);
    expect(text).not.toContain('source_profile');
    expect(importRoles(text, 'aesr').errors).toEqual([]);
  });

  it('keeps section names unique and readable', () => {
    const { roles } = importRoles(SOURCE, 'aesr');
    const twice = [...roles, ...roles.map((r) => ({ ...r, name: 'dev' }))];
    const back = importRoles(exportRolesAsAesr(twice), 'aesr');
    expect(back.errors).toEqual([]);
    expect(back.roles.map((r) => r.name)).toEqual([
      'dev',
      'gov',
      'alias-only',
      'dev-2',
      'dev-3',
      'dev-4',
    ]);
  });
});

describe('reviveSavedRoles', () => {
  it('keeps valid entries and counts the rest', () => {
    const { roles } = importRoles(SOURCE, 'aesr');
    const stored = JSON.parse(JSON.stringify(roles)) as unknown[];
    const revived = reviveSavedRoles([
      ...stored,
      null,
      'text',
      { account: 'x', roleName: 'R' },
      { ...(stored[0] as object), partition: 'aws-iso' },
    ]);
    expect(revived.dropped).toBe(4);
    expect(comparable(revived.roles)).toEqual(comparable(roles));
    expect(reviveSavedRoles(undefined)).toEqual({ roles: [], dropped: 0 });
    expect(reviveSavedRoles({})).toEqual({ roles: [], dropped: 1 });
  });
});
