import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';

// Endpoints that are not AWS, as a wrong address, a broken proxy or a hostile stand-in would
// be: one that accepts connections and never answers, one that starts an answer and trickles it,
// one that streams without end, one that answers with an HTML page (an error page, a portal),
// and one that sends every request elsewhere. All listen on 127.0.0.1 only.

export interface MisbehavingServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, as messages name the endpoint. */
  host: string;
  /** Connections accepted so far. */
  connections: number;
  /** Body bytes handed to the socket so far. */
  bytesSent: number;
  close(): Promise<void>;
}

export type Misbehaviour =
  | { kind: 'silent' }
  | { kind: 'trickle'; everyMs: number }
  | { kind: 'flood'; totalBytes: number; declareLength?: boolean }
  | { kind: 'html-page'; status: number }
  | { kind: 'redirect'; location: string };

const CHUNK = Buffer.alloc(64 * 1024, 'x');

function flood(res: ServerResponse, server: MisbehavingServer, total: number, declare: boolean) {
  res.writeHead(200, {
    'content-type': 'text/xml',
    ...(declare ? { 'content-length': String(total) } : {}),
  });
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      const piece = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
      sent += piece.length;
      server.bytesSent += piece.length;
      // Waits for the reader, so bytesSent counts what the client took, plus socket buffers.
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

export async function startMisbehavingServer(behaviour: Misbehaviour): Promise<MisbehavingServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  const state: MisbehavingServer = {
    url: '',
    host: '',
    connections: 0,
    bytesSent: 0,
    close: async () => undefined,
  };
  const server =
    behaviour.kind === 'silent'
      ? createTcpServer(() => undefined)
      : createHttpServer((req, res) => {
          req.resume();
          if (behaviour.kind === 'redirect') {
            res.writeHead(307, { location: behaviour.location });
            res.end();
          } else if (behaviour.kind === 'html-page') {
            res.writeHead(behaviour.status, { 'content-type': 'text/html; charset=utf-8' });
            res.end('<html><head><title>Server Error</title></head><body>Oops</body></html>');
          } else if (behaviour.kind === 'trickle') {
            res.writeHead(200, { 'content-type': 'text/xml' });
            const timer = setInterval(() => {
              state.bytesSent += 1;
              res.write(' ');
            }, behaviour.everyMs);
            timers.add(timer);
            res.on('close', () => clearInterval(timer));
          } else {
            flood(res, state, behaviour.totalBytes, behaviour.declareLength === true);
          }
        });
  server.on('connection', (socket: Socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${port}`;
  state.host = `127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve, reject) => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return state;
}

/**
 * A starter for the misbehaving servers one suite needs, each closed once the suite is done.
 * The suite passes its own afterAll, so this module stays free of any test runner.
 */
export function misbehavingServers(
  afterAll: (hook: () => Promise<void>) => void,
): (behaviour: Misbehaviour) => Promise<MisbehavingServer> {
  const started: MisbehavingServer[] = [];
  afterAll(async () => {
    await Promise.all(started.map((server) => server.close()));
  });
  return async (behaviour) => {
    const server = await startMisbehavingServer(behaviour);
    started.push(server);
    return server;
  };
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
