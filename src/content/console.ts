// Runs on every console page and frame. It must cost nothing measurable where no error shows:
// it reacts only to added nodes, in the batches the MutationObserver delivers, and reads text
// only of error containers or of small added nodes.

import { mayContainAccessError } from '../core/access/detect.js';
import { createInPageButton, isOwnNode } from './inpage-button.js';
import { sendToExtension, sessionMetaText } from './runtime.js';

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

const handled = new WeakSet<Element>();
const errors: string[] = [];
let reportScheduled = false;

function report(): void {
  if (reportScheduled) return;
  reportScheduled = true;
  queueMicrotask(() => {
    reportScheduled = false;
    sendToExtension({
      type: 'page-report',
      url: location.href,
      sessionJson: window === window.top ? sessionMetaText()?.slice(0, 16 * 1024) : null,
      errors: errors.slice(-MAX_ERRORS),
    });
  });
}

function errorText(element: Element): string {
  // innerText keeps line breaks between blocks (User:, Action:, ...) where the layout has them.
  // biome-ignore lint/performance/useDomNodeTextContent: the line breaks matter to the parser
  const text = (element as HTMLElement).innerText || element.textContent || '';
  return text.trim().slice(0, MAX_ERROR_TEXT);
}

function consider(element: Element): void {
  if (handled.has(element) || isOwnNode(element)) return;
  const text = errorText(element);
  if (!mayContainAccessError(text)) return;
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (handled.has(parent)) return;
  }
  handled.add(element);
  if (!errors.includes(text)) errors.push(text);
  const control = createInPageButton('Explain with Role Doctor', { focus: 'error', text });
  element.append(control);
  report();
}

function scan(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const parent = node.parentElement;
    if (parent && (parent.textContent?.length ?? 0) < SMALL_NODE_TEXT) consider(parent);
    return;
  }
  if (!(node instanceof Element) || isOwnNode(node)) return;
  const containers = node.matches(ERROR_CONTAINERS)
    ? [node]
    : Array.from(node.querySelectorAll(ERROR_CONTAINERS));
  if (containers.length > 0) {
    for (const container of containers) consider(container);
  } else if ((node.textContent?.length ?? 0) < SMALL_NODE_TEXT) {
    consider(node);
  }
}

const observer = new MutationObserver((mutations) => {
  for (const mutation of mutations) {
    if (mutation.type === 'characterData') {
      scan(mutation.target);
      continue;
    }
    for (const node of mutation.addedNodes) scan(node);
  }
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
