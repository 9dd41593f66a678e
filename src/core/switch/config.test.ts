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
    const text = [
      '[profile profile-name]',
      `role_arn = arn:aws-us-gov:iam::${ACCT}:role/rolename`,
      'color = fbbf93',
      'region = us-gov-east-1',
    ].join('\n');
    // Only keys both formats share: detected as the more common AWS CLI config, and the role is
    // the same read either way.
    expect(detectConfigFormat(text)).toBe('aws-config');
    for (const format of ['auto', 'aesr'] as const) {
      const { roles, errors } = importRoles(text, format);
      expect(errors).toEqual([]);
      expect(roles).toHaveLength(1);
      expect(roles[0]).toMatchObject({
        name: 'profile-name',
        partition: 'aws-us-gov',
        account: ACCT,
        roleName: 'rolename',
        color: 'fbbf93',
        region: 'us-gov-east-1',
      });
    }
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
      // The base names its account by alias, so the alias field holds it; no account id known.
      sourceAccount: null,
      sourceAccountAlias: 'my-identity-alias',
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
    const { errors, warnings, roles } = importRoles(
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
    expect(at(13)[0]).toMatch(/\[d\] names no role/);
    expect(warnings.find((w) => w.line === 15)?.message).toMatch(
      /"nowhere", which is not defined in this file; .*add a \[nowhere\] section/,
    );
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

  it('keeps a role whose region is of another partition, without the region', () => {
    const { errors, roles } = importRoles(
      ['[g]', `role_arn = arn:aws-us-gov:iam::${ACCT}:role/R`, 'region = eu-west-1'].join('\n'),
      'aesr',
    );
    expect(roles.map((r) => [r.name, r.partition, r.region])).toEqual([['g', 'aws-us-gov', null]]);
    expect(errors).toEqual([
      {
        line: 3,
        message:
          'region eu-west-1 is in aws, but role_arn is in aws-us-gov; use a region of ' +
          'aws-us-gov. The role is imported without a region until this is fixed.',
      },
    ]);
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
    const { roles, errors, warnings, format } = importRoles(config);
    expect(format).toBe('aws-config');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        line: 11,
        message:
          '[profile corp-admin] signs in through IAM Identity Center (sso_role_name, no ' +
          'role_arn) and so is not imported: switch role cannot reach an Identity Center ' +
          'role; open it from the AWS access portal. Profiles that assume a role from them ' +
          '(role_arn with source_profile) are imported.',
      },
      expect.objectContaining({ line: 29, message: expect.stringMatching(/ExternalId/) }),
    ]);
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

  it('takes a source_profile kept in ~/.aws/credentials as a note, once per name', () => {
    const { errors, warnings, roles } = importRoles(
      [
        '[profile dev]', // 1
        `role_arn = arn:aws:iam::${ACCT}:role/Dev`,
        'source_profile = default', // 3
        '[profile prod]', // 4
        `role_arn = arn:aws:iam::${ACCT}:role/Prod`,
        'source_profile = default', // 6
        '[profile audit]', // 7
        `role_arn = arn:aws:iam::${ACCT}:role/Audit`,
        'source_profile = security', // 9
      ].join('\n'),
      'aws-config',
    );
    expect(errors).toEqual([]);
    expect(roles.map((role) => role.name)).toEqual(['dev', 'prod', 'audit']);
    expect(warnings).toEqual([
      {
        line: 3,
        message:
          'source_profile "default" (used by [profile dev], [profile prod]) is not in this ' +
          'file; the AWS CLI also reads it from ~/.aws/credentials, so make sure [default] is ' +
          'there or add [default] here.',
      },
      {
        line: 9,
        message:
          'source_profile "security" (used by [profile audit]) is not in this file; the AWS ' +
          'CLI also reads it from ~/.aws/credentials, so make sure [security] is there or add ' +
          '[profile security] here.',
      },
    ]);
  });

  it('names Identity Center profiles it leaves out, a few by name and the rest counted', () => {
    const lines = ['[default]', 'region = us-east-1'];
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      lines.push(`[profile ${name}]`, `sso_account_id = ${BASE}`, 'sso_role_name = ReadOnly');
    }
    const { roles, warnings } = importRoles(lines.join('\n'), 'aws-config');
    expect(roles).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.line).toBe(3);
    expect(warnings[0]?.message).toMatch(
      /^\[profile a\], \[profile b\], \[profile c\] and 2 more sign in through IAM Identity /,
    );
    expect(warnings[0]?.message).toMatch(/ are not imported: /);
  });

  // R2: a role the console cannot switch to is still listed, with a warning on its line.
  it('warns by line about roles the console cannot switch to', () => {
    const { roles, errors, warnings } = importRoles(
      [
        '[profile long]',
        `role_arn = arn:aws:iam::${ACCT}:role/${'p'.repeat(30)}/${'n'.repeat(34)}`,
        'credential_source = Environment',
        '[profile vendor]',
        `role_arn = arn:aws:iam::${ACCT}:role/Vendor`,
        'credential_source = Environment',
        'external_id = abc',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(roles).toHaveLength(2);
    expect(warnings).toEqual([
      { line: 2, message: expect.stringMatching(/\[long\]: .*65 characters/) },
      { line: 7, message: expect.stringMatching(/\[vendor\] needs an ExternalId/) },
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

describe('AWS CLI colours, credential sources and indented lines', () => {
  it('reads a colour written with its # and still reports a comment after it', () => {
    const { errors, roles } = importRoles(
      [
        '[profile brand]', // 1
        `role_arn = arn:aws:iam::${ACCT}:role/Brand`,
        'credential_source = Environment',
        'color = #fbbf93', // 4: the colour, as the AWS CLI reads it too
        '[profile noted]', // 5
        `role_arn = arn:aws:iam::${ACCT}:role/Noted`,
        'credential_source = Environment',
        'color = #fbbf93 # brand orange', // 8: a comment the AWS CLI keeps
        '[profile commented]', // 9
        `role_arn = arn:aws:iam::${ACCT}:role/Commented`,
        'credential_source = Environment',
        'region = # eu-west-1', // 12: a value commented out is still read by the AWS CLI
      ].join('\n'),
      'aws-config',
    );
    expect(errors).toEqual([
      { line: 8, message: expect.stringMatching(/reads color as "#fbbf93 # brand orange"/) },
      { line: 12, message: expect.stringMatching(/reads region as "# eu-west-1"/) },
    ]);
    expect(roles.map((r) => [r.name, r.color])).toEqual([
      ['brand', 'fbbf93'],
      ['noted', 'fbbf93'],
      ['commented', null],
    ]);
  });

  it('flags a role with no credential source, and one with two, by line', () => {
    const { errors, warnings, roles } = importRoles(
      [
        '[profile base]', // 1
        'region = us-east-1',
        '[profile bare]', // 3
        `role_arn = arn:aws:iam::${ACCT}:role/Bare`, // 4
        '[profile both]', // 5
        `role_arn = arn:aws:iam::${ACCT}:role/Both`,
        'source_profile = base', // 7
        'credential_source = Environment', // 8
        '[profile web]', // 9
        `role_arn = arn:aws:iam::${ACCT}:role/Web`,
        'web_identity_token_file = /var/run/token',
        '[profile machine]', // 12
        `role_arn = arn:aws:iam::${ACCT}:role/Machine`,
        'credential_source = Ec2InstanceMetadata',
        '[default]', // 15
        `role_arn = arn:aws:iam::${ACCT}:role/Default`, // 16
      ].join('\n'),
      'aws-config',
    );
    expect(errors).toEqual([
      {
        line: 8,
        message: expect.stringMatching(
          /^\[profile both\] has both source_profile \(line 7\) and credential_source, and the /,
        ),
      },
    ]);
    const noSource = new RegExp(
      'has role_arn but no source_profile, credential_source or web_identity_token_file, so ' +
        'the AWS CLI cannot assume the role .*console still works .*add source_profile =',
    );
    expect(warnings).toEqual([
      { line: 4, message: expect.stringMatching(/^\[profile bare\] /) },
      { line: 16, message: expect.stringMatching(/^\[default\] /) },
    ]);
    for (const warning of warnings) expect(warning.message).toMatch(noSource);
    // The console can switch to all of them.
    expect(roles.map((r) => r.name)).toEqual(['bare', 'both', 'web', 'machine', 'default']);
  });

  it('reads indented lines as the AWS CLI does: part of the setting above', () => {
    const { errors, warnings, roles } = importRoles(
      [
        '[profile split]', // 1
        'role_arn =',
        `   arn:aws:iam::${ACCT}:role/Split`, // 3: an empty value continued: the file fails
        'source_profile = base',
        '[profile nested]', // 5
        's3 =',
        '  max_concurrent_requests = 20', // 7: a nested setting, as meant
        `role_arn = arn:aws:iam::${ACCT}:role/Nested`,
        'source_profile = base',
        '[profile joined]', // 10
        `role_arn = arn:aws:iam::${ACCT}:role/`,
        '    Joined', // 12: joined to the ARN
        'source_profile = base',
        '[profile shifted]', // 14
        `role_arn = arn:aws:iam::${ACCT}:role/Shifted`,
        '  source_profile = base', // 16: meant as a setting of its own
        '[profile grouped]', // 17
        'region =',
        '  name = eu-west-1', // 19
        `role_arn = arn:aws:iam::${ACCT}:role/Grouped`,
        'source_profile = base',
        '[profile base]', // 22
        '  region = us-east-1', // indented like every line of its section: not a continuation
        '  output = json',
      ].join('\n'),
      'aws-config',
    );
    expect(errors).toEqual([
      {
        line: 3,
        message: expect.stringMatching(
          /^This indented line continues role_arn from line 2, whose value is empty; .* no "="/,
        ),
      },
      {
        line: 12,
        message: expect.stringMatching(
          /continues role_arn from line 11: .* as "arn:aws:iam::123456789012:role\/\\nJoined"/,
        ),
      },
      {
        line: 16,
        message: expect.stringMatching(
          /continues role_arn from line 15: .*Remove the indentation if this line is a setting/,
        ),
      },
      {
        line: 19,
        message: expect.stringMatching(/^region on line 18 has no value and indented lines/),
      },
    ]);
    expect(errors[0]?.message).toMatch(/refuses the whole file .*Put the value on line 2 after/);
    expect(warnings).toEqual([]);
    // Values the AWS CLI cannot use are not used: only the roles it reads whole are imported.
    expect(roles.map((r) => [r.name, r.region])).toEqual([
      ['nested', null],
      ['grouped', null],
    ]);
  });
});

describe('telling the formats apart by what only one of them uses', () => {
  const lines = (...parts: string[]) => parts.join('\n');
  const summary = (text: string) => {
    const { format, roles, errors } = importRoles(text);
    return {
      format,
      errors,
      roles: roles.map((r) => [r.name, r.account, r.roleName, r.color, r.sourceProfile]),
    };
  };

  it('reads AWS CLI configs with colours and [profile name] headers as AWS CLI configs', () => {
    // A colour on a role the AWS CLI assumes, from a source profile kept in ~/.aws/credentials.
    const coloured = summary(
      lines(
        '[profile a]',
        `role_arn = arn:aws:iam::${BASE}:role/A`,
        'source_profile = default',
        'color = #fbbf93',
      ),
    );
    expect(coloured).toEqual({
      format: 'aws-config',
      errors: [],
      roles: [['a', BASE, 'A', 'fbbf93', 'default']],
    });

    const everyday = summary(
      lines(
        '[default]',
        'region = us-east-1',
        'output = json',
        '',
        '[profile dev]',
        `role_arn = arn:aws:iam::${ACCT}:role/Developer`,
        'source_profile = default',
        `mfa_serial = arn:aws:iam::${BASE}:mfa/alice`,
        'region = eu-west-1',
        'color = 3366ff',
        '',
        '[profile prod]',
        `role_arn = arn:aws:iam::${ACCT}:role/ReadOnly`,
        'source_profile = default',
        'region = eu-central-1',
        'color = ff0000',
      ),
    );
    expect(everyday).toEqual({
      format: 'aws-config',
      errors: [],
      roles: [
        ['dev', ACCT, 'Developer', '3366ff', 'default'],
        ['prod', ACCT, 'ReadOnly', 'ff0000', 'default'],
      ],
    });

    const machines = summary(
      lines(
        '[profile ci]',
        `role_arn = arn:aws:iam::${ACCT}:role/Deployer`,
        'web_identity_token_file = /var/run/secrets/token',
        'role_session_name = ci',
        'color = 00aa00',
        '[profile box]',
        `role_arn = arn:aws:iam::${ACCT}:role/Box`,
        'credential_source = Ec2InstanceMetadata',
        'color = 00aa00',
        'cli_pager =',
      ),
    );
    expect(machines.format).toBe('aws-config');
    expect(machines.roles.map((role) => role[0])).toEqual(['ci', 'box']);
  });

  it("reads the extension's own configs as such, whichever headers they use", () => {
    const profileHeaders = summary(
      lines(
        '[profile base]',
        `aws_account_id = ${BASE}`,
        'role_name = entry',
        '[profile dev]',
        `aws_account_id = ${ACCT}`,
        'role_name = Developer',
        'source_profile = base',
        'color = 3366ff',
        '[profile ops]',
        `aws_account_id = ${ACCT}`,
        'role_name = Operator',
        'source_profile = base',
      ),
    );
    expect(profileHeaders).toEqual({
      format: 'aesr',
      errors: [],
      roles: [
        ['dev', ACCT, 'Developer', '3366ff', 'base'],
        ['ops', ACCT, 'Operator', null, 'base'],
      ],
    });

    const targetRoles = summary(
      lines(
        '[organization1]',
        `aws_account_id = ${BASE}`,
        'target_role_name = OrgAdmin',
        '[Org1-Account1]',
        `role_arn = arn:aws:iam::${ACCT}:role/Role1`,
        'source_profile = organization1',
        'color = ffaacc',
        '[Org1-Account2]',
        `aws_account_id = ${ACCT}`,
        'source_profile = organization1',
      ),
    );
    expect(targetRoles).toEqual({
      format: 'aesr',
      errors: [],
      roles: [
        ['Org1-Account1', ACCT, 'Role1', 'ffaacc', 'organization1'],
        ['Org1-Account2', ACCT, 'OrgAdmin', null, 'organization1'],
      ],
    });
  });

  it('imports configs that use only the shared keys, read as either format', () => {
    // Bare section names: the extension's usual headers, which the AWS CLI would skip.
    const bare = summary(
      lines(
        '[marketingadmin]',
        `role_arn = arn:aws:iam::${ACCT}:role/marketingadmin`,
        'color = ffaacc',
        '[anotheraccount]',
        `role_arn = arn:aws:iam::${BASE}:role/Viewer`,
        'source_profile = default',
        'region = ap-northeast-1',
      ),
    );
    expect(bare).toEqual({
      format: 'aesr',
      errors: [],
      roles: [
        ['marketingadmin', ACCT, 'marketingadmin', 'ffaacc', null],
        ['anotheraccount', BASE, 'Viewer', null, 'default'],
      ],
    });
    // [profile name] headers with the same keys: taken as an AWS CLI config, same roles.
    const withProfileHeaders = summary(
      lines(
        '[profile marketingadmin]',
        `role_arn = arn:aws:iam::${ACCT}:role/marketingadmin`,
        'color = ffaacc',
        '[profile anotheraccount]',
        `role_arn = arn:aws:iam::${BASE}:role/Viewer`,
        'source_profile = default',
        'region = ap-northeast-1',
      ),
    );
    expect(withProfileHeaders).toEqual({ ...bare, format: 'aws-config' });
    expect(importRoles(lines('[a]', 'color = fff')).format).toBe('aesr');
    expect(detectConfigFormat('')).toBe('aws-config');
  });

  it('lets one key or section only a format uses outweigh headers and colours', () => {
    // Bare headers and colours lean towards the extension; each of these is the AWS CLI's own.
    const leaning = lines(
      '[a]',
      `role_arn = arn:aws:iam::${ACCT}:role/A`,
      'color = ffaacc',
      '[b]',
      `role_arn = arn:aws:iam::${ACCT}:role/B`,
      'color = ffaacc',
    );
    expect(detectConfigFormat(leaning)).toBe('aesr');
    for (const extra of [
      '[default]\nregion = eu-west-1',
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start',
      '[services local]\nregion = eu-west-1',
      '[c]\nsso_account_id = 111122223333',
      '[c]\ncredential_source = Environment',
      '[c]\nweb_identity_token_file = /token',
      `[c]\nmfa_serial = arn:aws:iam::${BASE}:mfa/alice`,
      '[c]\nexternal_id = x',
      '[c]\nduration_seconds = 3600',
      '[c]\nrole_session_name = alice',
      '[c]\noutput = json',
      '[c]\ncli_pager = less',
      '[c]\nmax_attempts = 5',
      '[c]\ns3 =\n  max_concurrent_requests = 20',
      '[c]\nsome_tool =\n  nested_setting = 1',
    ]) {
      expect([extra, detectConfigFormat(`${leaning}\n${extra}`)]).toEqual([extra, 'aws-config']);
    }
    // [profile name] headers lean towards the AWS CLI; each of these is the extension's own.
    const profiles = lines(
      '[profile a]',
      `role_arn = arn:aws:iam::${ACCT}:role/A`,
      '[profile b]',
      `role_arn = arn:aws:iam::${ACCT}:role/B`,
    );
    expect(detectConfigFormat(profiles)).toBe('aws-config');
    for (const key of [
      `aws_account_id = ${ACCT}`,
      'role_name = R',
      'target_role_name = R',
      'target_region = eu-west-1',
      'aws_account_alias = corp',
      'image = "https://example.com/a.png"',
    ]) {
      const text = `${profiles}\n[profile c]\n${key}`;
      expect([key, detectConfigFormat(text)]).toEqual([key, 'aesr']);
    }
  });
});

describe('regions in both formats', () => {
  const withoutRegion = / The role is imported without a region until this is fixed\.$/;

  it('keeps a role with a misspelt region, without the region, and reports the line', () => {
    const aws = importRoles(
      [
        '[profile base]', // 1
        'region = us-east-1',
        '[profile typo]', // 3
        `role_arn = arn:aws:iam::${ACCT}:role/A`,
        'source_profile = base',
        'region = eu-wset-1', // 6
        '[profile newer]', // 7
        `role_arn = arn:aws:iam::${ACCT}:role/B`,
        'source_profile = base',
        'region = eu-west-4', // 10
        '[profile gov]', // 11
        `role_arn = arn:aws-us-gov:iam::${ACCT}:role/C`,
        'source_profile = base',
        'region = eu-west-1', // 14
      ].join('\n'),
    );
    expect(aws.format).toBe('aws-config');
    expect(aws.errors).toEqual([
      { line: 6, message: expect.stringMatching(/"eu-wset-1" .* Did you mean eu-west-1\? The/) },
      { line: 14, message: expect.stringMatching(/^region eu-west-1 is in aws, but role_arn/) },
    ]);
    for (const error of aws.errors) expect(error.message).toMatch(withoutRegion);
    expect(aws.warnings).toEqual([
      { line: 10, message: expect.stringMatching(/^eu-west-4 is not among the regions/) },
    ]);
    expect(aws.roles.map((r) => [r.name, r.roleName, r.region])).toEqual([
      ['typo', 'A', null],
      ['newer', 'B', 'eu-west-4'],
      ['gov', 'C', null],
    ]);

    const aesr = importRoles(
      [
        '[typo]', // 1
        `aws_account_id = ${ACCT}`,
        'role_name = A',
        'region = ap-southest-2', // 4
        '[newer]', // 5
        `aws_account_id = ${ACCT}`,
        'role_name = B',
        'region = ap-southeast-9', // 8
      ].join('\n'),
    );
    expect(aesr.format).toBe('aesr');
    expect(aesr.errors).toEqual([
      { line: 4, message: expect.stringMatching(/Did you mean ap-southeast-2\? The role is/) },
    ]);
    expect(aesr.errors[0]?.message).toMatch(withoutRegion);
    expect(aesr.warnings).toEqual([
      { line: 8, message: expect.stringMatching(/^ap-southeast-9 is not among the regions/) },
    ]);
    expect(aesr.roles.map((r) => [r.name, r.roleName, r.region])).toEqual([
      ['typo', 'A', null],
      ['newer', 'B', 'ap-southeast-9'],
    ]);
  });

  it("reports a base's misspelt target_region once, keeping each of its roles", () => {
    const { errors, roles } = importRoles(
      [
        '[base]', // 1
        `aws_account_id = ${BASE}`,
        'target_role_name = Admin',
        'target_region = us-esat-1', // 4
        '[dev]',
        `aws_account_id = ${ACCT}`,
        'source_profile = base',
        '[prod]',
        `aws_account_id = ${ACCT}`,
        'source_profile = base',
        'region = eu-west-1', // its own region wins over the base's
        '[test]',
        `aws_account_id = ${ACCT}`,
        'source_profile = base',
      ].join('\n'),
    );
    expect(errors).toEqual([
      {
        line: 4,
        message: expect.stringMatching(
          /"us-esat-1" .* The roles that take their region from it are imported without one /,
        ),
      },
    ]);
    expect(roles.map((r) => [r.name, r.roleName, r.region])).toEqual([
      ['dev', 'Admin', null],
      ['prod', 'Admin', 'eu-west-1'],
      ['test', 'Admin', null],
    ]);
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
        'role_arn =',
        `   arn:aws:iam::${ACCT}:role/R`,
        '  region = eu-west-1',
        'credential_source = Environment',
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

describe('secrets in config files are never repeated', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const TOKEN = `IQoJb3JpZ2luX2VjEXAMPLE${'Ab9'.repeat(30)}`;
  const everything = (result: ReturnType<typeof importRoles>) =>
    JSON.stringify(result) + [...result.errors, ...result.warnings].map((e) => e.message).join();

  it('never repeats a credential continued on an indented line', () => {
    const result = importRoles(
      [
        '[profile k]',
        `role_arn = arn:aws:iam::${ACCT}:role/K`,
        'credential_source = Environment',
        `aws_secret_access_key = ${SECRET.slice(0, 20)}`,
        `   ${SECRET.slice(20)}`, // 5
      ].join('\n'),
      'aws-config',
    );
    expect(result.errors).toEqual([
      { line: 5, message: expect.stringMatching(/reads aws_secret_access_key across both lines/) },
    ]);
    expect(everything(result)).not.toContain(SECRET.slice(0, 12));
    expect(everything(result)).not.toContain(SECRET.slice(20, 32));
  });

  it('names the line of a mistyped credential line, not its value', () => {
    for (const format of ['auto', 'aws-config', 'aesr'] as const) {
      const result = importRoles(
        [
          '[profile prod]', // 1
          `role_arn = arn:aws:iam::${ACCT}:role/Admin`,
          `aws_secret_access_key ${SECRET}`, // 3: no =
          SECRET, // 4: the bare secret
          `${SECRET.toLowerCase()} = x`, // 5: the secret as a key
          `aws_session_token = "${TOKEN}" ; pasted`, // 6
          `[${SECRET}]`, // 7: the secret as a section name
          `role_arn = arn:aws:iam::${ACCT}:role/Y`,
          '[profile x]', // 9
          `source_profile = ${SECRET}`,
          `role_arn = arn:aws:iam::${ACCT}:role/X`,
          `[profile p] ${SECRET}`, // 12
        ].join('\n'),
        format,
      );
      const text = everything(result);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET.slice(0, 16));
      expect(text).not.toContain(SECRET.slice(-16));
      expect(text.toLowerCase()).not.toContain(SECRET.toLowerCase().slice(0, 16));
      expect(text).not.toContain(TOKEN.slice(0, 24));
      const at = (line: number) =>
        result.errors.filter((e) => e.line === line).map((e) => e.message);
      if (format !== 'aesr') {
        expect(at(3)[0]).toMatch(/starts with aws_secret_access_key but has no "="/);
      }
      expect(at(4)[0]).toMatch(/^This line is not a setting: it has no "="/);
      expect(at(7)[0]).toMatch(/section name looks like a secret/);
      expect(at(12)[0]).toMatch(/text after the "\]"/);
    }
  });

  it('the colon form of a key is a setting for the AWS CLI, and a missing = elsewhere', () => {
    const line = `aws_secret_access_key: ${SECRET}`;
    const aws = importRoles(`[profile a]\nrole_arn = arn:aws:iam::${ACCT}:role/A\n${line}`);
    expect(aws.errors).toEqual([]);
    const aesr = importRoles(`[a]\naws_account_id = ${ACCT}\nrole_name = A\n${line}`, 'aesr');
    expect(aesr.errors).toEqual([
      { line: 4, message: expect.stringMatching(/starts with aws_secret_access_key but has/) },
    ]);
    expect(everything(aesr)).not.toContain(SECRET.slice(0, 12));
  });
});

describe('the AWS CLI reads values whole', () => {
  it('reports inline comments the AWS CLI keeps as part of a value', () => {
    const { errors, warnings, roles } = importRoles(
      [
        '[profile prod-admin]', // 1
        `role_arn = arn:aws:iam::${ACCT}:role/Nested # trailing comment`, // 2
        'external_id = abc=def#notacomment;x', // 3: no space before # or ;: part of the value
        'region = eu-central-1  ; inline comment', // 4
        'credential_process = /usr/bin/creds --x ; note', // 5: free text: a warning
        'output = "json"', // 6: quotes kept
        'credential_source = Environment',
      ].join('\n'),
      'aws-config',
    );
    expect(errors).toEqual([
      {
        line: 2,
        message: expect.stringMatching(
          /does not strip comments .* reads role_arn as ".*Nested # trailing comment"/,
        ),
      },
      { line: 4, message: expect.stringMatching(/reads region as "eu-central-1 {2}; inline com/) },
      { line: 6, message: expect.stringMatching(/keeps quotes .* output as "\\"json\\""/) },
    ]);
    expect(warnings).toEqual([
      { line: 3, message: expect.stringMatching(/needs an ExternalId/) },
      { line: 5, message: expect.stringMatching(/reads credential_process as/) },
    ]);
    // What was meant is still read, so the role can be switched to in the console.
    expect(roles[0]).toMatchObject({ roleName: 'Nested', region: 'eu-central-1' });
  });

  it('says that a repeated section or key breaks the AWS CLI, but not for the extension', () => {
    const text = [
      '[profile a]', // 1
      `role_arn = arn:aws:iam::${ACCT}:role/A`,
      '[profile b]', // 3
      `role_arn = arn:aws:iam::${ACCT}:role/B`,
      `role_arn = arn:aws:iam::${ACCT}:role/C`, // 5
      '[profile a]', // 6
      `role_arn = arn:aws:iam::${ACCT}:role/D`,
    ].join('\n');
    const aws = importRoles(text, 'aws-config');
    expect(aws.errors).toEqual([
      {
        line: 5,
        message: expect.stringMatching(/set twice .*refuses the whole file .*DuplicateOptionError/),
      },
      {
        line: 6,
        message: expect.stringMatching(
          /\[profile a\] is defined twice \(first on line 1\); the AWS CLI refuses the whole .*Dup/,
        ),
      },
    ]);
    const aesr = importRoles(text, 'aesr');
    expect(aesr.errors.map((e) => e.message).join()).not.toMatch(/AWS CLI/);
    expect(aesr.errors.map((e) => e.line)).toEqual([5, 6]);
  });
});

describe('aws-extend-switch-roles images and source accounts', () => {
  it('keeps https images only, with a warning for the rest', () => {
    const section = (name: string, image: string) => [
      `[${name}]`,
      `aws_account_id = ${ACCT}`,
      `role_name = ${name}`,
      `image = ${image}`,
    ];
    const { roles, warnings, errors } = importRoles(
      [
        ...section('ok', '"https://via.placeholder.com/150"'), // 1-4
        ...section('js', '"javascript:alert(1)"'), // 5-8
        ...section('http', '"http://evil.example/track.png"'), // 9-12
        ...section('data', 'data:image/png;base64,AAAA'), // 13-16
        ...section('userinfo', 'https://user@evil.example/x.png'), // 17-20
      ].join('\n'),
      'aesr',
    );
    expect(errors).toEqual([]);
    expect(roles.map((r) => [r.name, r.image])).toEqual([
      ['ok', 'https://via.placeholder.com/150'],
      ['js', null],
      ['http', null],
      ['data', null],
      ['userinfo', null],
    ]);
    expect(warnings.map((w) => w.line)).toEqual([8, 12, 16, 20]);
    expect(warnings[0]?.message).toMatch(/\[js\]: image must be an https:\/\/ address/);
  });

  it('puts an alias in aws_account_id into the alias field', () => {
    const { role } = byName(
      [
        '[organization1]',
        'aws_account_id = your-account-alias-1',
        '[Org1-Account1-Role1]',
        `role_arn = arn:aws:iam::${ACCT}:role/Role1`,
        'source_profile = organization1',
        '[base2]',
        `aws_account_id = ${BASE}`,
        'target_role_name = BaseRole',
        '[Org2]',
        `aws_account_id = ${ACCT}`,
        'source_profile = base2',
      ].join('\n'),
      'aesr',
    );
    expect(role('Org1-Account1-Role1')).toMatchObject({
      sourceAccount: null,
      sourceAccountAlias: 'your-account-alias-1',
    });
    expect(role('Org2')).toMatchObject({ sourceAccount: BASE, sourceAccountAlias: null });
  });
});
