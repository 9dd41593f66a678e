// The one command that checks everything: it installs what is missing, then runs typecheck,
// lint, unit tests, the build, the Firefox add-on linter, the production dependency audit and
// the end-to-end suites in Chromium and Firefox. It ends with one line `N passed, N failed`
// summing every suite (each check that is not a test runner counts as one test).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap } from './bootstrap.mjs';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'e2e', '.out');
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, options = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  return result.status === 0;
}

function countCheck(name, ok) {
  if (ok) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(name);
  }
}

function countVitest(file, ok) {
  if (!existsSync(file)) return countCheck('unit tests (no report)', false);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numFailedTests > 0 || !ok) failures.push('unit tests');
  if (!ok && report.numFailedTests === 0) countCheck('unit test run', false);
}

function countPlaywright(file, ok) {
  if (!existsSync(file)) return countCheck('end-to-end tests (no report)', false);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  tally.passed += expected + flaky;
  tally.failed += unexpected;
  tally.skipped += skipped;
  if (unexpected > 0 || !ok) failures.push('end-to-end tests');
  if (!ok && unexpected === 0) countCheck('end-to-end run', false);
}

/**
 * `npm audit --omit=dev`: vulnerabilities fail the run. A registry that offers no audit service
 * (some mirrors answer 405) cannot show either way, so that is reported as skipped, not passed.
 */
function auditProductionDependencies() {
  console.log('\n=== production dependency audit: npm audit --omit=dev');
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  let report = null;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = null;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (counts) {
    const found =
      Object.values(counts).reduce((sum, n) => sum + (typeof n === 'number' ? n : 0), 0) -
      (counts.total ?? 0);
    console.log(found === 0 ? 'No known vulnerabilities.' : result.stdout);
    return countCheck('npm audit', found === 0);
  }
  const reason =
    report?.message ?? report?.error?.summary ?? result.stderr.trim().split('\n').at(-1);
  console.log(`Skipped: the registry gave no audit report (${reason}).`);
  tally.skipped += 1;
}

function main() {
  bootstrap();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const npx = (args, options) => step(args[0], 'npx', args, options);

  countCheck('typecheck', step('typecheck', 'npm', ['run', '--silent', 'typecheck']));
  countCheck('lint', step('lint', 'npx', ['biome', 'check', '.']));
  const unitReport = join(OUT, 'unit.json');
  countVitest(
    unitReport,
    npx([
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${unitReport}`,
    ]),
  );
  const built = step('build', 'node', ['scripts/build.mjs']);
  countCheck('build', built);
  countCheck('budgets', step('size budgets', 'node', ['scripts/bench.mjs', '--sizes-only']));
  countCheck(
    'addons-linter',
    step('Firefox add-on linter', 'npx', [
      'addons-linter',
      '--self-hosted',
      '--warnings-as-errors',
      'dist/firefox',
    ]),
  );
  auditProductionDependencies();
  if (built) {
    const e2eReport = join(OUT, 'e2e-results.json');
    countPlaywright(
      e2eReport,
      step('end-to-end (Chromium and Firefox)', 'npx', [
        'playwright',
        'test',
        '--config',
        'e2e/playwright.config.ts',
      ]),
    );
  } else {
    countCheck('end-to-end tests (not run: the build failed)', false);
  }

  if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
  const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped` : '';
  console.log(`\n${tally.passed} passed, ${tally.failed} failed${skipped}`);
  process.exitCode = tally.failed > 0 ? 1 : 0;
}

try {
  main();
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  console.log(`\n${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exitCode = 1;
}
