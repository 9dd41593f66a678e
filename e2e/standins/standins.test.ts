import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  AssumeRoleCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFederationStandin } from './federation.js';
import { STANDIN_MFA_CODE, StandinKeyStore, standinMfaSerial, TEST_KEYS } from './keys.js';
import { type StandinServer, startStandinServer } from './server.js';
import { createStsStandin } from './sts.js';

// The stand-ins themselves, driven by real HTTP: signed requests made here by hand (to tamper
// with them) and by the SDK, and federation requests made with fetch.

let server: StandinServer;
let clock = Date.now();

beforeAll(async () => {
  server = await startStandinServer({ now: () => clock });
});
afterAll(async () => {
  await server.close();
});

const alice = TEST_KEYS.aws.alice;
const FORM = 'Action=GetCallerIdentity&Version=2011-06-15';

async function signedRequest(
  body: string,
  options: { service?: string; secret?: string; tamper?: string; region?: string } = {},
) {
  const url = new URL(server.url);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: alice.accessKeyId,
      secretAccessKey: options.secret ?? alice.secretAccessKey,
    },
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'sts',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    },
    body,
  });
  const response = await fetch(server.url, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body: options.tamper ?? body,
  });
  return { status: response.status, text: await response.text() };
}

function sdkClient(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region = 'us-east-1',
) {
  return new STSClient({ region, endpoint: server.url, credentials, maxAttempts: 1 });
}

