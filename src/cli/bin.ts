import type { CliIo } from './io.js';
import { runCli } from './main.js';
import { readBounded, readFileBounded, safeForTerminal } from './terminal.js';

// The AWS SDK warns on every run under Node 20 that its releases from 2027 will need Node 22;
// Node 20 is supported here, and the warning buries the output. This is the SDK's own switch
// (read when an STS client is made, which happens after this line); a value the user set wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that went away (`role-doctor explain log | head`) is not an error worth a stack trace;
// any other failure to write ends the command with one line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      process.stderr.write(`role-doctor: cannot write the output: ${error.message}\n`);
    }
    process.exit(1);
  });
}

const io: CliIo = {
  readStdin: () => readBounded(process.stdin),
  readFile: readFileBounded,
  stdout: (text) => process.stdout.write(safeForTerminal(text)),
  stderr: (text) => process.stderr.write(safeForTerminal(text)),
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
    process.stderr.write(`role-doctor: internal error: ${safeForTerminal(message)}\n`);
    process.exitCode = 1;
  },
);
