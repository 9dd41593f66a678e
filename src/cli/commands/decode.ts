import { explainText } from '../../core/access/index.js';
import { decodeAuthorizationMessage, extractEncodedMessage } from '../../core/signin/sts.js';
import { type Command, EXIT_USAGE } from '../io.js';
import {
  CREDENTIAL_OPTIONS_HELP,
  describeStsError,
  loadCredentials,
  parseArgs,
  SafeOutput,
} from './console-url.js';
import { formatExplanation } from './explain.js';

// `role-doctor decode`: sends an "Encoded authorization failure message" to STS
// DecodeAuthorizationMessage, prints the decoded JSON document and explains it.

const USAGE = `Usage: role-doctor decode [options] MESSAGE|-

Decodes an encoded authorization failure message through STS DecodeAuthorizationMessage.
MESSAGE is the encoded message or the whole error text holding it; - reads it from standard
input (then give the credentials by file or environment). The caller needs permission for
sts:DecodeAuthorizationMessage in the account where the failure happened.

${CREDENTIAL_OPTIONS_HELP}`;

export const decodeCommand: Command = async (args, io) => {
  const parsedArgs = parseArgs(args, {
    credentials: 'value',
    profile: 'value',
    region: 'value',
    'sts-endpoint': 'value',
    json: 'flag',
    help: 'flag',
  });
  if ('error' in parsedArgs) {
    io.stderr(`role-doctor decode: ${parsedArgs.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { options, positional } = parsedArgs;
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positional.length !== 1) {
    io.stderr(`role-doctor decode: give exactly one MESSAGE (or -).\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (positional[0] === '-' && options.credentials === '-') {
    io.stderr('role-doctor decode: standard input cannot hold both the message and credentials.\n');
    return EXIT_USAGE;
  }
  const json = options.json === true;
  const text = positional[0] === '-' ? await io.readStdin() : (positional[0] ?? '');
  const encoded = extractEncodedMessage(text);
  if (!encoded) {
    io.stderr(
      'role-doctor decode: no encoded authorization message found. Give the long text that ' +
        'follows "Encoded authorization failure message:" (or the whole error).\n',
    );
    return EXIT_USAGE;
  }
  const output = new SafeOutput(io);
  const loaded = await loadCredentials(options, io);
  if ('error' in loaded) {
    if (loaded.usage) {
      io.stderr(`role-doctor decode: ${loaded.error}\n`);
      return EXIT_USAGE;
    }
    if (json) {
      const error = { code: 'InvalidCredentials', message: loaded.error };
      output.out(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
    } else {
      output.err(`role-doctor decode: ${loaded.error}\n`);
    }
    return 1;
  }
  output.protect(loaded.parsed.credentials);
  const result = await decodeAuthorizationMessage(
    loaded.parsed.credentials,
    encoded,
    loaded.target,
  );
  if (!result.ok) {
    const explanation = describeStsError(result.error, loaded.region !== undefined);
    if (json) {
      output.out(
        `${JSON.stringify(
          {
            ok: false,
            error: {
              code: result.error.code,
              message: result.error.message,
              requestId: result.error.requestId,
            },
            explanation: explanation.trim(),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      output.err(explanation);
    }
    return 1;
  }
  let document: unknown = result.value;
  try {
    document = JSON.parse(result.value);
  } catch {
    // Not JSON after all: shown as the text STS returned.
  }
  const explained = explainText(result.value);
  if (json) {
    const explanations = explained.map(({ error, explanation }) => ({ ...error, explanation }));
    output.out(`${JSON.stringify({ ok: true, decoded: document, explanations }, null, 2)}\n`);
  } else {
    output.out(
      typeof document === 'string' ? `${document}\n` : `${JSON.stringify(document, null, 2)}\n`,
    );
    explained.forEach(({ error, explanation }, index) => {
      output.out(`\n${formatExplanation(error, explanation, index, explained.length)}\n`);
    });
  }
  return 0;
};
