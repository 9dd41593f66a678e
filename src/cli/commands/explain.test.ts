import { describe, expect, it } from 'vitest';
import { fakeIo } from '../fake-io.js';
import { explainCommand } from './explain.js';

const TRUST_DENIAL =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
  'arn:aws:iam::111122223333:user/example-user is not authorized to perform: sts:AssumeRole on ' +
  'resource: arn:aws:iam::444455556666:role/ExampleToSandbox because no role trust policy ' +
  'allows the sts:AssumeRole action';
const EXPIRED =
  'botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the ' +
  'CreateRole operation: The security token included in the request is expired';

describe('role-doctor explain', () => {
  it('reads standard input by default and prints a readable report', async () => {
    const { io, stdout, stderr } = fakeIo({}, TRUST_DENIAL);
    expect(await explainCommand([], io)).toBe(0);
    const text = stdout();
    expect(stderr()).toBe('');
    expect(text).toMatch(/^Error: Access denied\n/);
    expect(text).toContain('Kind:             access-denied');
    expect(text).toContain('Principal:        arn:aws:iam::111122223333:user/example-user');
    expect(text).toContain('Denied by:        implicit deny (no role trust policy allows it)');
    expect(text).toMatch(/How to fix it:\n {2}1\. /);
    expect(text).toContain('Policy text for trust policy of role ExampleToSandbox');
    expect(text).toContain('    "Action": "sts:AssumeRole"');
    expect(text).toContain('  $ aws sts get-caller-identity');
    expect(text).toContain(
      'https://console.aws.amazon.com/iam/home#/roles/details/ExampleToSandbox' +
        '?section=trust_relationships',
    );
  });

  it('reads a file, numbers several errors, and accepts "-" for stdin', async () => {
    const both = `${TRUST_DENIAL}\n${EXPIRED}\n`;
    const fromFile = fakeIo({ 'log.txt': both });
    expect(await explainCommand(['log.txt'], fromFile.io)).toBe(0);
    expect(fromFile.stdout()).toContain('Error 1 of 2: Access denied\n');
    expect(fromFile.stdout()).toContain('Error 2 of 2: Expired credentials\n');
    const fromDash = fakeIo({}, both);
    expect(await explainCommand(['-'], fromDash.io)).toBe(0);
    expect(fromDash.stdout()).toBe(fromFile.stdout());
  });

  it('prints the parsed fields with the explanation as JSON', async () => {
    const { io, stdout } = fakeIo({}, `${TRUST_DENIAL}\n${EXPIRED}`);
    expect(await explainCommand(['--json'], io)).toBe(0);
    const parsed = JSON.parse(stdout()) as { errors: Array<Record<string, unknown>> };
    expect(parsed.errors).toHaveLength(2);
    expect(parsed.errors[0]).toMatchObject({
      kind: 'access-denied',
      principal: 'arn:aws:iam::111122223333:user/example-user',
      action: 'sts:AssumeRole',
      operation: 'AssumeRole',
      suggestedActions: ['sts:AssumeRole'],
      resource: 'arn:aws:iam::444455556666:role/ExampleToSandbox',
      deny: 'implicit',
      policyType: 'trust',
      policyArn: null,
      service: 'sts',
      principalAccount: '111122223333',
      resourceAccount: '444455556666',
      explanation: {
        policyStatement: {
          attachTo: 'trust policy of role ExampleToSandbox in account 444455556666',
        },
      },
    });
    expect(parsed.errors[1]).toMatchObject({ kind: 'expired-token', service: 'iam' });
  });

  it('exits 1 with advice when no error is found', async () => {
    const { io, stdout, stderr } = fakeIo({}, 'deploy finished in 42 s\n');
    expect(await explainCommand([], io)).toBe(1);
    expect(stdout()).toBe('');
    expect(stderr()).toMatch(/no AWS authorization error found/);
    expect(stderr()).toMatch(/User: … is not authorized/);
    const json = fakeIo({}, 'nothing here');
    expect(await explainCommand(['--json'], json.io)).toBe(1);
    expect(JSON.parse(json.stdout())).toEqual({ errors: [] });
  });

  it('exits 2 on bad usage, saying what is wrong and what to do', async () => {
    const unknown = fakeIo({}, TRUST_DENIAL);
    expect(await explainCommand(['--yaml'], unknown.io)).toBe(2);
    expect(unknown.stderr()).toMatch(/unknown option "--yaml"/);
    expect(unknown.stderr()).toMatch(/role-doctor explain --help/);
    const missing = fakeIo();
    expect(await explainCommand(['nope.txt'], missing.io)).toBe(2);
    expect(missing.stderr()).toMatch(/cannot read "nope\.txt": no such file/);
    expect(missing.stderr()).toMatch(/pipe the error text in/);
    const two = fakeIo({ a: '', b: '' });
    expect(await explainCommand(['a', 'b'], two.io)).toBe(2);
    expect(two.stderr()).toMatch(/only one input/);
  });

  it('prints help on --help', async () => {
    const { io, stdout } = fakeIo();
    expect(await explainCommand(['--help'], io)).toBe(0);
    expect(stdout()).toMatch(/^Usage: role-doctor explain \[FILE\|-\] \[--json\]/);
  });

  it('never echoes terminal control sequences from the input', async () => {
    const { io, stdout } = fakeIo(
      {},
      `${TRUST_DENIAL.replace('example-user', 'example-user\u001b]0;pwned\u0007\u009b2J')}`,
    );
    expect(await explainCommand([], io)).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escapes on purpose
    expect(stdout()).not.toMatch(/[\u001b\u0007\u009b]/);
  });

  it('headings and labels in plain words, with no text meant for developers', async () => {
    const scp =
      'User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:GetObject on ' +
      'resource: "arn:aws:s3:::b/k" with an explicit deny in a service control policy: ' +
      'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/service_control_policy/p-a1b2c3d4';
    const { io, stdout } = fakeIo({}, scp);
    expect(await explainCommand([], io)).toBe(0);
    const text = stdout();
    expect(text).not.toMatch(/`|policyType|scp policy|vpce policy|rcp policy/);
    expect(text).toContain(
      'Denied by:        explicit deny in a service control policy: ' +
        'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/service_control_policy/p-a1b2c3d4',
    );
    expect(text).toContain('[account 777788889999, service control policy]');
    for (const [phrase, label] of [
      ['a VPC endpoint policy', 'explicit deny in a VPC endpoint policy'],
      ['a resource control policy', 'explicit deny in a resource control policy'],
      ['the role trust policy', 'explicit deny in the role trust policy'],
      ['an identity-based policy', 'explicit deny in an identity-based policy'],
      ['a permissions boundary', 'explicit deny in a permissions boundary'],
    ]) {
      const other = fakeIo(
        {},
        'User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:GetObject ' +
          `with an explicit deny in ${phrase}`,
      );
      expect(await explainCommand([], other.io)).toBe(0);
      expect(other.stdout()).toContain(`Denied by:        ${label}\n`);
    }
  });

  it('says when any one change is enough', async () => {
    const { io, stdout } = fakeIo(
      {},
      'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole ' +
        'on resource: arn:aws:iam::111122223333:role/DeployRole',
    );
    expect(await explainCommand([], io)).toBe(0);
    expect(stdout()).toContain('What must change (any one of these is enough):');
  });

  it('shows retries of one error once, with how often it was seen', async () => {
    const retry = (n: number) =>
      `2026-12-01T10:00:0${n} [retry ${n}/5] upload failed: ./build.zip to ` +
      's3://my-artifacts-bucket/build.zip An error occurred (AccessDenied) when calling the ' +
      'PutObject operation: User: arn:aws:sts::111122223333:assumed-role/ci-deploy/GitHubActions ' +
      'is not authorized to perform: s3:PutObject on resource: ' +
      '"arn:aws:s3:::my-artifacts-bucket/build.zip" because no identity-based policy allows the ' +
      's3:PutObject action';
    const log = [1, 2, 3, 4, 5].map(retry).join('\n');
    const text = fakeIo({}, `${log}\n${EXPIRED}\n${retry(1)}`);
    expect(await explainCommand([], text.io)).toBe(0);
    expect(text.stdout()).toContain('Error 1 of 2: Access denied (seen 6 times)\n');
    expect(text.stdout()).toContain('Error 2 of 2: Expired credentials\n');
    expect(text.stdout()).not.toContain('Error 3');
    const json = fakeIo({}, log);
    expect(await explainCommand(['--json'], json.io)).toBe(0);
    const parsed = JSON.parse(json.stdout()) as { errors: Array<Record<string, unknown>> };
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ kind: 'access-denied', count: 5 });
    // Thousands of repeats stay one short report.
    const many = fakeIo({}, Array.from({ length: 3000 }, () => retry(1)).join('\n'));
    expect(await explainCommand([], many.io)).toBe(0);
    expect(many.stdout()).toContain('(seen 3000 times)');
    expect(many.stdout().length).toBeLessThan(10_000);
  });
});
