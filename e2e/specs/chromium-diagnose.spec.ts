import { expect, test } from '@playwright/test';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { parseAccessErrors } from '../../src/core/access/index.js';
import { diagnose, inputFromError } from '../../src/core/diagnose/index.js';
import {
  CONSOLE_ACCOUNT,
  consoleIdentity,
  findRole,
  PARTNER_ACCOUNT,
  roleArn,
} from '../fixtures/data.js';
import { type ChromiumSession, dispatchExplainSelection, launchChromium } from '../rig/chromium.js';
import { type Rig, startRig } from '../rig/server.js';
import { CONSOLE_HOSTS, pollUntil, rolePageUrl, setField, waitForText } from './support.js';

// The diagnose view against the stand-in console: every expected answer is the core's answer to
// the same facts the page shows and the same text the user pastes.

const ACCOUNT = CONSOLE_ACCOUNT.aws;
const IDENTITY = consoleIdentity('aws');

function standIn(name: string, account = ACCOUNT) {
  const role = findRole(name);
  if (!role) throw new Error(`No stand-in role ${name}`);
  return {
    arn: roleArn('aws', account, role),
    // The stand-in page prints the policy exactly so.
    trust: JSON.stringify(role.trustPolicy('aws', ACCOUNT), null, 4),
  };
}

const policy = (resource: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }],
  });

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

const attribute = (panel: PuppeteerPage, selector: string, name: string) =>
  panel.$eval(selector, (element, key) => element.getAttribute(key), name).catch(() => null);

async function openView(panel: PuppeteerPage, label: string): Promise<void> {
  await panel.$$eval(
    'nav.views button',
    (buttons, text) => {
      for (const button of buttons)
        if (button.textContent === text) (button as HTMLElement).click();
    },
    label,
  );
  await panel.waitForSelector(`main[data-view="${label.toLowerCase()}"]`);
}

async function waitForQuestion(panel: PuppeteerPage, id: string): Promise<void> {
  try {
    await pollUntil(
      () => attribute(panel, '[data-testid="diag-question"]', 'data-question'),
      (value) => value === id,
      `question ${id}`,
    );
  } catch (error) {
    const shown = await panel.$eval('main', (main) => main.textContent ?? '').catch(() => '');
    throw new Error(`${(error as Error).message}; the view shows: ${shown.slice(0, 1500)}`);
  }
}

async function answerWith(panel: PuppeteerPage, id: string, text: string): Promise<void> {
  await waitForQuestion(panel, id);
  await setField(panel, '[data-testid="diag-answer"]', text);
  await panel.click('[data-testid="diag-answer-submit"]');
}

async function outcomeOf(panel: PuppeteerPage, outcome: string, firstLink: string) {
  await pollUntil(
    async () => [
      await attribute(panel, '[data-testid="diag-outcome"]', 'data-outcome'),
      await attribute(panel, '[data-testid="diag-outcome"]', 'data-first-link'),
    ],
    (value) => value[0] === outcome && value[1] === firstLink,
    `outcome ${outcome} at ${firstLink || 'no link'}`,
  );
}

async function linkStatuses(panel: PuppeteerPage): Promise<string[]> {
  return panel.$$eval('[data-testid="diag-links"] > li', (items) =>
    items.map((item) => `${item.getAttribute('data-link')}:${item.getAttribute('data-status')}`),
  );
}

const statusesOf = (result: ReturnType<typeof diagnose>) =>
  result.links.map((item) => `${item.id}:${item.status}`);

const ROLE_PAGE_TEST =
  'a role page plus a pasted identity policy reaches the verdict, question by question';

