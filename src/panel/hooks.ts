import { useEffect, useState } from 'preact/hooks';
import browser, { type Storage } from 'webextension-polyfill';
import { emptyTabState, type TabState, tabKey } from '../background/tab-state.js';

// A panel page opened as `index.html?tabId=N` (in a tab or a window of its own) stays on tab N;
// the side panel and the sidebar follow the active tab of their window.
const pinnedTabId = (() => {
  const value = Number(new URLSearchParams(location.search).get('tabId'));
  return Number.isInteger(value) && value >= 0 && location.search.includes('tabId=') ? value : null;
})();

/** The id of the active tab in the panel's window, following tab and window switches. */
export function useActiveTabId(): number | null {
  const [tabId, setTabId] = useState<number | null>(pinnedTabId);
  useEffect(() => {
    if (pinnedTabId !== null) return;
    let cancelled = false;
    const refresh = async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (!cancelled) setTabId(tab?.id ?? null);
    };
    void refresh();
    const onActivated = () => void refresh();
    const onFocus = () => void refresh();
    const onUpdated = (_id: number, change: { status?: string }) => {
      if (change.status === 'complete') void refresh();
    };
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.windows.onFocusChanged.addListener(onFocus);
    return () => {
      cancelled = true;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.windows.onFocusChanged.removeListener(onFocus);
    };
  }, []);
  return tabId;
}

/** What the extension knows about a tab, kept current as the tab's content scripts report. */
export function useTabState(tabId: number | null): TabState {
  // The state is kept with the tab it belongs to: right after a tab switch, until the new tab's
  // state has loaded, the panel sees an empty state rather than the previous tab's.
  const [loaded, setLoaded] = useState<{ tabId: number | null; state: TabState }>(() => ({
    tabId: null,
    state: emptyTabState(),
  }));
  useEffect(() => {
    if (tabId === null) return;
    const key = tabKey(tabId);
    let cancelled = false;
    const show = (state: TabState | undefined) =>
      setLoaded({ tabId, state: state ?? emptyTabState() });
    void browser.storage.session.get(key).then((items) => {
      if (!cancelled) show(items[key] as TabState | undefined);
    });
    const onChanged = (changes: Record<string, Storage.StorageChange>, area: string) => {
      const change = changes[key];
      if (area !== 'session' || !change) return;
      show(change.newValue as TabState | undefined);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      cancelled = true;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tabId]);
  return loaded.tabId === tabId ? loaded.state : EMPTY_STATE;
}

const EMPTY_STATE: TabState = emptyTabState();
