import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

interface CheckModule {
  checkPermissions(distDir: string, reviewed?: unknown): string[];
  loadReviewed(): Reviewed;
}
interface Reviewed {
  permissions: Record<string, string>;
  host_permissions: Record<string, string>;
  content_script_matches: Record<string, string>;
  web_accessible_resources: Record<string, string>;
  [list: string]: Record<string, string> | string;
}
type Manifest = Record<string, unknown>;

// Loaded by a computed path: a plain .mjs module without type declarations.
const MODULE = join(import.meta.dirname, 'check-permissions.mjs');
let check: CheckModule;
beforeAll(async () => {
  check = (await import(MODULE)) as CheckModule;
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function distWith(manifest: Manifest, pages: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'role-doctor-permissions-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  for (const [path, html] of Object.entries(pages)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), html);
  }
  return dir;
}

/** The source manifest as the build turns it into Chrome's: scripts renamed to their output. */
function builtChromeManifest(): Manifest {
  const source = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'manifest.json'), 'utf8'),
  ) as Manifest & { content_scripts: Array<{ js: string[] }> };
  const { browser_specific_settings: _gecko, ...chrome } = source;
  return {
    ...chrome,
    background: { service_worker: 'service-worker-loader.js', type: 'module' },
    content_scripts: source.content_scripts.map((script) => ({
      ...script,
      js: script.js.map((file) => file.replace(/\.ts$/, '.js')),
    })),
  };
}

/** Firefox's shape: a sidebar instead of the side panel, background scripts, gecko settings. */
function builtFirefoxManifest(): Manifest {
  const chrome = builtChromeManifest();
  return {
    ...chrome,
    permissions: (chrome.permissions as string[]).filter((p) => p !== 'sidePanel'),
    side_panel: undefined,
    background: { scripts: ['service-worker-loader.js'], type: 'module' },
    sidebar_action: { default_panel: 'src/panel/index.html', default_title: 'Role Doctor' },
    browser_specific_settings: { gecko: { id: 'role-doctor@roledoctor.dev' } },
  };
}

const PANEL_HTML =
  '<!doctype html><script type="module" crossorigin src="/assets/panel-abc.js"></script>';

