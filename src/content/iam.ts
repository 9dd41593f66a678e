// Runs on IAM console pages: finds the role on screen and the trust policy it shows, and reports
// them. The console routes inside the page (hash changes between roles and tabs), so it follows
// hashchange and DOM changes rather than page loads.

import type { RoleOnPage } from '../core/extension/messages.js';
import { roleRouteFromHash } from '../core/switch/console-url.js';
import { createInPageButton, isOwnNode } from './inpage-button.js';
import { sendToExtension } from './runtime.js';

const ROLE_ARN = /arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}/g;
const EDITOR_REQUEST = 'role-doctor:read-editors';
const EDITOR_ANSWER = 'role-doctor:editor-texts';
// Far beyond IAM's trust policy quota (at most 4,096 characters without white space): text
// this long is reported as too long, never cut and checked as if it were whole.
const MAX_POLICY = 64 * 1024;
const SETTLE_MS = 250;

let lastSent = '';
let control: HTMLElement | null = null;
let settleTimer: ReturnType<typeof setTimeout> | undefined;

function findRoleArn(roleName: string): string | null {
  // Text node by text node: neighbouring labels run together in the element's textContent.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    if (!text.includes(':role/')) continue;
    for (const match of text.matchAll(ROLE_ARN)) {
      if (match[0].endsWith(`/${roleName}`)) return match[0];
    }
  }
  return null;
}

function looksLikePolicy(text: string): boolean {
  return /"Statement"/.test(text) && text.trimStart().startsWith('{');
}

// Permissions policies shown on other tabs and inline-policy editors never name a principal;
// a saved trust policy always does. Only a draft on a trust editing page may lack one.
function looksLikeTrustPolicy(text: string, draftOfTrust: boolean): boolean {
  return looksLikePolicy(text) && (draftOfTrust || /"(?:Not)?Principal"/.test(text));
}

/** Asks the page-world script for the editors' whole documents. */
function readEditors(): Promise<string[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish([]), 500);
    function finish(texts: string[]): void {
      clearTimeout(timer);
      document.removeEventListener(EDITOR_ANSWER, onAnswer);
      resolve(texts);
    }
    function onAnswer(event: Event): void {
      const detail = (event as CustomEvent<unknown>).detail;
      try {
        const parsed: unknown = typeof detail === 'string' ? JSON.parse(detail) : [];
        finish(Array.isArray(parsed) ? parsed.filter((t) => typeof t === 'string') : []);
      } catch {
        finish([]);
      }
    }
    document.addEventListener(EDITOR_ANSWER, onAnswer);
    document.dispatchEvent(new CustomEvent(EDITOR_REQUEST));
  });
}

async function readTrustPolicy(
  section: string | null,
  subpage: string | null,
): Promise<Pick<RoleOnPage, 'trustSource' | 'trustPolicy' | 'editing'> & { anchor?: Element }> {
  const editorElement = document.querySelector('.ace_editor');
  // The editor's layers are positioned over its box: the control goes above the whole component.
  const editorBlock = editorElement?.closest('[class*="awsui_code-editor_"]') ?? editorElement;
  if (editorElement) {
    const texts = await readEditors();
    const draftOfTrust = subpage !== null && /trust/i.test(subpage);
    const policy = texts.find((text) => looksLikeTrustPolicy(text, draftOfTrust));
    // An editor holding a permissions policy (an inline policy page) shows no trust policy.
    if (!policy && texts.some(looksLikePolicy)) {
      return { trustSource: 'not-shown', trustPolicy: null, editing: false };
    }
    // Never fall back to the visible lines: Ace renders only part of the document.
    if (policy && policy.length > MAX_POLICY) {
      return {
        trustSource: 'too-long',
        trustPolicy: null,
        editing: true,
        anchor: editorBlock ?? undefined,
      };
    }
    return policy
      ? {
          trustSource: 'editor',
          trustPolicy: policy,
          editing: true,
          anchor: editorBlock ?? undefined,
        }
      : {
          trustSource: 'unreadable',
          trustPolicy: null,
          editing: true,
          anchor: editorBlock ?? undefined,
        };
  }
  for (const block of document.querySelectorAll('pre, code')) {
    const text = block.textContent ?? '';
    if (looksLikeTrustPolicy(text, false)) {
      return text.length > MAX_POLICY
        ? { trustSource: 'too-long', trustPolicy: null, editing: false, anchor: block }
        : { trustSource: 'trust-tab', trustPolicy: text, editing: false, anchor: block };
    }
  }
  const onTrustTab = section === 'trust_relationships';
  return {
    trustSource: onTrustTab ? 'unreadable' : 'not-shown',
    trustPolicy: null,
    editing: false,
  };
}

function placeControl(anchor: Element | undefined): void {
  const target = anchor ?? document.querySelector('h1');
  if (!target) return;
  if (!control) {
    control = createInPageButton('Check with Role Doctor', { focus: 'role' });
  }
  // Above a policy (the editor's layers would cover anything placed after it), after a heading.
  if (anchor) {
    if (control.nextElementSibling !== target) target.before(control);
  } else if (control.previousElementSibling !== target) {
    target.after(control);
  }
}

async function inspect(): Promise<void> {
  const route = roleRouteFromHash(location.hash);
  let role: RoleOnPage | null = null;
  if (route) {
    const trust = await readTrustPolicy(route.section, route.subpage);
    role = {
      name: route.roleName,
      arn: findRoleArn(route.roleName),
      trustSource: trust.trustSource,
      trustPolicy: trust.trustPolicy ?? null,
      editing: trust.editing,
    };
    placeControl(trust.anchor);
  } else if (control) {
    control.remove();
  }
  const serialised = JSON.stringify(role);
  if (serialised === lastSent) return;
  lastSent = serialised;
  sendToExtension({ type: 'role-report', role });
}

// At most one look per interval: a page that never stops changing (a live table) still gets
// looked at, and a burst of changes costs one look.
function scheduleInspect(): void {
  if (settleTimer !== undefined) return;
  settleTimer = setTimeout(() => {
    settleTimer = undefined;
    void inspect();
  }, SETTLE_MS);
}

new MutationObserver((mutations) => {
  if (mutations.every((m) => Array.from(m.addedNodes).every(isOwnNode))) return;
  scheduleInspect();
}).observe(document.body, { childList: true, subtree: true, characterData: true });
window.addEventListener('hashchange', scheduleInspect);
void inspect();
