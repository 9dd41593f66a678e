import { readFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { type AddressInfo, connect } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { generate } from 'selfsigned';
import {
  consoleIdentity,
  findRole,
  MULTI_SESSION_ID,
  type PartitionName,
} from '../fixtures/data.js';
import { accountOfHost, partitionOfHost } from '../fixtures/src/world.js';

// One HTTPS server on 127.0.0.1 answers for the real AWS host names. Browsers reach it through
// host-resolver rules (Chromium) or a CONNECT proxy (Firefox), so URLs, match patterns and host
// checks run exactly as they would against AWS.

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'dist', 'fixtures');

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  host: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Rig {
  /** Port of the HTTPS server on 127.0.0.1. */
  port: number;
  /** Port of the CONNECT proxy that sends every tunnel to the HTTPS server. */
  proxyPort: number;
  requests: RecordedRequest[];
  /**
   * Mounts a handler for requests whose host matches a pattern, or that a predicate over host
   * and path accepts (e.g. STS or federation stand-ins, benchmark pages). Later mounts win.
   */
  mount(match: RegExp | ((host: string, path: string) => boolean), handler: Handler): void;
  close(): Promise<void>;
}

const CERT_HOSTS = [
  'console.aws.amazon.com',
  '*.console.aws.amazon.com',
  'signin.aws.amazon.com',
  '*.signin.aws.amazon.com',
  'console.amazonaws-us-gov.com',
  '*.console.amazonaws-us-gov.com',
  'signin.amazonaws-us-gov.com',
  '*.signin.amazonaws-us-gov.com',
  'console.amazonaws.cn',
  '*.console.amazonaws.cn',
  'signin.amazonaws.cn',
  '*.signin.amazonaws.cn',
  '*.amazonaws.com',
  '*.amazonaws.com.cn',
  'www.example.test',
];

export function consoleCsrf(account: string): string {
  return `console-csrf-${account}`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');
}

function sessionData(host: string) {
  const partition = partitionOfHost(host);
  const account = accountOfHost(host);
  const identity = consoleIdentity(partition, account);
  const multi = host.startsWith(`${account}-`) ? (host.split('.')[0] ?? MULTI_SESSION_ID) : null;
  const region = /(?:^|\.)([a-z]{2}(?:-gov)?-[a-z]+-\d)\.console\./.exec(host)?.[1];
  const signinDomain = {
    aws: 'signin.aws.amazon.com',
    'aws-us-gov': 'signin.amazonaws-us-gov.com',
    'aws-cn': 'signin.amazonaws.cn',
  }[partition as PartitionName];
  return {
    accountId: account,
    displayName: `Developer/alice @ ${account}`,
    sessionARN: identity.sessionArn,
    infrastructureRegion: region ?? 'us-east-1',
    signInEndpoint: multi && region ? `${region}.${signinDomain}` : signinDomain,
    prismModeEnabled: multi !== null,
    sessionDifferentiator: multi,
  };
}

async function consolePage(host: string): Promise<string> {
  const template = await readFile(join(FIXTURES, 'index.html'), 'utf8');
  const session = sessionData(host);
  const head =
    `<meta name="awsc-session-data" content='${escapeAttribute(JSON.stringify(session))}'>\n` +
    // The console exposes its CSRF value to page scripts; the stand-in does the same.
    `<script>window.AWSC={Auth:{getMbtc:function(){return ` +
    `${JSON.stringify(consoleCsrf(session.accountId))}}}};</script>`;
  return template.replace('<!--rig:head-->', head);
}

// One line of the log, as a CI runner prints it: no wraps.
const CI_LOG_ERROR =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
  'arn:aws:sts::111122223333:assumed-role/ci-runner/build-4512 is not authorized to perform: ' +
  'sts:AssumeRole on resource: arn:aws:iam::999988887777:role/DeployRole';

const ORDINARY_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>CI log</title></head>
<body><h1>Build #4512 failed</h1>
<pre id="log">
Step 7/9 : deploy
${CI_LOG_ERROR}
Step 8/9 : notify
</pre></body></html>`;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

async function serveFixtureAsset(path: string, res: ServerResponse): Promise<void> {
  const relative = normalize(decodeURIComponent(path.replace(/^\/__fixtures__\//, ''))).replace(
    /^(\.\.[/\\])+/,
    '',
  );
  try {
    const content = await readFile(join(FIXTURES, relative));
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream',
    });
    res.end(content);
  } catch {
    res.writeHead(404).end('not found');
  }
}

function switchRoleAnswer(res: ServerResponse, body: string, host: string): void {
  const form = new URLSearchParams(body);
  const account = form.get('account') ?? '';
  const roleName = (form.get('roleName') ?? '').split('/').pop() ?? '';
  const role = findRole(roleName);
  const csrfOk =
    form.get('csrf') === consoleCsrf(account) || form.get('csrf') === 'signin-page-csrf';
  // The console cannot pass an ExternalId, so such roles always fail here, as on AWS.
  const trustNeedsExternalId =
    role && JSON.stringify(role.trustPolicy('aws', account)).includes('sts:ExternalId');
  if (!csrfOk || !role || trustNeedsExternalId) {
    const back = new URLSearchParams({
      rdFailed: '1',
      account,
      roleName: form.get('roleName') ?? '',
    });
    res.writeHead(302, { location: `https://${host}/switchrole?${back}` }).end();
    return;
  }
  let target =
    form.get('redirect_uri') ?? `https://${host.replace('signin.', 'console.')}/console/home`;
  if (/^https%3A/i.test(target)) target = decodeURIComponent(target);
  res.writeHead(302, { location: target }).end();
}