describe('checkPermissions', () => {
  it('accepts the built Chrome and Firefox manifests as they are', () => {
    const pages = { 'src/panel/index.html': PANEL_HTML };
    expect(check.checkPermissions(distWith(builtChromeManifest(), pages))).toEqual([]);
    expect(check.checkPermissions(distWith(builtFirefoxManifest(), pages))).toEqual([]);
  });

  it('reports a permission nobody reviewed, and says where to review it', () => {
    const manifest = builtChromeManifest();
    manifest.permissions = [...(manifest.permissions as string[]), 'tabs'];
    manifest.optional_permissions = ['cookies'];
    const problems = check.checkPermissions(distWith(manifest));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/permission "tabs" is not on the reviewed list/);
    expect(problems[0]).toMatch(/reviewed-permissions\.json/);
    expect(problems[1]).toMatch(/optional permission "cookies"/);
  });

  it('reports an unreviewed host permission and content-script match', () => {
    const manifest = builtChromeManifest();
    manifest.host_permissions = ['https://*.s3.amazonaws.com/*'];
    manifest.content_scripts = [{ matches: ['https://github.com/*'], js: ['x.js'] }];
    const problems = check.checkPermissions(distWith(manifest));
    expect(problems).toEqual([
      expect.stringMatching(/host permission "https:\/\/\*\.s3\.amazonaws\.com\/\*"/),
      expect.stringMatching(/content-script match "https:\/\/github\.com\/\*"/),
    ]);
  });

  it('never allows a pattern that matches every site, even if someone listed it', () => {
    const reviewed = check.loadReviewed();
    reviewed.host_permissions = { ...reviewed.host_permissions, '<all_urls>': 'no' };
    const manifest = builtChromeManifest();
    manifest.host_permissions = ['<all_urls>'];
    manifest.permissions = ['storage', 'https://*/*'];
    manifest.content_scripts = [{ matches: ['*://*/*'], js: ['x.js'] }];
    const problems = check.checkPermissions(distWith(manifest), reviewed);
    expect(problems).toHaveLength(3);
    for (const problem of problems) expect(problem).toMatch(/matches every site/);
    expect(problems.join('\n')).toMatch(/<all_urls>/);
    expect(problems.join('\n')).toMatch(/\*:\/\/\*\/\*/);
  });

  it('reports a content security policy weaker than the default', () => {
    const manifest = builtChromeManifest();
    manifest.content_security_policy = {
      extension_pages:
        "script-src 'self' 'unsafe-eval' https://cdn.example.test; object-src 'self'",
    };
    const problems = check.checkPermissions(distWith(manifest));
    expect(problems).toEqual([
      expect.stringMatching(/content_security_policy\.extension_pages allows 'unsafe-eval'/),
      expect.stringMatching(/allows https:\/\/cdn\.example\.test in script-src/),
    ]);
  });

  it('accepts a policy as strict as the default, and rejects one without a script rule', () => {
    const strict = builtChromeManifest();
    strict.content_security_policy = {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    };
    expect(check.checkPermissions(distWith(strict))).toEqual([]);
    const loose = builtChromeManifest();
    loose.content_security_policy = { extension_pages: "img-src 'self'" };
    expect(check.checkPermissions(distWith(loose))).toEqual([
      expect.stringMatching(/no script-src/),
    ]);
    const legacy = builtChromeManifest();
    legacy.content_security_policy = "script-src 'self' 'unsafe-inline'";
    const problems = check.checkPermissions(distWith(legacy));
    expect(problems[0]).toMatch(/is a string \(Manifest V2 form\)/);
    expect(problems[1]).toMatch(/allows 'unsafe-inline'/);
  });

  it('reports remote scripts in pages and the manifest', () => {
    const manifest = builtChromeManifest();
    manifest.background = { service_worker: 'https://cdn.example.test/sw.js' };
    const problems = check.checkPermissions(
      distWith(manifest, {
        'src/panel/index.html': `${PANEL_HTML}<script src="//cdn.example.test/a.js"></script>`,
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/background script https:\/\/cdn\.example\.test\/sw\.js is remote/),
      expect.stringMatching(/index\.html: loads a remote script \/\/cdn\.example\.test\/a\.js/),
    ]);
  });

  it('holds web-accessible resources to the review, with * for one path segment', () => {
    const manifest = builtChromeManifest();
    manifest.web_accessible_resources = [
      {
        resources: ['assets/frame-1a2b.js', 'assets/nested/x.js'],
        matches: ['https://*.console.aws.amazon.com/*'],
      },
    ];
    const problems = check.checkPermissions(distWith(manifest));
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/web-accessible resource "assets\/frame-1a2b\.js"/);
    expect(problems.join('\n')).toMatch(/web-accessible resource match/);
    const reviewed = check.loadReviewed();
    reviewed.web_accessible_resources = { 'assets/frame-*.js': 'the framed control' };
    reviewed.web_accessible_matches = { 'https://*.console.aws.amazon.com/*': 'console pages' };
    expect(check.checkPermissions(distWith(manifest), reviewed)).toEqual([
      expect.stringMatching(/"assets\/nested\/x\.js" is not on the reviewed list/),
    ]);
  });

  it('says to build first when there is no manifest', () => {
    const empty = mkdtempSync(join(tmpdir(), 'role-doctor-permissions-'));
    dirs.push(empty);
    expect(check.checkPermissions(empty)).toEqual([expect.stringMatching(/build first/)]);
  });

  it('gives every reviewed entry a reason', () => {
    const reviewed = check.loadReviewed();
    for (const [list, entries] of Object.entries(reviewed)) {
      if (typeof entries === 'string') continue;
      for (const [entry, reason] of Object.entries(entries)) {
        expect(reason.trim().length, `${list}: ${entry}`).toBeGreaterThan(10);
      }
    }
  });
});
