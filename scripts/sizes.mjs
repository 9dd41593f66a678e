// Measures what the extension costs to load, from the built dist/: the bytes of content script
// injected into console pages, and the bytes the panel loads before anything lazy.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const SIZE_BUDGETS = {
  contentScriptsGzip: 8 * 1024,
  panelFirstLoadGzip: 60 * 1024,
};

const gzipSize = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** Static imports of a built ES module (dynamic import() calls are lazy and not followed). */
function staticImports(code) {
  const found = [];
  const pattern = /(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of code.matchAll(pattern)) found.push(match[1]);
  return found;
}

function moduleClosure(entryFiles) {
  const seen = new Set();
  const queue = [...entryFiles];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      queue.push(resolve(dirname(file), specifier));
    }
  }
  return [...seen];
}

export function measureSizes(distDir) {
  const manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8'));
  const scripts = manifest.content_scripts ?? [];
  const pageKinds = new Map();
  for (const script of scripts) {
    for (const pattern of script.matches ?? []) {
      const kind = pattern.includes('/iam')
        ? 'IAM console page'
        : pattern.includes('signin')
          ? 'switch-role page'
          : 'any console page';
      const files = pageKinds.get(kind) ?? new Set();
      for (const file of script.js ?? []) files.add(file);
      pageKinds.set(kind, files);
    }
  }
  // An IAM page also gets what every console page gets.
  const anyPage = pageKinds.get('any console page') ?? new Set();
  const iam = pageKinds.get('IAM console page') ?? new Set();
  for (const file of anyPage) iam.add(file);
  const contentScripts = [...pageKinds].map(([kind, files]) => ({
    kind,
    files: [...files],
    gzip: [...files].reduce((sum, file) => sum + gzipSize(readFileSync(join(distDir, file))), 0),
  }));

  const panelHtmlPath = join(distDir, 'src', 'panel', 'index.html');
  const html = readFileSync(panelHtmlPath, 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)]
    .map((m) => resolve(dirname(panelHtmlPath), m[1].startsWith('/') ? join(distDir, m[1]) : m[1]))
    .map((file) => (file.startsWith(distDir) ? file : join(distDir, file)));
  const panelFiles = moduleClosure(referenced);
  const panelGzip =
    gzipSize(Buffer.from(html)) +
    panelFiles.reduce((sum, file) => sum + gzipSize(readFileSync(file)), 0);
  return {
    contentScripts,
    contentScriptsWorstGzip: Math.max(0, ...contentScripts.map((entry) => entry.gzip)),
    panelFirstLoadGzip: panelGzip,
    panelFiles: panelFiles.map((file) => file.slice(distDir.length + 1)),
  };
}
