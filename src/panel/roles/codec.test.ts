import { describe, expect, it } from 'vitest';
import { importRoles, makeSavedRole, type SavedRole } from '../../core/switch/index.js';
import { decodeRoles, encodeRoles, mergeRoles, STORAGE_KEY, storedSize } from './codec.js';

function role(draft: Parameters<typeof makeSavedRole>[0]): SavedRole {
  const made = makeSavedRole(draft);
  if (!made.ok) throw new Error(made.error);
  return made.value;
}

/** An AWS CLI config of `count` role profiles over 50 accounts, as big teams keep them. */
function bigConfig(count: number): string {
  const lines: string[] = [
    '[profile identity]',
    'sso_account_id = 999988887777',
    'sso_role_name = Developer',
    '',
  ];
  for (let index = 0; index < count; index++) {
    const account = String(100000000000 + (index % 50) * 1111).padStart(12, '0');
    lines.push(
      `[profile team-${index}-admin]`,
      `role_arn = arn:aws:iam::${account}:role/platform/Team${index}Admin`,
      'source_profile = identity',
      `region = ${index % 2 === 0 ? 'eu-west-1' : 'us-east-1'}`,
      'mfa_serial = arn:aws:iam::999988887777:mfa/alice',
      '',
    );
  }
  return lines.join('\n');
}

describe('stored form of saved roles', () => {
  it('gives back every field of every role', () => {
    const roles = [
      role({
        name: 'prod admin',
        roleArn: 'arn:aws:iam::111122223333:role/ops/Admin',
        displayName: 'Prod #1; admin = yes',
        color: '#FBBF93',
        region: 'eu-west-1',
        sourceProfile: 'identity',
        sourceAccount: '999988887777',
        sourceAccountAlias: 'corp-identity',
        sourceRoleName: 'human',
        requiresMfa: true,
        durationSeconds: 3600,
        image: 'https://example.test/i.png?size=150#x',
        origin: 'aesr',
      }),
      role({ account: 'partner-alias', roleName: 'ReadOnly', requiresExternalId: true }),
      role({ roleArn: 'arn:aws-cn:iam::333344445555:role/Ops', region: 'cn-north-1' }),
    ];
    const stored = JSON.parse(JSON.stringify(encodeRoles(roles)));
    const back = decodeRoles(stored);
    expect(back.dropped).toBe(0);
    expect(back.roles).toEqual(roles);
  });

  it('reads rows by the field list stored with them', () => {
    const stored = {
      version: 1,
      fields: ['roleName', 'account', 'name'],
      rows: [['Admin', '111122223333', 'a']],
    };
    const back = decodeRoles(stored);
    expect(back.roles.map((r) => [r.name, r.account, r.roleName])).toEqual([
      ['a', '111122223333', 'Admin'],
    ]);
  });

  it('counts what no longer passes the checks instead of showing it', () => {
    const stored = {
      version: 1,
      fields: ['name', 'account', 'roleName', 'partition'],
      rows: [
        ['ok', '111122223333', 'Admin', 'aws'],
        ['bad account', '1234', 'Admin', 'aws'],
        ['bad partition', '111122223333', 'Admin', 'aws-iso'],
        'not a row',
        ['bad role', '111122223333', 'Role With Spaces', 'aws'],
      ],
    };
    const back = decodeRoles(stored);
    expect(back.roles.map((r) => r.name)).toEqual(['ok']);
    expect(back.dropped).toBe(4);
    expect(decodeRoles('garbage')).toEqual({ roles: [], dropped: 1 });
    expect(decodeRoles(undefined)).toEqual({ roles: [], dropped: 0 });
  });

  it('keeps 5,000 imported profiles far below the 10 MB local storage quota', () => {
    const imported = importRoles(bigConfig(5000));
    expect(imported.errors).toEqual([]);
    expect(imported.roles).toHaveLength(5000);
    const size = storedSize(imported.roles);
    // Measured at about 0.9 MB, against 2.3 MB for the same roles as plain objects.
    expect(size).toBeLessThan(1.5 * 1024 * 1024);
    const plain = new TextEncoder().encode(
      JSON.stringify({ [STORAGE_KEY]: imported.roles }),
    ).length;
    expect(size).toBeLessThan(plain * 0.5);
    expect(decodeRoles(JSON.parse(JSON.stringify(encodeRoles(imported.roles)))).roles).toEqual(
      imported.roles,
    );
  });
});

describe('merging imported roles', () => {
  it('updates a role with the same name and target in place and adds the others', () => {
    const a = role({ name: 'a', roleArn: 'arn:aws:iam::111122223333:role/A' });
    const b = role({ name: 'b', roleArn: 'arn:aws:iam::111122223333:role/B' });
    const newerA = role({
      name: 'a',
      roleArn: 'arn:aws:iam::111122223333:role/A',
      color: 'ff0080',
    });
    const c = role({ name: 'c', roleArn: 'arn:aws:iam::444455556666:role/C' });
    const merged = mergeRoles([a, b], [newerA, c, c]);
    expect(merged.roles.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(merged.roles[0]?.color).toBe('ff0080');
    expect([merged.added, merged.updated]).toEqual([1, 1]);
  });
});
