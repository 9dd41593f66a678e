import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputTooLargeError, MAX_INPUT_BYTES, readBounded, safeForTerminal } from './terminal.js';

describe('terminal output', () => {
  it('shows control sequences instead of letting the terminal obey them', () => {
    const hostile = 'arn:aws:iam::1:role/x\u001b[2J\u001b]0;pwn\u0007 \u202egnp.exe\r\u009b';
    const safe = safeForTerminal(hostile);
    expect(safe).toBe(
      'arn:aws:iam::1:role/x\\u001b[2J\\u001b]0;pwn\\u0007 \\u202egnp.exe\\u000d\\u009b',
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may be left
    expect(safe).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('keeps newlines, tabs and ordinary text, including non-Latin letters', () => {
    expect(safeForTerminal('a\tb\nc — ü 日本')).toBe('a\tb\nc — ü 日本');
  });

  it('leaves JSON valid and equal after escaping', () => {
    const value = { principal: 'al\u001b]0;x\u0007ice \u202e', nested: ['\u2066x\u2069'] };
    const printed = safeForTerminal(JSON.stringify(value));
    expect(JSON.parse(printed)).toEqual(value);
  });
});

describe('bounded input', () => {
  it('reads input up to the bound', async () => {
    const stream = new PassThrough();
    stream.end('User: arn:aws:iam::1:user/a is not authorized');
    await expect(readBounded(stream)).resolves.toContain('not authorized');
  });

  it('refuses input past the bound with a message saying what to do', async () => {
    const stream = new PassThrough();
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let written = 0;
    const pump = () => {
      while (written <= MAX_INPUT_BYTES && stream.write(chunk)) written += chunk.length;
      if (written <= MAX_INPUT_BYTES) stream.once('drain', pump);
      else stream.end();
    };
    pump();
    await expect(readBounded(stream)).rejects.toBeInstanceOf(InputTooLargeError);
    await expect(readBounded(PassThrough.from(['x']))).resolves.toBe('x');
  });
});
