import { expect, test } from '@playwright/test';
import { checkTrustPolicy, evaluateTrust } from '../../src/core/trust/index.js';
import { CONSOLE_ACCOUNT, consoleIdentity, findRole, roleArn } from '../fixtures/data.js';
import {
  clickControl,
  type FirefoxSession,
  findPanelWindow,
  launchFirefox,
  type Page as PuppeteerPage,
} from '../rig/firefox.js';
import { type Rig, startRig } from '../rig/server.js';
import { CONSOLE_HOSTS, pollUntil, rolePageUrl, setField, sleep, waitForText } from './support.js';

// The trust view in Firefox, whose panel opens as a window pinned to the role's tab, against the
// stand-in IAM console: every expectation is computed from the same
// role data the page shows and the same core call the panel makes.

const ACCOUNT = CONSOLE_ACCOUNT.aws;
const IDENTITY = consoleIdentity('aws');
const CONSOLE_CALLER = { principal: IDENTITY.sessionArn, type: 'console-switch' as const };

function roleFacts(name: string) {
  const role = findRole(name);
  if (!role) throw new Error(`No stand-in role ${name}`);
  // The stand-in page prints the policy exactly so.
  const text = JSON.stringify(role.trustPolicy('aws', ACCOUNT), null, 4);
  const arn = roleArn('aws', ACCOUNT, role);
  return { text, arn, verdict: evaluateTrust(text, arn, CONSOLE_CALLER) };
}

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

const attribute = (panel: PuppeteerPage, selector: string, name: string) =>
  panel.$eval(selector, (element, key) => element.getAttribute(key), name).catch(() => null);

async function waitForRole(panel: PuppeteerPage, name: string, source: string): Promise<void> {
  await waitForText(panel, '[data-testid="trust-role"]', (text) => text === name);
  await pollUntil(
    () => attribute(panel, '[data-testid="trust-source"]', 'data-source'),
    (value) => value === source,
    `trust source ${source} for ${name}`,
  );
}

async function verdictOf(panel: PuppeteerPage): Promise<string | null> {
  return pollUntil(
    () => attribute(panel, '[data-testid="verdict"]', 'data-allowed'),
    (value) => value !== null,
    'a verdict',
  );
}

const panelText = (panel: PuppeteerPage, selector: string) =>
  panel.$eval(selector, (element) => element.textContent ?? '');

/** The policy as the panel shows it, one entry per numbered line. */
const panelPolicyLines = (panel: PuppeteerPage) =>
  panel.$$eval('[data-testid="policy-lines"] .line-text', (elements) =>
    elements.map((element) => element.textContent ?? ''),
  );

