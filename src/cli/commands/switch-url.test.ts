import { describe, expect, it } from 'vitest';
import { fakeIo } from '../fake-io.js';
import { switchUrlCommand } from './switch-url.js';

const ACCT = '123456789012';

describe('role-doctor switch-url', () => {
  it('prints the link for a role ARN', async () => {
    const { io, stdout, stderr } = fakeIo();
    const code = await switchUrlCommand([`arn:aws:iam::${ACCT}:role/ops/Admin`], io);
    expect(code).toBe(0);
    expect(stdout()).toBe(
      `https://signin.aws.amazon.com/switchrole?account=${ACCT}&roleName=ops/Admin\n`,
    );
    expect(stderr()).toBe('');
  });

  it('prints JSON with the sign-in host, partition and warnings', async () => {
    const { io, stdout } = fakeIo();
    const code = await switchUrlCommand(
      [
        '--account',
        'Prod-Alias',
        '--role',
        '/team/Deploy',
        '--display-name',
        'Prod deploy',
        '--color',
        '#123456',
        '--region=us-gov-west-1',
        '--json',
      ],
      io,
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout());
    expect(Object.keys(json)).toEqual(['url', 'signinHost', 'partition', 'warnings']);
    expect(json.signinHost).toBe('signin.amazonaws-us-gov.com');
    expect(json.partition).toBe('aws-us-gov');
    expect(json.url).toBe(
      'https://signin.amazonaws-us-gov.com/switchrole?account=prod-alias&roleName=team/Deploy' +
        '&displayName=Prod%20deploy&color=123456&redirect_uri=' +
        encodeURIComponent(
          'https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1',
        ),
    );
    expect(json.warnings).toHaveLength(2);
  });

  it('keeps the page given with --redirect and moves it to --region', async () => {
    const { io, stdout } = fakeIo();
    await switchUrlCommand(
      [
        `arn:aws:iam::${ACCT}:role/R`,
        '--redirect',
        'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1',
        '--region',
        'ap-south-1',
      ],
      io,
    );
    const url = stdout().trim();
    expect(decodeURIComponent(url.split('redirect_uri=')[1] ?? '')).toBe(
      'https://ap-south-1.console.aws.amazon.com/ec2/home?region=ap-south-1',
    );
  });

  it('exits 2 with the reason on invalid input', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[`arn:aws:iam::${ACCT}:role/${'x'.repeat(65)}`], /65 characters; IAM allows 64/],
      [['--account', ACCT, '--role', `p/${'n'.repeat(63)}`], /at most 64/],
      [['--account', '12345', '--role', 'R'], /exactly 12/],
      [[], /role ARN, or both/],
      [['--account', ACCT], /role ARN, or both/],
      [['--bogus'], /Unknown option --bogus/],
      [['--role'], /--role needs a value/],
      [[`arn:aws:iam::${ACCT}:role/R`, 'extra'], /give one role ARN/],
      [[`arn:aws-iso-b:iam::${ACCT}:role/R`], /isolated/],
      [
        [`arn:aws-cn:iam::${ACCT}:role/R`, '--redirect', 'https://console.aws.amazon.com/'],
        /aws-cn partition but the redirect page is in aws/,
      ],
    ];
    for (const [args, message] of cases) {
      const { io, stdout, stderr } = fakeIo();
      expect(await switchUrlCommand(args, io), args.join(' ')).toBe(2);
      expect(stderr()).toMatch(message);
      expect(stdout()).toBe('');
    }
  });

  it('refuses a misspelt --region and warns about an unknown one', async () => {
    const typo = fakeIo();
    const arn = `arn:aws:iam::${ACCT}:role/R`;
    expect(await switchUrlCommand([arn, '--region', 'eu-wset-1'], typo.io)).toBe(2);
    expect(typo.stdout()).toBe('');
    expect(typo.stderr()).toBe(
      'role-doctor switch-url: "eu-wset-1" is not an AWS region: "wset" is not a direction ' +
        'region names use (east, west, north, south, central, northeast and so on). Did you ' +
        'mean eu-west-1?\n',
    );

    const newer = fakeIo();
    expect(await switchUrlCommand([arn, '--region', 'eu-west-4'], newer.io)).toBe(0);
    expect(newer.stderr()).toMatch(
      /^warning: eu-west-4 is not among the regions of AWS commercial/,
    );
    expect(decodeURIComponent(newer.stdout())).toContain(
      'https://eu-west-4.console.aws.amazon.com/console/home?region=eu-west-4',
    );

    const json = fakeIo();
    expect(await switchUrlCommand([arn, '--region', 'eu-west-4', '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.stdout()).warnings).toEqual([
      expect.stringMatching(/^eu-west-4 is not among the regions/),
    ]);

    const known = fakeIo();
    expect(await switchUrlCommand([arn, '--region', 'eu-west-3'], known.io)).toBe(0);
    expect(known.stderr()).toBe('');
  });

  it('prints help', async () => {
    const { io, stdout } = fakeIo();
    expect(await switchUrlCommand(['--help'], io)).toBe(0);
    expect(stdout()).toMatch(/Usage: role-doctor switch-url/);
  });

  it('refuses control characters in the display name and counts characters', async () => {
    const bad = fakeIo();
    const code = await switchUrlCommand(
      [`arn:aws:iam::${ACCT}:role/R`, '--display-name', 'Prod\u001b[2J\u0007'],
      bad.io,
    );
    expect(code).toBe(2);
    expect(bad.stdout()).toBe('');
    expect(bad.stderr()).toMatch(/display name contains the control character U\+001B/);

    const emoji = fakeIo();
    const name = `${'a'.repeat(63)}🙂🙂`;
    expect(
      await switchUrlCommand([`arn:aws:iam::${ACCT}:role/R`, '--display-name', name], emoji.io),
    ).toBe(0);
    expect(emoji.stderr()).toMatch(/had 65 characters/);
  });

  it('prints a JSON error object for bad usage with --json, and -- ends the options', async () => {
    for (const args of [
      ['--json', '--bogus'],
      ['--json', 'a', 'b'],
      ['--json', `arn:aws:iam::${ACCT}:role/R`, '--display-name', 'x\u0007'],
      ['--json', 'arn:aws-iso:iam::123456789012:role/R'],
    ]) {
      const run = fakeIo();
      expect(await switchUrlCommand(args, run.io), args.join(' ')).toBe(2);
      const parsed = JSON.parse(run.stdout());
      expect(parsed.ok).toBe(false);
      expect(parsed.error.message.length).toBeGreaterThan(10);
    }
    const dashed = fakeIo();
    expect(await switchUrlCommand(['--json', '--', `arn:aws:iam::${ACCT}:role/R`], dashed.io)).toBe(
      0,
    );
    expect(JSON.parse(dashed.stdout()).url).toMatch(/roleName=R/);
  });

  it('documents its exit status', async () => {
    const help = fakeIo();
    expect(await switchUrlCommand(['--help'], help.io)).toBe(0);
    expect(help.stdout()).toMatch(/Exit status: 0 when the link was printed, 2 on bad usage/);
  });
});
