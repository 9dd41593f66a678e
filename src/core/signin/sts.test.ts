import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  STANDIN_EXTERNAL_ID,
  STANDIN_MFA_CODE,
  standinMfaSerial,
  TEST_KEYS,
} from '../../../e2e/standins/keys.js';
import { closedPort, misbehavingServers } from '../../../e2e/standins/misbehaving.js';
import { type StandinServer, startStandinServer } from '../../../e2e/standins/server.js';
import { PARTITIONS } from '../partitions.js';
import { classifyCredentials, federationNameFrom } from './credentials.js';
import {
  assumeRole,
  decodeAuthorizationMessage,
  extractEncodedMessage,
  getCallerIdentity,
  getFederationToken,
  resolveStsTarget,
  type StsTarget,
} from './sts.js';

// Every call here goes over real HTTP through @aws-sdk/client-sts to the stand-in STS, which
// checks each request's SigV4 signature.

let server: StandinServer;
let clock = Date.now();
const outputs: string[] = [];

beforeAll(async () => {
  server = await startStandinServer({ now: () => clock });
});
afterAll(async () => {
  await server.close();
});

const alice = TEST_KEYS.aws.alice;
const target = () => ({ endpoint: server.url, region: 'eu-west-1' });
const roleArn = (name: string, partition = 'aws', account = '111122223333') =>
  `arn:${partition}:iam::${account}:role/${name}`;

const callerSecrets = Object.values(TEST_KEYS).flatMap((keys) =>
  [keys.alice, keys.longName, keys.root].map((key) => key.secretAccessKey),
);

/** Records a result and checks at once that no caller secret is in it. */
function keep<T>(value: T): T {
  const text = JSON.stringify(value);
  for (const secret of callerSecrets) expect(text).not.toContain(secret);
  outputs.push(text);
  return value;
}

describe('endpoints come from the partition table', () => {
  test.each([
    ['eu-west-1', undefined, 'https://sts.eu-west-1.amazonaws.com'],
    [undefined, 'aws', 'https://sts.us-east-1.amazonaws.com'],
    ['us-gov-west-1', undefined, 'https://sts.us-gov-west-1.amazonaws.com'],
    ['cn-north-1', undefined, 'https://sts.cn-north-1.amazonaws.com.cn'],
    [undefined, 'aws-eusc', 'https://sts.eusc-de-east-1.amazonaws-eusc.eu'],
  ] as const)('region %s partition %s → %s', (region, partition, endpoint) => {
    const resolved = resolveStsTarget({
      ...(region ? { region } : {}),
      ...(partition ? { partition } : {}),
    });
    expect(resolved).toMatchObject({ endpoint });
  });

  test('inconsistent or ISO targets are refused', () => {
    expect(resolveStsTarget({ region: 'cn-north-1', partition: 'aws' })).toHaveProperty('error');
    expect(resolveStsTarget({ region: 'us-iso-east-1' })).toHaveProperty('error');
    expect(resolveStsTarget({ region: 'mars-1' })).toHaveProperty('error');
    expect(resolveStsTarget({ endpoint: 'ftp://x' })).toHaveProperty('error');
  });
});

describe('AssumeRole across partitions', () => {
  // InvalidInput, not NetworkError or an STS code: no request was made.
  test('a role of another partition, or of an ISO partition, is refused before STS', async () => {
    const china = await assumeRole(
      alice,
      { roleArn: roleArn('X', 'aws-cn'), sessionName: 'alice' },
      target(),
    );
    expect(china).toMatchObject({
      ok: false,
      error: {
        code: 'InvalidInput',
        message: expect.stringMatching(/role is in AWS China \(aws-cn\), but the credentials/),
      },
    });
    const iso = await assumeRole(
      alice,
      { roleArn: roleArn('X', 'aws-iso'), sessionName: 'alice' },
      target(),
    );
    expect(iso).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput', message: expect.stringMatching(/isolated \(ISO\) partition/) },
    });
  });
});

