import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import puppeteer, {
  type Browser as PuppeteerBrowser,
  type Page as PuppeteerPage,
} from 'puppeteer-core';

export const EXTENSION_DIR = join(import.meta.dirname, '..', '..', 'dist', 'chrome');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ChromiumSession {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /**
   * The side panel's page, once open. Chromium shows it as a CDP target that Playwright does not
   * list among the context's pages, so it is reached through a second CDP client.
   */
  panel(): Promise<PuppeteerPage>;
  /**
   * Runs an expression in the service worker as if a user action were being handled, the way a
   * click on a context-menu item is; headless browsers cannot click their native menus.
   */
  evaluateInWorkerAsUser(expression: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium with the built extension, every host name resolved to the rig on loopback,
 * and the background traffic a closed network refuses turned off.
 */
export async function launchChromium(
  rigPort: number,
  extraArgs: string[] = [],
  { headless = true }: { headless?: boolean } = {},
): Promise<ChromiumSession> {
  const profile = await mkdtemp(join(tmpdir(), 'role-doctor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    viewport: { width: 1280, height: 800 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--host-resolver-rules=MAP * 127.0.0.1:${rigPort},EXCLUDE localhost`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      ...extraArgs,
    ],
  });
  const serviceWorker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  let cdpClient: PuppeteerBrowser | undefined;
  const cdp = async (): Promise<PuppeteerBrowser> => {
    if (!cdpClient) {
      const [port, path] = (await readFile(join(profile, 'DevToolsActivePort'), 'utf8')).split(
        '\n',
      );
      cdpClient = await puppeteer.connect({
        browserWSEndpoint: `ws://127.0.0.1:${port}${path}`,
        defaultViewport: null,
      });
    }
    return cdpClient;
  };
  const panelUrl = `chrome-extension://${extensionId}/src/panel/index.html`;
  return {
    context,
    serviceWorker,
    extensionId,
    panel: async () => {
      const target = await (await cdp()).waitForTarget((t) => t.url().startsWith(panelUrl), {
        timeout: 10_000,
      });
      const page = await target.asPage();
      await page.waitForSelector('.app');
      return page;
    },
    evaluateInWorkerAsUser: async (expression) => {
      const worker = await (await cdp()).waitForTarget((t) => t.type() === 'service_worker');
      const session = await worker.createCDPSession();
      try {
        const result = await session.send('Runtime.evaluate', {
          expression,
          userGesture: true,
          awaitPromise: true,
          returnByValue: true,
        });
        if (result.exceptionDetails) throw new Error(result.exceptionDetails.text);
        return result.result.value;
      } finally {
        await session.detach();
      }
    },
    close: async () => {
      await cdpClient?.disconnect();
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Delivers a click on the "Explain this error" context-menu item to the background, the way
 * Chromium does when a user picks it: headless Chromium has no native menus to click.
 */
export async function dispatchExplainSelection(
  session: ChromiumSession,
  tabId: number,
  selectionText: string,
): Promise<void> {
  await session.serviceWorker.evaluate(
    ({ id, text }) => {
      const onClicked = chrome.contextMenus.onClicked as unknown as {
        dispatch(info: chrome.contextMenus.OnClickData, tab: Partial<chrome.tabs.Tab>): void;
      };
      onClicked.dispatch(
        { menuItemId: 'explain-selection', selectionText: text, editable: false, pageUrl: '' },
        { id },
      );
    },
    { id: tabId, text: selectionText },
  );
}
