// npm run bench: measures Role Doctor against its budgets and writes BENCHMARKS.md.
// With --sizes-only it checks only the deterministic sizes (CI does this) and writes nothing.

import { join } from 'node:path';
import { measureSizes, SIZE_BUDGETS } from './sizes.mjs';

const ROOT = join(import.meta.dirname, '..');
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

function checkSizes() {
  let ok = true;
  for (const browser of ['chrome', 'firefox']) {
    const sizes = measureSizes(join(ROOT, 'dist', browser));
    const rows = [
      [
        'content scripts on a console page (worst, gzip)',
        sizes.contentScriptsWorstGzip,
        SIZE_BUDGETS.contentScriptsGzip,
      ],
      ['panel first load (gzip)', sizes.panelFirstLoadGzip, SIZE_BUDGETS.panelFirstLoadGzip],
    ];
    for (const [label, value, budget] of rows) {
      const within = value <= budget;
      ok &&= within;
      console.log(
        `${browser}: ${label}: ${kib(value)} (budget ${kib(budget)}) ` +
          `${within ? 'ok' : 'OVER BUDGET'}`,
      );
    }
  }
  return ok;
}

if (process.argv.includes('--sizes-only')) {
  process.exitCode = checkSizes() ? 0 : 1;
} else {
  const { runBenchmarks } = await import('./bench-run.mjs');
  const ok = checkSizes();
  await runBenchmarks();
  process.exitCode = ok ? 0 : 1;
}
