import { expect, test } from '@playwright/test';
import { parseAccessErrors } from '../../src/core/access/index.js';
import { serviceError } from '../fixtures/data.js';
import { type ChromiumSession, dispatchExplainSelection, launchChromium } from '../rig/chromium.js';
import { type Rig, startRig } from '../rig/server.js';
import { CONSOLE_HOSTS, servicePageUrl, waitForText } from './support.js';

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

async function activeTabId(): Promise<number> {
  const id = await browser.serviceWorker.evaluate(
    async () => (await chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? -1,
  );
  expect(id).toBeGreaterThanOrEqual(0);
  return id;
}

test('an error banner gets a badge, an Explain control and the panel explains it', async () => {
  const page = await browser.context.newPage();
  // The banner appears after the page has loaded, as the console's do after an API call fails.
  await page.goto(`${servicePageUrl(CONSOLE_HOSTS.aws, 's3', 's3-list')}&rdDelay=800`);
  await expect(page.locator('[data-role-doctor]')).toHaveCount(1);
  const tabId = await activeTabId();
  await expect
    .poll(() =>
      browser.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId),
    )
    .toBe('1');

  await page.locator('[data-role-doctor]').click();
  const panel = await browser.panel();
  await panel.waitForSelector('main[data-view="explain"] [data-testid="explanation"]');
  const banner = serviceError('s3-list', 'aws', '111122223333');
  const [expected] = parseAccessErrors(banner?.text ?? '');
  expect(expected?.principal).toBe('arn:aws:sts::111122223333:assumed-role/Developer/alice');
  await waitForText(panel, '[data-testid="field-principal"]', (t) => t === expected?.principal);
  await waitForText(panel, '[data-testid="field-action"]', (t) => t === 's3:ListBucket');
  await waitForText(panel, '[data-testid="field-resource"]', (t) => t === expected?.resource);
  const steps = await panel.$$eval('[data-testid="fix-steps"] li', (items) => items.length);
  expect(steps).toBeGreaterThan(0);
  await page.close();
});

test('a banner re-rendered in place is explained as it reads now', async () => {
  const page = await browser.context.newPage();
  await page.goto(servicePageUrl(CONSOLE_HOSTS.aws, 's3', 's3-list'));
  await expect(page.locator('[data-role-doctor]')).toHaveCount(1);
  const next = serviceError('ec2-scp', 'aws', '111122223333')?.text ?? '';
  // The console swaps the words of a flashbar in place when a retry fails differently: once
  // as a text change, once as a new node.
  for (const how of ['text', 'node'] as const) {
    await page.evaluate(
      ({ text, how }) => {
        const banner = document.querySelector('[data-role-doctor]')?.parentElement;
        const walker = document.createTreeWalker(banner ?? document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent?.includes('not authorized')) continue;
          if (how === 'text') (node as Text).data = text.replace('alice', 'bob');
          else node.parentElement?.replaceChildren(document.createTextNode(text));
          return;
        }
      },
      { text: next, how },
    );
    await expect(page.locator('[data-role-doctor]')).toHaveCount(1);
    await page.locator('[data-role-doctor]').click();
    const panel = await browser.panel();
    await waitForText(panel, '[data-testid="field-action"]', (t) => t === 'ec2:DescribeInstances');
    await waitForText(panel, '[data-testid="field-principal"]', (t) =>
      t.endsWith(how === 'text' ? '/Developer/bob' : '/Developer/alice'),
    );
  }
  const tabId = await activeTabId();
  const reported = async () =>
    browser.serviceWorker.evaluate(async (id) => {
      const items = await chrome.storage.session.get(`tab:${id}`);
      return (items[`tab:${id}`] as { errors?: string[] } | undefined)?.errors ?? [];
    }, tabId);
  await expect.poll(async () => (await reported()).join('\n')).not.toContain('s3:ListBucket');
  // Words that are no error any more (header and message) take the control away.
  await page.evaluate(() => {
    const banner = document.querySelector('[data-role-doctor]')?.parentElement;
    const walker = document.createTreeWalker(banner ?? document.body, NodeFilter.SHOW_TEXT);
    let first = true;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      (node as Text).data = first ? 'Retrying…' : '';
      first = false;
    }
  });
  await expect(page.locator('[data-role-doctor]')).toHaveCount(0);
  await page.close();
});

test('an error inside a same-origin frame of a console page is found too', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${servicePageUrl(CONSOLE_HOSTS.aws, 'ec2', 'ec2-scp')}&rdFrame=1`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('[data-role-doctor]')).toHaveCount(1);
  const tabId = await activeTabId();
  await expect
    .poll(() =>
      browser.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId),
    )
    .toBe('1');
  await page.close();
});

test('"Explain this error" on text selected in a CI log explains it in the panel', async () => {
  // The panel opens from a console page, then follows the user to the other tab.
  const consolePage = await browser.context.newPage();
  await consolePage.goto(servicePageUrl(CONSOLE_HOSTS.aws, 's3', 's3-list'));
  await consolePage.locator('[data-role-doctor]').click();
  const panel = await browser.panel();

  const log = await browser.context.newPage();
  await log.goto('https://www.example.test/build/4512');
  await log.locator('#log').selectText();
  const selected = await log.evaluate(() => getSelection()?.toString() ?? '');
  expect(selected).toContain('AssumeRole');
  await dispatchExplainSelection(browser, await activeTabId(), selected);

  await panel.waitForSelector('main[data-view="explain"]');
  const [expected] = parseAccessErrors(selected);
  expect(expected?.action).toBe('sts:AssumeRole');
  await waitForText(panel, '[data-testid="explanation"]', (text) =>
    text.includes('arn:aws:iam::999988887777:role/DeployRole'),
  );
  const kind = await panel.$eval('[data-testid="explanation"]', (card) =>
    card.getAttribute('data-kind'),
  );
  expect(kind).toBe(expected?.kind);
  await log.close();
  await consolePage.close();
});

test('the paste box explains pasted text and says when it recognises nothing', async () => {
  const page = await browser.context.newPage();
  await page.goto(servicePageUrl(CONSOLE_HOSTS.aws, 's3', 's3-list'));
  await page.locator('[data-role-doctor]').click();
  const panel = await browser.panel();
  await panel.waitForSelector('[data-testid="paste-box"]');
  await panel.click('[data-testid="paste-box"]', { count: 3 });
  await panel.type('[data-testid="paste-box"]', 'nothing to see here');
  await panel.waitForSelector('[data-testid="nothing-recognised"]');
  const pasted =
    'An error occurred (AccessDenied) when calling the GetObject operation: User: ' +
    'arn:aws:iam::444455556666:user/ci is not authorized to perform: s3:GetObject on resource: ' +
    '"arn:aws:s3:::build-cache/key" with an explicit deny in a resource-based policy';
  await panel.$eval(
    '[data-testid="paste-box"]',
    (box, text) => {
      const area = box as HTMLTextAreaElement;
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    },
    pasted,
  );
  await waitForText(panel, '[data-testid="field-policy-type"]', (t) => t.includes('resource'));
  await page.close();
});
