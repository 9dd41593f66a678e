import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import type { Plugin, UserConfig } from 'vite';
import { defineConfig } from 'vitest/config';

// One vite.config.ts builds every artefact, chosen by --mode:
//   chrome | firefox  the extension for one browser, into dist/<mode>/
//   cli               the role-doctor command, into dist/cli/
//   fixtures          the stand-in console pages served by the e2e rig and the demo
// Without a mode (vitest) only the test settings apply.

type Manifest = Record<string, unknown> & {
  background?: unknown;
  permissions?: string[];
  side_panel?: { default_path: string };
};

const sourceManifest = (): Manifest =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, 'manifest.json'), 'utf8')) as Manifest;

/** Chrome gets a service worker and a side panel; Firefox event pages and a sidebar. */
export function manifestFor(browser: 'chrome' | 'firefox'): Manifest {
  const manifest = sourceManifest();
  if (browser === 'chrome') {
    delete manifest.browser_specific_settings;
    return manifest;
  }
  const panelPath = manifest.side_panel?.default_path ?? 'src/panel/index.html';
  delete manifest.side_panel;
  delete manifest.minimum_chrome_version;
  manifest.permissions = (manifest.permissions ?? []).filter((name) => name !== 'sidePanel');
  manifest.background = { scripts: ['src/background/index.ts'], type: 'module' };
  // Firefox's own command toggles the sidebar directly, with the same shortcut.
  manifest.commands = {
    _execute_sidebar_action: {
      suggested_key: { default: 'Alt+Shift+R' },
      description: 'Open Role Doctor',
    },
  };
  manifest.sidebar_action = {
    default_panel: panelPath,
    default_title: 'Role Doctor',
    default_icon: { 16: 'icons/icon-16.png', 48: 'icons/icon-48.png' },
    open_at_install: false,
  };
  return manifest;
}

/**
 * Preact can set innerHTML for `dangerouslySetInnerHTML`. Role Doctor never uses it (the linter
 * forbids it), so the bundle's one innerHTML assignment is replaced by an error: no code path in
 * the extension can turn a string into markup, and the Firefox add-on linter has nothing to flag.
 */
function withoutPreactInnerHtml(): Plugin {
  const assignment = /\((\w+)\.innerHTML=(\w+)\.__html\)/g;
  return {
    name: 'role-doctor:without-preact-inner-html',
    transform(code, id) {
      if (!/[\\/]preact[\\/]dist[\\/]preact\.mjs$/.test(id)) return null;
      const replaced = code.replace(
        assignment,
        '(function(){throw new Error("Role Doctor renders text only")})()',
      );
      if (replaced === code) throw new Error('Preact changed: review the innerHTML removal');
      return { code: replaced, map: null };
    },
  };
}

const CONTENT_SCRIPTS = [
  'src/content/console.ts',
  'src/content/iam.ts',
  'src/content/page-world.ts',
  'src/content/switchrole.ts',
];

function extensionConfig(browser: 'chrome' | 'firefox'): UserConfig {
  return {
    plugins: [
      withoutPreactInnerHtml(),
      crx({
        manifest: manifestFor(browser) as unknown as ManifestV3Export,
        browser,
        // Self-contained content scripts: no loader, nothing web-accessible for pages to probe.
        contentScripts: { standaloneFiles: CONTENT_SCRIPTS },
      }),
    ],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    define: { __BROWSER__: JSON.stringify(browser) },
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: browser === 'chrome' ? 'chrome116' : 'firefox140',
      // Firefox reads the panel from sidebar_action, which the plugin does not treat as an entry.
      rollupOptions: {
        input: {
          panel: resolve(import.meta.dirname, 'src/panel/index.html'),
        },
      },
      minify: true,
      sourcemap: false,
    },
  };
}

const cliConfig: UserConfig = {
  build: {
    outDir: 'dist/cli',
    emptyOutDir: true,
    ssr: resolve(import.meta.dirname, 'src/cli/bin.ts'),
    target: 'node20',
    rollupOptions: {
      output: { entryFileNames: 'role-doctor.mjs', banner: '#!/usr/bin/env node' },
    },
  },
  ssr: { noExternal: true },
};

const fixturesConfig: UserConfig = {
  root: resolve(import.meta.dirname, 'e2e/fixtures'),
  base: '/__fixtures__/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/fixtures'),
    emptyOutDir: true,
    // Cloudscape and Ace make one large bundle; it is served from loopback only.
    chunkSizeWarningLimit: 4096,
  },
};

export default defineConfig(({ mode }) => {
  const test = {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'scripts/**/*.test.ts',
      'e2e/standins/**/*.test.ts',
    ],
    environment: 'node' as const,
  };
  if (mode === 'chrome' || mode === 'firefox') return { ...extensionConfig(mode), test };
  if (mode === 'cli') return { ...cliConfig, test };
  if (mode === 'fixtures') return { ...fixturesConfig, test };
  return { test };
});
