import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type PartitionId, parseAwsHost } from '../../src/core/partitions.js';
import { type StandinKey, StandinKeyStore } from './keys.js';

// A stand-in for the console federation endpoint (`/federation`): getSigninToken checks the
// Session JSON against the credentials the stand-in STS minted, and login redirects to the
// destination. Failures follow what AWS and the peers' reports show:
// - long-term keys (no session token), unknown or expired credentials: 400 from getSigninToken;
// - SessionDuration out of 900..43200, or sent with GetFederationToken or role-chained
//   credentials: 400 from getSigninToken;
// - GetSessionToken credentials get a token, but login answers the console's refusal
//   ("Only federation tokens or assume role tokens ..."), as users see it in the browser;
// - credentials of another partition than the sign-in host get a token, but login answers
//   "The credentials in your login link were invalid" (what GovCloud users saw).

export const LOGIN_LINK_LIFETIME_MS = 15 * 60_000;

export interface FederationStandinOptions {
  /** The same store as the STS stand-in, so minted credentials are known here. */
  keys?: StandinKeyStore;
  now?: () => number;
  /**
   * Partition to assume when the request's host is no AWS sign-in host (e.g. 127.0.0.1). A
   * request carrying `x-forwarded-host` (a test router forwarding the real host) uses that host.
   */
  partition?: PartitionId;
}

export interface FederationCall {
  action: string;
  host: string;
  partition: PartitionId;
  /** SessionDuration as sent, or undefined. */
  sessionDuration?: string;
  sessionTypeJson: boolean;
  accessKeyId?: string;
  origin?: StandinKey['origin'];
  destination?: string;
  issuer?: string;
  status: number;
  reason?: string;
}

export interface FederationStandin {
  handle(req: IncomingMessage, res: ServerResponse, body?: Buffer): void;
  keys: StandinKeyStore;
  calls: FederationCall[];
}

interface IssuedToken {
  key: StandinKey;
  partition: PartitionId;
  issuedAt: number;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function hostOf(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-host'];
  const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? req.headers.host ?? '';
  return host.replace(/:\d+$/, '').toLowerCase();
}

export function createFederationStandin(options: FederationStandinOptions = {}): FederationStandin {
  const keys = options.keys ?? new StandinKeyStore();
  const clock = options.now ?? Date.now;
  const calls: FederationCall[] = [];
  const tokens = new Map<string, IssuedToken>();

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    preread?: Buffer,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const params = new URLSearchParams(url.search);
    if (req.method === 'POST') {
      const body = (preread ?? (await readBody(req))).toString('utf8');
      for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
    }
    const host = hostOf(req);
    const awsHost = parseAwsHost(host);
    const partition: PartitionId =
      awsHost?.kind === 'signin' ? awsHost.partition.id : (options.partition ?? 'aws');
    const call: FederationCall = {
      action: params.get('Action') ?? '',
      host,
      partition,
      sessionTypeJson: params.get('SessionType') === 'json',
      status: 200,
    };
    const duration = params.get('SessionDuration');
    if (duration !== null) call.sessionDuration = duration;
    calls.push(call);
    const refuse = (status: number, reason: string, page = false) => {
      call.status = status;
      call.reason = reason;
      res.writeHead(status, { 'content-type': page ? 'text/html; charset=utf-8' : 'text/plain' });
      res.end(page ? `<html><body><p>${reason}</p></body></html>` : reason);
    };
    if (url.pathname !== '/federation') return refuse(404, 'Not Found');

    if (call.action === 'getSigninToken') {
      let session: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(params.get('Session') ?? '');
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
        session = parsed as Record<string, unknown>;
      } catch {
        return refuse(400, 'Invalid Session parameter');
      }
      const { sessionId, sessionKey, sessionToken } = session;
      if (typeof sessionId !== 'string' || typeof sessionKey !== 'string') {
        return refuse(400, 'Invalid Session parameter');
      }
      const key = keys.find(sessionId);
      call.accessKeyId = sessionId;
      if (!key || key.secretAccessKey !== sessionKey) return refuse(400, 'Invalid credentials');
      call.origin = key.origin;
      if (key.origin === 'long-term' || typeof sessionToken !== 'string') {
        return refuse(400, 'Invalid credentials: long-term keys cannot be federated');
      }
      if (sessionToken !== key.sessionToken) return refuse(400, 'Invalid credentials');
      const now = clock();
      if (key.expiresAt !== undefined && key.expiresAt <= now) {
        return refuse(400, 'Invalid credentials: the session has expired');
      }
      if (duration !== null) {
        const seconds = Number(duration);
        if (!/^\d{1,6}$/.test(duration) || seconds < 900 || seconds > 43_200) {
          return refuse(400, 'Invalid SessionDuration');
        }
        if (key.origin === 'federation-token' || key.origin === 'assume-role-chained') {
          return refuse(400, 'Invalid Credentials Parameter');
        }
      }
      const token = randomBytes(96).toString('base64url');
      tokens.set(token, { key, partition: key.principal.partition, issuedAt: now });
      call.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ SigninToken: token }));
      return;
    }

    if (call.action === 'login') {
      const destination = params.get('Destination') ?? '';
      const issuer = params.get('Issuer');
      call.destination = destination;
      if (issuer !== null) call.issuer = issuer;
      const issued = tokens.get(params.get('SigninToken') ?? '');
      if (!issued || clock() - issued.issuedAt > LOGIN_LINK_LIFETIME_MS) {
        return refuse(400, 'Your request included an invalid or expired sign-in token.', true);
      }
      call.accessKeyId = issued.key.accessKeyId;
      call.origin = issued.key.origin;
      if (issued.partition !== partition) {
        return refuse(
          400,
          'The credentials in your login link were invalid. Please contact your administrator.',
          true,
        );
      }
      if (issued.key.origin === 'session-token') {
        return refuse(
          400,
          'Only federation tokens or assume role tokens may be used for federated login. ' +
            'Please contact your administrator.',
          true,
        );
      }
      let target: URL;
      try {
        target = new URL(destination);
      } catch {
        return refuse(400, 'Invalid Destination', true);
      }
      const targetHost = parseAwsHost(target.hostname);
      if (target.protocol !== 'https:' || targetHost?.kind !== 'console') {
        return refuse(400, 'Invalid Destination', true);
      }
      call.status = 302;
      res.writeHead(302, { location: destination });
      res.end();
      return;
    }
    return refuse(400, 'Invalid Action');
  }

  return {
    keys,
    calls,
    handle(req, res, body) {
      void answer(req, res, body).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  };
}
