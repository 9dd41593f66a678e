import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_KEYS } from '../../../e2e/standins/keys.js';
import { closedPort, misbehavingServers } from '../../../e2e/standins/misbehaving.js';
import {
  loopbackFetch,
  type StandinServer,
  startStandinServer,
} from '../../../e2e/standins/server.js';
import { type PartitionId, partitionById } from '../partitions.js';
import type { AwsCredentials } from './credentials.js';
import {
  createSigninUrl,
  LOGIN_LINK_NOTICE,
  resolveDestination,
  type SigninOrigin,
  type SigninUrlResult,
} from './federation.js';
import { assumeRole, getFederationToken } from './sts.js';

// getSigninToken and login go over real HTTP to the stand-in federation endpoint. The fetch
// given to the code under test keeps the real AWS URL it was asked for (recorded in
// `requested`) and reaches the stand-in with that host in x-forwarded-host, so the stand-in
// answers as that host would, including refusing credentials of another partition.

let server: StandinServer;
let requested: string[];
const outputs: string[] = [];

beforeAll(async () => {
  server = await startStandinServer();
});
afterAll(async () => {
  await server.close();
});

const HOME: Record<PartitionId, string> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1',
  'aws-eusc': 'eusc-de-east-1',
};

async function roleCredentials(partition: PartitionId, region = HOME[partition]) {
  const keys = TEST_KEYS[partition].alice;
  const result = await assumeRole(
    keys,
    {
      roleArn: `arn:${partition}:iam::${keys.principal.account}:role/ReadOnly`,
      sessionName: 'console',
      callerIsRoleSession: false,
    },
    { endpoint: server.url, region },
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function signIn(
  credentials: AwsCredentials,
  origin: SigninOrigin,
  extra: Partial<Parameters<typeof createSigninUrl>[0]> = {},
): Promise<SigninUrlResult> {
  requested = [];
  const result = await createSigninUrl({
    credentials,
    origin,
    fetch: loopbackFetch(server, requested),
    ...extra,
  });
  const text = JSON.stringify(result);
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken ?? '']) {
    if (secret) expect(text).not.toContain(encodeURIComponent(secret));
    if (secret) expect(text).not.toContain(secret);
  }
  outputs.push(text);
  return result;
}

/** Opens the login link through the stand-in; answers the redirect target or the refusal. */
async function follow(
  url: string,
): Promise<{ status: number; location: string | null; body: string }> {
  const response = await loopbackFetch(server, [])(url, { redirect: 'manual' });
  return {
    status: response.status,
    location: response.headers.get('location'),
    body: await response.text(),
  };
}

