// Runs on every console page and frame. It must cost nothing measurable where no error shows:
// it reacts only to added nodes, in the batches the MutationObserver delivers, and reads text
// only of error containers or of small added nodes.

import { mayContainAccessError } from '../core/access/detect.js';
import { parseAwsHost } from '../core/partitions.js';
import { createInPageButton, isOwnNode } from './inpage-button.js';
import { onExtensionMessage, sendToExtension, sessionMetaText } from './runtime.js';

// Cloudscape class names carry build hashes, so match on stable prefixes and analytics attributes.
const ERROR_CONTAINERS = [
  '[data-analytics-flashbar="error"]',
  '[data-analytics-property-type="error"]',
  '[data-analytics-alert="error"]',
  '[class*="awsui_flash-type-error_"]',
  '[class*="awsui_type-error_"]',
  '[role="alert"]',
].join(',');
const SMALL_NODE_TEXT = 4096;
const MAX_ERRORS = 20;
const MAX_ERROR_TEXT = 16 * 1024;

const DOCUMENT_ID = Math.random().toString(36).slice(2, 14);
/** Elements showing an error, with the text explained and the control placed next to it. */
const shown = new WeakMap<Element, { text: string; control: HTMLElement }>();
let shownCount = 0;
/** Shown elements whose content changed in the current batch of mutations. */
const changed = new Set<Element>();
const errors: string[] = [];
/** Errors reported before and no longer on screen, until the next report says so. */
let withdrawn: string[] = [];
let reportScheduled = false;

function report(): void {
  if (reportScheduled) return;
  reportScheduled = true;
  queueMicrotask(() => {
    reportScheduled = false;
    sendToExtension({
      type: 'page-report',
      url: location.href,
      documentId: DOCUMENT_ID,
      sessionJson: window === window.top ? sessionMetaText()?.slice(0, 16 * 1024) : null,
      errors: errors.slice(-MAX_ERRORS),
      withdrawn: withdrawn.slice(-MAX_ERRORS),
    });
    withdrawn = [];
  });
}

// Known shortcoming: only the first 16 KiB of an element's text is read, so an error sentence
// at the end of a longer block (a whole log pasted into one alert) goes unnoticed.
function errorText(element: Element): string {
  // innerText keeps line breaks between blocks (User:, Action:, ...) where the layout has them.
  // It leaves out the control's closed shadow root, so re-reading a shown element is safe.
  // biome-ignore lint/performance/useDomNodeTextContent: the line breaks matter to the parser
  const text = (element as HTMLElement).innerText || element.textContent || '';
  return text.trim().slice(0, MAX_ERROR_TEXT);
}

function shownAncestor(element: Element | null): Element | null {
  if (shownCount === 0) return null;
  for (let node = element; node; node = node.parentElement) if (shown.has(node)) return node;
  return null;
}

function show(element: Element, text: string, at = -1): void {
  const control = createInPageButton('Explain with Role Doctor', { focus: 'error', text });
  element.append(control);
  shown.set(element, { text, control });
  shownCount += 1;
  if (errors.includes(text)) return;
  if (at >= 0) errors.splice(at, 0, text);
  else errors.push(text);
}

/**
 * Banners are re-rendered in place (a retry, the next error): the control and the report must
 * stand for what is on screen now, never for the text first seen.
 */
function refresh(element: Element): void {
  const entry = shown.get(element);
  if (!entry) return;
  const text = element.isConnected ? errorText(element) : '';
  if (text === entry.text) return;
  entry.control.remove();
  shown.delete(element);
  shownCount -= 1;
  const at = errors.indexOf(entry.text);
  if (at >= 0) errors.splice(at, 1);
  withdrawn.push(entry.text);
  if (text && mayContainAccessError(text)) show(element, text, at);
  report();
}

