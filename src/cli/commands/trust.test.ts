import { describe, expect, it } from 'vitest';
import { fakeIo } from '../fake-io.js';
import { trustCommand } from './trust.js';

const ROLE = 'arn:aws:iam::111122223333:role/example-role';
const MFA_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: '444455556666' },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  },
  null,
  2,
);
const GITHUB_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: {
        Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': 'repo:org/app:ref:refs/heads/main',
        },
      },
    },
  ],
});

describe('role-doctor trust', () => {
  it('prints findings only and exits 0 without a caller', async () => {
    const { io, stdout } = fakeIo({ 'p.json': MFA_POLICY });
    expect(await trustCommand(['p.json'], io)).toBe(0);
    expect(stdout()).toContain('ACCOUNT_ROOT_TRUST');
    expect(stdout()).toMatch(/line \d+, column \d+/);
  });

  it('denies a caller without MFA, exits 1 and prints the JSON shape', async () => {
    const { io, stdout } = fakeIo({ 'p.json': MFA_POLICY });
    const code = await trustCommand(
      ['p.json', '--role', ROLE, '--caller', 'arn:aws:iam::444455556666:user/bob', '--json'],
      io,
    );
    expect(code).toBe(1);
    const output = JSON.parse(stdout());
    expect(output.verdict.allowed).toBe(false);
    expect(output.verdict.statement).toBe(0);
    expect(output.verdict.reasons.map((reason: { id: string }) => reason.id)).toContain(
      'MFA_REQUIRED_CALLER_HAS_NO_MFA_CONTEXT',
    );
    expect(output.verdict.proposedPolicy).toBeNull();
    for (const finding of output.findings) {
      expect(Object.keys(finding).sort()).toEqual(
        ['column', 'fix', 'id', 'line', 'message', 'severity'].sort(),
      );
    }
  });

  it('allows the same caller with --mfa and exits 0', async () => {
    const { io, stdout } = fakeIo({ 'p.json': MFA_POLICY });
    const code = await trustCommand(
      ['p.json', '--role', ROLE, '--caller', 'arn:aws:iam::444455556666:user/bob', '--mfa'],
      io,
    );
    expect(code).toBe(0);
    expect(stdout()).toContain('Verdict: ALLOWED');
    expect(stdout()).toContain("caller's identity policies must allow");
  });

  it('is undecidable when a needed claim is not given, naming the key', async () => {
    const { io, stdout } = fakeIo({ 'p.json': GITHUB_POLICY });
    const code = await trustCommand(
      [
        'p.json',
        '--role',
        ROLE,
        '--caller',
        'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        '--context',
        'token.actions.githubusercontent.com:aud=sts.amazonaws.com',
        '--json',
      ],
      io,
    );
    expect(code).toBe(1);
    const output = JSON.parse(stdout());
    expect(output.verdict.allowed).toBeNull();
    expect(JSON.stringify(output.verdict.reasons)).toContain(
      'token.actions.githubusercontent.com:sub',
    );
  });

  it('proposes a change for a mismatched sub', async () => {
    const { io, stdout } = fakeIo({ 'p.json': GITHUB_POLICY });
    const code = await trustCommand(
      [
        'p.json',
        '--role',
        ROLE,
        '--caller',
        'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        '--context',
        'token.actions.githubusercontent.com:aud=sts.amazonaws.com',
        '--context',
        'token.actions.githubusercontent.com:sub=repo:org/app:environment:prod',
      ],
      io,
    );
    expect(code).toBe(1);
    expect(stdout()).toContain('GITHUB_SUB_CONTEXT_MISMATCH');
    expect(stdout()).toMatch(/^\s*\+\s+"repo:org\/app:environment:prod"$/m);
  });

  it('takes the caller as corpus-shaped JSON', async () => {
    const caller = JSON.stringify({
      principal: 'arn:aws:iam::444455556666:user/example-user',
      type: 'ConsoleSwitchRole',
      operation: 'sts:AssumeRole',
      context: { 'aws:MultiFactorAuthPresent': 'true' },
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '444455556666' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'vendor-issued-1234' } },
        },
      ],
    });
    const { io, stdout } = fakeIo({ 'p.json': policy, 'c.json': caller });
    const code = await trustCommand(
      ['p.json', '--role', ROLE, '--caller-json', 'c.json', '--json'],
      io,
    );
    expect(code).toBe(1);
    expect(stdout()).toContain('EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH');
  });

  it('flags added to a JSON caller refine it without changing its meaning', async () => {
    const caller = JSON.stringify({
      principal: 'arn:aws:iam::444455556666:user/example-user',
      type: 'IAMUser',
      context: { 'aws:MultiFactorAuthPresent': 'true' },
    });
    const { io, stdout } = fakeIo({ 'p.json': MFA_POLICY, 'c.json': caller });
    const code = await trustCommand(
      ['p.json', '--role', ROLE, '--caller-json', 'c.json', '--external-id', 'unused', '--json'],
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout()).verdict.allowed).toBe(true);
  });

  it('multi-valued --context keys become lists', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'project'] },
          },
        },
      ],
    });
    const args = (...keys: string[]) => [
      'p.json',
      '--role',
      ROLE,
      '--caller',
      'arn:aws:iam::111122223333:user/alice',
      ...keys.flatMap((key) => ['--context', `aws:TagKeys=${key}`]),
    ];
    const allowed = fakeIo({ 'p.json': policy });
    expect(await trustCommand(args('team', 'project'), allowed.io)).toBe(0);
    const denied = fakeIo({ 'p.json': policy });
    expect(await trustCommand(args('team', 'cost'), denied.io)).toBe(1);
  });

  it('reports a syntax error with line and column and exits 2', async () => {
    const { io, stderr, stdout } = fakeIo({
      'p.json': '{\n  "Version": "2012-10-17"\n  "Statement": []\n}',
    });
    expect(await trustCommand(['p.json'], io)).toBe(2);
    expect(stderr()).toMatch(/line 3, column 3/);
    expect(stdout()).toContain('JSON_SYNTAX_ERROR');
  });

  it('reads the policy from stdin with "-"', async () => {
    const { io, stdout } = fakeIo({}, MFA_POLICY);
    expect(await trustCommand(['-'], io)).toBe(0);
    expect(stdout()).toContain('ACCOUNT_ROOT_TRUST');
  });

  it('exits 2 on bad usage and unreadable files', async () => {
    const missing = fakeIo({});
    expect(await trustCommand(['nope.json'], missing.io)).toBe(2);
    expect(missing.stderr()).toContain('cannot read nope.json');
    const noFile = fakeIo({});
    expect(await trustCommand([], noFile.io)).toBe(2);
    const badType = fakeIo({ 'p.json': MFA_POLICY });
    expect(
      await trustCommand(['p.json', '--caller', 'x', '--caller-type', 'robot'], badType.io),
    ).toBe(2);
    const noRole = fakeIo({ 'p.json': MFA_POLICY });
    expect(
      await trustCommand(['p.json', '--caller', 'arn:aws:iam::444455556666:user/bob'], noRole.io),
    ).toBe(2);
    expect(noRole.stderr()).toContain('--role');
    const unknownOption = fakeIo({ 'p.json': MFA_POLICY });
    expect(await trustCommand(['p.json', '--frobnicate'], unknownOption.io)).toBe(2);
    const root = fakeIo({ 'p.json': MFA_POLICY });
    expect(
      await trustCommand(
        ['p.json', '--role', ROLE, '--caller', 'arn:aws:iam::444455556666:root'],
        root.io,
      ),
    ).toBe(1);
    expect(root.stdout()).toContain('ROOT_USER_CALLER');
  });

  it('prints help', async () => {
    const { io, stdout } = fakeIo({});
    expect(await trustCommand(['--help'], io)).toBe(0);
    expect(stdout()).toContain('--caller-json');
  });

  const ROOT_POLICY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'sts:AssumeRole',
      },
    ],
  });
  const ALICE = 'arn:aws:iam::444455556666:user/alice';

  it('denies a caller of another partition than the role, with the reason id', async () => {
    const { io, stdout } = fakeIo({ 'p.json': ROOT_POLICY });
    const role = 'arn:aws-cn:iam::111122223333:role/X';
    const code = await trustCommand(['p.json', '--role', role, '--caller', ALICE, '--json'], io);
    expect(code).toBe(1);
    const output = JSON.parse(stdout());
    expect(output.verdict.allowed).toBe(false);
    expect(output.verdict.reasons[0].id).toBe('PARTITION_MISMATCH');
    expect(output.verdict.proposedPolicy).toBeNull();
  });

  it('refuses a --role that is not a role ARN of a supported partition with exit 2', async () => {
    const cases: Array<[string, RegExp]> = [
      ['notanarn', /not a role ARN/],
      ['arn:aws:iam::111122223333:user/bob', /names an IAM user, not a role/],
      ['arn:aws:iam::1111:role/X', /must be 12 digits/],
      ['arn:aws:sts::111122223333:assumed-role/X/s', /session, not of a role/],
      ['arn:aws-iso:iam::111122223333:role/X', /isolated \(ISO\) partition/],
      ['arn:aws-iso-b:iam::111122223333:role/X', /isolated \(ISO\) partition/],
      ['arn:aws-mars:iam::111122223333:role/X', /not an AWS partition/],
    ];
    for (const [role, message] of cases) {
      const { io, stdout, stderr } = fakeIo({ 'p.json': ROOT_POLICY });
      const code = await trustCommand(['p.json', '--role', role, '--caller', ALICE], io);
      expect(code, role).toBe(2);
      expect(stderr(), role).toMatch(message);
      expect(stdout(), role).toBe('');
    }
  });

  it('refuses callers of ISO or unknown partitions and malformed ARNs with exit 2', async () => {
    const cases: Array<[string, RegExp]> = [
      ['arn:aws-iso:iam::444455556666:user/alice', /isolated \(ISO\) partition/],
      ['arn:aws-iso-f:sts::444455556666:assumed-role/R/s', /isolated \(ISO\) partition/],
      ['arn:awz:iam::444455556666:user/alice', /not an AWS partition/],
      ['arn:aws:iam::4444:user/alice', /must be 12 digits/],
    ];
    for (const [caller, message] of cases) {
      const { io, stderr } = fakeIo({ 'p.json': ROOT_POLICY });
      const code = await trustCommand(['p.json', '--role', ROLE, '--caller', caller], io);
      expect(code, caller).toBe(2);
      expect(stderr(), caller).toMatch(message);
      expect(stderr(), caller).not.toContain('..');
    }
  });

  it('--fail-on exits 1 when a finding at or above the severity exists', async () => {
    const wildcard = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated:
              'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' },
          },
        },
      ],
    });
    const run = async (text: string, ...flags: string[]) => {
      const { io } = fakeIo({ 'p.json': text });
      return trustCommand(['p.json', ...flags], io);
    };
    // Its worst finding is a security warning.
    const { io, stdout } = fakeIo({ 'p.json': wildcard });
    await trustCommand(['p.json', '--json'], io);
    const severities = JSON.parse(stdout()).findings.map((f: { severity: string }) => f.severity);
    expect(severities).toContain('SECURITY');
    expect(severities).not.toContain('ERROR');
    expect(await run(wildcard)).toBe(0);
    expect(await run(wildcard, '--fail-on', 'security')).toBe(1);
    expect(await run(wildcard, '--fail-on', 'WARNING')).toBe(1);
    expect(await run(wildcard, '--fail-on', 'error')).toBe(0);
    // ROOT_POLICY has only a suggestion.
    expect(await run(ROOT_POLICY, '--fail-on', 'warning')).toBe(0);
    expect(await run(ROOT_POLICY, '--fail-on', 'suggestion')).toBe(1);
    // An allowed caller still fails the gate.
    expect(
      await run(ROOT_POLICY, '--role', ROLE, '--caller', ALICE, '--fail-on', 'suggestion'),
    ).toBe(1);
    expect(await run(ROOT_POLICY, '--role', ROLE, '--caller', ALICE, '--fail-on', 'error')).toBe(0);
    expect(await run(ROOT_POLICY, '--fail-on', 'loud')).toBe(2);
  });

  it('reads aws iam get-role output with positions in the file given', async () => {
    const getRole = JSON.stringify(
      {
        Role: {
          Path: '/',
          RoleName: 'X',
          Arn: 'arn:aws:iam::111122223333:role/X',
          AssumeRolePolicyDocument: JSON.parse(ROOT_POLICY),
          MaxSessionDuration: 3600,
        },
      },
      null,
      4,
    );
    const { io, stdout } = fakeIo({ 'g.json': getRole });
    const role = 'arn:aws:iam::111122223333:role/X';
    const code = await trustCommand(['g.json', '--role', role, '--caller', ALICE, '--json'], io);
    expect(code).toBe(0);
    const output = JSON.parse(stdout());
    expect(output.verdict.allowed).toBe(true);
    expect(output.source).toEqual({ form: 'get-role', positionsMatch: true });
    const ids = output.findings.map((finding: { id: string }) => finding.id);
    expect(ids).not.toContain('UNKNOWN_ELEMENT');
    const root = output.findings.find(
      (finding: { id: string }) => finding.id === 'ACCOUNT_ROOT_TRUST',
    );
    const lines = getRole.split('\n');
    const lineText = lines[root.line - 1] ?? '';
    expect(lineText.slice(root.column - 1)).toMatch(/^"arn:aws:iam::444455556666:root"/);
  });

  it('reads the URL-encoded document, alone or inside get-role', async () => {
    const encoded = encodeURIComponent(ROOT_POLICY);
    const wrapped = JSON.stringify({ Role: { AssumeRolePolicyDocument: encoded } });
    for (const [name, text, form] of [
      ['u.txt', `${encoded}\n`, 'url-encoded'],
      ['w.json', wrapped, 'get-role'],
    ] as const) {
      const { io, stdout } = fakeIo({ [name]: text });
      const code = await trustCommand([name, '--role', ROLE, '--caller', ALICE, '--json'], io);
      expect(code, name).toBe(0);
      const output = JSON.parse(stdout());
      expect(output.verdict.allowed, name).toBe(true);
      expect(output.source, name).toEqual({ form, positionsMatch: false });
    }
    const { io, stdout } = fakeIo({ 'u.txt': encoded });
    await trustCommand(['u.txt'], io);
    expect(stdout()).toContain('URL-encoded');
    expect(stdout()).toContain('Decoded policy:');
  });

  it('accepts a UTF-8 byte order mark and keeps columns as editors count them', async () => {
    const { io, stdout } = fakeIo({ 'b.json': `\uFEFF${ROOT_POLICY}` });
    expect(await trustCommand(['b.json', '--json'], io)).toBe(0);
    const output = JSON.parse(stdout());
    const ids = output.findings.map((finding: { id: string }) => finding.id);
    expect(ids).not.toContain('JSON_SYNTAX_ERROR');
    expect(ids).not.toContain('INVALID_CHARACTERS');
    const root = output.findings.find(
      (finding: { id: string }) => finding.id === 'ACCOUNT_ROOT_TRUST',
    );
    expect(root.column).toBe(ROOT_POLICY.indexOf('"arn:aws:iam::444455556666:root"') + 1);
  });

  it('reports one syntax finding per error and says the position once', async () => {
    const broken = ROOT_POLICY.replace('"sts:AssumeRole"', '"sts:AssumeRole",');
    const { io, stdout, stderr } = fakeIo({ 'x.json': broken });
    expect(await trustCommand(['x.json', '--json'], io)).toBe(2);
    const syntax = JSON.parse(stdout()).findings.filter(
      (finding: { id: string }) => finding.id === 'JSON_SYNTAX_ERROR',
    );
    expect(syntax).toHaveLength(1);
    expect(syntax[0].column).toBe(broken.indexOf('}]}') + 1);
    const message = stderr();
    expect(message.match(/line \d+/g)).toHaveLength(1);
    expect(message.match(/not valid JSON/gi)).toHaveLength(1);
  });

  it('--mfa without --mfa-age leaves an MFA age condition undecided and says why', async () => {
    const aged = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '444455556666' },
          Action: 'sts:AssumeRole',
          Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
        },
      ],
    });
    const run = async (...flags: string[]) => {
      const { io, stdout } = fakeIo({ 'a.json': aged });
      const code = await trustCommand(['a.json', '--role', ROLE, '--caller', ALICE, ...flags], io);
      return { code, out: stdout() };
    };
    const noAge = await run('--mfa');
    expect(noAge.code).toBe(1);
    expect(noAge.out).toContain('Verdict: UNDECIDABLE');
    expect(noAge.out).toContain('aws:MultiFactorAuthAge');
    expect((await run('--mfa', '--mfa-age', '120')).code).toBe(0);
    expect((await run('--mfa-age', '7200')).out).toContain('Verdict: DENIED');
  });

  it('names statements from 1 (or by Sid) in text; --json keeps the 0-based index', async () => {
    const twoStatements = (sid?: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::444455556666:user/bob' },
            Action: 'sts:AssumeRole',
          },
          {
            ...(sid ? { Sid: sid } : {}),
            Effect: 'Allow',
            Principal: { AWS: ALICE },
            Action: 'sts:AssumeRole',
          },
        ],
      });
    const run = async (policyText: string, ...flags: string[]) => {
      const { io, stdout } = fakeIo({ 'p.json': policyText });
      await trustCommand(['p.json', '--role', ROLE, '--caller', ALICE, ...flags], io);
      return stdout();
    };
    const text = await run(twoStatements());
    expect(text).toContain('Statement 2 admits');
    expect(text).toContain('Admitting statement: 2\n');
    // Every statement the text names is the same one.
    expect(new Set(text.match(/[Ss]tatement:? \d+/g)?.map((m) => m.replace(/\D/g, '')))).toEqual(
      new Set(['2']),
    );
    expect(JSON.parse(await run(twoStatements(), '--json')).verdict.statement).toBe(1);
    const named = await run(twoStatements('Alice'));
    expect(named).toContain('Statement "Alice" admits');
    expect(named).toContain('Admitting statement: "Alice"');
    expect(JSON.parse(await run(twoStatements('Alice'), '--json')).verdict.statement).toBe('Alice');
    const { io, stdout } = fakeIo({});
    await trustCommand(['--help'], io);
    expect(stdout()).toContain('0-based index');
  });

  it('labels a statement that only came closest differently from one that decided', async () => {
    const { io, stdout } = fakeIo({ 'p.json': MFA_POLICY });
    await trustCommand(['p.json', '--role', ROLE, '--caller', ALICE], io);
    expect(stdout()).toContain('Closest statement: 1');
    expect(stdout()).not.toContain('Deciding statement');
  });

  it('a caller that does not fit --caller-type is a usage error, for every type', async () => {
    const misfits: Array<[string, string, string]> = [
      ['saml', 'arn:aws:iam::111122223333:user/x', 'saml-provider/NAME'],
      ['web-identity', 'arn:aws:iam::111122223333:saml-provider/Okta', 'oidc-provider/'],
      ['service', 'arn:aws:iam::111122223333:role/x', 'service principal'],
      ['user', 'arn:aws:sts::111122223333:assumed-role/A/s', 'user/[PATH/]NAME'],
      ['role-session', 'ec2.amazonaws.com', 'assumed-role/ROLE/SESSION'],
      ['console-switch', 'arn:aws:iam::111122223333:oidc-provider/x.example', 'IAM user or role'],
    ];
    for (const [type, caller, needs] of misfits) {
      const { io, stdout, stderr } = fakeIo({ 'p.json': MFA_POLICY });
      const code = await trustCommand(
        ['p.json', '--role', ROLE, '--caller-type', type, '--caller', caller],
        io,
      );
      expect(code, type).toBe(2);
      expect(stderr(), type).toContain(needs);
      expect(stderr(), type).toContain(`"${caller}" is`);
      expect(stdout(), type).not.toContain('Federated');
    }
  });

  it('takes the role from Role.Arn of get-role output when --role is not given', async () => {
    const roleArn = 'arn:aws:iam::111122223333:role/team/Deploy';
    const getRole = (arn: unknown, document: unknown = JSON.parse(ROOT_POLICY)) =>
      JSON.stringify({
        Role: { Path: '/team/', RoleName: 'Deploy', Arn: arn, AssumeRolePolicyDocument: document },
      });
    const run = async (text: string, ...flags: string[]) => {
      const { io, stdout, stderr } = fakeIo({ 'g.json': text });
      const code = await trustCommand(['g.json', '--caller', ALICE, ...flags], io);
      return { code, out: stdout(), err: stderr() };
    };
    const json = await run(getRole(roleArn), '--json');
    expect(json.code).toBe(0);
    expect(json.err).toBe('');
    const output = JSON.parse(json.out);
    expect(output.verdict.role).toBe(roleArn);
    expect(output.verdict.invisible.join(' ')).toContain(`sts:AssumeRole on ${roleArn}`);
    // The document may be URL-encoded, as the IAM API returns it.
    const encoded = await run(getRole(roleArn, encodeURIComponent(ROOT_POLICY)), '--json');
    expect(JSON.parse(encoded.out).verdict.role).toBe(roleArn);
    const text = await run(getRole(roleArn));
    expect(text.out).toContain(`${ALICE} assuming ${roleArn}`);
    expect(text.out).toContain('the role from its Role.Arn');

    // Both given and different: said, and --role is the one evaluated.
    const other = 'arn:aws:iam::111122223333:role/Other';
    const both = await run(getRole(roleArn), '--role', other, '--json');
    expect(both.code).toBe(0);
    expect(both.err).toContain(`--role ${other} differs from the role in g.json`);
    expect(both.err).toContain(`Role.Arn ${roleArn}`);
    expect(JSON.parse(both.out).verdict.role).toBe(other);
    expect((await run(getRole(roleArn), '--role', roleArn)).err).toBe('');

    // No usable Role.Arn: the role must be given.
    const missing = await run(getRole(undefined));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--role ARN is needed');
    const session = await run(getRole('arn:aws:sts::111122223333:assumed-role/Deploy/s'));
    expect(session.code).toBe(2);
    expect(session.err).toContain('Role.Arn in g.json');
    expect(session.err).toContain('Give the role with --role');
  });

  it('a proposal for a caller not yet named keeps the MFA the policy requires', async () => {
    const mfaForOps = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/Ops' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    });
    const alice = 'arn:aws:sts::111122223333:assumed-role/Admin/alice';
    const run = async (...flags: string[]) => {
      const { io, stdout } = fakeIo({ 'p.json': mfaForOps });
      await trustCommand(['p.json', '--role', ROLE, '--caller', alice, ...flags], io);
      return stdout();
    };
    const text = await run();
    expect(text).toContain('[PROPOSAL_KEEPS_CONDITIONS]');
    expect(text).toContain(
      'Smallest change that names this caller; it keeps conditions the caller must still meet ' +
        '(Bool aws:MultiFactorAuthPresent ["true"]):',
    );
    const added = text.slice(text.indexOf('"Sid": "AllowAdmin"'));
    expect(added).toContain('+           "aws:MultiFactorAuthPresent": "true"');
    const json = JSON.parse(await run('--json')).verdict;
    expect(json.proposalCallerMustMeet).toEqual(['Bool aws:MultiFactorAuthPresent ["true"]']);
    expect(json.proposedPolicy.Statement[1].Condition).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    });
    const withMfa = await run('--mfa');
    expect(withMfa).toContain('Smallest change that admits this caller:');
    expect(JSON.parse(await run('--mfa', '--json')).verdict.proposalCallerMustMeet).toBeUndefined();
  });
});