describe('R7: each partition signs in on its own hosts (Granted #138, aws-vault #258)', () => {
  test('GovCloud: signin.amazonaws-us-gov.com and console.amazonaws-us-gov.com', async () => {
    const issued = await roleCredentials('aws-us-gov');
    const result = await signIn(issued.credentials, issued.origin, {
      region: 'us-gov-west-1',
      destination: 'ec2',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(requested[0]).toMatch(
      /^https:\/\/signin\.amazonaws-us-gov\.com\/federation\?Action=getSigninToken&Session=/,
    );
    expect(result.value.url).toMatch(
      /^https:\/\/signin\.amazonaws-us-gov\.com\/federation\?Action=login&Issuer=&Destination=/,
    );
    expect(result.value.destination).toBe(
      'https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1',
    );
    const landed = await follow(result.value.url);
    expect(landed).toMatchObject({ status: 302, location: result.value.destination });
  });

  test('China: signin.amazonaws.cn and console.amazonaws.cn', async () => {
    const issued = await roleCredentials('aws-cn');
    const result = await signIn(issued.credentials, issued.origin, { region: 'cn-north-1' });
    if (!result.ok) throw new Error(result.error.message);
    expect(requested[0]).toMatch(/^https:\/\/signin\.amazonaws\.cn\/federation\?/);
    expect(result.value.destination).toBe(
      'https://console.amazonaws.cn/console/home?region=cn-north-1',
    );
    expect((await follow(result.value.url)).status).toBe(302);
  });

  test('EUSC (Granted PR #939): eusc-de-east-1 is aws-eusc, never commercial', async () => {
    const issued = await roleCredentials('aws-eusc');
    const result = await signIn(issued.credentials, issued.origin, { region: 'eusc-de-east-1' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.partition).toBe('aws-eusc');
    // The sovereign cloud has no bare hosts: both carry the home region.
    expect(requested[0]).toMatch(
      /^https:\/\/eusc-de-east-1\.signin\.amazonaws-eusc\.eu\/federation\?/,
    );
    expect(result.value.destination).toMatch(
      /^https:\/\/eusc-de-east-1\.console\.amazonaws-eusc\.eu\//,
    );
    expect((await follow(result.value.url)).status).toBe(302);
  });

  test('commercial, regional destination on the regional console host', async () => {
    const issued = await roleCredentials('aws', 'eu-west-1');
    const result = await signIn(issued.credentials, issued.origin, {
      region: 'eu-west-1',
      destination: 'lambda',
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(requested[0]).toMatch(/^https:\/\/signin\.aws\.amazon\.com\/federation\?/);
    expect(result.value.destination).toBe(
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1',
    );
  });

  test('the bug: GovCloud credentials on the commercial host fail at login', async () => {
    const issued = await roleCredentials('aws-us-gov');
    // What the peers did: no region known, so the commercial partition.
    const { region, ...withoutRegion } = issued.credentials;
    expect(region).toBe('us-gov-west-1');
    const result = await signIn(withoutRegion, issued.origin, {});
    if (!result.ok) throw new Error(result.error.message);
    const landed = await follow(result.value.url);
    expect(landed.status).toBe(400);
    expect(landed.body).toContain('The credentials in your login link were invalid');
  });

  test('a region of one partition with credentials known to be of another is refused', async () => {
    const issued = await roleCredentials('aws-us-gov');
    const result = await signIn(issued.credentials, issued.origin, {
      region: 'eu-west-1',
      partition: 'aws-us-gov',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(requested).toEqual([]);
  });
});

describe('SessionDuration', () => {
  test('sent for AssumeRole credentials, and the console session follows it', async () => {
    const issued = await roleCredentials('aws');
    const result = await signIn(issued.credentials, 'assume-role', { sessionDuration: 7200 });
    expect(result).toMatchObject({ ok: true, value: { sessionDurationApplied: true } });
    expect(requested).toHaveLength(1);
    expect(requested[0]).toContain('&SessionDuration=7200&');
    expect(server.federation.calls.at(-1)).toMatchObject({ sessionDuration: '7200', status: 200 });
  });

  test('never sent for chained credentials', async () => {
    const first = await roleCredentials('aws');
    const chained = await assumeRole(
      first.credentials,
      { roleArn: 'arn:aws:iam::111122223333:role/ReadOnly', sessionName: 'chained' },
      { endpoint: server.url, region: 'us-east-1' },
    );
    if (!chained.ok) throw new Error(chained.error.message);
    expect(chained.value.origin).toBe('assume-role-chained');
    const result = await signIn(chained.value.credentials, chained.value.origin, {
      sessionDuration: 7200,
    });
    expect(result).toMatchObject({ ok: true, value: { sessionDurationApplied: false } });
    expect(requested).toHaveLength(1);
    expect(requested[0]).not.toContain('SessionDuration');
    expect(result.ok && result.value.notes.join(' ')).toMatch(/role-chained/);
  });

  test('pasted credentials that turn out chained: one retry without it after a 400', async () => {
    const first = await roleCredentials('aws');
    const chained = await assumeRole(
      first.credentials,
      { roleArn: 'arn:aws:iam::111122223333:role/ReadOnly', sessionName: 'pasted' },
      { endpoint: server.url, region: 'us-east-1' },
    );
    if (!chained.ok) throw new Error(chained.error.message);
    const before = server.federation.calls.length;
    // Pasted from `aws sts assume-role` output, so only "assume-role" is known.
    const result = await signIn(chained.value.credentials, 'assume-role', {
      sessionDuration: 3600,
    });
    expect(result).toMatchObject({ ok: true, value: { sessionDurationApplied: false } });
    const calls = server.federation.calls.slice(before);
    expect(calls.map((call) => [call.sessionDuration, call.status])).toEqual([
      ['3600', 400],
      [undefined, 200],
    ]);
  });

  test('never sent with GetFederationToken credentials', async () => {
    const issued = await getFederationToken(
      TEST_KEYS.aws.alice,
      { name: 'alice' },
      { endpoint: server.url, region: 'us-east-1' },
    );
    if (!issued.ok) throw new Error(issued.error.message);
    const result = await signIn(issued.value.credentials, issued.value.origin, {
      sessionDuration: 3600,
      destination: 's3',
    });
    expect(result).toMatchObject({ ok: true, value: { sessionDurationApplied: false } });
    expect(requested[0]).not.toContain('SessionDuration');
    expect(result.ok && result.value.destination).toBe('https://console.aws.amazon.com/s3/home');
    expect((await follow(result.ok ? result.value.url : '')).status).toBe(302);
  });

  test('out of range is refused before any request', async () => {
    const issued = await roleCredentials('aws');
    for (const sessionDuration of [899, 43_201, 1000.5]) {
      const result = await signIn(issued.credentials, 'assume-role', { sessionDuration });
      expect(result).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
      expect(requested).toEqual([]);
    }
  });
});

describe('credentials the console refuses', () => {
  test('GetSessionToken credentials: refused with the reason and AssumeRole offered', async () => {
    const result = await signIn(
      {
        accessKeyId: 'ASIAQ7EXAMPLEKEY0001',
        secretAccessKey: 'rdSECRET/session-token-case/xxxxxxxxxxxx',
        sessionToken: 'rdTOKEN/session-token-case',
      },
      'session-token',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/Only federation tokens.*AssumeRole/s);
    expect(requested).toEqual([]);
  });

  test('long-term keys: refused, GetFederationToken and AssumeRole offered', async () => {
    const result = await signIn(TEST_KEYS.aws.alice, 'unknown');
    expect(!result.ok && result.error.code).toBe('LongTermCredentials');
    expect(!result.ok && result.error.message).toMatch(/GetFederationToken.*AssumeRole/s);
    expect(requested).toEqual([]);
  });

  test('an endpoint refusal is reported with the HTTP status and without secrets', async () => {
    const issued = await roleCredentials('aws');
    const wrong = {
      ...issued.credentials,
      secretAccessKey: `${issued.credentials.secretAccessKey}x`,
    };
    const result = await signIn(wrong, 'assume-role');
    expect(result).toMatchObject({ ok: false, error: { code: 'SigninTokenRefused', status: 400 } });
  });

  test('an unreachable endpoint: NetworkError, no secret', async () => {
    const issued = await roleCredentials('aws');
    const port = await closedPort();
    const result = await signIn(issued.credentials, 'assume-role', {
      signinEndpoint: `http://127.0.0.1:${port}`,
      fetch: (url) => fetch(url),
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'NetworkError',
        message:
          `Could not reach http://127.0.0.1:${port}/federation: connect ECONNREFUSED ` +
          `127.0.0.1:${port}`,
      },
    });
  });
});

describe('a federation endpoint that is not AWS sign-in: bounded, and said so', () => {
  const start = misbehavingServers(afterAll);

  test('no answer: given up within the limit, naming the host', async () => {
    const issued = await roleCredentials('aws');
    const silent = await start({ kind: 'silent' });
    const started = Date.now();
    const result = await signIn(issued.credentials, 'assume-role', {
      signinEndpoint: silent.url,
      fetch,
      limits: { answerStartMs: 200, totalMs: 400 },
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'NoAnswer',
        message:
          `No answer from ${silent.host} within 0.2 s; check the endpoint, proxy or VPC ` +
          'endpoint.',
      },
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('a redirect is not followed: the credentials in the address stay put', async () => {
    const issued = await roleCredentials('aws');
    // Where the redirect points: a server that counts the requests it gets.
    const elsewhere = await start({ kind: 'html-page', status: 200 });
    const redirect = await start({ kind: 'redirect', location: `${elsewhere.url}/followed` });
    const result = await signIn(issued.credentials, 'assume-role', {
      signinEndpoint: redirect.url,
      fetch,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NotAnAwsAnswer' } });
    expect(!result.ok && result.error.message).toMatch(
      /answered with a redirect \(HTTP 30\d\), .* it was not followed/,
    );
    expect(redirect.connections).toBe(1);
    expect(elsewhere.connections).toBe(0);
  });

  test('an answer that trickles: the whole-request limit ends it', async () => {
    const issued = await roleCredentials('aws');
    const trickle = await start({ kind: 'trickle', everyMs: 20 });
    const result = await signIn(issued.credentials, 'assume-role', {
      signinEndpoint: trickle.url,
      fetch,
      limits: { answerStartMs: 200, totalMs: 500 },
    });
    expect(!result.ok && result.error.message).toMatch(/within 0\.5 s;/);
  });

  test('a 300 MB answer: reading stops at 1 MiB', async () => {
    const issued = await roleCredentials('aws');
    const flood = await start({ kind: 'flood', totalBytes: 300 * 1024 * 1024 });
    const result = await signIn(issued.credentials, 'assume-role', {
      signinEndpoint: flood.url,
      fetch,
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'AnswerTooLarge',
        message: expect.stringContaining(`The answer from ${flood.host} is larger than 1 MiB`),
      },
    });
    expect(flood.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  test('HTTP 502: a server or proxy failure, not a refusal of the credentials', async () => {
    const issued = await roleCredentials('aws');
    const page = await start({ kind: 'html-page', status: 502 });
    const result = await signIn(issued.credentials, 'assume-role', {
      signinEndpoint: page.url,
      fetch,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SigninEndpointFailed', status: 502 },
    });
    expect(!result.ok && result.error.message).toMatch(
      new RegExp(`^The sign-in endpoint ${page.url}/federation answered HTTP 502, a failure`),
    );
    expect(!result.ok && result.error.message).not.toMatch(/refused the credentials/);
  });

  test('HTTP 200 with a web page: not the JSON of getSigninToken', async () => {
    const issued = await roleCredentials('aws');
    const page = await start({ kind: 'html-page', status: 200 });
    const result = await signIn(issued.credentials, 'assume-role', {
      signinEndpoint: page.url,
      fetch,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NotAnAwsAnswer', status: 200 } });
    expect(!result.ok && result.error.message).toMatch(/not with the JSON of getSigninToken/);
  });
});

describe('endpoint and issuer checks come before any request', () => {
  test('a sign-in endpoint neither AWS nor loopback never receives the credentials', async () => {
    const issued = await roleCredentials('aws');
    for (const signinEndpoint of [
      'http://evil.example/anything',
      'https://evil.example/federation',
      'http://signin.aws.amazon.com/federation',
      'https://signin.amazonaws-us-gov.com/federation',
    ]) {
      const calls: string[] = [];
      const result = await createSigninUrl({
        credentials: issued.credentials,
        origin: 'assume-role',
        fetch: async (url) => {
          calls.push(url);
          return { status: 500, ok: false, text: async () => '' };
        },
        signinEndpoint,
      });
      expect(calls, signinEndpoint).toEqual([]);
      expect(result).toMatchObject({ ok: false, error: { code: 'InvalidEndpoint' } });
    }
  });

  test('the issuer must be an https address', async () => {
    const issued = await roleCredentials('aws');
    for (const issuer of [
      'javascript:alert(1)',
      'http://portal.example',
      'data:text/html,x',
      ' ',
    ]) {
      const calls: string[] = [];
      const result = await createSigninUrl({
        credentials: issued.credentials,
        origin: 'assume-role',
        fetch: async (url) => {
          calls.push(url);
          return { status: 500, ok: false, text: async () => '' };
        },
        issuer,
      });
      expect(calls, issuer).toEqual([]);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'InvalidInput', message: expect.stringMatching(/https:\/\/ address/) },
      });
    }
    const fine = await signIn(issued.credentials, 'assume-role', {
      issuer: 'https://portal.example.com/aws',
    });
    expect(fine.ok && new URL(fine.value.url).searchParams.get('Issuer')).toBe(
      'https://portal.example.com/aws',
    );
  });
});

describe('destinations', () => {
  const aws = partitionById('aws');
  const gov = partitionById('aws-us-gov');
  if (!aws || !gov) throw new Error('partition table changed');

  test('global services go without region, regional ones with it', () => {
    expect(resolveDestination('iam', aws, 'eu-west-1')).toMatchObject({
      url: 'https://console.aws.amazon.com/iam/home',
    });
    expect(resolveDestination('cloudfront', gov, 'us-gov-east-1')).toMatchObject({
      url: 'https://console.amazonaws-us-gov.com/cloudfront/v4/home',
    });
    expect(resolveDestination('EC2', aws, 'ap-south-1')).toMatchObject({
      url: 'https://ap-south-1.console.aws.amazon.com/ec2/home?region=ap-south-1',
    });
    expect(resolveDestination(undefined, aws)).toMatchObject({
      url: 'https://console.aws.amazon.com/console/home',
    });
    expect(resolveDestination('/cloudwatch/home', aws, 'eu-west-1')).toMatchObject({
      url: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1',
    });
  });

  test.each([
    // [destination, region given, expected URL]
    [
      '/ec2/home?region=eu-west-1',
      undefined,
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1',
    ],
    // The region the path names decides the host, over the one given.
    [
      '/ec2/home?region=eu-west-1#Instances:instanceState=running',
      'us-east-2',
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1' +
        '#Instances:instanceState=running',
    ],
    [
      '/ec2/home#Instances:',
      'ap-south-1',
      'https://ap-south-1.console.aws.amazon.com/ec2/home?region=ap-south-1#Instances:',
    ],
    ['/ec2/home#Instances:', undefined, 'https://console.aws.amazon.com/ec2/home#Instances:'],
    [
      '/cloudwatch/home?tab=alarms#alarmsV2:',
      'eu-central-1',
      'https://eu-central-1.console.aws.amazon.com/cloudwatch/home?tab=alarms&region=eu-central-1' +
        '#alarmsV2:',
    ],
    [
      'lambda/home#/functions',
      'eu-west-3',
      'https://eu-west-3.console.aws.amazon.com/lambda/home?region=eu-west-3#/functions',
    ],
    // Global services keep the bare host and the query as written.
    ['/iam/home#/roles', 'eu-west-1', 'https://console.aws.amazon.com/iam/home#/roles'],
    [
      '/s3/buckets/logs?region=eu-west-1&tab=objects',
      undefined,
      'https://console.aws.amazon.com/s3/buckets/logs?region=eu-west-1&tab=objects',
    ],
  ])('console path %s (region %s) → %s', (destination, region, url) => {
    const result = resolveDestination(destination, aws, region);
    expect(result).toMatchObject({ ok: true, url });
  });

  test('a console path lands on the console host of the credentials own partition', () => {
    const china = partitionById('aws-cn');
    if (!china) throw new Error('partition table changed');
    expect(resolveDestination('/ec2/home?region=cn-northwest-1#Instances:', china)).toEqual({
      ok: true,
      url: 'https://cn-northwest-1.console.amazonaws.cn/ec2/home?region=cn-northwest-1#Instances:',
      partition: china,
      region: 'cn-northwest-1',
    });
    expect(resolveDestination('/ec2/home', gov, 'us-gov-east-1')).toMatchObject({
      url: 'https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1',
    });
  });

  test('console paths that name another partition, no region or another host are refused', () => {
    const cases: Array<[string, RegExp]> = [
      ['/ec2/home?region=cn-north-1', /cn-north-1, a region of AWS China.*cannot open/],
      ['/ec2/home?region=us-gov-west-1#Instances:', /AWS GovCloud/],
      ['/ec2/home?region=mars-1', /"mars-1" as its region, which is not an AWS region/],
      ['/ec2/home?region=us-iso-east-1', /isolated \(ISO\) partition/],
      ['//evil.example/ec2/home', /not a console path/],
      ['/ec2/home?next=<script>', /not a console path/],
      ['/ec2/home#"onmouseover', /not a console path/],
      ['/ec2\\home', /not a console path|Unknown destination/],
      ['/ec2/home x', /not a console path/],
    ];
    for (const [destination, message] of cases) {
      const result = resolveDestination(destination, aws, 'eu-west-1');
      expect(result.ok, destination).toBe(false);
      expect(!result.ok && result.error, destination).toMatch(message);
    }
  });

  test('a login link to a console path lands there', async () => {
    const issued = await roleCredentials('aws');
    const result = await signIn(issued.credentials, issued.origin, {
      region: 'eu-west-1',
      destination: '/ec2/home?region=eu-west-1#Instances:',
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(await follow(result.value.url)).toMatchObject({
      status: 302,
      location: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
    });
  });

  test('a console URL of the same partition is kept, multi-session hosts included', () => {
    const url =
      'https://111122223333-abcd1234.eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1';
    expect(resolveDestination(url, aws)).toMatchObject({ ok: true, url });
  });

  test('other partitions, non-console hosts and plain http are refused', () => {
    const other = resolveDestination('https://console.amazonaws-us-gov.com/ec2/home', aws);
    expect(!other.ok && other.error).toMatch(/GovCloud.*cannot open the console of another/s);
    for (const url of [
      'https://evil.example/console.aws.amazon.com',
      'https://console.aws.amazon.com.evil.example/',
      'http://console.aws.amazon.com/',
      'https://signin.aws.amazon.com/federation',
      'https://user@console.aws.amazon.com/',
    ]) {
      expect(resolveDestination(url, aws).ok).toBe(false);
    }
    expect(resolveDestination('nosuchservice', aws)).toMatchObject({ ok: false });
  });
});

describe('the link and the secrets', () => {
  test('only getSigninToken carries the credentials; the link is a bearer link', async () => {
    const issued = await roleCredentials('aws');
    const { secretAccessKey, sessionToken } = issued.credentials;
    const result = await signIn(issued.credentials, issued.origin, {
      issuer: 'https://idp.example/',
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(requested).toHaveLength(1);
    expect(requested[0]).toContain(encodeURIComponent(secretAccessKey));
    expect(result.value.url).not.toContain(encodeURIComponent(secretAccessKey));
    expect(result.value.url).not.toContain(encodeURIComponent(sessionToken));
    expect(result.value.url).toContain(`Issuer=${encodeURIComponent('https://idp.example/')}`);
    expect(result.value.notice).toBe(LOGIN_LINK_NOTICE);
    expect(LOGIN_LINK_NOTICE).toMatch(/bearer.*15 minutes/);
    const expiresIn = Date.parse(result.value.linkExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);
  });

  test('no secret or token appears in any result of this file', () => {
    expect(outputs.length).toBeGreaterThan(15);
    const secrets = server.keys.secrets();
    for (const output of outputs) {
      for (const secret of secrets) {
        expect(output).not.toContain(secret);
        expect(output).not.toContain(encodeURIComponent(secret));
      }
    }
    const log = JSON.stringify(server.federation.calls);
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
