// Runs on the sign-in switch-role page. When the page rejects a switch with its one generic
// message, it offers the likely causes in the panel, with the account and role the user typed.

import { createInPageButton, isOwnNode } from './inpage-button.js';
import { sendToExtension } from './runtime.js';

const FAILURE = /Invalid information in one or more fields/i;
let control: HTMLElement | null = null;
let lastSent = '';

function fieldValue(selector: string): string | null {
  const input = document.querySelector<HTMLInputElement>(selector);
  return input?.value.trim().slice(0, 256) || null;
}

function failureElement(): Element | null {
  const candidates = document.querySelectorAll('[role="alert"], [class*="error"], p, div, span');
  let smallest: Element | null = null;
  for (const element of candidates) {
    if (isOwnNode(element) || !FAILURE.test(element.textContent ?? '')) continue;
    if (!smallest || smallest.contains(element)) smallest = element;
  }
  return smallest;
}

function inspect(): void {
  const failed = failureElement();
  if (failed && !control) {
    control = createInPageButton('Why? Ask Role Doctor', { focus: 'switch-failure' });
    failed.after(control);
  }
  const message = {
    type: 'switch-page-report' as const,
    failed: failed !== null,
    account: fieldValue('#accountId, #account, input[name="account"]'),
    roleName: fieldValue('#roleName, input[name="roleName"]'),
  };
  const serialised = JSON.stringify(message);
  if (serialised === lastSent) return;
  lastSent = serialised;
  sendToExtension(message);
}

let timer: ReturnType<typeof setTimeout> | undefined;
new MutationObserver((mutations) => {
  if (mutations.every((m) => Array.from(m.addedNodes).every(isOwnNode))) return;
  clearTimeout(timer);
  timer = setTimeout(inspect, 100);
}).observe(document.body, { childList: true, subtree: true, characterData: true });
inspect();
