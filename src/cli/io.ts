// What a command may touch outside itself, so that tests can run commands in-process.

import type { NetworkLimits } from '../core/signin/http.js';

export interface CliIo {
  /** Reads all of standard input as text. */
  readStdin(): Promise<string>;
  /** Reads a file as UTF-8 text; rejects with Node's error when it cannot. */
  readFile(path: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The fetch for calls to AWS endpoints; tests keep the real one and aim it at loopback. */
  fetch: typeof fetch;
  /**
   * Tighter time and size limits for requests to AWS than the defaults; only tests set them, so
   * that a silent endpoint fails in milliseconds.
   */
  networkLimits?: Partial<NetworkLimits>;
  env: Readonly<Record<string, string | undefined>>;
}

export type Command = (args: string[], io: CliIo) => Promise<number>;

/** Exit status for bad usage, shared by every command. */
export const EXIT_USAGE = 2;
