import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { trustCommand } from './trust.js';

function fakeIo(files: Record<string, string>, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => stdin,
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) {
        throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      }
      return content;
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    fetch: (() => Promise.reject(new Error('no network in tests'))) as typeof fetch,
    env: {},
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

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
});
