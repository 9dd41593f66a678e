import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeIo } from './fake-io.js';
import { runCli } from './main.js';

describe('role-doctor without a command', () => {
  it('prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const { io, stdout } = fakeIo();
      expect(await runCli([flag], io)).toBe(0);
      expect(stdout()).toBe(`role-doctor ${version}\n`);
    }
  });

  it('names the version flag in its usage', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(stdout()).toContain('"role-doctor --version"');
  });
});
