import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  type MisbehavingServer,
  startMisbehavingServer,
} from '../../../e2e/standins/misbehaving.js';
import {
  bodyText,
  boundedRequest,
  DEFAULT_NETWORK_LIMITS,
  type FetchLike,
  globalFetch,
  NetworkLimitError,
} from './http.js';

// Real requests over loopback to servers that misbehave on purpose, with limits shortened so
// that each test takes a fraction of a second; the defaults are checked with a fake clock.

const servers: MisbehavingServer[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startMisbehavingServer>) {
  const server = await startMisbehavingServer(...args);
  servers.push(server);
  return server;
}

async function failure(promise: Promise<unknown>): Promise<NetworkLimitError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NetworkLimitError);
  return error as NetworkLimitError;
}

describe('time limits', () => {
  test('a server that accepts the connection and never answers', async () => {
    const server = await start({ kind: 'silent' });
    const started = Date.now();
    const error = await failure(
      boundedRequest(
        globalFetch(),
        `${server.url}/federation`,
        { method: 'GET' },
        {
          answerStartMs: 200,
          totalMs: 5000,
        },
      ),
    );
    expect(error.kind).toBe('no-answer');
    expect(error.message).toBe(
      `No answer from ${server.host} within 0.2 s; check the endpoint, proxy or VPC endpoint.`,
    );
    // The time to start answering, not the whole-request limit, ended it.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.connections).toBe(1);
  });

  test('an answer that starts and then trickles without end', async () => {
    const server = await start({ kind: 'trickle', everyMs: 20 });
    const error = await failure(
      boundedRequest(
        globalFetch(),
        server.url,
        { method: 'GET' },
        {
          answerStartMs: 400,
          totalMs: 600,
        },
      ),
    );
    expect(error.message).toBe(
      `No answer from ${server.host} within 0.6 s; check the endpoint, proxy or VPC endpoint.`,
    );
    expect(server.bytesSent).toBeGreaterThan(3);
  });

  test('the defaults: 10 s to start answering, 30 s in all, even if fetch ignores', async () => {
    vi.useFakeTimers();
    const never: FetchLike = () => new Promise(() => undefined);
    const silent = failure(boundedRequest(never, 'https://sts.eu-west-1.amazonaws.com', {}));
    let settled = false;
    void silent.finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await silent).message).toMatch(
      /^No answer from sts\.eu-west-1\.amazonaws\.com within 10 s;/,
    );

    const endless: FetchLike = async () => ({
      status: 200,
      ok: true,
      text: () => new Promise(() => undefined),
      body: {
        getReader: () => ({
          read: () => new Promise(() => undefined),
          cancel: async () => undefined,
        }),
      },
    });
    const trickling = failure(
      boundedRequest(endless, 'https://signin.aws.amazon.com/federation', {}),
    );
    await vi.advanceTimersByTimeAsync(29_999);
    await vi.advanceTimersByTimeAsync(1);
    expect((await trickling).message).toMatch(
      /^No answer from signin\.aws\.amazon\.com within 30 s;/,
    );
    expect(DEFAULT_NETWORK_LIMITS.maxBodyBytes).toBe(1024 * 1024);
  });
});

describe('size limit', () => {
  test('a 300 MB stream is cut at 1 MiB, without reading the rest', async () => {
    const total = 300 * 1024 * 1024;
    const server = await start({ kind: 'flood', totalBytes: total });
    const started = Date.now();
    const error = await failure(boundedRequest(globalFetch(), server.url, { method: 'POST' }));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain(`The answer from ${server.host} is larger than 1 MiB`);
    expect(error.message).toMatch(/check the endpoint, proxy or VPC endpoint\.$/);
    expect(Date.now() - started).toBeLessThan(5000);
    // The server stopped when the reader went away: a few MiB of socket buffers at most.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  test('a declared Content-Length over the limit is refused before reading', async () => {
    const server = await start({ kind: 'flood', totalBytes: 2048, declareLength: true });
    const error = await failure(
      boundedRequest(globalFetch(), server.url, {}, { maxBodyBytes: 1024 }),
    );
    expect(error.message).toContain('is larger than 1 KiB');
  });

  test('a body within the limit comes back whole', async () => {
    const server = await start({ kind: 'flood', totalBytes: 200_000 });
    const answer = await boundedRequest(globalFetch(), server.url, {}, { maxBodyBytes: 200_000 });
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(200_000);
    expect(answer.headers['content-type']).toBe('text/xml');
    expect(bodyText(answer)).toBe('x'.repeat(200_000));
  });
});
