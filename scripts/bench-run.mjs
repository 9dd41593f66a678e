// The timed part of `npm run bench`: runs the benchmark in e2e/bench/ (TypeScript, through tsx)
// and resolves when it has written BENCHMARKS.md. Sizes are checked by scripts/bench.mjs itself.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

export async function runBenchmarks() {
  await new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'e2e/bench/run.ts'], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the benchmark stopped (${signal ?? `exit code ${code}`})`));
    });
  });
}
