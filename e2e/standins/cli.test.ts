import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { consoleUrlCommand } from '../../src/cli/commands/console-url.js';
import { decodeCommand } from '../../src/cli/commands/decode.js';
import type { CliIo } from '../../src/cli/io.js';
import { STANDIN_MFA_CODE, type StandinKey, standinMfaSerial, TEST_KEYS } from './keys.js';
import { misbehavingServers } from './misbehaving.js';
import { type StandinServer, startStandinServer } from './server.js';

// The two commands run in-process with a fake CliIo, but every AWS call they make goes over
// real HTTP (the global fetch and the SDK's HTTP handler) to stand-ins on 127.0.0.1.

let server: StandinServer;
let govServer: StandinServer;
const transcripts: string[] = [];

beforeAll(async () => {
  server = await startStandinServer();
  govServer = await startStandinServer({ partition: 'aws-us-gov' });
});
afterAll(async () => {
  await server.close();
  await govServer.close();
});

/** Every secret and token either stand-in knows or minted; none may reach the output. */
function expectNoSecrets(text: string): void {
  for (const secret of [...server.keys.secrets(), ...govServer.keys.secrets()]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
  expect(text).not.toMatch(/rdSECRET|rdTOKEN/);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  command: typeof consoleUrlCommand,
  args: string[],
  input: {
    env?: Record<string, string>;
    stdin?: string;
    files?: Record<string, string>;
    limits?: CliIo['networkLimits'];
  } = {},
): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    readStdin: async () => input.stdin ?? '',
    readFile: async (path) => {
      const content = input.files?.[path];
      if (content === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return content;
    },
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    fetch: globalThis.fetch,
    env: input.env ?? {},
    ...(input.limits ? { networkLimits: input.limits } : {}),
  };
  const code = await command(args, io);
  const result = { code, stdout: stdout.join(''), stderr: stderr.join('') };
  transcripts.push(result.stdout, result.stderr);
  expectNoSecrets(`${result.stdout}\n${result.stderr}`);
  return result;
}

const endpoints = (target = server) => [
  '--sts-endpoint',
  target.url,
  '--signin-endpoint',
  target.url,
];

function envOf(key: Pick<StandinKey, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>) {
  return {
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    ...(key.sessionToken ? { AWS_SESSION_TOKEN: key.sessionToken } : {}),
  };
}

function roleSession(target = server, partition: 'aws' | 'aws-us-gov' = 'aws'): StandinKey {
  const account = TEST_KEYS[partition].alice.principal.account;
  return target.keys.mint(
    'assume-role',
    {
      partition,
      account,
      arn: `arn:${partition}:sts::${account}:assumed-role/ReadOnly/alice`,
      userId: 'AROASTANDINREADONLY:alice',
      kind: 'assumed-role',
      name: 'ReadOnly',
    },
    3600,
    Date.now(),
  );
}

async function follow(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') };
}