test(ROLE_PAGE_TEST, async () => {
  const { arn, trust } = standIn('ThirdPartyAuditor');
  const base = {
    roleArn: arn,
    caller: IDENTITY.sessionArn,
    via: 'console' as const,
    trustPolicy: trust,
    roleOnRecord: { arn },
    region: 'us-east-1',
  };

  const page = await browser.context.newPage();
  await page.goto(rolePageUrl(CONSOLE_HOSTS.aws, 'ThirdPartyAuditor'));
  await page.locator('[data-role-doctor]').click();
  const panel = await browser.panel();
  await panel.waitForSelector('main[data-view="trust"]');
  await openView(panel, 'Diagnose');

  // What the page shows is taken as it is: the role, its trust policy and the console identity.
  await panel.waitForSelector('[data-testid="diag-trust-source"]');
  expect(await panel.$eval('[data-testid="diag-role"]', (e) => (e as HTMLInputElement).value)).toBe(
    arn,
  );
  expect(
    await panel.$eval('[data-testid="diag-caller"]', (e) => (e as HTMLInputElement).value),
  ).toBe(IDENTITY.sessionArn);
  const asked = diagnose(base);
  expect(asked.questions[0]?.id).toBe('identity-policy');
  await waitForQuestion(panel, 'identity-policy');
  expect(await linkStatuses(panel)).toEqual(statusesOf(asked));

  // The trust policy pasted where the identity policy belongs: the reason, and no verdict.
  const misplaced = diagnose({ ...base, identityPolicies: [trust] });
  const reason = misplaced.problems[0] ?? '';
  expect(reason).toMatch(/This looks like a trust policy/);
  await answerWith(panel, 'identity-policy', trust);
  await waitForText(panel, '[data-testid="diag-problems"]', (text) => text.includes(reason));
  expect(await linkStatuses(panel)).toEqual(statusesOf(misplaced));
  expect(statusesOf(misplaced)).toContain('caller-policy:unknown');

  // An identity policy for another role: the caller's own account must change.
  const other = policy(`arn:aws:iam::${ACCOUNT}:role/ReadOnlyForDevelopers`);
  const refused = diagnose({ ...base, identityPolicies: [other] });
  expect(refused.firstFailure?.id).toBe('caller-policy');
  await answerWith(panel, 'identity-policy', other);
  await outcomeOf(panel, 'fail', 'caller-policy');
  expect(await linkStatuses(panel)).toEqual(statusesOf(refused));
  expect(await attribute(panel, '[data-testid="diag-fix-account"]', 'data-account')).toBe(
    refused.firstFailure?.fix?.account,
  );
  const shownPolicy = await panel.$eval('[data-testid="diag-fix-policy"]', (e) => e.textContent);
  expect(JSON.parse(shownPolicy ?? '')).toEqual(refused.firstFailure?.fix?.policy?.document);

  // The allowing policy moves the failure to the console path: no ExternalId from the console.
  await panel.$$eval('[data-testid="diag-given"] button', (buttons) =>
    (buttons[0] as HTMLElement | undefined)?.click(),
  );
  const allowing = policy(arn);
  const byConsole = diagnose({ ...base, identityPolicies: [allowing] });
  expect(byConsole.firstFailure?.id).toBe('path');
  await answerWith(panel, 'identity-policy', allowing);
  await outcomeOf(panel, 'fail', 'path');
  await waitForText(panel, '[data-testid="diag-evidence"]', (text) =>
    text.includes('EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH'),
  );
  await waitForText(panel, '[data-testid="diag-fix-commands"]', (text) =>
    text.includes('--external-id vendor-7f3a'),
  );

  // By the CLI the view asks for the ExternalId, and with it every link passes.
  await panel.click('[data-testid="diag-via-cli"]');
  await answerWith(panel, 'external-id', 'vendor-7f3a');
  const byCli = diagnose({
    ...base,
    via: 'cli',
    identityPolicies: [allowing],
    externalId: 'vendor-7f3a',
  });
  expect(byCli.outcome).toBe('pass');
  await outcomeOf(panel, 'pass', '');
  expect(await linkStatuses(panel)).toEqual(statusesOf(byCli));
  await waitForText(panel, '[data-testid="diag-invisible"]', (text) =>
    text.includes('Service control policies'),
  );
  const trailLinks = await panel.$$eval('[data-testid="diag-cloudtrail"] a', (anchors) =>
    anchors.map((anchor) => (anchor as HTMLAnchorElement).href),
  );
  expect(trailLinks).toEqual(
    byCli.cloudTrail?.accounts.flatMap((account) => account.links.map((item) => item.url)),
  );
  for (const href of trailLinks) expect(new URL(href).host).toBe('console.aws.amazon.com');
  await page.close();
});

