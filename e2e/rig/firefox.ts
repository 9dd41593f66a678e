import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_EXTENSION_DIR = join(import.meta.dirname, '..', '..', 'dist', 'firefox');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const GECKO_ID = 'role-doctor@roledoctor.dev';
const EXTENSION_UUID = '5f0c1e2a-7d3b-4c8e-9a61-2b4d6e8f0a13';

export interface FirefoxSession {
  browser: Browser;
  extensionId: string;
  /** The moz-extension:// origin of the installed extension. */
  extensionOrigin: string;
  close(): Promise<void>;
}

/**
 * Debian's Firefox ESR over WebDriver BiDi with the built extension installed. Every connection
 * goes through the rig's CONNECT proxy, which ends every tunnel at the stand-in server.
 */
export async function launchFirefox(proxyPort: number): Promise<FirefoxSession> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    defaultViewport: { width: 1280, height: 800 },
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'network.dns.disablePrefetch': true,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'extensions.update.enabled': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'extensions.manifestV3.enabled': true,
      // Firefox gives each installation a random origin; fixing it lets tests open our pages.
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    },
  });
  const extensionId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  const extensionOrigin = `moz-extension://${EXTENSION_UUID}`;
  return {
    browser,
    extensionId,
    extensionOrigin,
    close: () => browser.close(),
  };
}

export type { Page };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The panel Firefox opens in a window of its own when an in-page control is clicked (it opens
 * its sidebar only from its own button, menus and shortcut).
 */
export async function findPanelWindow(session: FirefoxSession): Promise<Page> {
  for (let tries = 0; tries < 60; tries++) {
    for (const page of await session.browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`${session.extensionOrigin}/src/panel/index.html`)) return page;
    }
    await pause(200);
  }
  throw new Error('The panel window never opened');
}

/** Clicks the extension's in-page control once it is there, as a user's mouse would. */
export async function clickControl(page: Page): Promise<void> {
  for (let tries = 0; tries < 60 && !(await page.$('[data-role-doctor]')); tries++) {
    await pause(150);
  }
  const box = await (await page.$('[data-role-doctor]'))?.boundingBox();
  if (!box) throw new Error('No in-page control to click');
  await page.mouse.click(box.x + 20, box.y + box.height / 2);
}
