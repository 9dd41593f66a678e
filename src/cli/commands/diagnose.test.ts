import { describe, expect, it } from 'vitest';
import { fakeIo } from '../fake-io.js';
import { runCli } from '../main.js';
import { diagnoseCommand, EXIT_NEEDS_INPUT } from './diagnose.js';

const ROLE = 'arn:aws:iam::999988887777:role/Auditor';
const USER = 'arn:aws:iam::111122223333:user/bob';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'vendor-7f3a' } },
    },
  ],
});
const MFA_TRUST = TRUST.replace(
  '"StringEquals":{"sts:ExternalId":"vendor-7f3a"}',
  '"Bool":{"aws:MultiFactorAuthPresent":"true"}',
);
const ALLOW = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }],
});
const ALLOW_OTHER = ALLOW.replace('role/Auditor', 'role/Other');
const FILES = {
  'trust.json': TRUST,
  'mfa.json': MFA_TRUST,
  'allow.json': ALLOW,
  'other.json': ALLOW_OTHER,
};
const BASE = ['--role', ROLE, '--caller', USER];

describe('role-doctor diagnose', () => {
  it('is dispatched by the main program', async () => {
    const { io, stdout } = fakeIo(FILES);
    expect(await runCli(['diagnose', '--help'], io)).toBe(0);
    expect(stdout()).toContain('--identity-policy FILE');
  });

  it('stops at the console ExternalId link and prints the CLI command that works', async () => {
    const { io, stdout } = fakeIo(FILES);
    const args = [...BASE, '--trust', 'trust.json', '--identity-policy', 'allow.json'];
    const code = await diagnoseCommand([...args, '--via', 'console'], io);
    expect(code).toBe(1);
    const text = stdout();
    expect(text).toMatch(/FAILS at link 4 of 6/);
    expect(text).toContain('1. [pass]');
    expect(text).toContain('5. [not reached]');
    expect(text).toContain('EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH');
    expect(text).toContain(`$ aws sts assume-role --role-arn ${ROLE}`);
    expect(text).toContain('--external-id vendor-7f3a');
  });

  it('passes every link by the CLI with the ExternalId, listing what stays invisible', async () => {
    const { io, stdout } = fakeIo(FILES);
    const args = [...BASE, '--trust', 'trust.json', '--identity-policy', 'allow.json'];
    const code = await diagnoseCommand([...args, '--external-id', 'vendor-7f3a'], io);
    expect(code).toBe(0);
    expect(stdout()).toContain('every link passes');
    expect(stdout()).toContain('Not visible from here');
    expect(stdout()).toContain('SERVICE_CONTROL_POLICY');
  });

  it('fails on the caller side with the fix for the caller account', async () => {
    const { io, stdout } = fakeIo(FILES);
    const args = [...BASE, '--trust', 'trust.json', '--identity-policy', 'other.json'];
    const code = await diagnoseCommand([...args, '--external-id', 'vendor-7f3a', '--json'], io);
    expect(code).toBe(1);
    const result = JSON.parse(stdout());
    expect(result.firstFailure.id).toBe('caller-policy');
    expect(result.firstFailure.fix.account).toBe('111122223333');
    expect(result.firstFailure.fix.policy.document.Statement[0].Resource).toBe(ROLE);
    expect(result.cloudTrail.accounts).toHaveLength(2);
  });

  it('no --mfa means the call carries none', async () => {
    const { io, stdout } = fakeIo(FILES);
    const args = [...BASE, '--trust', 'mfa.json', '--identity-policy', 'allow.json', '--json'];
    expect(await diagnoseCommand(args, io)).toBe(1);
    expect(JSON.parse(stdout()).firstFailure.id).toBe('path');
    const again = fakeIo(FILES);
    expect(await diagnoseCommand([...args, '--mfa'], again.io)).toBe(0);
  });

  it('--mfa-age decides a trust policy that limits the MFA age', async () => {
    const aged = TRUST.replace(
      '"StringEquals":{"sts:ExternalId":"vendor-7f3a"}',
      '"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}',
    );
    const files = { ...FILES, 'aged.json': aged };
    const args = [...BASE, '--trust', 'aged.json', '--identity-policy', 'allow.json', '--mfa'];
    const unknown = fakeIo(files);
    expect(await diagnoseCommand([...args, '--json'], unknown.io)).toBe(EXIT_NEEDS_INPUT);
    const fresh = fakeIo(files);
    expect(await diagnoseCommand([...args, '--mfa-age', '600', '--json'], fresh.io)).toBe(0);
    const stale = fakeIo(files);
    expect(await diagnoseCommand([...args, '--mfa-age', '7200', '--json'], stale.io)).toBe(1);
    const bad = fakeIo(files);
    expect(await diagnoseCommand([...BASE, '--mfa-age', '60'], bad.io)).toBe(2);
    expect(bad.stderr()).toContain('--mfa-age goes with --mfa');
  });

  it('says what to give next when input is missing, and exits 3', async () => {
    const { io, stdout } = fakeIo(FILES);
    expect(await diagnoseCommand(BASE, io)).toBe(EXIT_NEEDS_INPUT);
    expect(stdout()).toContain('Next: Paste the trust policy of Auditor in account 999988887777');
    expect(stdout()).toContain('give it with --trust FILE');
  });

  it('reads the trust policy from stdin', async () => {
    const { io, stdout } = fakeIo(FILES, TRUST);
    const args = [...BASE, '--trust', '-', '--identity-policy', 'allow.json', '--json'];
    expect(await diagnoseCommand([...args, '--external-id', 'vendor-7f3a'], io)).toBe(0);
    expect(JSON.parse(stdout()).outcome).toBe('pass');
  });

  it('refuses bad usage with exit 2 and a message saying what to do', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--caller', USER], /--role ARN is required/],
      [['--role', ROLE], /--caller ARN is required/],
      [[...BASE, '--via', 'web'], /--via takes console or cli/],
      [[...BASE, '--trust', 'missing.json'], /cannot read missing\.json \(ENOENT\)/],
      [['--role', ROLE, '--caller', '111122223333'], /not the ARN of an IAM user/],
      [[...BASE, '--bogus'], /Unknown option/],
    ];
    for (const [args, message] of cases) {
      const { io, stderr } = fakeIo(FILES);
      expect(await diagnoseCommand(args, io)).toBe(2);
      expect(stderr()).toMatch(message);
    }
  });

  it('reports a trust file that is not a policy', async () => {
    const { io, stderr } = fakeIo({ ...FILES, 'bad.json': '{"nope": true}' });
    expect(await diagnoseCommand([...BASE, '--trust', 'bad.json'], io)).toBe(EXIT_NEEDS_INPUT);
    expect(stderr()).toMatch(/trust policy is not a policy document/);
  });

  it('refuses a policy of the other kind, naming the file and the statement', async () => {
    const files = { ...FILES, 'id.json': ALLOW };
    const swapped = fakeIo(files);
    const args = [...BASE, '--trust', 'id.json', '--identity-policy', 'trust.json'];
    expect(await diagnoseCommand(args, swapped.io)).toBe(2);
    expect(swapped.stdout()).toBe('');
    const lines = swapped.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^role-doctor diagnose: --trust id\.json is not a trust policy: no statement names a /,
    );
    expect(lines[0]).toContain('pass it with --identity-policy');
    expect(lines[1]).toBe(
      'role-doctor diagnose: --identity-policy trust.json is not an identity policy: ' +
        'statement 1 names a Principal and has no Resource, while an identity policy names no ' +
        'Principal and gives every statement a Resource. This looks like a trust policy; pass ' +
        'it with --trust.',
    );

    const piped = fakeIo(FILES, TRUST);
    const fromStdin = [...BASE, '--trust', 'trust.json', '--identity-policy', '-', '--json'];
    expect(await diagnoseCommand(fromStdin, piped.io)).toBe(2);
    expect(piped.stderr()).toContain('--identity-policy - (stdin) is not an identity policy');
  });

  it('warns when the proposed trust policy leaves out the MFA the policy requires', async () => {
    const { io, stdout } = fakeIo(FILES);
    const outsider = 'arn:aws:iam::444455556666:user/eve';
    const args = ['--role', ROLE, '--caller', outsider, '--trust', 'mfa.json', '--mfa'];
    expect(await diagnoseCommand(args, io)).toBe(1);
    const proposed: { Statement: object[] } = (await jsonOf(args)).firstFailure.fix.policy.document;
    const added = proposed.Statement.filter((item) => JSON.stringify(item).includes('eve'));
    const dropsMfa = added.some((item) => !JSON.stringify(item).includes('MultiFactorAuthPresent'));
    const warning =
      '  ! The existing statements that allow sts:AssumeRole all require MFA; the new statement';
    expect(stdout().includes(warning)).toBe(dropsMfa);
    if (dropsMfa) {
      expect(stdout()).toContain(
        'Keep that condition in the new statement: "Condition":{"Bool":' +
          '{"aws:MultiFactorAuthPresent":"true"}}',
      );
    }
  });
});