function consider(element: Element, rawText?: string): void {
  if (isOwnNode(element)) return;
  const holder = shownAncestor(element);
  if (holder) {
    changed.add(holder);
    return;
  }
  // The raw text first: reading innerText forces a layout, so only likely errors pay for it.
  const raw = rawText ?? element.textContent ?? '';
  if (!raw || !mayContainAccessError(raw)) return;
  const text = errorText(element);
  if (!mayContainAccessError(text)) return;
  show(element, text);
  report();
}

function scan(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    // A change inside a shown banner, even to words that are no error, may replace its error.
    const holder = shownAncestor(node.parentElement);
    if (holder) {
      changed.add(holder);
      return;
    }
    // Most text changes on a busy page are counters and cells: one test of the node's own text
    // rules them out before anything else is read.
    const data = (node as Text).data;
    if (data.length < 4 || !mayContainAccessError(data)) return;
    const parent = node.parentElement;
    const raw = parent?.textContent ?? '';
    if (parent && raw.length < SMALL_NODE_TEXT) consider(parent, raw);
    return;
  }
  if (!(node instanceof Element) || isOwnNode(node)) return;
  // Nothing in the subtree reads like an error: no selector query, no layout.
  const raw = node.textContent ?? '';
  if (!raw || !mayContainAccessError(raw)) return;
  const containers = node.matches(ERROR_CONTAINERS)
    ? [node]
    : node.firstElementChild
      ? Array.from(node.querySelectorAll(ERROR_CONTAINERS))
      : [];
  if (containers.length > 0) {
    for (const container of containers) consider(container);
    return;
  }
  if (raw.length < SMALL_NODE_TEXT) consider(node, raw);
}

const observer = new MutationObserver((mutations) => {
  for (const mutation of mutations) {
    if (mutation.type === 'characterData') {
      scan(mutation.target);
      continue;
    }
    if (shownCount > 0 && mutation.removedNodes.length > 0) {
      // Words removed from a shown banner change its text as much as words added.
      const holder = shownAncestor(mutation.target as Element);
      if (holder && !isOwnNode(mutation.removedNodes[0] as Node)) changed.add(holder);
    }
    for (const node of mutation.addedNodes) scan(node);
  }
  // Once per batch, so a banner re-rendered in many mutations is read once.
  for (const element of changed) refresh(element);
  changed.clear();
});

if (document.body) {
  scan(document.body);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}
if (window === window.top) {
  report();
  // The console routes inside the page: report the new location so the panel follows it.
  window.addEventListener('hashchange', report);
  window.addEventListener('popstate', report);
}

// "Switch now" from the panel: the switch runs in the page's world, as the console's own form
// does, and only ever towards an AWS sign-in host.
interface SwitchNowMessage {
  type: 'switch-now';
  request: { kind: 'form' | 'json'; url: string; fields?: unknown; body?: unknown };
}

function isSwitchNow(message: unknown): message is SwitchNowMessage {
  const request = (message as Partial<SwitchNowMessage> | null)?.request;
  if ((message as { type?: unknown } | null)?.type !== 'switch-now' || !request) return false;
  try {
    const url = new URL(request.url);
    return url.protocol === 'https:' && parseAwsHost(url.hostname)?.kind === 'signin';
  } catch {
    return false;
  }
}

function switchInPageWorld(request: SwitchNowMessage['request']): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => finish({ ok: false, message: 'The page did not answer.' }),
      5000,
    );
    function finish(result: unknown): void {
      clearTimeout(timer);
      document.removeEventListener('role-doctor:switch-result', onResult);
      resolve(result);
    }
    function onResult(event: Event): void {
      try {
        finish(JSON.parse(String((event as CustomEvent<unknown>).detail)));
      } catch {
        finish({ ok: false, message: 'The page gave an unreadable answer.' });
      }
    }
    document.addEventListener('role-doctor:switch-result', onResult);
    document.dispatchEvent(
      new CustomEvent('role-doctor:switch', { detail: JSON.stringify(request) }),
    );
  });
}

if (window === window.top) {
  onExtensionMessage((message) =>
    isSwitchNow(message) ? switchInPageWorld(message.request) : undefined,
  );
}
