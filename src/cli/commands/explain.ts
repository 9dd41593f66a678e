import {
  ACCESS_ERROR_TITLES,
  type Explanation,
  explainText,
  type ParsedAccessError,
  POLICY_TYPE_LABELS,
  type PolicyType,
} from '../../core/access/index.js';
import { type CliIo, type Command, EXIT_USAGE } from '../io.js';

const USAGE = `Usage: role-doctor explain [FILE|-] [--json]

Finds every AWS authorization error in the text (a terminal paste, CI log, SDK exception,
CloudTrail record or decoded authorization message) and explains each: what happened, which
account and policy must change, the steps, a statement to add, commands to confirm, and
console links. Reads standard input when FILE is "-" or missing. Works offline.

Options:
  --json     print {"errors": [...]} with the parsed fields, the explanation of each, and
             "count", how many times the same error appears (retries are shown once)
  --help     show this help

Exit status: 0 when at least one error was recognised, 1 when none was, 2 on bad usage or an
unreadable file.
`;

const EXIT_NONE_FOUND = 1;

interface Options {
  file: string | null;
  json: boolean;
  help: boolean;
}

function parseOptions(args: string[]): Options | string {
  const options: Options = { file: null, json: false, help: false };
  for (const arg of args) {
    if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('-') && arg !== '-') return `unknown option "${arg}".`;
    else if (options.file !== null) {
      return `only one input may be given (got "${options.file}" and "${arg}").`;
    } else options.file = arg;
  }
  return options;
}

function readFailure(file: string, error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : error instanceof Error
            ? error.message
            : String(error);
  return (
    `role-doctor explain: cannot read "${file}": ${reason}.\n` +
    'Check the path, or pipe the error text in: role-doctor explain - < error.txt\n'
  );
}

/** "a service control policy", "an identity-based policy", "the role trust policy". */
function withArticle(type: PolicyType): string {
  const label = POLICY_TYPE_LABELS[type];
  if (type === 'trust') return `the ${label}`;
  return /^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`;
}

function describeDenial(error: ParsedAccessError): string | null {
  if (!error.deny && !error.policyType) return null;
  const deny = error.deny ? `${error.deny} deny` : 'deny';
  const where = error.policyType
    ? error.deny === 'implicit'
      ? ` (no ${POLICY_TYPE_LABELS[error.policyType]} allows it)`
      : ` in ${withArticle(error.policyType)}`
    : '';
  return `${deny}${where}${error.policyArn ? `: ${error.policyArn}` : ''}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** The readable report of one explained error, shared by every command that explains errors. */
export function formatExplanation(
  error: ParsedAccessError,
  explanation: Explanation,
  index: number,
  total: number,
  count = 1,
): string {
  const lines: string[] = [];
  const heading = total > 1 ? `Error ${index + 1} of ${total}` : 'Error';
  const seen = count > 1 ? ` (seen ${count} times)` : '';
  lines.push(`${heading}: ${ACCESS_ERROR_TITLES[error.kind]}${seen}`);
  lines.push(`  ${explanation.summary}`, '');
  const needs =
    error.suggestedActions.length > 0 ? ` (needs ${error.suggestedActions.join(', ')})` : '';
  const facts: Array<[string, string | null]> = [
    ['Kind', error.kind],
    ['Principal', error.principal],
    ['Action', error.action],
    ['Operation', error.operation ? `${error.operation}${needs}` : null],
    ['Resource', error.resource],
    ['Denied by', describeDenial(error)],
    ['Service', error.service],
    ['Region', error.region],
    ['Authorization id', error.authorizationId],
    ['Encoded message', error.encodedMessage ? `${error.encodedMessage.slice(0, 24)}…` : null],
  ];
  for (const [label, value] of facts) {
    if (value) lines.push(`  ${`${label}:`.padEnd(18)}${value}`);
  }
  if (error.truncated) lines.push('  (the pasted text looks cut off; some details may be missing)');
  if (explanation.changes.length > 0) {
    lines.push(
      '',
      explanation.anyOneChange
        ? 'What must change (any one of these is enough):'
        : 'What must change:',
    );
    for (const change of explanation.changes) {
      const where = [
        change.account ? `account ${change.account}` : null,
        change.policyType ? POLICY_TYPE_LABELS[change.policyType] : null,
      ].filter(Boolean);
      lines.push(`  - ${where.length > 0 ? `[${where.join(', ')}] ` : ''}${change.what}`);
    }
  }
  if (explanation.steps.length > 0) {
    lines.push('', 'How to fix it:');
    explanation.steps.forEach((step, at) => {
      lines.push(`  ${at + 1}. ${step}`);
    });
  }
  if (explanation.policyStatement) {
    lines.push('', `Policy text for ${explanation.policyStatement.attachTo}:`);
    lines.push(indent(JSON.stringify(explanation.policyStatement.statement, null, 2), '  '));
  }
  if (explanation.commands.length > 0) {
    lines.push('', 'Confirm with:');
    for (const command of explanation.commands) lines.push(`  $ ${command}`);
  }
  if (explanation.links.length > 0) {
    lines.push('', 'Console:');
    for (const link of explanation.links) lines.push(`  ${link.label}: ${link.url}`);
  }
  return lines.join('\n');
}

async function readInput(file: string | null, io: CliIo): Promise<string> {
  return file === null || file === '-' ? io.readStdin() : io.readFile(file);
}

export const explainCommand: Command = async (args, io) => {
  const options = parseOptions(args);
  if (typeof options === 'string') {
    io.stderr(
      `role-doctor explain: ${options}\nRun "role-doctor explain --help" for the options.\n`,
    );
    return EXIT_USAGE;
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  let text: string;
  try {
    text = await readInput(options.file, io);
  } catch (error) {
    io.stderr(
      options.file && options.file !== '-'
        ? readFailure(options.file, error)
        : 'role-doctor explain: cannot read standard input.\n',
    );
    return EXIT_USAGE;
  }
  const items = explainText(text);
  if (options.json) {
    const errors = items.map(({ error, explanation, count }) => ({
      ...error,
      explanation,
      count,
    }));
    io.stdout(`${JSON.stringify({ errors }, null, 2)}\n`);
  } else if (items.length > 0) {
    const reports = items.map(({ error, explanation, count }, index) =>
      formatExplanation(error, explanation, index, items.length, count),
    );
    io.stdout(`${reports.join(`\n\n${'─'.repeat(72)}\n\n`)}\n`);
  }
  if (items.length === 0) {
    io.stderr(
      'role-doctor explain: no AWS authorization error found in the input.\n' +
        'Give the whole error message, for example the line with "User: … is not authorized to ' +
        'perform" or "An error occurred (AccessDenied)", a CloudTrail record, or the output of ' +
        '"aws sts decode-authorization-message".\n',
    );
    return EXIT_NONE_FOUND;
  }
  return 0;
};