test('a selected AssumeRole error leads into the same diagnosis', async () => {
  const consolePage = await browser.context.newPage();
  await consolePage.goto(rolePageUrl(CONSOLE_HOSTS.aws, 'ReadOnlyForDevelopers'));
  await consolePage.locator('[data-role-doctor]').click();
  const panel = await browser.panel();

  const log = await browser.context.newPage();
  await log.goto('https://www.example.test/build/4512');
  // The user selects the error's line of the log.
  const selected = await log.evaluate(() => {
    const text = document.querySelector('#log')?.firstChild;
    const content = text?.textContent ?? '';
    const start = content.indexOf('An error occurred');
    const end = content.indexOf('\n', start);
    const range = document.createRange();
    if (text) {
      range.setStart(text, start);
      range.setEnd(text, end);
    }
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    return getSelection()?.toString() ?? '';
  });
  const tabId = await browser.serviceWorker.evaluate(
    async () => (await chrome.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? -1,
  );
  await dispatchExplainSelection(browser, tabId, selected);
  await panel.waitForSelector('main[data-view="explain"] [data-testid="diagnose-button"]');
  await panel.click('[data-testid="diagnose-button"]');
  await panel.waitForSelector('main[data-view="diagnose"]');

  const [error] = parseAccessErrors(selected);
  if (!error) throw new Error('the CI log holds no error');
  const fromError = inputFromError(error);
  expect(fromError.roleArn).toBe(`arn:aws:iam::${PARTNER_ACCOUNT}:role/DeployRole`);
  expect(await panel.$eval('[data-testid="diag-role"]', (e) => (e as HTMLInputElement).value)).toBe(
    fromError.roleArn,
  );
  expect(
    await panel.$eval('[data-testid="diag-caller"]', (e) => (e as HTMLInputElement).value),
  ).toBe(fromError.caller);
  expect(
    await panel.$eval('[data-testid="diag-via-cli"]', (e) => (e as HTMLInputElement).checked),
  ).toBe(true);

  // The role is in the other account, so its trust policy is the first thing asked for.
  const trust = JSON.stringify(findRole('DeployRole')?.trustPolicy('aws', PARTNER_ACCOUNT));
  const expected = diagnose({ ...fromError, trustPolicy: trust });
  expect(expected.firstFailure?.id).toBe('trust');
  expect(expected.firstFailure?.fix?.account).toBe(PARTNER_ACCOUNT);
  await answerWith(panel, 'trust-policy', trust);
  await outcomeOf(panel, 'fail', 'trust');
  expect(await linkStatuses(panel)).toEqual(statusesOf(expected));
  expect(await attribute(panel, '[data-testid="diag-fix-account"]', 'data-account')).toBe(
    PARTNER_ACCOUNT,
  );
  const diff = await panel.$eval('[data-testid="diag-fix-diff"]', (e) => e.textContent ?? '');
  expect(diff.trimEnd()).toBe(expected.firstFailure?.fix?.diff);
  const trailAccounts = await panel.$$eval('[data-testid="diag-cloudtrail"] section', (items) =>
    items.map((item) => `${item.getAttribute('data-account')}:${item.getAttribute('data-side')}`),
  );
  expect(trailAccounts).toEqual([`${ACCOUNT}:caller`, `${PARTNER_ACCOUNT}:role`]);
  await log.close();
  await consolePage.close();
});
