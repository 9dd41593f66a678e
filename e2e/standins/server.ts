import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PartitionId } from '../../src/core/partitions.js';
import { createFederationStandin, type FederationStandin } from './federation.js';
import { StandinKeyStore } from './keys.js';
import { createStsStandin, type StsStandin } from './sts.js';

// Both stand-ins behind one plain HTTP server on 127.0.0.1: `/federation` goes to the sign-in
// stand-in, everything else to STS. Tests and the command line reach it over real HTTP.

export interface StandinServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  keys: StandinKeyStore;
  sts: StsStandin;
  federation: FederationStandin;
  close(): Promise<void>;
}

export async function startStandinServer(
  options: { now?: () => number; partition?: PartitionId } = {},
): Promise<StandinServer> {
  const keys = new StandinKeyStore();
  const sts = createStsStandin({ keys, ...(options.now ? { now: options.now } : {}) });
  const federation = createFederationStandin({
    keys,
    ...(options.now ? { now: options.now } : {}),
    ...(options.partition ? { partition: options.partition } : {}),
  });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/federation') federation.handle(req, res);
    else sts.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    keys,
    sts,
    federation,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A fetch that sends requests for AWS host names to the stand-in server instead, keeping the
 * original host in `x-forwarded-host` so the stand-in answers as that host would. Every URL
 * requested is recorded, so a test can assert which real host the code aimed at.
 */
export function loopbackFetch(server: StandinServer, requested: string[]): typeof fetch {
  return async (input, init) => {
    const original = new URL(input instanceof Request ? input.url : String(input));
    requested.push(original.toString());
    const headers = new Headers(init?.headers);
    headers.set('x-forwarded-host', original.host);
    const target = `${server.url}${original.pathname}${original.search}`;
    return fetch(target, { ...init, headers });
  };
}
