import { importRoles, MAX_SWITCH_ROLE_NAME, type SavedRole } from '../../core/switch/index.js';
import { type Command, EXIT_USAGE } from '../io.js';
import { parseOptions } from './switch-url.js';

// `role-doctor roles import FILE`: the roles an AWS CLI config or an aws-extend-switch-roles
// config defines, with every problem by line.

const USAGE = `Usage: role-doctor roles import FILE [--format auto|aws-config|aesr] [--json]

Lists the roles a config file defines: an AWS CLI ~/.aws/config (profiles with role_arn) or an
aws-extend-switch-roles configuration. Problems are reported with their line number.
Use - as FILE to read standard input.

Options:
  --format F   auto (default), aws-config or aesr
  --json       print {"format","roles":[...],"errors":[{"line","message"}],"warnings":[...]}

Exit status: 0 when at least one role was read, 1 when none, 2 on bad usage or a file that
cannot be read (missing, unreadable, larger than 8 MiB).
`;

const FORMATS = new Set(['auto', 'aws-config', 'aesr']);

function describeReadError(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return `${path} does not exist; check the path.`;
  if (code === 'EISDIR') return `${path} is a folder; give the config file inside it.`;
  if (code === 'EACCES') return `${path} cannot be read (permission denied).`;
  return `${path} cannot be read (${typeof code === 'string' ? code : 'unknown error'}).`;
}

function table(roles: SavedRole[]): string {
  const rows = roles.map((role) => [
    role.name,
    role.partition === 'aws' ? role.account : `${role.account} (${role.partition})`,
    role.roleName,
    role.region ?? '-',
    [
      role.sourceProfile ? `from ${role.sourceProfile}` : '',
      role.requiresMfa ? 'MFA' : '',
      role.requiresExternalId ? 'ExternalId: not switchable in the console' : '',
      role.roleName.length > MAX_SWITCH_ROLE_NAME
        ? 'path+name over 64: not switchable in the console'
        : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const header = ['PROFILE', 'ACCOUNT', 'ROLE', 'REGION', 'NOTES'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const rolesCommand: Command = async (args, io) => {
  const [subcommand, ...rest] = args;
  if (subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (subcommand !== 'import') {
    const what = subcommand ? `unknown subcommand "${subcommand}"` : 'missing subcommand';
    io.stderr(`role-doctor roles: ${what}.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const parsed = parseOptions(rest, new Set(['format']), new Set(['json', 'help']));
  if ('error' in parsed) {
    io.stderr(`role-doctor roles import: ${parsed.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { options, positional } = parsed;
  if (options.has('help')) {
    io.stdout(USAGE);
    return 0;
  }
  const format = options.get('format') ?? 'auto';
  if (typeof format !== 'string' || !FORMATS.has(format)) {
    io.stderr('role-doctor roles import: --format must be auto, aws-config or aesr.\n');
    return EXIT_USAGE;
  }
  const [path, ...extra] = positional;
  if (!path || extra.length > 0) {
    io.stderr(`role-doctor roles import: give exactly one config file.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let text: string;
  try {
    text = path === '-' ? await io.readStdin() : await io.readFile(path);
  } catch (error) {
    io.stderr(`role-doctor roles import: ${describeReadError(path, error)}\n`);
    return EXIT_USAGE;
  }
  const result = importRoles(text, format as 'auto' | 'aws-config' | 'aesr');
  const label = path === '-' ? 'stdin' : path;
  // A problem with the file as a whole (too large to read) is unusable input, not a line.
  const whole = result.errors.find((error) => error.line === 0);
  if (whole) {
    if (options.has('json')) {
      const error = { code: 'InvalidInput', message: whole.message };
      io.stdout(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
    } else io.stderr(`role-doctor roles import: ${label}: ${whole.message}\n`);
    return EXIT_USAGE;
  }
  if (options.has('json')) {
    io.stdout(
      `${JSON.stringify(
        {
          format: result.format,
          roles: result.roles,
          errors: result.errors,
          warnings: result.warnings,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    if (result.roles.length > 0) io.stdout(`${table(result.roles)}\n`);
    for (const error of result.errors) io.stderr(`${label}:${error.line}: ${error.message}\n`);
    for (const warning of result.warnings) {
      io.stderr(`${label}:${warning.line}: warning: ${warning.message}\n`);
    }
    const count = result.roles.length;
    const problems = result.errors.length;
    const format =
      result.format === 'aesr' ? 'an aws-extend-switch-roles config' : 'an AWS CLI config';
    const problemWords = problems > 0 ? `, ${problems} problem${problems === 1 ? '' : 's'}` : '';
    io.stderr(`${count} role${count === 1 ? '' : 's'} read as ${format}${problemWords}.\n`);
  }
  return result.roles.length > 0 ? 0 : 1;
};
