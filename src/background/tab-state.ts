import browser from 'webextension-polyfill';
import type { RoleOnPage, SessionData } from '../core/extension/messages.js';

// What the extension knows about one tab. Kept in storage.session (memory only, never on disk,
// not visible to content scripts) so that it survives the service worker being stopped and the
// panel can read it and follow changes.

export type FocusKind = 'error' | 'role' | 'switch-failure' | 'page' | 'selection';

export interface TabState {
  url: string | null;
  /** The document the top frame last reported from; errors belong to one document. */
  documentId: string | null;
  session: SessionData | null;
  role: RoleOnPage | null;
  /** Authorization errors seen in the tab's frames, oldest first. */
  errors: string[];
  switchPage: { failed: boolean; account: string | null; roleName: string | null } | null;
  /** Text selected by the user and sent with "Explain this error". */
  selection: string | null;
  /** What the user last asked the panel to show for this tab. */
  focus: { kind: FocusKind; text: string | null; at: number } | null;
}

const MAX_ERRORS = 20;

export const tabKey = (tabId: number): string => `tab:${tabId}`;

export function emptyTabState(): TabState {
  return {
    url: null,
    documentId: null,
    session: null,
    role: null,
    errors: [],
    switchPage: null,
    selection: null,
    focus: null,
  };
}

export async function readTabState(tabId: number): Promise<TabState> {
  const key = tabKey(tabId);
  const stored = (await browser.storage.session.get(key))[key] as TabState | undefined;
  return stored ?? emptyTabState();
}

// Updates for one tab are applied in order, so two quick reports cannot overwrite each other.
const queues = new Map<number, Promise<unknown>>();

export function updateTabState(
  tabId: number,
  change: (state: TabState) => TabState,
): Promise<TabState> {
  const previous = queues.get(tabId) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const updated = change(await readTabState(tabId));
      updated.errors = updated.errors.slice(-MAX_ERRORS);
      await browser.storage.session.set({ [tabKey(tabId)]: updated });
      return updated;
    });
  queues.set(tabId, next);
  return next;
}

export async function forgetTab(tabId: number): Promise<void> {
  queues.delete(tabId);
  await browser.storage.session.remove(tabKey(tabId));
}

export function mergeErrors(known: string[], seen: string[]): string[] {
  const merged = [...known];
  for (const text of seen) if (!merged.includes(text)) merged.push(text);
  return merged;
}
