import browser, { type Runtime } from 'webextension-polyfill';
import {
  type ContentMessage,
  parseContentMessage,
  parseSessionData,
} from '../core/extension/messages.js';
import { classifySender } from '../core/extension/sender.js';
import './handlers/index.js';
import { openPanelFor, openPanelFromToolbar } from './panel-opener.js';
import { answerPanelRequest } from './requests.js';
import { forgetTab, mergeErrors, updateTabState } from './tab-state.js';

const EXPLAIN_MENU_ID = 'explain-selection';
const MAX_SELECTION = 64 * 1024;

browser.runtime.onInstalled.addListener(() => {
  browser.contextMenus.create({
    id: EXPLAIN_MENU_ID,
    title: 'Explain this error',
    contexts: ['selection'],
  });
});

openPanelFromToolbar((listener) => browser.action.onClicked.addListener(listener));

browser.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== EXPLAIN_MENU_ID) return;
  openPanelFor(tab);
  const text = (info.selectionText ?? '').slice(0, MAX_SELECTION);
  if (tab?.id === undefined) return;
  void updateTabState(tab.id, (state) => ({
    ...state,
    selection: text,
    focus: { kind: 'selection', text, at: Date.now() },
  }));
});

browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const kind = classifySender(
    { id: sender.id, url: sender.url, tabId: sender.tab?.id },
    browser.runtime.id,
    browser.runtime.getURL(''),
  );
  if (kind === 'extension-page' && !isContentMessage(message)) {
    return answerPanelRequest(message, sender.tab?.id).then((answer) => answer ?? undefined);
  }
  const parsed = kind ? parseContentMessage(message) : null;
  const tab = sender.tab;
  if (!parsed || tab?.id === undefined) return undefined;
  // Extension pages inside a tab are the framed in-page control: they may only ask for the panel.
  if (kind === 'extension-page' && parsed.type !== 'open-panel') return undefined;
  // The panel must open before anything is awaited, while the click still counts as a gesture.
  // The framed control (Firefox) has opened the sidebar itself.
  if (parsed.type === 'open-panel' && kind === 'content-script') openPanelFor(tab, true);
  const topFrame = sender.frameId === 0;
  return handleContentMessage(parsed, tab.id, topFrame, sender.url ?? null).then(() => ({
    ok: true,
  }));
});

function isContentMessage(message: unknown): boolean {
  const type = (message as { type?: unknown } | null)?.type;
  return ['page-report', 'role-report', 'switch-page-report', 'open-panel'].includes(String(type));
}

async function handleContentMessage(
  message: ContentMessage,
  tabId: number,
  topFrame: boolean,
  senderUrl: string | null,
): Promise<void> {
  switch (message.type) {
    case 'page-report': {
      const withdrawn = new Set(message.withdrawn ?? []);
      const kept = (errors: string[]) => errors.filter((text) => !withdrawn.has(text));
      const state = await updateTabState(tabId, (state) => {
        if (!topFrame) {
          return { ...state, errors: mergeErrors(kept(state.errors), message.errors) };
        }
        const sameDocument = state.documentId === message.documentId;
        return {
          ...state,
          url: message.url,
          documentId: message.documentId,
          session: message.sessionJson ? parseSessionData(message.sessionJson) : null,
          errors: mergeErrors(sameDocument ? kept(state.errors) : [], message.errors),
        };
      });
      await showErrorBadge(tabId, state.errors.length);
      return;
    }
    case 'role-report':
      await updateTabState(tabId, (state) => ({ ...state, role: message.role }));
      return;
    case 'switch-page-report':
      await updateTabState(tabId, (state) => ({
        ...state,
        url: topFrame ? senderUrl : state.url,
        switchPage: {
          failed: message.failed,
          account: message.account ?? null,
          roleName: message.roleName ?? null,
        },
      }));
      return;
    case 'open-panel':
      await updateTabState(tabId, (state) => ({
        ...state,
        focus: { kind: message.focus, text: message.text ?? null, at: Date.now() },
      }));
      return;
  }
}

async function showErrorBadge(tabId: number, count: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ tabId, color: '#d13212' });
}