test.describe
  .serial('trust view in the Firefox panel window', () => {
    let page: PuppeteerPage;
    let panel: PuppeteerPage;

    const goToHash = async (hash: string) => {
      await page.evaluate((target) => {
        location.hash = target;
      }, hash);
    };

    test('a role whose trust refuses the console identity: denied, with the fix', async () => {
      const expected = roleFacts('DeployRole');
      expect(expected.verdict.allowed).toBe(false);
      expect(expected.verdict.proposedPolicy).not.toBeNull();

      page = await firefox.browser.newPage();
      await page.goto(rolePageUrl(CONSOLE_HOSTS.aws, 'DeployRole'));
      await clickControl(page);
      panel = await findPanelWindow(firefox);
      await panel.waitForSelector('main[data-view="trust"]');
      await waitForRole(panel, 'DeployRole', 'trust-tab');

      // The caller starts as the identity signed in to the console.
      expect(
        await panel.$eval('[data-testid="caller-principal"]', (e) => (e as HTMLInputElement).value),
      ).toBe(IDENTITY.sessionArn);
      expect(
        await panel.$eval('[data-testid="role-arn"]', (e) => (e as HTMLInputElement).value),
      ).toBe(expected.arn);
      expect(await verdictOf(panel)).toBe('false');
      const reasons = await panel.$$eval('[data-testid="verdict-reasons"] li', (items) =>
        items.map((item) => item.getAttribute('data-id')),
      );
      expect(reasons).toEqual(expected.verdict.reasons.map((reason) => reason.id));

      // The proposal shown is the evaluator's, and it really admits the console identity.
      const shown = JSON.parse(await panelText(panel, '[data-testid="proposed-policy"]'));
      expect(shown).toEqual(expected.verdict.proposedPolicy);
      expect(evaluateTrust(JSON.stringify(shown), expected.arn, CONSOLE_CALLER).allowed).toBe(true);
      expect(JSON.stringify(shown)).toContain(IDENTITY.roleArn);
      const diff = await panelText(panel, '[data-testid="proposed-diff"]');
      expect(diff.trimEnd()).toBe(expected.verdict.proposedDiff);
      const added = await panel.$$eval('[data-testid="proposed-diff"] .diff-added', (lines) =>
        lines.map((line) => line.textContent ?? ''),
      );
      expect(added.some((line) => line.includes(IDENTITY.roleArn))).toBe(true);
      await expect.poll(async () => (await panelPolicyLines(panel)).join('\n')).toBe(expected.text);
    });

    test('the caller form changes the answer', async () => {
      const partnerCaller = `arn:aws:iam::999988887777:role/ci-deployer`;
      // The form is folded while it has what the verdict needs.
      expect(await panel.$eval('[data-testid="caller-card"]', (e) => e.hasAttribute('open'))).toBe(
        false,
      );
      expect(await panelText(panel, '[data-testid="caller-summary"]')).toContain(
        IDENTITY.sessionArn,
      );
      await panel.click('[data-testid="caller-card"] > summary');
      await setField(panel, '[data-testid="caller-principal"]', '');
      await setField(panel, '[data-testid="caller-principal"]', partnerCaller);
      // It stays open while being edited, through a moment without a valid caller.
      expect(await panel.$eval('[data-testid="caller-card"]', (e) => e.hasAttribute('open'))).toBe(
        true,
      );
      await setField(panel, '[data-testid="caller-type"]', 'role-session');
      const { text, arn } = roleFacts('DeployRole');
      const direct = evaluateTrust(text, arn, { principal: partnerCaller, type: 'role-session' });
      expect(direct.allowed).toBe(true);
      await pollUntil(
        () => attribute(panel, '[data-testid="verdict"]', 'data-allowed'),
        (value) => value === 'true',
        'the partner CI role admitted',
      );
      // Back to the console identity for the rest.
      await panel.click('.caller-form button.secondary');
      await setField(panel, '[data-testid="caller-type"]', 'console-switch');
      await pollUntil(
        () => attribute(panel, '[data-testid="verdict"]', 'data-allowed'),
        (value) => value === 'false',
        'the console identity refused again',
      );
    });

    test('hash navigation to another role and between tabs updates the panel', async () => {
      const expected = roleFacts('ReadOnlyForDevelopers');
      expect(expected.verdict.allowed).toBe(true);
      await goToHash('#/roles/details/ReadOnlyForDevelopers?section=trust_relationships');
      await waitForRole(panel, 'ReadOnlyForDevelopers', 'trust-tab');
      await pollUntil(
        () => attribute(panel, '[data-testid="verdict"]', 'data-allowed'),
        (value) => value === 'true',
        'ReadOnlyForDevelopers allowed',
      );
      expect(await panel.$('[data-testid="proposed-diff"]')).toBeNull();
      expect(await panelText(panel, '[data-testid="invisible"]')).toContain(
        expected.verdict.invisible[0] ?? '',
      );

      await goToHash('#/roles/details/ReadOnlyForDevelopers?section=permissions');
      await waitForRole(panel, 'ReadOnlyForDevelopers', 'not-shown');
      // No policy on this tab: no verdict, no lines, and the paste box is open.
      expect(await panel.$('[data-testid="verdict"]')).toBeNull();
      expect(await panel.$('[data-testid="policy-lines"]')).toBeNull();
      expect(await panel.$eval('.paste-box', (e) => (e as HTMLDetailsElement).open)).toBe(true);
      // A permissions policy shown on this tab is not taken for the trust policy.
      await page.evaluate(() => {
        const block = document.createElement('pre');
        block.textContent = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        });
        document.querySelector('h1')?.after(block);
      });
      await sleep(1000);
      expect(await attribute(panel, '[data-testid="trust-source"]', 'data-source')).toBe(
        'not-shown',
      );
      expect(await panel.$('[data-testid="policy-lines"]')).toBeNull();

      await goToHash('#/roles/details/ReadOnlyForDevelopers?section=trust_relationships');
      await waitForRole(panel, 'ReadOnlyForDevelopers', 'trust-tab');
      expect(await verdictOf(panel)).toBe('true');
    });

    test('a deleted principal shows as the unique-id finding at its line', async () => {
      const { text, arn } = roleFacts('FormerContractorAccess');
      const expected = checkTrustPolicy(text, { roleArn: arn }).findings.find(
        (finding) => finding.id === 'UNIQUE_ID_PRINCIPAL',
      );
      expect(expected).toBeDefined();
      await goToHash('#/roles/details/FormerContractorAccess?section=trust_relationships');
      await waitForRole(panel, 'FormerContractorAccess', 'trust-tab');
      const finding = '[data-testid="finding"][data-id="UNIQUE_ID_PRINCIPAL"]';
      await panel.waitForSelector(finding);
      expect(await attribute(panel, finding, 'data-severity')).toBe(expected?.severity);
      expect(await attribute(panel, finding, 'data-line')).toBe(String(expected?.line));
      expect(await panelText(panel, finding)).toContain(expected?.message ?? '');
      const line = `[data-testid="policy-lines"] [data-line="${expected?.line}"]`;
      expect(await attribute(panel, line, 'data-severity')).toBe(expected?.severity);
      expect(await panelText(panel, `${line} .line-text`)).toContain('AIDAJQABLZS4A3QDU576Q');
      // A click on the finding brings its line into view and flashes it.
      await panel.click(`${finding} .finding-head`);
      await pollUntil(
        () => panel.$eval(line, (e) => e.classList.contains('flash')),
        Boolean,
        'the finding line highlighted',
      );
    });

    test('the Edit trust policy page is read whole, beyond what the editor shows', async () => {
      const expected = roleFacts('LongTrustPolicy');
      const lineCount = expected.text.split('\n').length;
      const lastSid = 'ConsoleDevelopers';
      // Only the last statement admits the console identity, so the verdict needs all of it.
      expect(expected.verdict.allowed).toBe(true);
      expect(expected.verdict.statement).toBe(lastSid);

      await goToHash('#/roles/details/LongTrustPolicy/edit_trust_policy');
      await page.waitForSelector('.ace_editor .ace_line');
      const shownLines = (await page.$$('.ace_editor .ace_line')).length;
      expect(shownLines).toBeGreaterThan(0);
      expect(shownLines).toBeLessThan(lineCount);
      expect(await page.$eval('.ace_editor', (e) => e.textContent)).not.toContain(lastSid);

      await waitForRole(panel, 'LongTrustPolicy', 'editor');
      expect(await panelText(panel, '[data-testid="trust-source"]')).toContain('unsaved draft');
      await expect.poll(async () => (await panelPolicyLines(panel)).join('\n')).toBe(expected.text);
      expect(await verdictOf(panel)).toBe('true');
      expect(await panelText(panel, '[data-testid="deciding-statement"]')).toContain(lastSid);
      const findings = checkTrustPolicy(expected.text, { roleArn: expected.arn }).findings;
      expect(await panelText(panel, '[data-testid="finding-count"]')).toBe(`(${findings.length})`);
    });

    test('an editor it cannot read is said so, never guessed; pasting checks it', async () => {
      const expected = roleFacts('LongTrustPolicy');
      // Take the editor object away from the page, as a console build that hides it would.
      await page.evaluate(() => {
        for (const element of document.querySelectorAll('.ace_editor')) {
          delete (element as Element & { env?: unknown }).env;
        }
        document.body.append(document.createElement('div'));
      });
      await waitForRole(panel, 'LongTrustPolicy', 'unreadable');
      expect(await panel.$('[data-testid="policy-lines"]')).toBeNull();
      expect(await panel.$('[data-testid="verdict"]')).toBeNull();
      expect(await panelText(panel, '[data-testid="trust-source"]')).toContain('does not guess');
      // Page and pasted text is shown as text, never as markup.
      const hostile = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: '<img src=x id=injected-markup>',
            Effect: 'Allow',
            Principal: { AWS: IDENTITY.roleArn },
            Action: 'sts:AssumeRole',
          },
        ],
      });
      await setField(panel, '[data-testid="paste-policy"]', hostile);
      await pollUntil(
        () => panelText(panel, '[data-testid="policy-lines"]'),
        (text) => text.includes('<img src=x id=injected-markup>'),
        'the pasted markup shown as text',
      );
      expect(await panel.$('#injected-markup')).toBeNull();
      await setField(panel, '[data-testid="paste-policy"]', expected.text);
      expect(await verdictOf(panel)).toBe('true');
      await expect.poll(async () => (await panelPolicyLines(panel)).join('\n')).toBe(expected.text);

      // Another role: its own policy from the page, not the text pasted for this one.
      const deploy = roleFacts('DeployRole');
      await goToHash('#/roles/details/DeployRole?section=trust_relationships');
      await waitForRole(panel, 'DeployRole', 'trust-tab');
      expect(await verdictOf(panel)).toBe('false');
      await expect.poll(async () => (await panelPolicyLines(panel)).join('\n')).toBe(deploy.text);

      // With the page's policy read, pasted text is checked only when asked, and can be left.
      await panel.click('.paste-box > summary');
      await setField(
        panel,
        '[data-testid="paste-policy"]',
        roleFacts('ReadOnlyForDevelopers').text,
      );
      expect(await verdictOf(panel)).toBe('false');
      await panel.click('[data-testid="check-pasted"]');
      await pollUntil(
        () => attribute(panel, '[data-testid="verdict"]', 'data-allowed'),
        (value) => value === 'true',
        'the pasted policy checked',
      );
      await panel.waitForSelector('[data-testid="checking-pasted"]');
      await panel.click('[data-testid="checking-pasted"] button');
      await pollUntil(
        () => attribute(panel, '[data-testid="verdict"]', 'data-allowed'),
        (value) => value === 'false',
        "back to the page's policy",
      );
      await page.close();
    });
  });
