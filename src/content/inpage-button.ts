// A small control placed on the console page: a button in a closed shadow root, so that the
// console's styles cannot restyle it and page scripts cannot reach into it. Its click asks the
// background to open the panel on what the button stands next to.

import type { OpenPanel } from '../core/extension/messages.js';
import { sendToExtension } from './runtime.js';

export const CONTROL_ATTRIBUTE = 'data-role-doctor';

export function createInPageButton(label: string, request: Omit<OpenPanel, 'type'>): HTMLElement {
  const host = document.createElement('span');
  host.setAttribute(CONTROL_ATTRIBUTE, 'control');
  host.style.display = 'inline-block';
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent =
    'button{font:600 12px/1.4 system-ui,sans-serif;margin:4px 0;padding:3px 10px;' +
    'border-radius:12px;border:1px solid #1f6f8b;background:#fff;color:#1f6f8b;cursor:pointer}' +
    'button:hover{background:#e8f3f7}';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    sendToExtension({ type: 'open-panel', ...request });
  });
  root.append(style, button);
  return host;
}

/** True for nodes this extension added, so observers do not react to their own changes. */
export function isOwnNode(node: Node): boolean {
  return node instanceof Element && node.hasAttribute(CONTROL_ATTRIBUTE);
}