describe('role-doctor console-url', () => {
  test('assume-role JSON on stdin: link on stdout, bearer warning on stderr', async () => {
    const key = roleSession();
    const pasted = JSON.stringify({
      Credentials: {
        AccessKeyId: key.accessKeyId,
        SecretAccessKey: key.secretAccessKey,
        SessionToken: key.sessionToken,
        Expiration: new Date(key.expiresAt ?? 0).toISOString(),
      },
      AssumedRoleUser: { Arn: key.principal.arn, AssumedRoleId: key.principal.userId },
    });
    const result = await run(
      consoleUrlCommand,
      ['--credentials', '-', '--destination', 'ec2', '--region', 'eu-west-1', ...endpoints()],
      { stdin: pasted },
    );
    expect(result.code).toBe(0);
    const url = result.stdout.trim();
    expect(url.startsWith(`${server.url}/federation?Action=login&Issuer=&Destination=`)).toBe(true);
    expect(result.stderr).toMatch(/bearer credential.*15 minutes/s);
    expect(result.stderr).toContain(
      'Signing in as arn:aws:sts::111122223333:assumed-role/ReadOnly/alice',
    );
    expect(await follow(url)).toEqual({
      status: 302,
      location: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1',
    });
  });

  test('long-term keys from the environment: GetFederationToken, --json', async () => {
    const result = await run(
      consoleUrlCommand,
      ['--json', '--duration', '3600', '--destination', 'iam', ...endpoints()],
      { env: envOf(TEST_KEYS.aws.longName) },
    );
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({
      ok: true,
      bearerLink: true,
      partition: 'aws',
      destination: 'https://console.aws.amazon.com/iam/home',
      identity: {
        arn: 'arn:aws:sts::111122223333:federated-user/first.lastname@example-company.c',
        kind: 'federated-user',
      },
      sessionDurationApplied: false,
    });
    expect(body.notice).toMatch(/15 minutes/);
    expect(body.steps.join(' ')).toMatch(
      /GetFederationToken as "first\.lastname@example-company\.c"/,
    );
    expect(server.federation.calls.at(-1)?.sessionDuration).toBeUndefined();
    expect(server.sts.calls.at(-1)?.params.Name).toHaveLength(32);
    expect((await follow(body.url)).status).toBe(302);
  });

  test('GetSessionToken credentials refused, then AssumeRole with MFA signs in', async () => {
    const sessionKey = server.keys.mint(
      'session-token',
      TEST_KEYS.aws.alice.principal,
      3600,
      Date.now(),
    );
    const refused = await run(consoleUrlCommand, endpoints(), { env: envOf(sessionKey) });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/GetSessionToken.*--role-arn/s);

    const withoutMfa = await run(
      consoleUrlCommand,
      ['--role-arn', 'arn:aws:iam::111122223333:role/MfaAdmin', ...endpoints()],
      { env: envOf(sessionKey) },
    );
    expect(withoutMfa.code).toBe(1);
    expect(withoutMfa.stderr).toContain(
      'An error occurred (AccessDenied) when calling the AssumeRole operation',
    );

    const withMfa = await run(
      consoleUrlCommand,
      [
        '--role-arn',
        'arn:aws:iam::111122223333:role/MfaAdmin',
        '--mfa-serial',
        standinMfaSerial('aws'),
        '--mfa-code',
        STANDIN_MFA_CODE,
        '--session-name',
        'alice-mfa',
        ...endpoints(),
      ],
      { env: envOf(sessionKey) },
    );
    expect(withMfa.code).toBe(0);
    expect(withMfa.stderr).toContain('assumed-role/MfaAdmin/alice-mfa');
    expect((await follow(withMfa.stdout.trim())).status).toBe(302);
  });

  test('chained credentials: --duration is not sent, and the output says why', async () => {
    const result = await run(
      consoleUrlCommand,
      [
        '--json',
        '--duration',
        '7200',
        '--role-arn',
        'arn:aws:iam::111122223333:role/ReadOnly',
        ...endpoints(),
      ],
      { env: envOf(roleSession()) },
    );
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.sessionDurationApplied).toBe(false);
    expect(body.notes.join(' ')).toMatch(/role-chained/);
    const signinCall = server.federation.calls.at(-1);
    expect(signinCall?.action).toBe('getSigninToken');
    expect(signinCall?.origin).toBe('assume-role-chained');
    expect(signinCall?.sessionDuration).toBeUndefined();
  });

  test('--role-arn without --session-name: the session is named after the person', async () => {
    const readOnly = 'arn:aws:iam::111122223333:role/ReadOnly';
    for (const [key, arn] of [
      // From a role session: its session name, not the role it belongs to.
      [roleSession(), 'arn:aws:sts::111122223333:assumed-role/ReadOnly/alice'],
      // From an IAM user: the user name, whole, as RoleSessionName takes 64 characters.
      [
        TEST_KEYS.aws.longName,
        'arn:aws:sts::111122223333:assumed-role/ReadOnly/first.lastname@example-company.com.au',
      ],
    ] as const) {
      const result = await run(
        consoleUrlCommand,
        ['--json', '--role-arn', readOnly, ...endpoints()],
        {
          env: envOf(key),
        },
      );
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).identity.arn).toBe(arn);
    }
  });

  test('a wrong secret: the SignatureDoesNotMatch document, explained, exit 1', async () => {
    const wrong = {
      ...TEST_KEYS.aws.alice,
      secretAccessKey: 'rdSECRET/wrong-secret-for-test/xxxxxxxxx',
    };
    const result = await run(consoleUrlCommand, endpoints(), { env: envOf(wrong) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation',
    );
    expect(result.stderr).toMatch(/Request id: [0-9a-f-]{36}/);
    expect(result.stderr).toMatch(/secret access key does not belong/);
    expect(result.stderr).not.toContain('rdSECRET/wrong-secret-for-test');
    const json = await run(consoleUrlCommand, ['--json', ...endpoints()], { env: envOf(wrong) });
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: 'SignatureDoesNotMatch' },
    });
  });

  test('GovCloud credentials: need --region, then land on the GovCloud console', async () => {
    const key = roleSession(govServer, 'aws-us-gov');
    const noRegion = await run(consoleUrlCommand, endpoints(govServer), { env: envOf(key) });
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr).toMatch(/InvalidClientTokenId.*--region/s);
    const result = await run(
      consoleUrlCommand,
      ['--json', '--region', 'us-gov-west-1', '--destination', 's3', ...endpoints(govServer)],
      { env: envOf(key) },
    );
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({
      ok: true,
      partition: 'aws-us-gov',
      destination: 'https://console.amazonaws-us-gov.com/s3/home',
    });
    expect(await follow(body.url)).toMatchObject({ status: 302 });
  });

  test('--destination takes a console path, on the host of its region', async () => {
    for (const [destination, region, landing] of [
      [
        '/ec2/home?region=eu-west-1',
        [],
        'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1',
      ],
      [
        '/ec2/home#Instances:',
        ['--region', 'eu-west-1'],
        'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
      ],
    ] as const) {
      const result = await run(
        consoleUrlCommand,
        ['--destination', destination, ...region, ...endpoints()],
        { env: envOf(roleSession()) },
      );
      expect(result.code, destination).toBe(0);
      expect(result.stderr).toContain(`to ${landing}\n`);
      expect(await follow(result.stdout.trim())).toEqual({ status: 302, location: landing });
    }
    const china = await run(
      consoleUrlCommand,
      ['--destination', '/ec2/home?region=cn-north-1', '--region', 'eu-west-1', ...endpoints()],
      { env: envOf(roleSession()) },
    );
    expect(china.code).toBe(2);
    expect(china.stderr).toMatch(/cn-north-1, a region of AWS China/);
  });

  test('a console URL of another partition is refused', async () => {
    const result = await run(
      consoleUrlCommand,
      ['--destination', 'https://console.amazonaws.cn/ec2/home', ...endpoints()],
      { env: envOf(roleSession()) },
    );
    // Bad input, refused before any call: the usage exit status.
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/China console URL.*commercial/s);
  });

  test('expired credentials in a file, and usage errors', async () => {
    const file =
      '[ops]\naws_access_key_id = ASIAQ7EXAMPLEKEY0001\n' +
      'aws_secret_access_key = rdSECRET/expired-file-value/xxxxxxxxxxx\n' +
      'aws_session_token = rdTOKEN/expired-file-token\n' +
      'aws_credential_expiration = 2020-01-01T00:00:00Z\n';
    const expired = await run(consoleUrlCommand, ['--credentials', 'creds.ini', ...endpoints()], {
      files: { 'creds.ini': file },
    });
    // Credentials that cannot be used are bad input, like an unreadable file: exit 2.
    expect(expired.code).toBe(2);
    expect(expired.stderr).toMatch(/expired at 2020-01-01T00:00:00\.000Z/);
    expect(expired.stderr).not.toContain('rdSECRET/expired-file-value');
    expect((await run(consoleUrlCommand, ['--bogus'])).code).toBe(2);
    expect((await run(consoleUrlCommand, ['--duration', '60'])).code).toBe(2);
    expect((await run(consoleUrlCommand, [])).stderr).toMatch(/no credentials/);
    const missing = await run(consoleUrlCommand, ['--credentials', 'nope.ini']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the credentials file "nope.ini" (ENOENT)');
    const malformed = await run(consoleUrlCommand, ['--credentials', 'bad.ini'], {
      files: { 'bad.ini': '[x]\naws_access_key_id = AKIA\n' },
    });
    expect(malformed.code).toBe(2);
    expect(
      (
        await run(consoleUrlCommand, ['--destination', 'nowhere'], {
          env: envOf(roleSession()),
        })
      ).code,
    ).toBe(2);
  });

  test('endpoints not AWS hosts of the partition nor loopback never get credentials', async () => {
    const key = roleSession();
    const cases: Array<[string[], RegExp]> = [
      [['--signin-endpoint', 'http://attacker.invalid/anything'], /not an AWS sign-in host/],
      [['--signin-endpoint', 'http://signin.aws.amazon.com/federation'], /over https/],
      [['--signin-endpoint', 'https://signin.amazonaws.cn/federation'], /aws-cn/],
      [['--sts-endpoint', 'https://attacker.invalid'], /not an AWS STS host/],
      [['--sts-endpoint', 'http://sts.us-east-1.amazonaws.com'], /over https/],
      [
        ['--sts-endpoint', 'https://sts.us-gov-west-1.amazonaws.com', '--region', 'eu-west-1'],
        /GovCloud/,
      ],
    ];
    for (const [args, reason] of cases) {
      const fetched: string[] = [];
      const stderr: string[] = [];
      const stdout: string[] = [];
      const io: CliIo = {
        readStdin: async () => '',
        readFile: async () => Promise.reject(new Error('no files')),
        stdout: (text) => stdout.push(text),
        stderr: (text) => stderr.push(text),
        fetch: (async (url: string) => {
          fetched.push(String(url));
          throw new Error('no request may be made');
        }) as unknown as typeof fetch,
        env: envOf(key),
      };
      // Loopback STS stays reachable for the cases that only break the sign-in endpoint, so a
      // call to STS would succeed and show up as a later step in the output.
      const withSts = args.includes('--sts-endpoint')
        ? args
        : ['--sts-endpoint', server.url, ...args];
      const code = await consoleUrlCommand(withSts, io);
      expect(code, args.join(' ')).toBe(2);
      expect(fetched).toEqual([]);
      expect(stdout.join('')).toBe('');
      expect(stderr.join(''), args.join(' ')).toMatch(reason);
      expect(stderr.join('')).not.toMatch(/Signing in as/);
      expectNoSecrets(stderr.join(''));
    }
  });

  test('--role-arn of another or an ISO partition is refused before STS', async () => {
    const env = envOf(roleSession());
    const iso = await run(
      consoleUrlCommand,
      ['--role-arn', 'arn:aws-iso:iam::111122223333:role/X', ...endpoints()],
      { env },
    );
    expect(iso.code).toBe(2);
    expect(iso.stderr).toMatch(/isolated \(ISO\) partition/);
    const china = await run(
      consoleUrlCommand,
      ['--role-arn', 'arn:aws-cn:iam::111122223333:role/X', ...endpoints()],
      { env },
    );
    expect(china.code).toBe(2);
    expect(china.stderr).toMatch(
      /AWS China \(aws-cn\), but the credentials are used in AWS commercial/,
    );
    expect(china.stderr).toMatch(/--region .*cn-north-1/);
    expect(china.stderr).not.toMatch(/AccessDenied|Assumed/);
    const notRole = await run(
      consoleUrlCommand,
      ['--role-arn', 'arn:aws:iam::111122223333:user/bob', ...endpoints()],
      { env },
    );
    expect(notRole.code).toBe(2);
    expect(notRole.stderr).toMatch(/not a role/);
  });

  test('--json prints usage errors as JSON; -- ends options; --issuer must be https', async () => {
    for (const [args, message] of [
      [['--json', '--bogus'], /unknown option --bogus/],
      [['--json', '--duration', '60'], /--duration/],
      [['--json', '--credentials', 'nope.ini'], /cannot read the credentials file/],
      [['--json', '--issuer', 'javascript:alert(1)'], /issuer must be an https:\/\/ address/],
      [['--json', '--', '--region'], /unexpected argument "--region"/],
    ] as const) {
      const result = await run(consoleUrlCommand, [...args], { env: envOf(roleSession()) });
      expect(result.code, args.join(' ')).toBe(2);
      const body = JSON.parse(result.stdout);
      expect(body.ok).toBe(false);
      expect(body.error.message).toMatch(message);
    }
    const issuer = await run(consoleUrlCommand, ['--issuer', 'javascript:alert(1)'], {
      env: envOf(roleSession()),
    });
    expect(issuer.code).toBe(2);
  });

  test('several profiles in a credentials file: the message names --profile', async () => {
    const a = roleSession();
    const b = roleSession();
    const file =
      `[a]\naws_access_key_id = ${a.accessKeyId}\naws_secret_access_key = ${a.secretAccessKey}\n` +
      `aws_session_token = ${a.sessionToken}\n[b]\naws_access_key_id = ${b.accessKeyId}\n` +
      `aws_secret_access_key = ${b.secretAccessKey}\naws_session_token = ${b.sessionToken}\n`;
    const result = await run(consoleUrlCommand, ['--credentials', 'c.ini', ...endpoints()], {
      files: { 'c.ini': file },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/choose one with --profile NAME/);
    const chosen = await run(
      consoleUrlCommand,
      ['--credentials', 'c.ini', '--profile', 'b', ...endpoints()],
      { files: { 'c.ini': file } },
    );
    expect(chosen.code).toBe(0);
  });

  test('a credentials file with two different secret keys is refused by line', async () => {
    const a = roleSession();
    const b = roleSession();
    const file =
      `AWS_ACCESS_KEY_ID=${a.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${a.secretAccessKey}\n` +
      `AWS_SESSION_TOKEN=${a.sessionToken}\nAWS_SECRET_ACCESS_KEY=${b.secretAccessKey}\n`;
    for (const command of [consoleUrlCommand, decodeCommand]) {
      const args = command === decodeCommand ? ['Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0'] : [];
      const result = await run(
        command,
        ['--credentials', 'env.txt', ...args, ...endpoints().slice(0, 2)],
        {
          files: { 'env.txt': file },
        },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /AWS_SECRET_ACCESS_KEY is given twice with different values \(lines 2 and 4\)/,
      );
    }
  });

  test('--help documents the exit status', async () => {
    for (const command of [consoleUrlCommand, decodeCommand]) {
      const help = await run(command, ['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Exit status: 0 when .*; 1 when .*; 2 on bad usage/s);
    }
  });
});

describe('role-doctor decode', () => {
  const decoded = {
    allowed: false,
    explicitDeny: true,
    context: { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' },
  };

  test('decodes a message from the whole error text', async () => {
    const encoded = server.keys.encodeAuthorizationMessage(JSON.stringify(decoded));
    const result = await run(
      decodeCommand,
      ['--sts-endpoint', server.url, `... Encoded authorization failure message: ${encoded}`],
      { env: envOf(TEST_KEYS.aws.alice) },
    );
    expect(result.code).toBe(0);
    const documentText = `${JSON.stringify(decoded, null, 2)}\n`;
    expect(result.stdout.startsWith(documentText)).toBe(true);
    // Then the explanation of the decoded document.
    expect(result.stdout.slice(documentText.length)).toMatch(/decoded-authorization-message/);
    expect(result.stdout).toContain('explicit deny');
    const json = await run(decodeCommand, ['--json', '--sts-endpoint', server.url, '-'], {
      env: envOf(TEST_KEYS.aws.alice),
      stdin: encoded,
    });
    const answer = JSON.parse(json.stdout);
    expect(answer.decoded).toEqual(decoded);
    expect(answer.explanations).toHaveLength(1);
    expect(answer.explanations[0]).toMatchObject({
      kind: 'decoded-authorization-message',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/key',
      deny: 'explicit',
    });
    expect(answer.explanations[0].explanation.steps.length).toBeGreaterThan(0);
  });

  test('an unknown message and a wrong key are reported as STS errors', async () => {
    const unknown = await run(
      decodeCommand,
      ['--sts-endpoint', server.url, 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0'],
      { env: envOf(TEST_KEYS.aws.alice) },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('(InvalidAuthorizationMessageException)');
    const wrong = await run(
      decodeCommand,
      ['--sts-endpoint', server.url, 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0'],
      { env: envOf({ ...TEST_KEYS.aws.alice, accessKeyId: 'AKIAUNKNOWNKEY000001' }) },
    );
    expect(wrong.stderr).toContain('(InvalidClientTokenId)');
    expect((await run(decodeCommand, ['short'])).code).toBe(2);
  });

  test('usage errors: exit 2, as JSON with --json, and -- ends the options', async () => {
    const noMessage = await run(decodeCommand, ['--json']);
    expect(noMessage.code).toBe(2);
    expect(JSON.parse(noMessage.stdout)).toMatchObject({ ok: false, error: { code: 'Usage' } });
    const unreadable = await run(decodeCommand, [
      '--credentials',
      'nope.ini',
      'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0',
    ]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/cannot read the credentials file "nope.ini"/);
    const badEndpoint = await run(
      decodeCommand,
      ['--sts-endpoint', 'http://attacker.invalid', '--', 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0'],
      { env: envOf(TEST_KEYS.aws.alice) },
    );
    expect(badEndpoint.code).toBe(2);
    expect(badEndpoint.stderr).toMatch(/not an AWS STS host/);
  });
});

describe('endpoints that never answer, flood or are not AWS: exit 1 with a clear message', () => {
  const start = misbehavingServers(afterAll);
  const limits = { answerStartMs: 200, totalMs: 400 };
  const noAnswer = (host: string) =>
    `No answer from ${host} within 0.2 s; check the endpoint, proxy or VPC endpoint.`;
  const MESSAGE = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0';

  test('console-url and decode with a silent STS endpoint', async () => {
    const silent = await start({ kind: 'silent' });
    const env = envOf(roleSession());
    const started = Date.now();
    const link = await run(consoleUrlCommand, ['--sts-endpoint', silent.url], { env, limits });
    expect(link.code).toBe(1);
    expect(link.stdout).toBe('');
    expect(link.stderr).toContain(noAnswer(silent.host));
    const json = await run(consoleUrlCommand, ['--json', '--sts-endpoint', silent.url], {
      env,
      limits,
    });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'NoAnswer',
      message: noAnswer(silent.host),
    });
    const decoded = await run(decodeCommand, ['--sts-endpoint', silent.url, MESSAGE], {
      env,
      limits,
    });
    expect(decoded.code).toBe(1);
    expect(decoded.stderr).toContain(noAnswer(silent.host));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('console-url with STS answering and a silent federation endpoint', async () => {
    const silent = await start({ kind: 'silent' });
    const result = await run(
      consoleUrlCommand,
      ['--sts-endpoint', server.url, '--signin-endpoint', silent.url],
      { env: envOf(roleSession()), limits },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`role-doctor console-url: ${noAnswer(silent.host)}\n`);
  });

  test('a 300 MB answer from STS or from the federation endpoint', async () => {
    const flood = await start({ kind: 'flood', totalBytes: 300 * 1024 * 1024 });
    const tooLarge = `The answer from ${flood.host} is larger than 1 MiB`;
    const fromSts = await run(consoleUrlCommand, ['--sts-endpoint', flood.url], {
      env: envOf(roleSession()),
    });
    expect(fromSts.code).toBe(1);
    expect(fromSts.stderr).toContain(tooLarge);
    const fromSignin = await run(
      consoleUrlCommand,
      ['--sts-endpoint', server.url, '--signin-endpoint', flood.url],
      { env: envOf(roleSession()) },
    );
    expect(fromSignin.code).toBe(1);
    expect(fromSignin.stderr).toContain(tooLarge);
    const decoded = await run(decodeCommand, ['--sts-endpoint', flood.url, MESSAGE], {
      env: envOf(TEST_KEYS.aws.alice),
    });
    expect(decoded.code).toBe(1);
    expect(decoded.stderr).toContain(tooLarge);
    expect(flood.bytesSent).toBeLessThan(3 * 32 * 1024 * 1024);
  });

  test('an HTML error page from STS: the status and endpoint, not "Unknown"', async () => {
    const page = await start({ kind: 'html-page', status: 500 });
    const result = await run(consoleUrlCommand, ['--sts-endpoint', page.url], {
      env: envOf(roleSession()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `The STS endpoint ${page.url} answered HTTP 500, text/html; charset=utf-8, but not with ` +
        "AWS's XML",
    );
    expect(result.stderr).not.toMatch(/\(Unknown\)/);
  });
});

test('no secret or session token reached stdout or stderr in any run above', () => {
  expect(transcripts.length).toBeGreaterThan(30);
  const secrets = [...server.keys.secrets(), ...govServer.keys.secrets()];
  const all = transcripts.join('\n');
  for (const secret of secrets) {
    expect(all).not.toContain(secret);
    expect(all).not.toContain(encodeURIComponent(secret));
  }
  expect(all).not.toMatch(/rdSECRET|rdTOKEN/);
});
