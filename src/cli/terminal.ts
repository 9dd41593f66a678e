// What the command line writes and reads, made safe for a terminal. Every value a command prints
// may come from the input (error text, policy JSON, config names), so control characters are
// shown as escapes instead of being obeyed, and inputs are read up to a bound.

import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** The most a command reads from one file or from standard input. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode controls that reorder or
// hide text (bidirectional overrides and isolates, zero-width marks).
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Replaces characters a terminal would act on with visible `\uXXXX` escapes. In JSON output these
 * only ever stand inside strings, where `\uXXXX` is the same character, so JSON stays valid.
 */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class InputTooLargeError extends Error {
  override name = 'InputTooLargeError';
  readonly code = 'EFBIG';
  constructor() {
    super(
      `the input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; pass only the part of the ` +
        'log that holds the error',
    );
  }
}

/** Reads a stream as UTF-8 up to MAX_INPUT_BYTES; a longer one is refused, not truncated. */
export async function readBounded(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      stream.destroy();
      throw new InputTooLargeError();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function readFileBounded(path: string): Promise<string> {
  return readBounded(createReadStream(path));
}
