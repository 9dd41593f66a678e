import { expect, test } from '@playwright/test';
import { parseAccessErrors } from '../../src/core/access/index.js';
import { serviceError } from '../fixtures/data.js';
import { type FirefoxSession, findPanelWindow, launchFirefox } from '../rig/firefox.js';
import { type Rig, startRig } from '../rig/server.js';
import { CONSOLE_HOSTS, servicePageUrl, sleep, waitForText } from './support.js';

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

test('an error banner gets an Explain control whose panel explains it', async () => {
  const page = await firefox.browser.newPage();
  await page.goto(`${servicePageUrl(CONSOLE_HOSTS.aws, 's3', 's3-list')}&rdDelay=500`);
  let box = null;
  for (let tries = 0; tries < 60 && !box; tries++) {
    box = await (await page.$('[data-role-doctor]'))?.boundingBox();
    if (!box) await sleep(150);
  }
  if (!box) throw new Error('No Explain control appeared');
  await page.mouse.click(box.x + 20, box.y + box.height / 2);
  const panel = await findPanelWindow(firefox);
  await panel.waitForSelector('main[data-view="explain"] [data-testid="explanation"]');
  const [expected] = parseAccessErrors(serviceError('s3-list', 'aws', '111122223333')?.text ?? '');
  await waitForText(panel, '[data-testid="field-principal"]', (t) => t === expected?.principal);
  await waitForText(panel, '[data-testid="field-resource"]', (t) => t === expected?.resource);

  // Firefox's context menu cannot be clicked headless; the same text pasted takes the same path.
  const log =
    'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
    'arn:aws:sts::111122223333:assumed-role/ci-runner/build-4512 is not authorized to perform: ' +
    'sts:AssumeRole on resource: arn:aws:iam::999988887777:role/DeployRole';
  await panel.$eval(
    '[data-testid="paste-box"]',
    (element, text) => {
      const area = element as HTMLTextAreaElement;
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    },
    log,
  );
  await waitForText(panel, '[data-testid="explanation"]', (text) =>
    text.includes('arn:aws:iam::999988887777:role/DeployRole'),
  );
  expect(parseAccessErrors(log)[0]?.action).toBe('sts:AssumeRole');
  await page.close();
});
