// Bounded HTTP for STS and the federation endpoint: every request gets a time to start
// answering, a time to finish, and a largest body it may send back. Real STS and getSigninToken
// answers are a few kilobytes and come within a second; an endpoint that holds the connection
// open, or streams without end, is a wrong endpoint, proxy or VPC endpoint, and the user is
// told so instead of waiting forever or running out of memory.
//
// The same fetch-based handler serves the AWS SDK in Node (the command line) and in the
// extension's worker, so both behave alike.

export interface NetworkLimits {
  /** Milliseconds until the status line and headers of the answer must have arrived. */
  answerStartMs: number;
  /** Milliseconds for the whole exchange, body included. */
  totalMs: number;
  /** Largest answer body read, in bytes; reading stops there. */
  maxBodyBytes: number;
}

export const DEFAULT_NETWORK_LIMITS: Readonly<NetworkLimits> = {
  answerStartMs: 10_000,
  totalMs: 30_000,
  maxBodyBytes: 1024 * 1024,
};

/** The parts of a fetch Response read here; the global fetch of browsers and Node has them. */
export interface FetchLikeResponse {
  status: number;
  ok: boolean;
  statusText?: string;
  headers?: {
    get(name: string): string | null;
    forEach?(callback: (value: string, name: string) => void): void;
  };
  body?: ReadableBody | null;
  text(): Promise<string>;
}

/** The minimal fetch this code needs; the global fetch of browsers and Node satisfies it. */
export type FetchLike = (
  url: string,
  init?: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Uint8Array<ArrayBuffer>;
    redirect?: 'manual' | 'follow';
    signal?: AbortSignal;
  },
) => Promise<FetchLikeResponse>;

interface ReadableBody {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

declare global {
  // What this code needs of the signal it hands to fetch; browsers and Node declare all of it.
  interface AbortSignal {
    readonly aborted: boolean;
  }
}

// The core is typed without DOM or Node; these are web globals that every place it runs
// (Node 20 and later, browser pages, extension workers) provides.
interface WebGlobals {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  AbortController: new () => { signal: AbortSignal; abort(reason?: unknown): void };
  TextDecoder: new (label?: string) => { decode(bytes: Uint8Array): string };
  TextEncoder: new () => { encode(text: string): Uint8Array };
  fetch?: FetchLike;
}

const web = globalThis as unknown as WebGlobals;

/** The runtime's own fetch, called on the global object as browsers require. */
export function globalFetch(): FetchLike {
  return (url, init) => {
    if (!web.fetch) return Promise.reject(new Error('This runtime has no fetch.'));
    return web.fetch(url, init);
  };
}

export type NetworkLimitKind = 'no-answer' | 'too-large';

/** A request stopped at one of the limits; the message says which and what to check. */
export class NetworkLimitError extends Error {
  constructor(
    readonly kind: NetworkLimitKind,
    message: string,
  ) {
    super(message);
    // Not an SDK "TimeoutError": the SDK would retry it and double the wait.
    this.name = kind === 'no-answer' ? 'NoAnswer' : 'AnswerTooLarge';
  }
}

/** Host (and port) of a URL, for messages; never the path or query, which may hold secrets. */
export function hostOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  const authority = match?.[1] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1) || 'the endpoint';
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function noAnswer(url: string, ms: number): NetworkLimitError {
  return new NetworkLimitError(
    'no-answer',
    `No answer from ${hostOf(url)} within ${seconds(ms)} s; check the endpoint, proxy or VPC ` +
      'endpoint.',
  );
}

function tooLarge(url: string, limit: number): NetworkLimitError {
  return new NetworkLimitError(
    'too-large',
    `The answer from ${hostOf(url)} is larger than ${formatBytes(limit)}, far more than any ` +
      'STS or sign-in answer (a few KB), so reading stopped; this is not an AWS endpoint: check ' +
      'the endpoint, proxy or VPC endpoint.',
  );
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Why a request failed before any answer, in words: fetch says only "fetch failed" and keeps
 * the reason (ECONNREFUSED, ENOTFOUND…) in `cause`.
 */
export function fetchFailure(thrown: unknown): { code?: string; text: string } {
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
    code?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown } | null;
  };
  const cause = typeof error.cause === 'object' && error.cause !== null ? error.cause : {};
  const code =
    typeof error.code === 'string'
      ? error.code
      : typeof cause.code === 'string'
        ? cause.code
        : undefined;
  let text =
    typeof cause.message === 'string' && cause.message
      ? cause.message
      : typeof error.message === 'string'
        ? error.message
        : String(thrown);
  if (text === 'bad port') {
    text =
      'fetch refuses this port number (ports of other protocols, such as 9 or 6000, are ' +
      'blocked); run the local stand-in on another port';
  }
  return { ...(code ? { code } : {}), text };
}

