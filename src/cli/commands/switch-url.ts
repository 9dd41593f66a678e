import { buildSwitchRoleLink } from '../../core/switch/index.js';
import { type Command, EXIT_USAGE } from '../io.js';

// `role-doctor switch-url`: the shareable link to AWS's Switch Role page, filled in.

const USAGE = `Usage: role-doctor switch-url ROLE_ARN [options]
       role-doctor switch-url --account ID_OR_ALIAS --role PATH/NAME [options]

Prints the link that opens the AWS Switch Role page filled in for a role. The link holds no
secret and can be shared; whoever opens it still clicks Switch Role on AWS's page.

Options:
  --account ID_OR_ALIAS  12-digit account id or account alias (with --role)
  --role PATH/NAME       role name, with its path if it has one (with --account)
  --display-name TEXT    name shown in the console's navigation bar (64 characters at most)
  --color HEX            colour in the navigation bar, e.g. fbbf93 or #fbbf93
  --redirect URL         console page to land on after switching
  --region REGION        region to land in (also decides the partition)
  --partition ID         aws, aws-us-gov, aws-cn or aws-eusc, for --account/--role
  --json                 print {"url","signinHost","partition","warnings"}
  --                     end of options: what follows is the role ARN

Exit status: 0 when the link was printed, 2 on bad usage or invalid input (the reason is on
standard error).
`;

const VALUE_OPTIONS = new Set([
  'account',
  'role',
  'display-name',
  'color',
  'redirect',
  'region',
  'partition',
]);
const FLAG_OPTIONS = new Set(['json', 'help']);

interface Parsed {
  options: Map<string, string | true>;
  positional: string[];
}

/** Reads `--name value`, `--name=value` and flags; anything unknown is a usage error. */
export function parseOptions(
  args: string[],
  values: ReadonlySet<string>,
  flags: ReadonlySet<string>,
): Parsed | { error: string } {
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (arg === '-h') {
      options.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals >= 0 ? equals : undefined);
    if (options.has(name)) return { error: `--${name} is given twice; give it once.` };
    if (flags.has(name)) {
      if (equals >= 0) return { error: `--${name} takes no value.` };
      options.set(name, true);
    } else if (values.has(name)) {
      const value = equals >= 0 ? arg.slice(equals + 1) : args[++index];
      if (value === undefined || (equals < 0 && value.startsWith('--'))) {
        return { error: `--${name} needs a value.` };
      }
      options.set(name, value);
    } else {
      return { error: `Unknown option ${arg.slice(0, equals >= 0 ? equals : undefined)}.` };
    }
  }
  return { options, positional };
}

function text(options: Map<string, string | true>, name: string): string | null {
  const value = options.get(name);
  return typeof value === 'string' ? value : null;
}

/** Whether --json is among the options (before `--`), even when the rest does not parse. */
export function wantsJson(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--json') return true;
  }
  return false;
}

/** The JSON error object every command prints for bad usage when --json is given. */
export function usageErrorJson(messages: readonly string[], code = 'Usage'): string {
  const error = { code, message: messages.join(' ') };
  return `${JSON.stringify({ ok: false, error, errors: messages }, null, 2)}\n`;
}

export const switchUrlCommand: Command = async (args, io) => {
  const parsed = parseOptions(args, VALUE_OPTIONS, FLAG_OPTIONS);
  if ('error' in parsed) {
    if (wantsJson(args)) io.stdout(usageErrorJson([parsed.error]));
    else io.stderr(`role-doctor switch-url: ${parsed.error}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { options, positional } = parsed;
  if (options.has('help')) {
    io.stdout(USAGE);
    return 0;
  }
  const json = options.has('json');
  if (positional.length > 1) {
    const message = `give one role ARN; got ${positional.length} arguments.`;
    if (json) io.stdout(usageErrorJson([message]));
    else io.stderr(`role-doctor switch-url: ${message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const result = buildSwitchRoleLink({
    roleArn: positional[0] ?? null,
    account: text(options, 'account'),
    role: text(options, 'role'),
    displayName: text(options, 'display-name'),
    color: text(options, 'color'),
    redirect: text(options, 'redirect'),
    region: text(options, 'region'),
    partition: text(options, 'partition'),
  });
  if (!result.ok) {
    if (json) io.stdout(usageErrorJson(result.errors, 'InvalidInput'));
    else io.stderr(result.errors.map((error) => `role-doctor switch-url: ${error}\n`).join(''));
    return EXIT_USAGE;
  }
  if (json) {
    const { url, signinHost, partition, warnings } = result;
    io.stdout(`${JSON.stringify({ url, signinHost, partition, warnings }, null, 2)}\n`);
    return 0;
  }
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  io.stdout(`${result.url}\n`);
  return 0;
};
