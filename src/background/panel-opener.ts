// Opening the panel is allowed only while a user gesture is being handled, and any await before
// the call loses the gesture: these functions call the browser synchronously and must be the
// first thing a click, menu or message handler does.

interface ChromeSidePanel {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}
interface FirefoxApi {
  sidebarAction?: { open(): Promise<void>; toggle(): Promise<void> };
  windows: { create(options: Record<string, unknown>): Promise<unknown> };
  runtime: { getURL(path: string): string };
}

const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome
  ?.sidePanel;
const firefox = (globalThis as { browser?: FirefoxApi }).browser;
const firefoxSidebar = chromeSidePanel ? undefined : firefox?.sidebarAction;

const PANEL_PATH = 'src/panel/index.html';

/**
 * Opens the panel beside a tab. Firefox counts only its own toolbar button, menus and shortcuts
 * as user actions, not a click relayed from a page; when it refuses, the panel opens in a small
 * window of its own that stays on the tab it was opened for.
 */
export function openPanelFor(
  tab: { id?: number; windowId?: number } | undefined,
  relayedFromPage = false,
): void {
  if (chromeSidePanel) {
    const target = tab?.id !== undefined ? { tabId: tab.id } : { windowId: tab?.windowId };
    chromeSidePanel.open(target).catch(reportOpenFailure);
    return;
  }
  if (!firefoxSidebar || !firefox) return;
  const opening = firefoxSidebar.open();
  if (!relayedFromPage) {
    opening.catch(reportOpenFailure);
    return;
  }
  opening.catch(() => {
    const query = tab?.id !== undefined ? `?tabId=${tab.id}` : '';
    return firefox.windows
      .create({
        type: 'popup',
        url: firefox.runtime.getURL(PANEL_PATH) + query,
        width: 460,
        height: 760,
      })
      .catch(reportOpenFailure);
  });
}

/** The toolbar button opens the panel: Chrome does it itself, Firefox through the click event. */
export function openPanelFromToolbar(onFirefoxClick: (listener: () => void) => void): void {
  if (chromeSidePanel) {
    chromeSidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(reportOpenFailure);
  } else if (firefoxSidebar) {
    onFirefoxClick(() => {
      firefoxSidebar.toggle().catch(reportOpenFailure);
    });
  }
}

function reportOpenFailure(error: unknown): void {
  console.warn('Role Doctor could not open its panel:', error);
}
