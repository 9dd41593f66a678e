import { expect, test } from '@playwright/test';
import { CONSOLE_ACCOUNT, consoleIdentity } from '../fixtures/data.js';
import {
  clickControl,
  type FirefoxSession,
  findPanelWindow,
  launchFirefox,
  type Page,
} from '../rig/firefox.js';
import { type Rig, startRig } from '../rig/server.js';
import { CONSOLE_HOSTS, rolePageUrl, sleep, waitForText } from './support.js';

let rig: Rig;
let firefox: FirefoxSession;

test.beforeAll(async () => {
  rig = await startRig();
  firefox = await launchFirefox(rig.proxyPort);
});
test.afterAll(async () => {
  await firefox?.close();
  await rig?.close();
});

async function controlCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('[data-role-doctor]').length);
}

async function waitForControl(page: Page): Promise<void> {
  for (let tries = 0; tries < 60 && (await controlCount(page)) === 0; tries++) await sleep(150);
  expect(await controlCount(page)).toBe(1);
}

test.describe
  .serial('Firefox', () => {
    let panel: Page;

    test('the in-page control on a role page opens the panel on that role', async () => {
      const page = await firefox.browser.newPage();
      await page.goto(rolePageUrl(CONSOLE_HOSTS.aws, 'ReadOnlyForDevelopers'));
      await waitForControl(page);
      await clickControl(page);
      panel = await findPanelWindow(firefox);
      await panel.waitForSelector('main[data-view="trust"]');
      await panel.click('.view-tab:first-child');
      await waitForText(panel, '[data-testid="page-title"]', (text) => text.includes('iam'));
      await waitForText(
        panel,
        '[data-testid="signed-in-as"]',
        (text) => text === consoleIdentity('aws').sessionArn,
      );
    });

    for (const [name, host] of Object.entries(CONSOLE_HOSTS)) {
      test(`content scripts run on an IAM role page in ${name}`, async () => {
        const page = await firefox.browser.newPage();
        const url = rolePageUrl(host, 'DeployRole');
        await page.goto(url);
        await waitForControl(page);
        const partition = name === 'multiSession' ? 'aws' : name;
        const account =
          name === 'multiSession' ? '111122223333' : CONSOLE_ACCOUNT[partition as 'aws'];
        const expectedArn = `arn:${partition}:iam::${account}:role/DeployRole`;
        await expect
          .poll(() =>
            panel.evaluate(async (pageUrl: string) => {
              const all = await browser.storage.session.get(null);
              const states = Object.values(all) as Array<{ url?: string; role?: { arn?: string } }>;
              return states.find((state) => state.url === pageUrl)?.role?.arn ?? null;
            }, url),
          )
          .toBe(expectedArn);
        await page.close();
      });
    }

    test('content scripts do not run on other sites', async () => {
      const page = await firefox.browser.newPage();
      await page.goto('https://www.example.test/build/4512');
      await sleep(1500);
      expect(await controlCount(page)).toBe(0);
      const pageSeesExtension = await page.evaluate(
        () => typeof (globalThis as { browser?: unknown }).browser !== 'undefined',
      );
      expect(pageSeesExtension).toBe(false);
      await page.close();
    });

    test('the "Explain this error" context-menu item exists', async () => {
      const exists = await panel.evaluate(() =>
        browser.contextMenus.update('explain-selection', {}).then(
          () => true,
          () => false,
        ),
      );
      expect(exists).toBe(true);
    });
  });
