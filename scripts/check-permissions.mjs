// The permission review, enforced: every permission, host pattern, content-script match and
// web-accessible resource a built manifest asks for must be on scripts/reviewed-permissions.json
// with a reason, nothing may match every site, the content security policy may not be weaker
// than Manifest V3's default, and no page may load a script from elsewhere.
// Run directly it checks dist/chrome and dist/firefox and exits 1 on any problem.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const REVIEWED_FILE = join(import.meta.dirname, 'reviewed-permissions.json');

/** Sources a script directive may keep and still be no weaker than the MV3 default. */
const SAFE_SCRIPT_SOURCES = new Set(["'self'", "'none'", "'wasm-unsafe-eval'"]);
const SAFE_OBJECT_SOURCES = new Set(["'self'", "'none'"]);

export function loadReviewed(file = REVIEWED_FILE) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const asList = (value) => (Array.isArray(value) ? value : []);
const isHostPattern = (value) => value === '<all_urls>' || String(value).includes('://');

// True for patterns that reach every site: `<all_urls>`, `*://*/*`, `https://*/*` and such.
function matchesEverySite(pattern) {
  if (pattern === '<all_urls>') return true;
  const host = /^[^:]+:\/\/([^/]*)/.exec(pattern)?.[1];
  return host === '*' || host === '';
}

/** A reviewed resource name may use `*` for one path segment's worth of characters. */
function resourceReviewed(resource, reviewed) {
  for (const entry of Object.keys(reviewed)) {
    if (entry === resource) return true;
    if (!entry.includes('*')) continue;
    const escaped = entry.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*');
    if (new RegExp(`^${escaped}$`).test(resource)) return true;
  }
  return false;
}

function cspDirectives(policy) {
  const directives = new Map();
  for (const part of String(policy).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** Why a content security policy is weaker than the MV3 default, or nothing when it is not. */
export function cspProblems(policy, where) {
  const problems = [];
  const directives = cspDirectives(policy);
  const script = directives.get('script-src') ?? directives.get('default-src');
  if (!script) {
    problems.push(`${where} has no script-src (nor default-src): scripts are not restricted`);
  }
  for (const name of ['script-src', 'script-src-elem', 'script-src-attr', 'default-src']) {
    for (const source of directives.get(name) ?? []) {
      if (!SAFE_SCRIPT_SOURCES.has(source.toLowerCase())) {
        problems.push(`${where} allows ${source} in ${name}: keep only 'self'`);
      }
    }
  }
  for (const name of ['object-src', 'worker-src']) {
    for (const source of directives.get(name) ?? []) {
      if (!SAFE_OBJECT_SOURCES.has(source.toLowerCase())) {
        problems.push(`${where} allows ${source} in ${name}: keep only 'self'`);
      }
    }
  }
  // 'wasm-unsafe-eval' is part of the default; only the quoted keyword itself is eval.
  const evalKeyword = /'unsafe-eval'/i;
  if (evalKeyword.test(String(policy)) && !problems.some((p) => evalKeyword.test(p))) {
    problems.push(`${where} mentions 'unsafe-eval'`);
  }
  return problems;
}

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, suffix);
    return path.endsWith(suffix) ? [path] : [];
  });
}

/** A path for messages: relative to the repository when inside it. */
function shown(path) {
  const inside = relative(ROOT, path);
  return inside && !inside.startsWith('..') ? inside : path;
}

const isRemote = (url) => /^(?:[a-z][a-z\d+.-]*:)?\/\//i.test(String(url).trim());

/**
 * Every problem with the manifest in `distDir` (and the pages beside it), as sentences that
 * say what to do; an empty list when the build asks only for what was reviewed.
 */