async function jsonOf(args: string[]) {
  const run = fakeIo(FILES);
  await diagnoseCommand([...args, '--json'], run.io);
  return JSON.parse(run.stdout());
}

describe('role-doctor diagnose with facts the ARNs do not show', () => {
  const CI = 'arn:aws:iam::444455556666:role/ci';
  const ORG_TRUST = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc1234567' } },
      },
    ],
  });
  const IP_TRUST = ORG_TRUST.replace(
    '"StringEquals":{"aws:PrincipalOrgID":"o-abc1234567"}',
    '"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}',
  );
  const files = { 't.json': ORG_TRUST, 'ip.json': IP_TRUST, 'allow.json': ALLOW };
  const run = async (...args: string[]) => {
    const { io, stdout, stderr } = fakeIo(files);
    const code = await diagnoseCommand(['--role', ROLE, '--caller', CI, ...args], io);
    return { code, out: stdout(), err: stderr() };
  };

  it('an org-wide trust is unknown without --org-id, and asks for it', async () => {
    const { code, out } = await run('--trust', 't.json');
    expect(code).toBe(EXIT_NEEDS_INPUT);
    expect(out).toContain("[unknown] The role's trust policy admits the caller");
    expect(out).toContain('depends on aws:PrincipalOrgID');
    expect(out).toContain('give it with --org-id o-...');
    expect(out).not.toContain('update-assume-role-policy');
  });

  it('--org-id that matches passes the trust link', async () => {
    const { code, out } = await run('--trust', 't.json', '--org-id', 'o-abc1234567');
    expect(out).toContain("[pass] The role's trust policy admits the caller");
    // The caller's own policies are still needed for a role in another account.
    expect(code).toBe(EXIT_NEEDS_INPUT);
    const all = await run(
      ...['--trust', 't.json', '--org-id', 'o-abc1234567', '--identity-policy', 'allow.json'],
    );
    expect(all.code).toBe(0);
  });

  it('--org-id of another organisation fails with a fix that keeps the org condition', async () => {
    const { code, out } = await run('--trust', 't.json', '--org-id', 'o-zzz9999999', '--json');
    expect(code).toBe(1);
    const result = JSON.parse(out);
    expect(result.firstFailure.id).toBe('trust');
    const added = result.firstFailure.fix.policy.document.Statement.at(-1);
    expect(added.Principal.AWS).toBe(CI);
    expect(added.Condition.StringEquals['aws:PrincipalOrgID']).toBe('o-zzz9999999');
  });

  it('refuses an org id of the wrong shape with exit 2', async () => {
    for (const bad of ['abc1234567', 'o-ABC1234567', 'o-abc', `o-${'a'.repeat(33)}`]) {
      const { code, err, out } = await run('--trust', 't.json', '--org-id', bad);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(`--org-id: "${bad}" is not an organization ID`);
    }
  });

  it('--context gives a source IP; without it the text says how to give it', async () => {
    const without = await run('--trust', 'ip.json');
    expect(without.code).toBe(EXIT_NEEDS_INPUT);
    expect(without.out).toContain('give the value of aws:SourceIp for this call with --context');
    const inside = await run(
      ...['--trust', 'ip.json', '--context', 'aws:SourceIp=10.1.2.3', '--json'],
    );
    const trustOf = (out: string) =>
      JSON.parse(out).links.find((item: { id: string }) => item.id === 'trust').status;
    expect(trustOf(inside.out)).toBe('pass');
    const outside = await run(
      ...['--trust', 'ip.json', '--context', 'aws:SourceIp=192.0.2.1', '--json'],
    );
    expect(outside.code).toBe(1);
    expect(trustOf(outside.out)).toBe('fail');
  });

  it('--context aws:PrincipalOrgID is the org id, checked the same way', async () => {
    const given = await run('--trust', 't.json', '--context', 'aws:PrincipalOrgID=o-abc1234567');
    expect(given.out).toContain("[pass] The role's trust policy admits the caller");
    const bad = await run('--trust', 't.json', '--context', 'aws:PrincipalOrgID=nope');
    expect(bad.code).toBe(2);
    expect((await run('--context', 'SourceIp')).err).toContain('--context takes KEY=VALUE');
  });

  it('says the caller must also pass the ExternalId the fix keeps', async () => {
    // The trust admits another account, with an ExternalId; the call passes none.
    const partner = TRUST.replace('111122223333', '555566667777');
    const { io, stdout } = fakeIo({ 'partner.json': partner });
    expect(await diagnoseCommand([...BASE, '--trust', 'partner.json'], io)).toBe(1);
    expect(stdout()).toContain('The change alone does not admit the caller; it must also:');
    expect(stdout()).toContain('- pass the ExternalId vendor-7f3a with the call (--external-id');
    const without = fakeIo({ 'partner.json': partner });
    await diagnoseCommand([...BASE, '--trust', 'partner.json', '--json'], without.io);
    expect(JSON.parse(without.stdout()).firstFailure.fix.callerMustAlso).toEqual([
      'pass the ExternalId vendor-7f3a with the call (--external-id, or external_id in the ' +
        'profile)',
    ]);
    const json = fakeIo({ 'partner.json': partner });
    const args = [...BASE, '--trust', 'partner.json', '--external-id', 'vendor-7f3a', '--json'];
    expect(await diagnoseCommand(args, json.io)).toBe(1);
    expect(JSON.parse(json.stdout()).firstFailure.fix.callerMustAlso).toBeUndefined();
  });
});