export interface BoundedAnswer {
  status: number;
  statusText: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The body as text (UTF-8). */
export function bodyText(answer: Pick<BoundedAnswer, 'body'>): string {
  return new web.TextDecoder('utf-8').decode(answer.body);
}

function headersOf(response: FetchLikeResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers?.forEach?.((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return headers;
}

async function readBody(
  response: FetchLikeResponse,
  url: string,
  limit: number,
): Promise<Uint8Array> {
  const declared = Number(response.headers?.get('content-length') ?? Number.NaN);
  const reader = response.body?.getReader();
  if (Number.isFinite(declared) && declared > limit) {
    await reader?.cancel().catch(() => undefined);
    throw tooLarge(url, limit);
  }
  if (!reader) {
    // A fetch without streams (a test double) has buffered the body already.
    const bytes = new web.TextEncoder().encode(await response.text());
    if (bytes.length > limit) throw tooLarge(url, limit);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(url, limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/**
 * One request within the limits: the answer with its whole body, or a NetworkLimitError when
 * the answer does not start in time, does not finish in time, or grows past the size limit.
 * Other failures (refused connection, DNS) are thrown as the fetch threw them.
 */
export async function boundedRequest(
  fetchFn: FetchLike,
  url: string,
  init: Omit<NonNullable<Parameters<FetchLike>[1]>, 'signal'>,
  limits: Partial<NetworkLimits> = {},
): Promise<BoundedAnswer> {
  const { answerStartMs, totalMs, maxBodyBytes } = { ...DEFAULT_NETWORK_LIMITS, ...limits };
  const controller = new web.AbortController();
  const timers: unknown[] = [];
  // Racing a timer, not only aborting, keeps the bound even for a fetch that ignores signals.
  const deadline = (ms: number) => {
    let timer: unknown;
    const expired = new Promise<never>((_, reject) => {
      timer = web.setTimeout(() => {
        controller.abort();
        reject(noAnswer(url, ms));
      }, ms);
    });
    // Whichever deadline is not reached must not surface as an unhandled rejection.
    expired.catch(() => undefined);
    timers.push(timer);
    return { expired, stop: () => web.clearTimeout(timer) };
  };
  const overall = deadline(totalMs);
  try {
    const start = deadline(Math.min(answerStartMs, totalMs));
    const response = await Promise.race([
      fetchFn(url, { ...init, signal: controller.signal }),
      start.expired,
      overall.expired,
    ]);
    start.stop();
    const body = await Promise.race([readBody(response, url, maxBodyBytes), overall.expired]);
    return {
      status: response.status,
      statusText: response.statusText ?? '',
      headers: headersOf(response),
      body,
    };
  } finally {
    for (const timer of timers) web.clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The AWS SDK's request handler

/** The fields of the SDK's HttpRequest this handler reads. */
interface SdkRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | Array<string | null> | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** What the SDK expects back: statusCode and headers, and a body it can collect. */
interface SdkResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

// RFC 3986 encoding, as SigV4 signs the query.
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function queryString(query: SdkRequest['query']): string {
  const parts: string[] = [];
  for (const key of Object.keys(query ?? {}).sort()) {
    const value = query?.[key];
    const name = escapeUri(key);
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${name}=${escapeUri(item ?? '')}`);
    } else if (typeof value === 'string') {
      parts.push(`${name}=${escapeUri(value)}`);
    } else {
      parts.push(name);
    }
  }
  return parts.join('&');
}

// Fetch sets these itself from the URL and body, to the same values the request was signed with.
const FETCH_OWN_HEADERS = new Set(['host', 'content-length']);

function requestBody(request: SdkRequest): string | Uint8Array<ArrayBuffer> | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  if (typeof request.body === 'string') return request.body;
  // Fetch takes bytes only when backed by a plain ArrayBuffer, which the copy is.
  if (request.body instanceof Uint8Array) return new Uint8Array(request.body);
  return undefined;
}

export interface BoundedSdkHandler {
  readonly metadata: { handlerProtocol: string };
  handle(request: SdkRequest): Promise<{ response: SdkResponse }>;
  destroy(): void;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
}

/**
 * A request handler for the AWS SDK's clients that sends through `fetchFn` within the limits
 * and hands the SDK the whole (bounded) body.
 */
export function boundedSdkHandler(
  fetchFn: FetchLike,
  limits: Partial<NetworkLimits> = {},
): BoundedSdkHandler {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    // The SDK's own abort signal is not forwarded: these calls never pass one.
    async handle(request) {
      const query = queryString(request.query);
      const port = request.port ? `:${request.port}` : '';
      const url =
        `${request.protocol}//${request.hostname}${port}${request.path}` +
        (query ? `?${query}` : '');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (!FETCH_OWN_HEADERS.has(name.toLowerCase())) headers[name] = value;
      }
      const body = requestBody(request);
      const answer = await boundedRequest(
        fetchFn,
        url,
        {
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          // A signed request carries the session token in a header; a redirect would hand it
          // to whatever host the answer names.
          redirect: 'manual',
        },
        limits,
      );
      return {
        response: {
          statusCode: answer.status,
          reason: answer.statusText,
          headers: answer.headers,
          body: answer.body,
        },
      };
    },
    destroy() {},
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
}
