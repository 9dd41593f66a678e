// Builds everything the project ships: the Chrome and Firefox extensions from the one
// manifest.json, an installable zip of each, the role-doctor command, and the stand-in console
// pages that the end-to-end tests and the demo serve.

import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { checkPermissions } from './check-permissions.mjs';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

function vite(mode) {
  const result = spawnSync('npx', ['vite', 'build', '--mode', mode, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) throw new Error(`vite build --mode ${mode} failed`);
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function zipDirectory(dir, target) {
  const entries = {};
  for (const file of filesUnder(dir)) {
    // Fixed timestamps make the archives reproducible.
    entries[relative(dir, file)] = [
      readFileSync(file),
      { mtime: new Date('2026-01-01T00:00:00Z') },
    ];
  }
  writeFileSync(target, zipSync(entries, { level: 9 }));
}

export function build({ withFixtures = true } = {}) {
  for (const mode of ['chrome', 'firefox', 'cli']) vite(mode);
  chmodSync(join(DIST, 'cli', 'role-doctor.mjs'), 0o755);
  // A permission, host or match pattern nobody reviewed fails the build.
  for (const browser of ['chrome', 'firefox']) {
    const problems = checkPermissions(join(DIST, browser));
    if (problems.length > 0) {
      throw new Error(`dist/${browser}: unreviewed manifest entries:\n  ${problems.join('\n  ')}`);
    }
  }
  zipDirectory(join(DIST, 'chrome'), join(DIST, 'role-doctor-chrome.zip'));
  zipDirectory(join(DIST, 'firefox'), join(DIST, 'role-doctor-firefox.zip'));
  if (withFixtures) vite('fixtures');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    build();
    console.log('Built dist/chrome, dist/firefox (with zips), dist/cli and dist/fixtures.');
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    process.exitCode = 1;
  }
}