export function checkPermissions(distDir, reviewed = loadReviewed()) {
  const file = join(distDir, 'manifest.json');
  if (!existsSync(file)) return [`${file} does not exist: build first (node scripts/build.mjs)`];
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return [`${file} is not valid JSON: ${error.message}`];
  }
  const problems = [];
  const where = shown(file);
  const unreviewed = (kind, value, list) => {
    if (matchesEverySite(value)) {
      problems.push(`${where}: ${kind} ${JSON.stringify(value)} matches every site; never allowed`);
    } else if (!Object.hasOwn(reviewed[list] ?? {}, value)) {
      problems.push(
        `${where}: ${kind} ${JSON.stringify(value)} is not on the reviewed list ` +
          `(scripts/reviewed-permissions.json, "${list}"): remove it, or review it and add it ` +
          'there with a reason',
      );
    }
  };

  for (const permission of asList(manifest.permissions)) {
    if (isHostPattern(permission)) unreviewed('host permission', permission, 'host_permissions');
    else unreviewed('permission', permission, 'permissions');
  }
  for (const permission of asList(manifest.optional_permissions)) {
    if (isHostPattern(permission)) {
      unreviewed('optional host permission', permission, 'optional_host_permissions');
    } else unreviewed('optional permission', permission, 'optional_permissions');
  }
  for (const pattern of asList(manifest.host_permissions)) {
    unreviewed('host permission', pattern, 'host_permissions');
  }
  for (const pattern of asList(manifest.optional_host_permissions)) {
    unreviewed('optional host permission', pattern, 'optional_host_permissions');
  }
  for (const script of asList(manifest.content_scripts)) {
    for (const pattern of asList(script?.matches)) {
      unreviewed('content-script match', pattern, 'content_script_matches');
    }
    for (const js of asList(script?.js)) {
      if (isRemote(js)) problems.push(`${where}: content script ${js} is remote code`);
    }
  }
  for (const entry of asList(manifest.web_accessible_resources)) {
    // MV2 lists bare names; MV3 lists objects of resources and the pages that may load them.
    const resources = typeof entry === 'string' ? [entry] : asList(entry?.resources);
    for (const resource of resources) {
      if (!resourceReviewed(resource, reviewed.web_accessible_resources ?? {})) {
        problems.push(
          `${where}: web-accessible resource ${JSON.stringify(resource)} is not on the reviewed ` +
            'list (scripts/reviewed-permissions.json, "web_accessible_resources"): pages can ' +
            'load it, so review it and add it there with a reason, or remove it',
        );
      }
    }
    for (const pattern of typeof entry === 'string' ? [] : asList(entry?.matches)) {
      unreviewed('web-accessible resource match', pattern, 'web_accessible_matches');
    }
  }
  for (const pattern of asList(manifest.externally_connectable?.matches)) {
    unreviewed('externally_connectable match', pattern, 'externally_connectable_matches');
  }

  const csp = manifest.content_security_policy;
  if (typeof csp === 'string') {
    problems.push(
      `${where}: content_security_policy is a string (Manifest V2 form); ` +
        'use the default or an object of extension_pages',
    );
    problems.push(...cspProblems(csp, `${where}: content_security_policy`));
  } else if (csp && typeof csp === 'object') {
    for (const [key, policy] of Object.entries(csp)) {
      problems.push(...cspProblems(policy, `${where}: content_security_policy.${key}`));
    }
  }

  const background = manifest.background ?? {};
  for (const script of [background.service_worker, ...asList(background.scripts)]) {
    if (script && isRemote(script))
      problems.push(`${where}: background script ${script} is remote`);
  }
  for (const page of filesUnder(distDir, '.html')) {
    const html = readFileSync(page, 'utf8');
    for (const match of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)/gi)) {
      if (isRemote(match[1])) {
        problems.push(`${shown(page)}: loads a remote script ${match[1]}`);
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let problems = [];
  for (const browser of ['chrome', 'firefox']) {
    problems = problems.concat(checkPermissions(join(ROOT, 'dist', browser)));
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem);
    process.exitCode = 1;
  } else {
    console.log('Permissions: dist/chrome and dist/firefox ask only for what was reviewed.');
  }
}
