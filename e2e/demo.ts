// The demo: Chromium with the built extension on the stand-in console, so every capability can
// be seen without an AWS account. With a display it opens a window to try things by hand;
// without one it runs each capability headless and writes a screenshot of the page and the
// panel side by side for each.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dispatchExplainSelection, launchChromium } from './rig/chromium.js';
import { startRig } from './rig/server.js';
import { mountStandIns } from './rig/standins.js';
import { CONSOLE_HOSTS, rolePageUrl, servicePageUrl } from './specs/support.js';

const SCREENSHOTS = join(import.meta.dirname, '..', 'demo-screenshots');

interface Scene {
  name: string;
  title: string;
  url: string;
  /** How the panel is opened on the finding: the in-page control, or "Explain this error". */
  open: 'control' | 'selection' | 'none';
  /** A panel view to show after opening, by its tab label. */
  view?: string;
  /** Extra steps in the panel before the screenshot. */
  inPanel?: (panel: import('puppeteer-core').Page) => Promise<void>;
}

const SCENES: Scene[] = [
  {
    name: '01-page',
    title: 'Which console page, partition, region and identity',
    url: rolePageUrl(CONSOLE_HOSTS.multiSession, 'ReadOnlyForDevelopers', 'permissions'),
    open: 'control',
    view: 'Page',
  },
  {
    name: '02-explain-banner',
    title: 'An access-denied banner explained',
    url: servicePageUrl(CONSOLE_HOSTS.aws, 's3', 's3-list'),
    open: 'control',
  },
  {
    name: '03-explain-selection',
    title: '"Explain this error" on text selected in a CI log',
    url: 'https://www.example.test/build/4512',
    open: 'selection',
  },
  {
    name: '04-trust-denied',
    title: 'Trust policy check: the console identity cannot assume DeployRole',
    url: rolePageUrl(CONSOLE_HOSTS.aws, 'DeployRole'),
    open: 'control',
  },
  {
    name: '05-trust-editor',
    title: 'A long trust policy read whole from the Ace editor',
    url:
      `https://${CONSOLE_HOSTS.aws}/iam/home?region=us-east-1` +
      '#/roles/details/LongTrustPolicy/edit_trust_policy',
    open: 'control',
  },
  {
    name: '06-roles',
    title: 'Switch roles: the switch link and Switch now for the role on screen',
    url: rolePageUrl(CONSOLE_HOSTS.aws, 'ReadOnlyForDevelopers'),
    open: 'control',
    view: 'Roles',
  },
  {
    name: '07-signin',
    title: 'Console sign-in: paste temporary credentials to get a sign-in link',
    url: servicePageUrl(CONSOLE_HOSTS.aws, 'console'),
    open: 'none',
    view: 'Sign in',
  },
  {
    name: '08-diagnose',
    title: 'Diagnose: why the console identity cannot assume DeployRole',
    url: rolePageUrl(CONSOLE_HOSTS.aws, 'DeployRole'),
    open: 'control',
    view: 'Diagnose',
  },
  {
    name: '09-switch-failure',
    title: 'The switch-role page\'s "Invalid information" explained',
    url: 'https://signin.aws.amazon.com/switchrole?rdFailed=1&account=999988887777&roleName=Deploy',
    open: 'control',
  },
];

async function sideBySide(page: Page, pageShot: Buffer, panelShot: Buffer, title: string) {
  const html =
    '<body style="margin:0;font:600 15px system-ui;background:#eef1f4">' +
    `<div style="padding:8px 12px">${title.replace(/</g, '&lt;')}</div>` +
    '<div style="display:flex;gap:8px;padding:0 8px 8px;align-items:flex-start">' +
    `<img style="width:900px;border:1px solid #ccc" ` +
    `src="data:image/png;base64,${pageShot.toString('base64')}">` +
    `<img style="width:420px;border:1px solid #ccc" ` +
    `src="data:image/png;base64,${panelShot.toString('base64')}">` +
    '</div></body>';
  await page.setContent(html);
  await page.waitForLoadState('load');
  return page.screenshot({ fullPage: true });
}

async function headlessTour(): Promise<void> {
  const rig = await startRig();
  await mountStandIns(rig);
  const browser = await launchChromium(rig.port);
  await mkdir(SCREENSHOTS, { recursive: true });
  const composer = await browser.context.newPage();
  let panelOpened = false;
  try {
    for (const scene of SCENES) {
      const page = await browser.context.newPage();
      await page.goto(scene.url);
      await page.waitForTimeout(1200);
      if (scene.open === 'control' || (scene.open === 'none' && !panelOpened)) {
        const control = page.locator('[data-role-doctor]').first();
        if ((await control.count()) > 0) {
          await control.click();
          panelOpened = true;
        }
      }
      if (scene.open === 'selection') {
        await page.locator('#log').selectText();
        const text = await page.evaluate(() => getSelection()?.toString() ?? '');
        const tabId = await browser.serviceWorker.evaluate(
          async () => (await chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id,
        );
        await dispatchExplainSelection(browser, tabId ?? -1, text);
      }
      await page.bringToFront();
      const panel = await browser.panel();
      if (scene.view) {
        const tabs = await panel.$$('.view-tab');
        for (const tab of tabs) {
          if ((await tab.evaluate((element) => element.textContent)) === scene.view)
            await tab.click();
        }
      }
      await scene.inPanel?.(panel);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const pageShot = await page.screenshot();
      const panelShot = Buffer.from(await panel.screenshot({ fullPage: true }));
      const composed = await sideBySide(composer, pageShot, panelShot, scene.title);
      await writeFile(join(SCREENSHOTS, `${scene.name}.png`), composed);
      console.log(`  ${scene.name}.png  ${scene.title}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await rig.close();
  }
  console.log(`\nScreenshots of each capability are in ${SCREENSHOTS}`);
}

async function interactive(): Promise<void> {
  const rig = await startRig();
  await mountStandIns(rig);
  const browser = await launchChromium(rig.port, [], { headless: false });
  for (const scene of SCENES) {
    const page = await browser.context.newPage();
    await page.goto(scene.url);
  }
  console.log(
    'Chromium is open on the stand-in AWS console with Role Doctor loaded.\n' +
      'Click the Role Doctor buttons on the pages, the toolbar icon, or select an error and\n' +
      'choose "Explain this error". Close the browser window (or press Ctrl+C) to stop.',
  );
  await new Promise<void>((resolve) => {
    browser.context.on('close', () => resolve());
    process.on('SIGINT', () => resolve());
  });
  await browser.close().catch(() => undefined);
  await rig.close();
}

const headed = Boolean(process.env.DISPLAY) && !process.argv.includes('--headless');
await (headed ? interactive() : headlessTour());
