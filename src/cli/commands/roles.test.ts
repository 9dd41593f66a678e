import { describe, expect, it } from 'vitest';
import { fakeIo } from '../fake-io.js';
import { rolesCommand } from './roles.js';

const ACCT = '123456789012';

describe('role-doctor roles import', () => {
  const awsConfig = [
    '[profile admin]',
    `role_arn = arn:aws:iam::${ACCT}:role/Admin`,
    'source_profile = default',
    'mfa_serial = arn:aws:iam::111122223333:mfa/alice',
    '[default]',
    'region = eu-west-1',
    '[profile broken]',
    'role_arn = arn:aws:iam::12:role/X',
  ].join('\n');

  it('lists the roles and the problems by line', async () => {
    const { io, stdout, stderr } = fakeIo({ '/cfg': awsConfig });
    expect(await rolesCommand(['import', '/cfg'], io)).toBe(0);
    expect(stdout()).toMatch(/^PROFILE\s+ACCOUNT\s+ROLE\s+REGION\s+NOTES\n/);
    expect(stdout()).toMatch(new RegExp(`admin\\s+${ACCT}\\s+Admin\\s+-\\s+from default, MFA`));
    expect(stderr()).toMatch(/\/cfg:8: The account in the role ARN, "12", must be 12 digits/);
    expect(stderr()).toMatch(/1 role read as an AWS CLI config, 1 problem\./);

    const vendor = fakeIo({
      '/v': `[profile v]\nrole_arn = arn:aws:iam::${ACCT}:role/V\nexternal_id = x\n`,
    });
    expect(await rolesCommand(['import', '/v'], vendor.io)).toBe(0);
    expect(vendor.stderr()).toMatch(/\/v:3: warning: \[v\] needs an ExternalId/);
  });

  it('prints JSON, reads stdin, and honours --format', async () => {
    const aesr = `[dev]\naws_account_id = ${ACCT}\nrole_name = Dev\ncolor = #ffaa00\n`;
    const { io, stdout } = fakeIo({}, aesr);
    expect(await rolesCommand(['import', '-', '--json'], io)).toBe(0);
    const json = JSON.parse(stdout());
    expect(json.format).toBe('aesr');
    expect(json.errors).toEqual([]);
    expect(json.roles[0]).toMatchObject({ name: 'dev', roleName: 'Dev', color: 'ffaa00' });

    const forced = fakeIo({}, aesr);
    expect(await rolesCommand(['import', '-', '--format', 'aws-config', '--json'], forced.io)).toBe(
      1,
    );
    expect(JSON.parse(forced.stdout()).errors[0].message).toMatch(/write \[profile dev\]/);
  });

  it('imports a coloured AWS CLI config and a role with a misspelt region', async () => {
    const config = [
      '[profile a]',
      'role_arn = arn:aws:iam::111122223333:role/A',
      'source_profile = default',
      'color = #fbbf93',
      '[profile b]',
      `role_arn = arn:aws:iam::${ACCT}:role/B`,
      'source_profile = default',
      'region = eu-wset-1', // 8
    ].join('\n');
    const { io, stdout, stderr } = fakeIo({ '/cfg': config });
    expect(await rolesCommand(['import', '/cfg'], io)).toBe(0);
    expect(stdout()).toMatch(/\na\s+111122223333\s+A\s+-\s+from default\n/);
    expect(stdout()).toMatch(new RegExp(`\\nb\\s+${ACCT}\\s+B\\s+-\\s+from default\\n`));
    expect(stderr()).toMatch(
      /\/cfg:8: "eu-wset-1" .* imported without a region until this is fixed/,
    );
    expect(stderr()).toMatch(/\/cfg:3: warning: source_profile "default" .* is not in this file/);
    expect(stderr()).toMatch(/2 roles read as an AWS CLI config, 1 problem\.\n$/);
  });

  it('exits 1 when no role is defined and 2 on bad usage or an unreadable file', async () => {
    const empty = fakeIo({ '/empty': '[default]\nregion = eu-west-1\n' });
    expect(await rolesCommand(['import', '/empty'], empty.io)).toBe(1);
    expect(empty.stderr()).toMatch(/0 roles read/);

    const missing = fakeIo();
    expect(await rolesCommand(['import', '/nope'], missing.io)).toBe(2);
    expect(missing.stderr()).toMatch(/\/nope does not exist/);

    for (const args of [
      [],
      ['export'],
      ['import'],
      ['import', 'a', 'b'],
      ['import', 'a', '--format', 'yaml'],
    ]) {
      const bad = fakeIo({ a: '' });
      expect(await rolesCommand(args, bad.io), args.join(' ')).toBe(2);
      expect(bad.stderr().length).toBeGreaterThan(0);
    }
  });

  it('never prints a secret from a mistyped line, in text or JSON', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const files = {
      '/leak': [
        '[profile prod]',
        `role_arn = arn:aws:iam::${ACCT}:role/Admin`,
        `aws_secret_access_key ${secret}`,
        secret,
      ].join('\n'),
      '/leak2': [
        '[profile prod]',
        `role_arn = arn:aws:iam::${ACCT}:role/Admin`,
        `aws_secret_access_key: ${secret}`,
        `aws_secret_acess_key = ${secret}`,
        '[profile x]',
        `source_profile = ${secret}`,
        `role_arn = arn:aws:iam::${ACCT}:role/X`,
        `[${secret}]`,
        `role_arn = arn:aws:iam::${ACCT}:role/Y`,
      ].join('\n'),
    };
    for (const path of Object.keys(files)) {
      for (const args of [
        ['import', path],
        ['import', path, '--json'],
        ['import', path, '--format', 'aesr'],
      ]) {
        const run = fakeIo(files);
        await rolesCommand(args, run.io);
        const all = run.stdout() + run.stderr();
        expect(all.length).toBeGreaterThan(0);
        // Any 12 characters of the secret in a row would be a partial leak.
        for (let start = 0; start + 12 <= secret.length; start++) {
          expect(all, `${args.join(' ')} at ${start}`).not.toContain(
            secret.slice(start, start + 12),
          );
        }
      }
    }
    const text = fakeIo(files);
    await rolesCommand(['import', '/leak'], text.io);
    expect(text.stderr()).toMatch(
      /\/leak:3: This line is not a setting: it starts with aws_secret/,
    );
    expect(text.stderr()).toMatch(/\/leak:4: This line is not a setting: it has no "="/);
  });

  it('refuses a file over 8 MiB as unusable input, not as line 0', async () => {
    const huge =
      `[profile a]\nrole_arn = ` + `arn:aws:iam::${ACCT}:role/A\n${'# x\n'.repeat(2_200_000)}`;
    const text = fakeIo({ '/huge': huge });
    expect(await rolesCommand(['import', '/huge'], text.io)).toBe(2);
    expect(text.stderr()).toBe(
      'role-doctor roles import: /huge: The file is larger than 8 MiB; import a smaller part.\n',
    );
    const json = fakeIo({ '/huge': huge });
    expect(await rolesCommand(['import', '/huge', '--json'], json.io)).toBe(2);
    expect(JSON.parse(json.stdout())).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });
});
