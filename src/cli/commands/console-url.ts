import { type Command, EXIT_USAGE } from '../io.js';

// Placeholder until the command lands; replaced by the real implementation.
export const consoleUrlCommand: Command = async (_args, io) => {
  io.stderr('role-doctor console-url: not available in this build yet.\n');
  return EXIT_USAGE;
};
