// Installs what a fresh Debian machine with Node lacks, and nothing that is already there:
// Debian's Chromium and Firefox ESR (browsers are never downloaded from anywhere else) and the
// npm dependencies from the lock file. Uses Node's own modules only, so it runs before npm ci.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
  }
}

export function ensureBrowsers() {
  const missing = [];
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr')) missing.push('firefox-esr');
  if (missing.length === 0) return;
  if (!have('apt-get')) {
    throw new Error(
      `Missing ${missing.join(' and ')}; install them with your package manager ` +
        '(or set CHROMIUM_PATH / FIREFOX_PATH) and run again.',
    );
  }
  console.log(`Installing ${missing.join(', ')} from Debian's packages...`);
  aptGet(['update', '-qq']);
  aptGet(['install', '-y', '-qq', ...missing]);
}

function aptGet(args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (process.getuid?.() === 0) run('apt-get', args, { env });
  else run('sudo', ['apt-get', ...args], { env });
}

export function ensureNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  console.log('Installing npm dependencies (npm ci)...');
  run('npm', ['ci', '--no-fund', '--no-audit'], { cwd: ROOT });
}

export function nodeMajor() {
  return Number(process.versions.node.split('.')[0]);
}

export function bootstrap() {
  if (nodeMajor() < 20) throw new Error(`Node 20 or newer is needed; this is ${process.version}.`);
  ensureBrowsers();
  ensureNodeModules();
}

export function packageVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
}

export { ROOT };
