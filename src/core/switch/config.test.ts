import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectConfigFormat, importRoles } from './config.js';

const ACCT = '123456789012';
const BASE = '111122223333';

function byName(text: string, format: 'auto' | 'aws-config' | 'aesr' = 'auto') {
  const result = importRoles(text, format);
  return { ...result, role: (name: string) => result.roles.find((r) => r.name === name) };
}

describe('aws-extend-switch-roles format', () => {
  // R1 (aws-extend-switch-roles #387).
  it('reads a GovCloud role_arn with its colour and region', () => {
    const { roles, errors, format } = importRoles(
      [
        '[profile profile-name]',
        `role_arn = arn:aws-us-gov:iam::${ACCT}:role/rolename`,
        'color = fbbf93',
        'region = us-gov-east-1',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(format).toBe('aesr');
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({
      name: 'profile-name',
      partition: 'aws-us-gov',
      account: ACCT,
      roleName: 'rolename',
      color: 'fbbf93',
      region: 'us-gov-east-1',
    });
  });

  // R2 (aws-extend-switch-roles #258, aesr-config config-loader test).
  it('keeps role paths, from role_name and from role_arn', () => {
    const { roles, errors, role } = byName(
      [
        '[identity]',
        'aws_account_id = my-identity-alias',
        'role_name = human',
        '',
        '[DEV-DevAdmin]',
        `aws_account_id = ${ACCT}`,
        'role_name = human/WorkflowDevAdmin',
        'source_profile = identity',
        '',
        '[sso-path]',
        `role_arn = arn:aws:iam::${ACCT}:role/sso/path/to/role`,
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(roles.map((r) => r.name)).toEqual(['DEV-DevAdmin', 'sso-path']);
    expect(role('DEV-DevAdmin')).toMatchObject({
      roleName: 'human/WorkflowDevAdmin',
      sourceProfile: 'identity',
      sourceAccount: 'my-identity-alias',
      sourceRoleName: 'human',
    });
    expect(role('sso-path')?.roleName).toBe('sso/path/to/role');
  });

  // R5 (aws-extend-switch-roles #38 and aws_account_alias): bases matched by alias; an alias as
  // the target account is kept as the account to post.
  it('reads base aliases and alias accounts', () => {
    const { errors, role } = byName(
      [
        '[org1]',
        `aws_account_id = ${BASE}`,
        'aws_account_alias = my-base-alias',
        'target_role_name = OrgAdmin',
        'target_region = eu-west-1',
        '',
        '[org1-dev]',
        `aws_account_id = ${ACCT}`,
        'source_profile = org1',
        '',
        '[account-3]',
        'aws_account_id = account-3-alias',
        'role_name = Viewer',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(role('org1')).toBeUndefined();
    expect(role('org1-dev')).toMatchObject({
      account: ACCT,
      roleName: 'OrgAdmin',
      region: 'eu-west-1',
      sourceAccount: BASE,
      sourceAccountAlias: 'my-base-alias',
    });
    expect(role('account-3')?.account).toBe('account-3-alias');
  });

  // aesr-config ini-parser fixtures: comments and whitespace everywhere.
  it('strips comments where a value cannot hold them', () => {
    const { errors, role } = byName(
      [
        '[profile a]# comment',
        `aws_account_id = ${ACCT}   ; trailing`,
        'role_name = SomeOtherRole#comment',
        'color = ffaaee; comment',
        '  [profile b]  ',
        `role_arn = arn:aws:iam::${ACCT}:role/role-b;`,
        '# whole-line comment',
        '; another',
        '[profile Base2/Role1]',
        `aws_account_id = ${ACCT}`,
        'role_name = Role1',
      ].join('\n'),
      'aesr',
    );
    expect(errors).toEqual([]);
    expect(role('a')).toMatchObject({ roleName: 'SomeOtherRole', color: 'ffaaee' });
    expect(role('b')?.roleName).toBe('role-b');
    expect(role('Base2/Role1')?.roleName).toBe('Role1');
  });

  it('keeps =, # and ; that belong to a value', () => {
    const { errors, role } = byName(
      [
        '[a]',
        `aws_account_id = ${ACCT}`,
        'role_name = R',
        'color = #ffaaee',
        'image = https://x.example/i.png?size=150&v=2#top',
        '[b]',
        `aws_account_id = ${ACCT}`,
        'role_name = R',
        'color = #ffaaee # pink',
        'image = "https://x.example/i.png?a=1;b=2" ; quoted',
      ].join('\n'),
      'aesr',
    );
    expect(errors).toEqual([]);
    expect(role('a')).toMatchObject({
      color: 'ffaaee',
      image: 'https://x.example/i.png?size=150&v=2#top',
    });
    expect(role('b')).toMatchObject({ color: 'ffaaee', image: 'https://x.example/i.png?a=1;b=2' });
  });

  it('reports each mistake with its line and what to do', () => {
    const { errors, roles } = importRoles(
      [
        `aws_account_id = ${ACCT}`, // 1: before any section
        '[a]', // 2
        `aws_account_id = ${ACCT}`, // 3
        'role_name = R', // 4
        'role_name = S', // 5: duplicate
        'just some words', // 6: no =
        'color =', // 7: empty
        '[b]', // 8
        `role_arn = arn:aws:iam::${ACCT}:role/R`, // 9
        `aws_account_id = ${ACCT}`, // 10: both
        '[c]', // 11: no account
        'role_name = R',
        '[d]', // 13
        `aws_account_id = ${ACCT}`,
        'source_profile = nowhere', // 15
        '[e', // 16
        '[f]', // 17
        'role_arn = arn:role/any', // 18
      ].join('\n'),
      'aesr',
    );
    expect(roles.map((r) => r.name)).toEqual(['a']);
    const at = (line: number) => errors.filter((e) => e.line === line).map((e) => e.message);
    expect(at(1)[0]).toMatch(/before any section; put it under/);
    expect(at(5)[0]).toMatch(/role_name is set twice in \[a\] \(first on line 4\); keep one/);
    expect(at(6)[0]).toMatch(/key = value/);
    expect(at(7)[0]).toMatch(/color has no value/);
    expect(at(9)[0]).toMatch(/either role_arn or aws_account_id/);
    expect(at(11)[0]).toMatch(/neither aws_account_id nor role_arn/);
    expect(at(15)[0]).toMatch(/"nowhere", which is not defined/);
    expect(at(16)[0]).toMatch(/no closing "\]"/);
    expect(at(18)[0]).toMatch(/not a role ARN/);
  });

  it('reports roles that name no role, and an invalid target name', () => {
    const { errors } = importRoles(
      [
        '[base]',
        `aws_account_id = ${BASE}`,
        '[t]',
        `aws_account_id = ${ACCT}`,
        'source_profile = base',
        '[u]',
        `aws_account_id = ${ACCT}`,
        'role_name = AdminRole!',
      ].join('\n'),
      'aesr',
    );
    expect(errors).toEqual([
      { line: 3, message: expect.stringMatching(/names no role; add role_name/) },
      { line: 8, message: expect.stringMatching(/"!"/) },
    ]);
  });

  it('reads a four-level chain: middle profiles are bases and targets', () => {
    const { errors, role, roles } = byName(
      [
        '[root-base]',
        `aws_account_id = ${BASE}`,
        'role_name = entry',
        '[level1]',
        `aws_account_id = ${ACCT}`,
        'role_name = L1',
        'source_profile = root-base',
        '[level2]',
        `aws_account_id = ${ACCT}`,
        'role_name = L2',
        'source_profile = level1',
        '[level3]',
        `aws_account_id = ${ACCT}`,
        'role_name = L3',
        'source_profile = level2',
      ].join('\n'),
      'aesr',
    );
    expect(errors).toEqual([]);
    expect(roles.map((r) => r.name)).toEqual(['level1', 'level2', 'level3']);
    expect(role('level2')).toMatchObject({ sourceAccount: ACCT, sourceRoleName: 'L1' });
    expect(role('level1')).toMatchObject({ sourceAccount: BASE, sourceRoleName: 'entry' });
  });

  it('refuses a region of another partition than the role', () => {
    const { errors, roles } = importRoles(
      ['[g]', `role_arn = arn:aws-us-gov:iam::${ACCT}:role/R`, 'region = eu-west-1'].join('\n'),
      'aesr',
    );
    expect(roles).toEqual([]);
    expect(errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/aws-us-gov/) });
  });
});

describe('AWS CLI config', () => {
  const config = [
    '# my config',
    '[default]',
    'region = us-east-1',
    'output = json',
    '',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '',
    '[profile corp-admin]',
    'sso_session = corp',
    `sso_account_id = ${BASE}`,
    'sso_role_name = AdministratorAccess',
    'region = eu-west-1',
    '',
    '[profile prod-deploy]',
    `role_arn = arn:aws:iam::${ACCT}:role/deploy/Deployer`,
    'source_profile = corp-admin',
    'region = eu-central-1',
    'mfa_serial = arn:aws:iam::111122223333:mfa/alice',
    'duration_seconds = 3600',
    's3 =',
    '  max_concurrent_requests = 20',
    '',
    '[profile vendor]',
    `role_arn = arn:aws:iam::${ACCT}:role/VendorAccess`,
    'source_profile = default',
    'external_id = abc#123',
    'role_session_name = alice',
  ].join('\n');

  it('lists profiles with role_arn and what the console needs to know about them', () => {
    const { roles, errors, format } = importRoles(config);
    expect(format).toBe('aws-config');
    expect(errors).toEqual([]);
    expect(roles).toHaveLength(2);
    expect(roles[0]).toMatchObject({
      name: 'prod-deploy',
      account: ACCT,
      roleName: 'deploy/Deployer',
      region: 'eu-central-1',
      partition: 'aws',
      sourceProfile: 'corp-admin',
      sourceAccount: BASE,
      sourceRoleName: 'AdministratorAccess',
      requiresMfa: true,
      requiresExternalId: false,
      durationSeconds: 3600,
      origin: 'aws-config',
    });
    expect(roles[1]).toMatchObject({
      name: 'vendor',
      requiresExternalId: true,
      sourceAccount: null,
    });
  });

  it('reports mistakes by line with the fix', () => {
    const { errors, roles } = importRoles(
      [
        '[profile a]', // 1
        `role_arn = arn:aws:iam::${ACCT}:role/A`,
        'source_profile = missing', // 3
        'duration_seconds = 60', // 4
        '[plain]', // 5
        `role_arn = arn:aws:iam::${ACCT}:role/P`,
        'mfa_serial = x', // 7
        '[profile s]', // 8
        'sso_session = nope', // 9
        'sso_account_id = 12345', // 10
        'sso_start_url = corp.awsapps.com', // 11
        '[profile loop1]', // 12
        `role_arn = arn:aws:iam::${ACCT}:role/L`,
        'source_profile = loop2', // 14
        '[profile loop2]', // 15
        `role_arn = arn:aws:iam::${ACCT}:role/L`,
        'source_profile = loop1', // 17
        '[profile a]', // 18
        'region = mars-1', // 19
      ].join('\n'),
      'aws-config',
    );
    const at = (line: number) => errors.filter((e) => e.line === line).map((e) => e.message);
    expect(at(3)[0]).toMatch(/add \[profile missing\]/);
    expect(at(4)[0]).toMatch(/900 to 43200/);
    expect(at(5)[0]).toMatch(/write \[profile plain\]/);
    expect(at(9)[0]).toMatch(/no \[sso-session nope\] section/);
    expect(at(10)[0]).toMatch(/12-digit/);
    expect(at(11)[0]).toMatch(/https:\/\//);
    expect(at(14)[0]).toMatch(/loop/);
    expect(at(17)[0]).toMatch(/loop/);
    expect(at(18)[0]).toMatch(/defined twice \(first on line 1\)/);
    expect(roles.map((r) => r.name)).toEqual(['a', 'loop1', 'loop2']);
  });

  // R2: a role the console cannot switch to is still listed, with a warning on its line.
  it('warns by line about roles the console cannot switch to', () => {
    const { roles, errors, warnings } = importRoles(
      [
        '[profile long]',
        `role_arn = arn:aws:iam::${ACCT}:role/${'p'.repeat(30)}/${'n'.repeat(34)}`,
        '[profile vendor]',
        `role_arn = arn:aws:iam::${ACCT}:role/Vendor`,
        'external_id = abc',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(roles).toHaveLength(2);
    expect(warnings).toEqual([
      { line: 2, message: expect.stringMatching(/\[long\]: .*65 characters/) },
      { line: 5, message: expect.stringMatching(/\[vendor\] needs an ExternalId/) },
    ]);
  });

  it('tells the formats apart', () => {
    expect(detectConfigFormat(config)).toBe('aws-config');
    expect(detectConfigFormat(`[x]\naws_account_id = ${ACCT}\nrole_name = R`)).toBe('aesr');
    expect(detectConfigFormat('')).toBe('aws-config');
  });

  it('handles Windows line ends and a byte-order mark', () => {
    const { roles, errors } = importRoles(
      `\uFEFF[profile w]\r\nrole_arn = arn:aws:iam::${ACCT}:role/W\r\n`,
    );
    expect(errors).toEqual([]);
    expect(roles[0]?.roleName).toBe('W');
  });
});

describe('importRoles on any input', () => {
  it('never throws and every error has a line inside the text', () => {
    const lineArb = fc.oneof(
      fc.constantFrom(
        '[profile a]',
        '[b]',
        '[',
        `role_arn = arn:aws:iam::${ACCT}:role/R`,
        'source_profile = a',
        'role_name = R',
        `aws_account_id = ${ACCT}`,
        'region = eu-west-1',
        'color = #fff',
        '',
      ),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        for (const format of ['auto', 'aws-config', 'aesr'] as const) {
          const result = importRoles(text, format);
          for (const error of result.errors) {
            expect(error.line).toBeGreaterThanOrEqual(1);
            expect(error.line).toBeLessThanOrEqual(Math.max(lines.length, 1));
            expect(error.message.length).toBeGreaterThan(10);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear on long hostile lines', () => {
    const hostile = `[a]\nimage = ${'# ;'.repeat(5000)}\nrole_name = ${'a'.repeat(15000)}\n`;
    const started = performance.now();
    importRoles(hostile.repeat(20), 'aesr');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
