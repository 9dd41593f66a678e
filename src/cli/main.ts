import { version } from '../../package.json';
import { type CliIo, type Command, EXIT_USAGE } from './io.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  explain: {
    summary: 'explain AWS authorization errors found in text (a file or stdin)',
    load: async () => (await import('./commands/explain.js')).explainCommand,
  },
  trust: {
    summary: 'check a role trust policy and whether a caller can assume the role',
    load: async () => (await import('./commands/trust.js')).trustCommand,
  },
  'switch-url': {
    summary: 'build a console switch-role link',
    load: async () => (await import('./commands/switch-url.js')).switchUrlCommand,
  },
  roles: {
    summary: 'list the roles an AWS CLI or aws-extend-switch-roles config defines',
    load: async () => (await import('./commands/roles.js')).rolesCommand,
  },
  'console-url': {
    summary: 'turn credentials into a console sign-in link',
    load: async () => (await import('./commands/console-url.js')).consoleUrlCommand,
  },
  decode: {
    summary: 'decode an encoded authorization failure message through STS and explain it',
    load: async () => (await import('./commands/decode.js')).decodeCommand,
  },
  diagnose: {
    summary: 'walk every link of a cross-account role assumption and name the first that fails',
    load: async () => (await import('./commands/diagnose.js')).diagnoseCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`,
  );
  return (
    `Usage: role-doctor <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    'Run "role-doctor <command> --help" for the options of one command, "role-doctor ' +
    '--version" for the version.\n'
  );
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(usage());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`role-doctor ${version}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`role-doctor: unknown command "${name}".\n\n${usage()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  return command(rest, io);
}
