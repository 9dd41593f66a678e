import type { CliIo } from './io.js';

/**
 * CLI input and output in memory, for tests: files by path, stdin, and what the command
 * printed. Network use fails, since no command test may reach a network.
 */
export function fakeIo(files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => stdin,
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) {
        // Node's own wording and code for a missing file.
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: 'ENOENT',
        });
      }
      return content;
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    fetch: (() => Promise.reject(new Error('no network in tests'))) as typeof fetch,
    env: {},
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
