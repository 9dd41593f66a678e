import { describe, expect, it } from 'vitest';
import { importRoles } from './config.js';
import {
  filterRoles,
  groupByAccount,
  identityFromSessionArn,
  isCurrentRole,
  makeSavedRole,
  type SavedRole,
} from './saved-roles.js';

const ACCT = '123456789012';
const BASE = '111122223333';

function role(draft: Parameters<typeof makeSavedRole>[0]): SavedRole {
  const made = makeSavedRole(draft);
  if (!made.ok) throw new Error(made.error);
  return made.value;
}

describe('makeSavedRole', () => {
  it('builds a role from an ARN or from account and role, with checks', () => {
    expect(
      role({ roleArn: `arn:aws-cn:iam::${ACCT}:role/ops/Admin`, color: '#F2B0A9' }),
    ).toMatchObject({
      name: 'Admin',
      displayName: 'Admin',
      partition: 'aws-cn',
      roleName: 'ops/Admin',
      color: 'F2B0A9',
      origin: 'manual',
    });
    const bad = makeSavedRole({ account: '123', roleName: 'x y', region: 'eu-west-1' });
    expect(!bad.ok && bad.error).toMatch(/12.*role name/s);
    const crossed = makeSavedRole({
      roleArn: `arn:aws:iam::${ACCT}:role/R`,
      region: 'us-gov-west-1',
    });
    expect(!crossed.ok && crossed.error).toMatch(/pick a region of aws/);
  });

  it('refuses a misspelt region and keeps an unknown well-formed one with a warning', () => {
    const arn = `arn:aws:iam::${ACCT}:role/R`;
    const typo = makeSavedRole({ roleArn: arn, region: 'eu-wset-1' });
    expect(!typo.ok && typo.error).toMatch(/"wset" is not a direction .* Did you mean eu-west-1\?/);
    const newer = makeSavedRole({ roleArn: arn, region: 'eu-west-4' });
    expect(newer.ok && newer.value.region).toBe('eu-west-4');
    expect(newer.ok && newer.warnings).toEqual([
      expect.stringMatching(/^eu-west-4 is not among the regions of AWS commercial/),
    ]);
    const known = makeSavedRole({ roleArn: arn, region: ' eu-west-1 ' });
    expect(known.ok && [known.value.region, known.warnings]).toEqual(['eu-west-1', []]);
  });
});

describe('identity and current role', () => {
  it('reads session ARNs, mapping IAM Identity Center roles to their permission set', () => {
    expect(
      identityFromSessionArn(
        `arn:aws:sts::${BASE}:assumed-role/` +
          'AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice',
        'corp',
      ),
    ).toEqual({
      accountId: BASE,
      accountAlias: 'corp',
      partition: 'aws',
      roleName: 'AdministratorAccess',
    });
    expect(identityFromSessionArn(`arn:aws-us-gov:iam::${BASE}:user/bob`)).toMatchObject({
      accountId: BASE,
      partition: 'aws-us-gov',
    });
    expect(identityFromSessionArn('nonsense')).toBeNull();
  });

  // R2 (aws-extend-switch-roles PR #344): the console shows role names without their path, so
  // a saved `human/WorkflowDevAdmin` is the current role when the console shows WorkflowDevAdmin.
  it('compares the role leaf with what the console shows', () => {
    const saved = role({ account: ACCT, roleName: 'human/WorkflowDevAdmin' });
    expect(isCurrentRole(saved, { accountId: ACCT, roleName: 'WorkflowDevAdmin' })).toBe(true);
    expect(isCurrentRole(saved, { accountId: ACCT, roleName: 'Other' })).toBe(false);
    expect(isCurrentRole(saved, { accountId: BASE, roleName: 'WorkflowDevAdmin' })).toBe(false);
  });
});

