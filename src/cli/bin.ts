import { readFile } from 'node:fs/promises';
import type { CliIo } from './io.js';
import { runCli } from './main.js';

const io: CliIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  readFile: (path) => readFile(path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  fetch: globalThis.fetch,
  env: process.env,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not bad input: say so without a stack full of bundle paths.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`role-doctor: internal error: ${message}\n`);
    process.exitCode = 1;
  },
);
