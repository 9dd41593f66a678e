import { expect, test } from '@playwright/test';
import { parseAccessErrors } from '../../src/core/access/index.js';
import { diagnose, inputFromError } from '../../src/core/diagnose/index.js';
import {
  CONSOLE_ACCOUNT,
  consoleIdentity,
  findRole,
  PARTNER_ACCOUNT,
  roleArn,
} from '../fixtures/data.js';
import {
  clickControl,
  type FirefoxSession,
  findPanelWindow,
  launchFirefox,
  type Page as PuppeteerPage,
} from '../rig/firefox.js';
import { type Rig, startRig } from '../rig/server.js';
import { CONSOLE_HOSTS, pollUntil, rolePageUrl, setField, waitForText } from './support.js';

// The diagnose view in Firefox, whose panel opens as a window pinned to the tab whose in-page
// control was clicked. Every expected answer is the core's answer to the same facts.

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
let firefox: FirefoxSession;

test.beforeAll(async () => {
  rig = await startRig();
  firefox = await launchFirefox(rig.proxyPort);
});
test.afterAll(async () => {
  await firefox?.close();
  await rig?.close();
});

async function clickIn(panel: PuppeteerPage, selector: string): Promise<void> {
  await panel.waitForSelector(selector);
  await panel.$eval(selector, (element) => (element as HTMLElement).click());
}

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
  await clickIn(panel, '[data-testid="diag-answer-submit"]');
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

test.describe
  .serial('diagnose view in the Firefox panel window', () => {
    let page: PuppeteerPage;
    let panel: PuppeteerPage;

    test('a role page plus a pasted identity policy reaches the verdict', async () => {
      const { arn, trust } = standIn('ThirdPartyAuditor');
      const base = {
        roleArn: arn,
        caller: IDENTITY.sessionArn,
        via: 'console' as const,
        trustPolicy: trust,
        roleOnRecord: { arn },
        region: 'us-east-1',
      };
      page = await firefox.browser.newPage();
      await page.goto(rolePageUrl(CONSOLE_HOSTS.aws, 'ThirdPartyAuditor'));
      await clickControl(page);
      panel = await findPanelWindow(firefox);
      await panel.waitForSelector('main[data-view="trust"]');
      await openView(panel, 'Diagnose');
      await panel.waitForSelector('[data-testid="diag-trust-source"]');
      expect(
        await panel.$eval('[data-testid="diag-role"]', (e) => (e as HTMLInputElement).value),
      ).toBe(arn);
      expect(
        await panel.$eval('[data-testid="diag-caller"]', (e) => (e as HTMLInputElement).value),
      ).toBe(IDENTITY.sessionArn);

      const other = policy(`arn:aws:iam::${ACCOUNT}:role/ReadOnlyForDevelopers`);
      const refused = diagnose({ ...base, identityPolicies: [other] });
      expect(refused.firstFailure?.id).toBe('caller-policy');
      await answerWith(panel, 'identity-policy', other);
      await outcomeOf(panel, 'fail', 'caller-policy');
      expect(await linkStatuses(panel)).toEqual(statusesOf(refused));
      expect(await attribute(panel, '[data-testid="diag-fix-account"]', 'data-account')).toBe(
        ACCOUNT,
      );

      await clickIn(panel, '[data-testid="diag-given"] button');
      const allowing = policy(arn);
      const byConsole = diagnose({ ...base, identityPolicies: [allowing] });
      expect(byConsole.firstFailure?.id).toBe('path');
      await answerWith(panel, 'identity-policy', allowing);
      await outcomeOf(panel, 'fail', 'path');
      expect(await linkStatuses(panel)).toEqual(statusesOf(byConsole));
      await waitForText(panel, '[data-testid="diag-fix-commands"]', (text) =>
        text.includes('--external-id vendor-7f3a'),
      );
    });

    test('an AssumeRole error pasted in Explain leads into the same diagnosis', async () => {
      // Firefox's context menu cannot be clicked headless; the same text pasted takes the
      // same path into the diagnosis.
      const text =
        'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
        `arn:aws:sts::${ACCOUNT}:assumed-role/ci-runner/build-4512 is not authorized to ` +
        `perform: sts:AssumeRole on resource: arn:aws:iam::${PARTNER_ACCOUNT}:role/DeployRole`;
      await openView(panel, 'Explain');
      await panel.$eval(
        '[data-testid="paste-box"]',
        (element, value) => {
          const area = element as HTMLTextAreaElement;
          area.value = value;
          area.dispatchEvent(new Event('input', { bubbles: true }));
        },
        text,
      );
      await clickIn(panel, '[data-testid="diagnose-button"]');
      await panel.waitForSelector('main[data-view="diagnose"]');
      const [error] = parseAccessErrors(text);
      if (!error) throw new Error('no error in the pasted text');
      const fromError = inputFromError(error);
      await pollUntil(
        () => panel.$eval('[data-testid="diag-role"]', (e) => (e as HTMLInputElement).value),
        (value) => value === fromError.roleArn,
        'the role from the error',
      );
      expect(
        await panel.$eval('[data-testid="diag-caller"]', (e) => (e as HTMLInputElement).value),
      ).toBe(fromError.caller);

      const trust = JSON.stringify(findRole('DeployRole')?.trustPolicy('aws', PARTNER_ACCOUNT));
      const expected = diagnose({ ...fromError, trustPolicy: trust });
      expect(expected.firstFailure?.id).toBe('trust');
      await answerWith(panel, 'trust-policy', trust);
      await outcomeOf(panel, 'fail', 'trust');
      expect(await linkStatuses(panel)).toEqual(statusesOf(expected));
      expect(await attribute(panel, '[data-testid="diag-fix-account"]', 'data-account')).toBe(
        PARTNER_ACCOUNT,
      );
      const diff = await panel.$eval('[data-testid="diag-fix-diff"]', (e) => e.textContent ?? '');
      expect(diff.trimEnd()).toBe(expected.firstFailure?.fix?.diff);
      await page.close();
    });
  });
