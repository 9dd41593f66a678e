// npm start: installs what is missing, builds both browsers' packages, and launches the demo on
// the bundled stand-in console pages (see e2e/demo.ts).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bootstrap } from './bootstrap.mjs';
import { build } from './build.mjs';

const ROOT = join(import.meta.dirname, '..');

try {
  bootstrap();
  build();
  const demo = spawnSync('npx', ['tsx', 'e2e/demo.ts', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exitCode = demo.status ?? 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