describe('GetCallerIdentity in each partition', () => {
  for (const partition of PARTITIONS) {
    test(partition.id, async () => {
      const keys = TEST_KEYS[partition.id].alice;
      const result = keep(
        await getCallerIdentity(keys, { endpoint: server.url, region: partition.homeRegion }),
      );
      expect(result).toMatchObject({
        ok: true,
        value: { arn: `arn:${partition.id}:iam::${keys.principal.account}:user/alice` },
      });
      const call = server.sts.calls.at(-1);
      expect(call?.region).toBe(partition.homeRegion);
    });
  }

  test('keys of one partition are unknown in another', async () => {
    const result = keep(
      await getCallerIdentity(TEST_KEYS['aws-us-gov'].alice, {
        endpoint: server.url,
        region: 'eu-west-1',
      }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
  });
});

describe('signature and token failures come back as plain errors', () => {
  test('wrong secret: SignatureDoesNotMatch with request id and CLI-style text', async () => {
    const wrong = { ...alice, secretAccessKey: `${alice.secretAccessKey.slice(0, 39)}Z` };
    const result = keep(await getCallerIdentity(wrong, target()));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('SignatureDoesNotMatch');
      expect(result.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.error.explainableText).toMatch(
        /^An error occurred \(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation/,
      );
    }
  });

  test('unknown key id: InvalidClientTokenId', async () => {
    const result = keep(
      await getCallerIdentity({ ...alice, accessKeyId: 'AKIAUNKNOWNKEY000001' }, target()),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
  });

  test('temporary credentials with a wrong token, then expired ones', async () => {
    const assumed = await assumeRole(
      alice,
      { roleArn: roleArn('ReadOnly'), sessionName: 'tok' },
      target(),
    );
    if (!assumed.ok) throw new Error(assumed.error.message);
    const creds = assumed.value.credentials;
    const badToken = keep(
      await getCallerIdentity({ ...creds, sessionToken: `${creds.sessionToken}x` }, target()),
    );
    expect(badToken).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    const saved = clock;
    clock = Date.parse(creds.expiration ?? '') + 1000;
    try {
      const expired = keep(await getCallerIdentity(creds, target()));
      expect(expired).toMatchObject({ ok: false, error: { code: 'ExpiredToken' } });
    } finally {
      clock = saved;
    }
  });

  test('an endpoint nobody listens on: NetworkError naming the endpoint, no secret', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const result = keep(await getCallerIdentity(alice, { endpoint, region: 'eu-west-1' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'NetworkError' } });
    expect(!result.ok && result.error.message).toBe(
      `Could not reach the STS endpoint ${endpoint} (ECONNREFUSED): connect ECONNREFUSED ` +
        `${endpoint.slice('http://'.length)}`,
    );
  });

  test('a port fetch refuses to use is named as such', async () => {
    const result = keep(
      await getCallerIdentity(alice, { endpoint: 'http://127.0.0.1:6000', region: 'eu-west-1' }),
    );
    expect(!result.ok && result.error.message).toMatch(/fetch refuses this port number/);
  });
});

describe('endpoints that are not STS: bounded in time and size, and said so', () => {
  const start = misbehavingServers(afterAll);
  const quick = { answerStartMs: 200, totalMs: 400 };
  const operations: Array<[string, (target: StsTarget) => Promise<unknown>]> = [
    ['GetCallerIdentity', (to) => getCallerIdentity(alice, to)],
    [
      'AssumeRole',
      (to) => assumeRole(alice, { roleArn: roleArn('ReadOnly'), sessionName: 'alice' }, to),
    ],
    ['GetFederationToken', (to) => getFederationToken(alice, { name: 'alice' }, to)],
    [
      'DecodeAuthorizationMessage',
      (to) => decodeAuthorizationMessage(alice, 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0', to),
    ],
  ];

  test.each(operations)('%s: no answer, once, within the limit', async (operation, call) => {
    const silent = await start({ kind: 'silent' });
    const started = Date.now();
    const result = keep(await call({ endpoint: silent.url, region: 'eu-west-1', limits: quick }));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'NoAnswer',
        operation,
        message:
          `No answer from ${silent.host} within 0.2 s; check the endpoint, proxy or VPC ` +
          'endpoint.',
        // STS said nothing, so nothing is worded as if it had.
        explainableText:
          `No answer from ${silent.host} within 0.2 s; check the endpoint, proxy or VPC ` +
          'endpoint.',
      },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    // Waiting again would only double the wait: no retry.
    expect(silent.connections).toBe(1);
  });

  test.each(operations)('%s: a 300 MB answer stops at 1 MiB', async (operation, call) => {
    const flood = await start({ kind: 'flood', totalBytes: 300 * 1024 * 1024 });
    const result = keep(await call({ endpoint: flood.url, region: 'eu-west-1' }));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'AnswerTooLarge',
        operation,
        message: expect.stringContaining(`The answer from ${flood.host} is larger than 1 MiB`),
      },
    });
    expect(flood.connections).toBe(1);
    expect(flood.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  test.each([500, 502, 403])(
    'an HTML page with HTTP %i: status, endpoint, not STS',
    async (status) => {
      const page = await start({ kind: 'html-page', status });
      const result = keep(
        await getCallerIdentity(alice, { endpoint: page.url, region: 'eu-west-1' }),
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'NotAnAwsAnswer' } });
      if (result.ok) return;
      expect(result.error.message).toBe(
        `The STS endpoint ${page.url} answered HTTP ${status}, text/html; charset=utf-8, but not ` +
          "with AWS's XML, so the answer did not come from STS: check the endpoint, proxy or VPC " +
          'endpoint.',
      );
      expect(result.error.explainableText).toBe(result.error.message);
    },
  );

  test('a redirect is not followed: the signed request and token stay where sent', async () => {
    const assumed = await assumeRole(
      alice,
      { roleArn: roleArn('ReadOnly'), sessionName: 'redirected' },
      target(),
    );
    if (!assumed.ok) throw new Error(assumed.error.message);
    const before = server.sts.calls.length;
    const redirect = await start({ kind: 'redirect', location: `${server.url}/` });
    const result = keep(
      await getCallerIdentity(assumed.value.credentials, {
        endpoint: redirect.url,
        region: 'eu-west-1',
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NotAnAwsAnswer', message: expect.stringMatching(/answered HTTP 307/) },
    });
    expect(server.sts.calls.length).toBe(before);
  });
});

describe('AssumeRole', () => {
  test('with session name, duration, ExternalId, source identity and tags', async () => {
    const result = keep(
      await assumeRole(
        alice,
        {
          roleArn: roleArn('PartnerAccess'),
          sessionName: 'alice@example.com',
          durationSeconds: 1800,
          externalId: STANDIN_EXTERNAL_ID,
          sourceIdentity: 'alice',
          tags: [{ key: 'team', value: 'platform' }],
          callerIsRoleSession: false,
        },
        target(),
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.origin).toBe('assume-role');
    expect(result.value.arn).toBe(
      'arn:aws:sts::111122223333:assumed-role/PartnerAccess/alice@example.com',
    );
    expect(result.value.credentials.accessKeyId).toMatch(/^ASIA/);
    const expiresIn = Date.parse(result.value.credentials.expiration ?? '') - clock;
    expect(expiresIn).toBeGreaterThan(1790_000);
    expect(expiresIn).toBeLessThanOrEqual(1800_000);
    expect(server.sts.calls.at(-1)?.params).toMatchObject({
      Action: 'AssumeRole',
      DurationSeconds: '1800',
      ExternalId: STANDIN_EXTERNAL_ID,
      SourceIdentity: 'alice',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'platform',
    });
  });

  test('no ExternalId, or a refusing trust: AccessDenied naming caller and role', async () => {
    const noExternal = keep(
      await assumeRole(alice, { roleArn: roleArn('PartnerAccess'), sessionName: 's1' }, target()),
    );
    expect(noExternal).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    const refused = keep(
      await assumeRole(alice, { roleArn: roleArn('DeployRole'), sessionName: 's1' }, target()),
    );
    expect(!refused.ok && refused.error.explainableText).toBe(
      'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
        'arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on ' +
        'resource: arn:aws:iam::111122223333:role/DeployRole',
    );
  });

  test('MFA: refused without it or with a wrong code, granted with the right one', async () => {
    const arn = roleArn('MfaAdmin');
    const without = keep(await assumeRole(alice, { roleArn: arn, sessionName: 'mfa' }, target()));
    expect(without).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    const wrong = keep(
      await assumeRole(
        alice,
        { roleArn: arn, sessionName: 'mfa', mfaSerial: standinMfaSerial('aws'), mfaCode: '000000' },
        target(),
      ),
    );
    expect(!wrong.ok && wrong.error.message).toMatch(/MultiFactorAuthentication failed/);
    const right = keep(
      await assumeRole(
        alice,
        {
          roleArn: arn,
          sessionName: 'mfa',
          mfaSerial: standinMfaSerial('aws'),
          mfaCode: STANDIN_MFA_CODE,
        },
        target(),
      ),
    );
    expect(right).toMatchObject({ ok: true, value: { origin: 'assume-role' } });
    expect(server.sts.calls.at(-1)?.params.SerialNumber).toBe(standinMfaSerial('aws'));
    expect(server.sts.calls.at(-1)?.params).not.toHaveProperty('TokenCode');
  });

  test('MFA input is checked before any request', async () => {
    const before = server.sts.calls.length;
    const halfMfa = await assumeRole(
      alice,
      { roleArn: roleArn('MfaAdmin'), sessionName: 'mfa', mfaSerial: standinMfaSerial('aws') },
      target(),
    );
    expect(halfMfa).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    const badArn = await assumeRole(alice, { roleArn: 'MfaAdmin', sessionName: 'mfa' }, target());
    expect(!badArn.ok && badArn.error.message).toMatch(/not a role ARN/);
    expect(server.sts.calls.length).toBe(before);
  });

  test('role chaining: marked chained, and more than one hour is refused by STS', async () => {
    const first = await assumeRole(
      alice,
      { roleArn: roleArn('ReadOnly'), sessionName: 'first' },
      target(),
    );
    if (!first.ok) throw new Error(first.error.message);
    const roleCreds = first.value.credentials;
    const identity = await getCallerIdentity(roleCreds, target());
    if (!identity.ok) throw new Error(identity.error.message);
    const kind = classifyCredentials(roleCreds, identity.value.arn);
    expect(kind.principal).toBe('role-session');
    const chained = keep(
      await assumeRole(
        roleCreds,
        {
          roleArn: roleArn('ReadOnly'),
          sessionName: 'second',
          callerIsRoleSession: kind.principal === 'role-session',
        },
        target(),
      ),
    );
    expect(chained).toMatchObject({ ok: true, value: { origin: 'assume-role-chained' } });
    const tooLong = keep(
      await assumeRole(
        roleCreds,
        { roleArn: roleArn('ReadOnly'), sessionName: 'third', durationSeconds: 7200 },
        target(),
      ),
    );
    expect(!tooLong.ok && tooLong.error.message).toMatch(/1 hour session limit/);
  });
});

describe('GetFederationToken (R9: aws-vault #350)', () => {
  test('the IAM user name from GetCallerIdentity, cut to 32 characters, is accepted', async () => {
    const keys = TEST_KEYS.aws.longName;
    const identity = await getCallerIdentity(keys, target());
    if (!identity.ok) throw new Error(identity.error.message);
    const userName = identity.value.arn.split('/').pop() ?? '';
    expect(userName.length).toBeGreaterThan(32);
    const name = federationNameFrom(userName);
    const result = keep(await getFederationToken(keys, { name, durationSeconds: 3600 }, target()));
    expect(result).toMatchObject({
      ok: true,
      value: {
        origin: 'federation-token',
        arn: `arn:aws:sts::111122223333:federated-user/${name}`,
      },
    });
    expect(name).toHaveLength(32);
    // The default session policy keeps the user's own permissions.
    expect(server.sts.calls.at(-1)?.params.Policy).toContain('"Action":"*"');
  });

  test('a name AWS would refuse is refused before sending, with the rule', async () => {
    const before = server.sts.calls.length;
    const result = await getFederationToken(
      TEST_KEYS.aws.longName,
      { name: 'first.lastname@example-company.com.au' },
      target(),
    );
    expect(!result.ok && result.error.message).toMatch(/2 to 32 characters/);
    expect(server.sts.calls.length).toBe(before);
  });

  test('session credentials cannot call it', async () => {
    const assumed = await assumeRole(
      alice,
      { roleArn: roleArn('ReadOnly'), sessionName: 'fed' },
      target(),
    );
    if (!assumed.ok) throw new Error(assumed.error.message);
    const result = await getFederationToken(assumed.value.credentials, { name: 'bob' }, target());
    expect(!result.ok && result.error.message).toMatch(/long-term keys/);
  });
});

describe('DecodeAuthorizationMessage', () => {
  const decoded = JSON.stringify({
    allowed: false,
    explicitDeny: false,
    matchedStatements: { items: [] },
    failures: { items: [] },
    context: {
      principal: { id: 'AIDAASTANDIN1USER', arn: 'arn:aws:iam::111122223333:user/alice' },
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/*',
      conditions: { items: [] },
    },
  });

  test('decodes a message taken from a whole error text', async () => {
    const encoded = server.keys.encodeAuthorizationMessage(decoded);
    const errorText =
      'An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You ' +
      'are not authorized to perform this operation. Encoded authorization failure ' +
      `message: ${encoded}`;
    expect(extractEncodedMessage(errorText)).toBe(encoded);
    const result = keep(await decodeAuthorizationMessage(alice, errorText, target()));
    expect(result).toEqual({ ok: true, value: decoded });
  });

  test('unknown message: InvalidAuthorizationMessageException; none: refused locally', async () => {
    const result = keep(
      await decodeAuthorizationMessage(alice, 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0', target()),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'InvalidAuthorizationMessageException' },
    });
    const empty = await decodeAuthorizationMessage(alice, 'nothing here', target());
    expect(empty).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });
});

test('no secret of a caller appears in any result or error of the calls above', () => {
  expect(outputs.length).toBeGreaterThan(15);
  for (const output of outputs) {
    for (const secret of callerSecrets) expect(output).not.toContain(secret);
  }
  // The stand-in's own call log never holds a secret or token either.
  const log = JSON.stringify([server.sts.calls, server.federation.calls]);
  for (const secret of server.keys.secrets()) expect(log).not.toContain(secret);
});
