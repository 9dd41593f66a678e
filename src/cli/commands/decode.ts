import { explainText } from '../../core/access/index.js';
import { decodeAuthorizationMessage, extractEncodedMessage } from '../../core/signin/sts.js';
import type { Command } from '../io.js';
import {
  CREDENTIAL_OPTIONS_HELP,
  checkTargets,
  describeStsError,
  loadCredentials,
  parseArgs,
  SafeOutput,
  usageError,
  wantsJson,
} from './console-url.js';
import { formatExplanation } from './explain.js';

// `role-doctor decode`: sends an "Encoded authorization failure message" to STS
// DecodeAuthorizationMessage, prints the decoded JSON document and explains it.

const USAGE = `Usage: role-doctor decode [options] MESSAGE|-

Decodes an encoded authorization failure message through STS DecodeAuthorizationMessage.
MESSAGE is the encoded message or the whole error text holding it; - reads it from standard
input (then give the credentials by file or environment). The caller needs permission for
sts:DecodeAuthorizationMessage in the account where the failure happened.

${CREDENTIAL_OPTIONS_HELP}
Exit status: 0 when the message was decoded; 1 when STS refused (for example without
sts:DecodeAuthorizationMessage) or could not be reached; 2 on bad usage or unusable input (no
encoded message, unreadable, malformed or expired credentials, an endpoint that cannot be
used).
`;

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
    return usageError(io, 'decode', wantsJson(args), `${parsedArgs.error}.`, USAGE);
  }
  const { options, positional } = parsedArgs;
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  const json = options.json === true;
  const usage = (message: string, withUsage = false) =>
    usageError(io, 'decode', json, message, withUsage ? USAGE : undefined);
  if (positional.length !== 1) return usage('give exactly one MESSAGE (or -).', true);
  if (positional[0] === '-' && options.credentials === '-') {
    return usage('standard input cannot hold both the message and credentials.');
  }
  let text: string;
  try {
    text = positional[0] === '-' ? await io.readStdin() : (positional[0] ?? '');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return usage(`cannot read standard input (${typeof code === 'string' ? code : 'error'}).`);
  }
  const encoded = extractEncodedMessage(text);
  if (!encoded) {
    return usage(
      'no encoded authorization message found. Give the long text that follows "Encoded ' +
        'authorization failure message:" (or the whole error).',
    );
  }
  const output = new SafeOutput(io);
  const loaded = await loadCredentials(options, io);
  if ('error' in loaded) return usage(loaded.error);
  const targets = checkTargets(loaded);
  if (!targets.ok) return usage(targets.error);
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