describe('filterRoles', () => {
  const { roles } = importRoles(
    [
      '[identity]',
      `aws_account_id = ${BASE}`,
      'aws_account_alias = my-base-alias',
      'role_name = human',
      '[DEV-DevAdmin]',
      `aws_account_id = ${ACCT}`,
      'role_name = human/WorkflowDevAdmin',
      'source_profile = identity',
      '[prod-readonly]',
      'aws_account_id = 444455556666',
      'role_name = ReadOnly',
      '[gov-admin]',
      `role_arn = arn:aws-us-gov:iam::${ACCT}:role/Admin`,
      '[other-base]',
      'aws_account_id = 777788889999',
      '[from-other]',
      `aws_account_id = ${ACCT}`,
      'role_name = DevAdmin',
      'source_profile = other-base',
    ].join('\n'),
    'aesr',
  );

  it('matches every word anywhere in name, account, alias or role', () => {
    expect(filterRoles(roles, 'dev admin').map((r) => r.name)).toEqual([
      'DEV-DevAdmin',
      'from-other',
    ]);
    expect(filterRoles(roles, 'READONLY 4444').map((r) => r.name)).toEqual(['prod-readonly']);
    expect(filterRoles(roles, '4444-5555').map((r) => r.name)).toEqual(['prod-readonly']);
    expect(filterRoles(roles, 'my-base-alias').map((r) => r.name)).toEqual(['DEV-DevAdmin']);
    expect(filterRoles(roles, 'aws-us-gov').map((r) => r.name)).toEqual(['gov-admin']);
    expect(filterRoles(roles, 'nothing-like-this')).toEqual([]);
    expect(filterRoles(roles, '   ')).toHaveLength(roles.length);
  });

  it('puts roles assumed from the signed-in identity first, other partitions last', () => {
    const signedIn = {
      accountId: BASE,
      partition: 'aws',
      roleName: 'human',
    };
    expect(filterRoles(roles, '', signedIn).map((r) => r.name)).toEqual([
      'DEV-DevAdmin',
      'prod-readonly',
      'from-other',
      'gov-admin',
    ]);
    // Signed in to the base account by alias, as the console may show it.
    expect(
      filterRoles(roles, '', { accountAlias: 'my-base-alias', partition: 'aws' })[0]?.name,
    ).toBe('DEV-DevAdmin');
    // The base names the role it signs in as; a different login role is not a match.
    expect(
      filterRoles(roles, '', { accountId: BASE, partition: 'aws', roleName: 'robot' })[0]?.name,
    ).toBe('prod-readonly');
  });

  it('filters 5,000 roles correctly', () => {
    const many: SavedRole[] = [];
    for (let index = 0; index < 5000; index++) {
      const account = String(100000000000 + index);
      many.push(
        role({
          name: `team-${index % 50}-env-${index}`,
          account,
          roleName: index % 10 === 0 ? `platform/Admin${index}` : `Dev${index}`,
          sourceAccount: index % 7 === 0 ? BASE : null,
        }),
      );
    }
    const admins = filterRoles(many, 'admin team-3');
    const expected = many.filter(
      (r) => r.roleName.toLowerCase().includes('admin') && r.name.includes('team-3'),
    );
    expect(admins.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(admins.length).toBeGreaterThan(0);
    const first = filterRoles(many, 'env', { accountId: BASE, partition: 'aws' });
    expect(first).toHaveLength(5000);
    const fromBase = many.filter((r) => r.sourceAccount === BASE).length;
    expect(first.slice(0, fromBase).every((r) => r.sourceAccount === BASE)).toBe(true);
    expect(first[fromBase]?.sourceAccount).toBeNull();
  });
});

describe('groupByAccount', () => {
  it('groups by partition and account in first-seen order', () => {
    const roles = [
      role({ account: ACCT, roleName: 'A' }),
      role({ account: BASE, roleName: 'B' }),
      role({ account: ACCT, roleName: 'C' }),
      role({ roleArn: `arn:aws-cn:iam::${ACCT}:role/D` }),
    ];
    expect(
      groupByAccount(roles).map((g) => [g.key, g.roles.map((r) => r.roleName).join()]),
    ).toEqual([
      [`aws:${ACCT}`, 'A,C'],
      [`aws:${BASE}`, 'B'],
      [`aws-cn:${ACCT}`, 'D'],
    ]);
  });
});