describe('STS stand-in: signatures', () => {
  test('a correctly signed request gets an AWS-shaped XML answer', async () => {
    const { status, text } = await signedRequest(FORM);
    expect(status).toBe(200);
    expect(text).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
    );
    expect(text).toContain('<Arn>arn:aws:iam::111122223333:user/alice</Arn>');
    expect(text).toMatch(/<ResponseMetadata>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });

  test('a body changed after signing: SignatureDoesNotMatch error document', async () => {
    const { status, text } = await signedRequest(FORM, {
      tamper: 'Action=GetCallerIdentity&Version=2011-06-15&x=1',
    });
    expect(status).toBe(403);
    expect(text).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
    );
    expect(text).toContain('<Type>Sender</Type>');
    expect(text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>/);
  });

  test('signed with the wrong secret, for the wrong service, or not at all', async () => {
    const wrongSecret = await signedRequest(FORM, { secret: 'x'.repeat(40) });
    expect(wrongSecret.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    const wrongService = await signedRequest(FORM, { service: 'iam' });
    expect(wrongService.text).toContain("Credential should be scoped to correct service: 'sts'");
    const unsigned = await fetch(server.url, { method: 'POST', body: FORM });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  test('an unknown action is InvalidAction', async () => {
    const { status, text } = await signedRequest('Action=DeleteEverything&Version=2011-06-15');
    expect(status).toBe(400);
    expect(text).toContain('<Code>InvalidAction</Code>');
  });

  test('the handler also works when the server has read the body already', async () => {
    const sts = createStsStandin();
    const preread: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => sts.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => preread.listen(0, '127.0.0.1', resolve));
    const port = (preread.address() as AddressInfo).port;
    try {
      const client = new STSClient({
        region: 'eu-central-1',
        endpoint: `http://127.0.0.1:${port}`,
        credentials: alice,
      });
      const output = await client.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
      expect(output.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(sts.calls[0]).toMatchObject({ action: 'GetSessionToken', status: 200 });
    } finally {
      preread.closeAllConnections();
      await new Promise((resolve) => preread.close(resolve));
    }
  });
});

describe('STS stand-in: actions', () => {
  test('GetSessionToken with MFA, and not with session credentials', async () => {
    const output = await sdkClient(alice).send(
      new GetSessionTokenCommand({
        SerialNumber: standinMfaSerial('aws'),
        TokenCode: STANDIN_MFA_CODE,
      }),
    );
    const key = server.keys.find(output.Credentials?.AccessKeyId ?? '');
    expect(key).toMatchObject({ origin: 'session-token', mfa: true });
    const session = {
      accessKeyId: output.Credentials?.AccessKeyId ?? '',
      secretAccessKey: output.Credentials?.SecretAccessKey ?? '',
      sessionToken: output.Credentials?.SessionToken ?? '',
    };
    await expect(sdkClient(session).send(new GetSessionTokenCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    // MFA-authenticated session credentials satisfy a role that requires MFA.
    const assumed = await sdkClient(session).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111122223333:role/MfaAdmin',
        RoleSessionName: 'mfa-session',
      }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111122223333:assumed-role/MfaAdmin/mfa-session',
    );
  });

  test('R9 as AWS answers it: a 37-character federation name is a ValidationError', async () => {
    await expect(
      sdkClient(TEST_KEYS.aws.longName).send(
        new GetFederationTokenCommand({ Name: 'first.lastname@example-company.com.au' }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('Member must have length less than or equal to 32'),
    });
  });

  test('GetFederationToken refuses session credentials; root cannot assume roles', async () => {
    const assumed = await sdkClient(alice).send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111122223333:role/ReadOnly',
        RoleSessionName: 'x1',
      }),
    );
    const creds = {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken ?? '',
    };
    await expect(
      sdkClient(creds).send(new GetFederationTokenCommand({ Name: 'bob' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Cannot call GetFederationToken with session credentials',
    });
    await expect(
      sdkClient(TEST_KEYS.aws.root).send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111122223333:role/ReadOnly',
          RoleSessionName: 'root',
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('expired credentials: ExpiredToken', async () => {
    const output = await sdkClient(alice).send(
      new GetSessionTokenCommand({ DurationSeconds: 900 }),
    );
    const creds = {
      accessKeyId: output.Credentials?.AccessKeyId ?? '',
      secretAccessKey: output.Credentials?.SecretAccessKey ?? '',
      sessionToken: output.Credentials?.SessionToken ?? '',
    };
    clock += 901_000;
    try {
      await expect(
        sdkClient(creds).send(
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::111122223333:role/ReadOnly',
            RoleSessionName: 'late',
          }),
        ),
      ).rejects.toMatchObject({ name: 'ExpiredToken' });
    } finally {
      clock -= 901_000;
    }
  });
});

describe('federation stand-in', () => {
  const federation = () => `${server.url}/federation`;

  async function signinToken(
    key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
    extra = '',
  ) {
    const session = JSON.stringify({
      sessionId: key.accessKeyId,
      sessionKey: key.secretAccessKey,
      ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
    });
    const response = await fetch(
      `${federation()}?Action=getSigninToken${extra}&Session=${encodeURIComponent(session)}`,
    );
    const text = await response.text();
    return { status: response.status, token: response.ok ? JSON.parse(text).SigninToken : null };
  }

  const login = (token: string, destination: string) =>
    fetch(
      `${federation()}?Action=login&Issuer=&Destination=${encodeURIComponent(destination)}` +
        `&SigninToken=${encodeURIComponent(token)}`,
      { redirect: 'manual' },
    );

  const mint = (
    origin: 'assume-role' | 'assume-role-chained' | 'federation-token' | 'session-token',
  ) => server.keys.mint(origin, alice.principal, 3600, clock);

  test('role credentials: token, then a redirect to the destination', async () => {
    const { status, token } = await signinToken(mint('assume-role'), '&SessionDuration=43200');
    expect(status).toBe(200);
    const response = await login(token, 'https://console.aws.amazon.com/iam/home');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://console.aws.amazon.com/iam/home');
  });

  test.each([
    ['long-term keys', () => alice, ''],
    ['a wrong session token', () => ({ ...mint('assume-role'), sessionToken: 'nope' }), ''],
    ['SessionDuration below range', () => mint('assume-role'), '&SessionDuration=899'],
    ['SessionDuration above range', () => mint('assume-role'), '&SessionDuration=43201'],
    [
      'SessionDuration with federation credentials',
      () => mint('federation-token'),
      '&SessionDuration=900',
    ],
    [
      'SessionDuration with chained credentials',
      () => mint('assume-role-chained'),
      '&SessionDuration=900',
    ],
  ])('400 for %s', async (_name, key, extra) => {
    expect((await signinToken(key(), extra)).status).toBe(400);
  });

  test('malformed Session JSON is 400; an unknown Action is 400', async () => {
    const bad = await fetch(`${federation()}?Action=getSigninToken&Session=%7Bnot-json`);
    expect(bad.status).toBe(400);
    expect((await fetch(`${federation()}?Action=frobnicate`)).status).toBe(400);
  });

  test('GetSessionToken credentials get a token, but login shows the console refusal', async () => {
    const { status, token } = await signinToken(mint('session-token'));
    expect(status).toBe(200);
    const response = await login(token, 'https://console.aws.amazon.com/console/home');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      'Only federation tokens or assume role tokens may be used for federated login.',
    );
  });

  test('login: non-console destination, unknown token, link older than 15 minutes', async () => {
    const { token } = await signinToken(mint('assume-role'));
    expect((await login(token, 'https://evil.example/')).status).toBe(400);
    expect((await login('made-up-token', 'https://console.aws.amazon.com/')).status).toBe(400);
    clock += 15 * 60_000 + 1000;
    try {
      expect((await login(token, 'https://console.aws.amazon.com/')).status).toBe(400);
    } finally {
      clock -= 15 * 60_000 + 1000;
    }
  });

  test('POST form requests are accepted like GET', async () => {
    const key = mint('assume-role');
    const standin = createFederationStandin({ keys: server.keys });
    const plain: Server = createServer((req, res) => standin.handle(req, res));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const port = (plain.address() as AddressInfo).port;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/federation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          Action: 'getSigninToken',
          SessionType: 'json',
          Session: JSON.stringify({
            sessionId: key.accessKeyId,
            sessionKey: key.secretAccessKey,
            sessionToken: key.sessionToken,
          }),
        }),
      });
      expect(response.status).toBe(200);
      expect(standin.calls[0]).toMatchObject({ sessionTypeJson: true, origin: 'assume-role' });
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  test('a separate key store knows nothing of another', async () => {
    const other = new StandinKeyStore();
    const key = other.mint('assume-role', alice.principal, 3600, clock);
    expect((await signinToken(key)).status).toBe(400);
  });

  test('the call logs hold no secret or token', () => {
    const log = JSON.stringify([server.sts.calls, server.federation.calls]);
    for (const secret of server.keys.secrets()) expect(log).not.toContain(secret);
  });
});
