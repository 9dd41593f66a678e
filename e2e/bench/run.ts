// npm run bench (through scripts/bench-run.mjs): measures every figure of the budgets and
// writes BENCHMARKS.md. Sizes come from the built dist/, times from the core in Node and from
// Chromium with the built extension on stand-in console pages.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM } from '../rig/chromium.js';
import { startRig } from '../rig/server.js';
import {
  browserFigures,
  MEMORY_SAMPLE_SECONDS,
  MEMORY_SECONDS,
  MEMORY_WARMUP_SECONDS,
} from './browser.js';
import { coreFigures } from './core.js';
import { chromiumVersion, type Figure, machine, renderReport, type Section } from './report.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OUTPUT = process.env.BENCH_OUTPUT ?? join(ROOT, 'BENCHMARKS.md');

interface Sizes {
  contentScripts: Array<{ kind: string; files: string[]; gzip: number }>;
  contentScriptsWorstGzip: number;
  panelFirstLoadGzip: number;
  panelFiles: string[];
}
interface SizesModule {
  measureSizes(distDir: string): Sizes;
  SIZE_BUDGETS: { contentScriptsGzip: number; panelFirstLoadGzip: number };
}

const PAGE_KINDS: Record<string, string> = {
  'any console page': 'every console page',
  'IAM console page': 'an IAM console page',
  'switch-role page': 'the switch-role page',
};

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function sizeFigures(): Promise<Figure[]> {
  // Loaded by a computed path: a plain .mjs module without type declarations.
  const { measureSizes, SIZE_BUDGETS } = (await import(
    join(ROOT, 'scripts', 'sizes.mjs')
  )) as SizesModule;
  const figures: Figure[] = [];
  for (const browser of ['chrome', 'firefox']) {
    const dist = join(ROOT, 'dist', browser);
    if (!existsSync(join(dist, 'manifest.json'))) {
      figures.push({
        name: `${browser}: sizes`,
        value: null,
        budget: '',
        within: null,
        reason: `not measured: dist/${browser} is not built (node scripts/build.mjs)`,
      });
      continue;
    }
    const sizes = measureSizes(dist);
    for (const entry of sizes.contentScripts) {
      figures.push({
        name: `${browser}: content scripts on ${PAGE_KINDS[entry.kind] ?? entry.kind} (gzip)`,
        value: kib(entry.gzip),
        budget: kib(SIZE_BUDGETS.contentScriptsGzip),
        within: entry.gzip <= SIZE_BUDGETS.contentScriptsGzip,
        detail: entry.files.join(', '),
      });
    }
    figures.push({
      name: `${browser}: panel first load (gzip, before lazy views)`,
      value: kib(sizes.panelFirstLoadGzip),
      budget: kib(SIZE_BUDGETS.panelFirstLoadGzip),
      within: sizes.panelFirstLoadGzip <= SIZE_BUDGETS.panelFirstLoadGzip,
      detail: `index.html + ${sizes.panelFiles.join(', ')}`,
    });
  }
  return figures;
}

function memoryWindow(): string {
  return MEMORY_SECONDS % 3600 === 0
    ? `${MEMORY_SECONDS / 3600} hour${MEMORY_SECONDS === 3600 ? '' : 's'}`
    : `${(MEMORY_SECONDS / 60).toFixed(1)} minutes`;
}

