import { defineConfig } from '@playwright/test';

// Both browsers' suites run one file at a time: each starts a real browser on a 2-core machine.
export default defineConfig({
  testDir: './specs',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.out/e2e-results.json' }]],
  outputDir: '.out/test-results',
});
