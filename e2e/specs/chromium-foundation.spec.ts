import { expect, test } from '@playwright/test';
import { CONSOLE_ACCOUNT, consoleIdentity } from '../fixtures/data.js';
import { type ChromiumSession, launchChromium } from '../rig/chromium.js';
import { type Rig, startRig } from '../rig/server.js';
import { CONSOLE_HOSTS, rolePageUrl, servicePageUrl, waitForText } from './support.js';

let rig: Rig;
let browser: ChromiumSession;

test.beforeAll(async () => {
  rig = await startRig();
  browser = await launchChromium(rig.port);
});
test.afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

type StoredTab = { url: string | null; role: { name: string; arn: string | null } | null };

async function tabStates(): Promise<Record<string, StoredTab>> {
  return browser.serviceWorker.evaluate(
    async () => (await chrome.storage.session.get(null)) as Record<string, StoredTab>,
  );
}

async function stateForUrl(urlPrefix: string): Promise<StoredTab | undefined> {
  const states = await tabStates();
  return Object.values(states).find((state) => state.url?.startsWith(urlPrefix));
}

test.describe('content scripts', () => {
  for (const [name, host] of Object.entries(CONSOLE_HOSTS)) {
    test(`run on an IAM role page in ${name}`, async () => {
      const page = await browser.context.newPage();
      const url = rolePageUrl(host, 'DeployRole');
      await page.goto(url);
      await expect(page.locator('[data-role-doctor]')).toHaveCount(1);
      await expect.poll(async () => (await stateForUrl(url))?.role?.name).toBe('DeployRole');
      const partition = name === 'multiSession' ? 'aws' : name;
      const account =
        name === 'multiSession' ? '111122223333' : CONSOLE_ACCOUNT[partition as 'aws'];
      expect((await stateForUrl(url))?.role?.arn).toBe(
        `arn:${partition}:iam::${account}:role/DeployRole`,
      );
      await page.close();
    });
  }

  test('do not run on other sites, even with the same error text', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.example.test/build/4512');
    await expect(page.locator('#log')).toContainText('not authorized to perform');
    // The console page gets its control within a second; give the other site the same time.
    await page.waitForTimeout(1500);
    await expect(page.locator('[data-role-doctor]')).toHaveCount(0);
    expect(await stateForUrl('https://www.example.test/')).toBeUndefined();
    await page.close();
  });
});

test.describe('side panel', () => {
  test('opens from the in-page control and follows the active tab', async () => {
    const rolePage = await browser.context.newPage();
    await rolePage.goto(rolePageUrl(CONSOLE_HOSTS.aws, 'ReadOnlyForDevelopers'));
    const servicePage = await browser.context.newPage();
    await servicePage.goto(servicePageUrl(CONSOLE_HOSTS['aws-us-gov'], 'ec2'));
    await rolePage.bringToFront();
    await rolePage.locator('[data-role-doctor]').click();
    const panel = await browser.panel();
    // The control stands next to a role, so the panel opens on the role's trust view.
    await panel.waitForSelector('main[data-view="trust"]');
    const identity = consoleIdentity('aws');
    await panel.click('.view-tab:first-child');
    await waitForText(panel, '[data-testid="page-title"]', (text) => text.includes('iam'));
    await waitForText(panel, '[data-testid="signed-in-as"]', (t) => t === identity.sessionArn);

    await servicePage.bringToFront();
    await waitForText(panel, '[data-testid="page-title"]', (text) => text.includes('ec2'));
    await waitForText(panel, '[data-testid="page-facts"]', (t) => t.includes('GovCloud'));

    await rolePage.bringToFront();
    await waitForText(panel, '[data-testid="page-title"]', (text) => text.includes('iam'));
    await rolePage.close();
    await servicePage.close();
  });

  test('has the "Explain this error" context-menu item', async () => {
    const exists = await browser.serviceWorker.evaluate(() =>
      chrome.contextMenus.update('explain-selection', {}).then(
        () => true,
        () => false,
      ),
    );
    expect(exists).toBe(true);
  });
});

test.describe('messages', () => {
  test('a web page cannot reach the extension', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.example.test/');
    const reachable = await page.evaluate((id) => {
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome
        ?.runtime;
      if (typeof runtime?.sendMessage !== 'function') return false;
      return new Promise((resolve) => {
        try {
          (runtime.sendMessage as (id: string, m: unknown, cb: () => void) => void)(
            id,
            { type: 'open-panel', focus: 'page' },
            () => resolve(true),
          );
        } catch {
          resolve(false);
        }
      });
    }, browser.extensionId);
    expect(reachable).toBe(false);
    await page.close();
  });

  test('the page world of a console page cannot forge a content-script report', async () => {
    const page = await browser.context.newPage();
    const url = servicePageUrl(CONSOLE_HOSTS.aws, 's3');
    await page.goto(url);
    await expect.poll(async () => (await stateForUrl(url))?.url).toBe(url);
    const pageWorldHasRuntime = await page.evaluate(
      () => typeof (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id,
    );
    expect(pageWorldHasRuntime).toBe('undefined');
    await page.close();
  });
});