const CONTENT_METHOD = `
**Content script time.** The stand-in page is served by the end-to-end rig at
\`https://us-west-2.console.aws.amazon.com/bench/heavy\`, so the manifest's match patterns inject
the content scripts exactly as on the console. It holds a few thousand nodes (an instance table and
a long navigation) and, once the scripts have settled, changes the DOM a thousand times a second
for ten seconds (batches of ten every 10 ms: four table rows replaced in place, a cell's text and
an attribute changed; a late timer catches up, so the rate holds) without ever showing an error.
During that window the V8 sampling profiler (\`Profiler.start\`, 100 µs interval, over CDP on the
page) records the renderer's main thread, which runs the page and every content-script world. Time
in samples whose stack holds a frame of a \`chrome-extension://\` script is the extension's (it
includes the DOM calls the scripts make, such as \`innerText\` and \`querySelectorAll\`);
everything but \`(idle)\` is the page's busy time. The figure is that share of busy time (the
stricter reading of "the page's time"); its share of wall time is given too. The stack split
charges the scripts with everything done inside their calls, including a layout they force that the
page would have done at its next frame anyway; so the same page is also run from a host no content
script matches, and the difference in busy time (net cost, but noisier on a shared machine) is the
third figure, with \`Performance.getMetrics\` TaskDuration of both runs alongside. The profiler
cannot see work the browser does on the scripts' behalf outside their stacks (queuing mutation
records for the observer), which is small but not zero.

**Banner to badge.** On the same busy page, while it keeps mutating, the page inserts a flashbar
like the console's (\`data-analytics-flashbar="error"\`, an access-denied sentence) and records the
time; the service worker polls \`chrome.action.getBadgeText\` for the tab and records when it turns
non-empty. Both clocks are the machine's wall clock (\`performance.timeOrigin +
performance.now()\`).

**Panel first render.** The panel page is opened as a tab
(\`chrome-extension://<id>/src/panel/index.html\`); a script injected before the page's own records
\`performance.now()\` (zero at navigation start) when the app's root element first exists.

**Memory.** A console page with an error banner, a clock ticking every half second, a list changing
every five seconds and a route change every fifteen (each a new report to the worker and a panel
re-render) stays open with the side panel open on it for ${memoryWindow()}, after a
${MEMORY_WARMUP_SECONDS} s warm-up. Every ${MEMORY_SAMPLE_SECONDS} s the worker's and the panel's
heaps are measured over CDP (\`HeapProfiler.collectGarbage\` twice, then \`Runtime.getHeapUsage\`),
and a heap snapshot at both ends splits the heap into the engine's part (compiled code and V8's
internal "system" objects) and the program's objects. The engine's part grows for a while as the JIT
optimises the functions that run often; it is bounded by the size of the program, so the verdict is
on the program's objects: growth under 5 % of the heap per hour counts as none.${
  MEMORY_SECONDS >= 3600
    ? ''
    : ' The budget speaks of an hour; this run was shorter (BENCH_MEMORY_SECONDS), so every ' +
      'hourly figure is extrapolated, not measured.'
}

**Machine.** Other work may run on this machine at the same time (builds, end-to-end suites), which
widens the spread of every time; medians of repeated runs damp but do not remove that.`;

const CORE_METHOD = `
**Core figures** run in Node on the same V8 as Chromium, in-process, after a warm-up:
\`explainText\` over every message of the access-denied corpus, repeated; a 1 MiB log of real
messages among CI noise; \`checkTrustPolicy\` plus \`evaluateTrust\` on a trust policy of exactly
4,096 non-whitespace characters whose caller only the last statement admits; \`filterRoles\` over
5,000 saved roles made by \`makeSavedRole\`, one call per keystroke while typing a query. A core
module that is not there is reported as "not measured: module missing" instead of failing the run.`;

async function main(): Promise<void> {
  const started = Date.now();
  console.log('Benchmark: sizes');
  const sizes = await sizeFigures();
  console.log('Benchmark: core (parse and explain, trust, role filter)');
  const core = await coreFigures();
  let browser: Figure[] = [];
  let version = chromiumVersion(CHROMIUM);
  if (!existsSync(join(ROOT, 'dist', 'chrome', 'manifest.json'))) {
    browser = [
      {
        name: 'browser figures',
        value: null,
        budget: '',
        within: null,
        reason: 'not measured: dist/chrome is not built (node scripts/build.mjs)',
      },
    ];
  } else {
    console.log('Benchmark: Chromium with the extension');
    const rig = await startRig();
    try {
      const results = await browserFigures(rig);
      browser = results.figures;
      version = results.chromiumVersion ? `${version} (CDP ${results.chromiumVersion})` : version;
    } finally {
      await rig.close();
    }
  }
  const sections: Section[] = [
    { title: 'Sizes', figures: sizes },
    {
      title: 'Content script, badge, panel and memory (Chromium)',
      figures: browser,
      method: CONTENT_METHOD,
    },
    { title: 'Parse, explain, trust and filter (core)', figures: core, method: CORE_METHOD },
  ];
  writeFileSync(OUTPUT, renderReport(sections, machine(version)));
  for (const figure of [...sizes, ...core, ...browser]) {
    const verdict =
      figure.value === null ? figure.reason : figure.within === false ? 'OVER BUDGET' : '';
    console.log(
      `  ${figure.name}: ${figure.value ?? '—'} (budget ${figure.budget}) ${verdict ?? ''}`,
    );
  }
  console.log(`Wrote ${OUTPUT} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await main();
