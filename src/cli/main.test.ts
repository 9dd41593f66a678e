import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (text: string) => void out.push(text),
      stderr: (text: string) => void err.push(text),
    },
  };
}

describe('role-doctor without a command', () => {
  it('prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const { out, io } = capture();
      // Only the output functions are used before a command is chosen.
      expect(await runCli([flag], io as never)).toBe(0);
      expect(out.join('')).toBe(`role-doctor ${version}\n`);
    }
  });

  it('names the version flag in its usage', async () => {
    const { out, io } = capture();
    expect(await runCli(['--help'], io as never)).toBe(0);
    expect(out.join('')).toContain('"role-doctor --version"');
  });
});