// The console page posts to the sign-in host, another origin, with its cookies and a custom
// header, so the browser asks first (CORS preflight); like AWS, only console pages may ask.
function multiSessionSwitch(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  host: string,
): void {
  const origin = req.headers.origin ?? '';
  const originHost = origin.startsWith('https://') ? origin.slice('https://'.length) : '';
  const fromConsole = /(^|\.)console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/.test(
    originHost,
  );
  const cors: Record<string, string> = fromConsole
    ? {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type, x-csrf-protection',
        vary: 'Origin',
      }
    : {};
  if (req.method === 'OPTIONS') {
    res.writeHead(fromConsole ? 204 : 403, cors).end();
    return;
  }
  const json = { ...cors, 'content-type': 'application/json' };
  if (req.headers['x-csrf-protection'] !== '1') {
    res.writeHead(403, json).end('{"message":"missing X-CSRF-PROTECTION"}');
    return;
  }
  let request: { account?: string; roleName?: string; redirectUri?: string } = {};
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    res.writeHead(400, json).end('{"message":"bad json"}');
    return;
  }
  const region = host.split('.')[0] ?? 'us-east-1';
  const destination =
    `https://${request.account}-efgh5678.${region}.console.aws.amazon.com/console/home` +
    `?region=${region}&login_hint=${request.account}-efgh5678`;
  res.writeHead(200, json).end(JSON.stringify({ destination }));
}

export async function startRig(): Promise<Rig> {
  const pems = await generate([{ name: 'commonName', value: 'Role Doctor stand-in AWS' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'subjectAltName', altNames: CERT_HOSTS.map((value) => ({ type: 2, value })) },
    ],
  });
  const requests: RecordedRequest[] = [];
  const mounts: Array<{ accepts: (host: string, path: string) => boolean; handler: Handler }> = [];

  const server: Server = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void route(req, res, body).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', `https://${host}`);
    requests.push({
      method: req.method ?? 'GET',
      host,
      path: url.pathname + url.search,
      headers: req.headers,
      body: body.toString('utf8'),
    });
    for (const { accepts, handler } of mounts) {
      if (accepts(host, url.pathname)) {
        await handler(req, res, body);
        return;
      }
    }
    if (url.pathname.startsWith('/__fixtures__/')) return serveFixtureAsset(url.pathname, res);
    if (/(^|\.)console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/.test(host)) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(await consolePage(host));
      return;
    }
    if (/(^|\.)signin\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/.test(host)) {
      if (req.method === 'POST' && url.pathname === '/switchrole') {
        return switchRoleAnswer(res, body.toString('utf8'), host);
      }
      if (/^\/sessions\/[^/]+\/v1\/switchrole$/.test(url.pathname)) {
        return multiSessionSwitch(req, res, body.toString('utf8'), host);
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(await consolePage(host));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ORDINARY_PAGE);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  // Firefox cannot map a host to another port, so it uses this proxy; every tunnel, whatever
  // host it names, ends at the stand-in server: nothing leaves the machine.
  const proxy = createHttpServer((_req, res) => res.writeHead(405).end('CONNECT only'));
  // Tunnels are raw sockets the HTTP servers do not track; closing the rig destroys them.
  const tunnels = new Set<import('node:net').Socket>();
  proxy.on('connect', (_req, clientSocket, head) => {
    const upstream = connect(port, '127.0.0.1', () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
    for (const socket of [upstream, clientSocket as import('node:net').Socket]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyPort = (proxy.address() as AddressInfo).port;

  return {
    port,
    proxyPort,
    requests,
    mount: (match, handler) =>
      mounts.unshift({
        accepts: match instanceof RegExp ? (host) => match.test(host) : match,
        handler,
      }),
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      proxy.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => server.close(resolve)),
        new Promise((resolve) => proxy.close(resolve)),
      ]);
    },
  };
}
