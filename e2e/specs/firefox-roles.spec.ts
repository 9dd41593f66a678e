import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  clickControl,
  type FirefoxSession,
  findPanelWindow,
  launchFirefox,
  type Page as PuppeteerPage,
} from '../rig/firefox.js';
import { type RecordedRequest, type Rig, startRig } from '../rig/server.js';
import { pollUntil, setField, sleep, waitForText } from './support.js';

// The roles view in Firefox's panel window against the stand-in console and sign-in hosts:
// links, the console's own switch (form and multi-session), saved roles, import of a large
// config, and the switch-role page's failure. Expected links and fields are written out, not
// computed by the code under test.

const AWS_PAGE =
  'https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1' +
  '#/roles/details/ReadOnlyForDevelopers?section=trust_relationships';
const GOV_PAGE =
  'https://us-gov-west-1.console.amazonaws-us-gov.com/iam/home?region=us-gov-west-1' +
  '#/roles/details/DeployRole?section=trust_relationships';
const CN_PAGE =
  'https://cn-north-1.console.amazonaws.cn/iam/home?region=cn-north-1' +
  '#/roles/details/GitHubActionsDeploy?section=trust_relationships';
const MULTI_PAGE =
  'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com/iam/home?region=us-east-1' +
  '#/roles/details/ReadOnlyForDevelopers?section=trust_relationships';

const EXPECTED_LINKS: Array<{ partition: string; page: string; link: string }> = [
  {
    partition: 'aws',
    page: AWS_PAGE,
    link:
      'https://signin.aws.amazon.com/switchrole?account=111122223333' +
      '&roleName=ReadOnlyForDevelopers' +
      '&redirect_uri=https%3A%2F%2Fus-east-1.console.aws.amazon.com' +
      '%2Fiam%2Fhome%3Fregion%3Dus-east-1%23%2Froles%2Fdetails%2FReadOnlyForDevelopers%3Fsection' +
      '%3Dtrust_relationships',
  },
  {
    partition: 'aws-us-gov',
    page: GOV_PAGE,
    link:
      'https://signin.amazonaws-us-gov.com/switchrole?account=222233334444&roleName=DeployRole' +
      '&redirect_uri=https%3A%2F%2Fus-gov-west-1.console.amazonaws-us-gov.com%2Fiam%2Fhome' +
      '%3Fregion%3Dus-gov-west-1%23%2Froles%2Fdetails%2FDeployRole%3Fsection' +
      '%3Dtrust_relationships',
  },
  {
    partition: 'aws-cn',
    page: CN_PAGE,
    link:
      'https://signin.amazonaws.cn/switchrole?account=333344445555' +
      '&roleName=ci/GitHubActionsDeploy' +
      '&redirect_uri=https%3A%2F%2Fcn-north-1.console.amazonaws.cn' +
      '%2Fiam%2Fhome%3Fregion%3Dcn-north-1%23%2Froles%2Fdetails%2FGitHubActionsDeploy%3Fsection' +
      '%3Dtrust_relationships',
  },
  {
    partition: 'aws, multi-session',
    page: MULTI_PAGE,
    // The session's regional sign-in host; the landing page without the session's prefix.
    link:
      'https://us-east-1.signin.aws.amazon.com/switchrole?account=111122223333' +
      '&roleName=ReadOnlyForDevelopers' +
      '&redirect_uri=https%3A%2F%2Fus-east-1.console.aws.amazon.com' +
      '%2Fiam%2Fhome%3Fregion%3Dus-east-1%23%2Froles%2Fdetails%2FReadOnlyForDevelopers%3Fsection' +
      '%3Dtrust_relationships',
  },
];

let rig: Rig;
let firefox: FirefoxSession;

test.beforeAll(async () => {
  rig = await startRig();
  firefox = await launchFirefox(rig.proxyPort);
});
test.afterAll(async () => {
  await firefox?.close();
  // The rig's close waits for every CONNECT tunnel of its proxy, and a tunnel a closing Firefox
  // leaves half-open sometimes keeps it waiting past the hook's time limit; the tunnels end
  // with this worker in any case.
  await Promise.race([rig?.close(), sleep(5000)]);
});

/** Closes the panel windows that later clicks on in-page controls opened. */
async function closeOtherPanelWindows(keep: PuppeteerPage): Promise<void> {
  for (let tries = 0; tries < 20; tries++) {
    const others: PuppeteerPage[] = [];
    for (const page of await firefox.browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (page !== keep && href.startsWith(`${firefox.extensionOrigin}/src/panel/`)) {
        others.push(page);
      }
    }
    if (others.length > 0) {
      for (const page of others) await page.close();
      return;
    }
    await sleep(200);
  }
}

async function findPage(url: string): Promise<PuppeteerPage> {
  for (let tries = 0; tries < 60; tries++) {
    for (const page of await firefox.browser.pages()) {
      if (page.url() === url) return page;
    }
    await sleep(200);
  }
  throw new Error(`No tab ever showed ${url}`);
}

function waitForRequest(
  accept: (request: RecordedRequest) => boolean,
  what: string,
  after = 0,
): Promise<RecordedRequest> {
  return pollUntil(
    () => rig.requests.slice(after).find(accept) ?? null,
    (found) => found !== null,
    what,
  ) as Promise<RecordedRequest>;
}

const texts = (panel: PuppeteerPage, selector: string) =>
  panel.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? ''));

const attributes = (panel: PuppeteerPage, selector: string, name: string) =>
  panel.$$eval(
    selector,
    (elements, key) => elements.map((element) => element.getAttribute(key)),
    name,
  );

async function showRolesView(panel: PuppeteerPage): Promise<void> {
  await panel.evaluate(() => {
    const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('.view-tab'));
    tabs.find((tab) => tab.textContent === 'Roles')?.click();
  });
  await panel.waitForSelector('main[data-view="roles"] [data-testid="saved-roles"]');
}

async function openRolesView(panel: PuppeteerPage): Promise<void> {
  // The in-page control opens the panel on the trust view once the tab state arrives.
  await panel.waitForSelector('main[data-view="trust"]');
  await showRolesView(panel);
}

let panel: PuppeteerPage;

async function storedRoles(): Promise<{ local: unknown; sync: Record<string, unknown> }> {
  return panel.evaluate(async () => ({
    local: (await browser.storage.local.get('savedRoles')).savedRoles,
    sync: await browser.storage.sync.get(null),
  }));
}

async function openImportCard(panel: PuppeteerPage): Promise<void> {
  await panel.$eval('[data-testid="import-card"]', (details) => {
    (details as HTMLDetailsElement).open = true;
  });
}

const AESR_CONFIG = [
  '[org-base]',
  'aws_account_id = 111122223333',
  'aws_account_alias = corp-main',
  'role_name = Developer',
  '',
  '[prod-admin]',
  'aws_account_id = 444455556666',
  'role_name = ops/Admin',
  'source_profile = org-base',
  'color = ffaaee ; pink',
  'region = eu-west-1',
  '',
  '[vendor]',
  'role_arn = arn:aws:iam::555566667777:role/Auditor',
  'aws_account_id = 555566667777',
  '',
].join('\n');

/** An AWS CLI config: two source identities, then `count` roles alternating between them. */
function largeConfig(count: number): { text: string; brokenLine: number } {
  const lines = [
    '[profile dev]',
    'sso_account_id = 111122223333',
    'sso_role_name = Developer',
    '',
    '[profile other]',
    'sso_account_id = 999988887777',
    'sso_role_name = Ops',
    '',
    '[profile broken]',
    'role_arn = arn:aws:iam::12345:role/Nope',
    '',
  ];
  for (let index = 0; index < count; index++) {
    const even = index % 2 === 0;
    const account = even ? '444455556666' : '777788889999';
    lines.push(
      `[profile team-${index}-admin]`,
      `role_arn = arn:aws:iam::${account}:role/platform/Team${index}Admin`,
      `source_profile = ${even ? 'dev' : 'other'}`,
      '',
    );
  }
  return { text: lines.join('\n'), brokenLine: 10 };
}

test.describe
  .serial('roles view in the Firefox panel window', () => {
    let page: PuppeteerPage;

    test('the switch link for role pages in each partition', async () => {
      page = await firefox.browser.newPage();
      await page.goto(AWS_PAGE);
      await clickControl(page);
      panel = await findPanelWindow(firefox);
      await openRolesView(panel);
      for (const { partition, page: url, link } of EXPECTED_LINKS) {
        await page.goto(url);
        const shown = await waitForText(
          panel,
          '[data-testid="switch-link"]',
          (text) => text === link,
        ).catch(async (error: unknown) => {
          throw new Error(`${partition}: ${String(error)}`);
        });
        expect(shown, partition).toBe(link);
      }
      // The copy button copies exactly the link shown.
      await panel.evaluate(() => {
        const record = globalThis as unknown as { copied: string[] };
        record.copied = [];
        const clipboard = navigator.clipboard;
        clipboard.writeText = async (text: string) => {
          record.copied.push(text);
        };
      });
      await panel.evaluate(() => {
        const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('button'));
        buttons.find((button) => button.textContent === 'Copy switch link')?.click();
      });
      const copied = await pollUntil(
        () => panel.evaluate(() => (globalThis as unknown as { copied: string[] }).copied),
        (list) => list.length > 0,
        'a copied link',
      );
      expect(copied).toEqual([EXPECTED_LINKS[3]?.link]);
    });

    test('Switch now posts the form with the CSRF value and lands on the page', async () => {
      await page.goto(AWS_PAGE);
      await waitForText(
        panel,
        '[data-testid="role-on-page-name"]',
        (t) => t === 'ReadOnlyForDevelopers',
      );
      await pollUntil(
        () => attributes(panel, '[data-testid="switch-now"]', 'data-multi-session'),
        (values) => values[0] === 'false',
        'the classic switch',
      );
      expect(await texts(panel, '[data-testid="switch-blockers"] li')).toEqual([]);
      const before = rig.requests.length;
      await panel.click('[data-testid="switch-now"]');
      const post = await waitForRequest(
        (r) => r.method === 'POST' && r.path === '/switchrole',
        'the switch-role POST',
        before,
      );
      expect(post.host).toBe('signin.aws.amazon.com');
      expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({
        action: 'switchFromBasis',
        src: 'nav',
        roleName: 'ReadOnlyForDevelopers',
        account: '111122223333',
        mfaNeeded: '0',
        color: '',
        redirect_uri: AWS_PAGE,
        displayName: 'ReadOnlyForDevelopers  |  111122223333',
        csrf: 'console-csrf-111122223333',
      });
      // The sign-in host redirected the tab back to the page, which loads again.
      const postIndex = rig.requests.indexOf(post);
      await waitForRequest(
        (r) =>
          r.method === 'GET' &&
          r.host === 'us-east-1.console.aws.amazon.com' &&
          r.path === '/iam/home?region=us-east-1',
        'the landing page',
        postIndex + 1,
      );
      await expect.poll(() => page.url()).toBe(AWS_PAGE);
    });

    test('multi-session: the sessions endpoint, and the new session in a new tab', async () => {
      await page.goto(MULTI_PAGE);
      await pollUntil(
        () => attributes(panel, '[data-testid="switch-now"]', 'data-multi-session'),
        (values) => values[0] === 'true',
        'the multi-session switch',
      );
      const before = rig.requests.length;
      await panel.click('[data-testid="switch-now"]');
      const post = await waitForRequest(
        (r) => r.method === 'POST' && r.path.startsWith('/sessions/'),
        'the sessions endpoint',
        before,
      );
      expect(post.host).toBe('us-east-1.signin.aws.amazon.com');
      expect(post.path).toBe('/sessions/111122223333-abcd1234/v1/switchrole');
      expect(post.headers['x-csrf-protection']).toBe('1');
      expect(post.headers['content-type']).toBe('application/json');
      expect(JSON.parse(post.body)).toEqual({
        account: '111122223333',
        displayName: 'ReadOnlyForDevelopers',
        redirectUri:
          'https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1' +
          '#/roles/details/ReadOnlyForDevelopers?section=trust_relationships',
        roleName: 'ReadOnlyForDevelopers',
      });
      // The new session opens in a new tab; the panel window stays on its own tab.
      const newTab = await findPage(
        'https://111122223333-efgh5678.us-east-1.console.aws.amazon.com/console/home' +
          '?region=us-east-1&login_hint=111122223333-efgh5678',
      );
      await waitForText(panel, '[data-testid="switch-status"]', (t) => t.includes('new tab'));
      await newTab.close();
    });

    test('a role the console cannot switch to: warned, then the failure explained', async () => {
      await page.goto(
        'https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1' +
          '#/roles/details/ThirdPartyAuditor?section=trust_relationships',
      );
      await waitForText(
        panel,
        '[data-testid="role-on-page-name"]',
        (t) => t === 'ThirdPartyAuditor',
      );
      await pollUntil(
        () => attributes(panel, '[data-testid="switch-blockers"] li', 'data-code'),
        (codes) => codes.join() === 'external-id',
        'the ExternalId warning',
      );
      expect(
        await attributes(panel, '[data-testid="switch-blockers"] li', 'data-severity'),
      ).toEqual(['blocks']);
      expect(
        await panel.$eval('[data-testid="switch-now"]', (b) => (b as HTMLButtonElement).disabled),
      ).toBe(true);
      // The user insists; the sign-in host refuses, as AWS does.
      await panel.click('[data-testid="switch-anyway"]');
      await panel.click('[data-testid="switch-now"]');
      await expect.poll(() => page.url()).toContain('/switchrole?rdFailed=1');
      await waitForText(page, '[role="alert"], [class*="alert"]', (t) =>
        t.includes('Invalid information in one or more fields'),
      );
      // The control opens another panel window; the one open on this tab follows as well.
      await clickControl(page);
      await panel.waitForSelector('main[data-view="roles"] [data-testid="switch-failure"]');
      await closeOtherPanelWindows(panel);
      // The trust policy seen on the role page makes the ExternalId cause certain and first.
      const causes = await pollUntil(
        () => attributes(panel, '[data-testid="switch-failure-causes"] > li', 'data-id'),
        (ids) => ids.length > 0,
        'the causes',
      );
      expect(causes).toEqual(['external-id', 'role-missing', 'trust-policy', 'mfa']);
      const first = (await texts(panel, '[data-testid="switch-failure-causes"] > li'))[0] ?? '';
      expect(first).toContain('sts:ExternalId');
      expect(await texts(panel, '[data-testid="switch-failure"] > p')).toEqual([
        expect.stringContaining('for ThirdPartyAuditor in account 111122223333'),
      ]);
    });

    test('saved roles: add from the page, edit, switch with the keyboard, delete', async () => {
      await page.goto(GOV_PAGE);
      await waitForText(panel, '[data-testid="role-on-page-name"]', (t) => t === 'DeployRole');
      await panel.click('[data-testid="save-role"]');
      await waitForText(
        panel,
        '[data-testid="save-role-status"]',
        (t) => t === '1 added, 0 updated.',
      );
      await waitForText(
        panel,
        '[data-testid="saved-role"] .saved-role-name',
        (t) => t === 'DeployRole',
      );

      await panel.evaluate(() => {
        const buttons = Array.from(
          document.querySelectorAll<HTMLButtonElement>('[data-testid="saved-role"] button'),
        );
        buttons.find((button) => button.textContent === 'Edit')?.click();
      });
      await panel.waitForSelector('[data-testid="role-editor"]');
      await setField(panel, '[data-testid="edit-display-name"]', 'Gov deploy');
      await setField(panel, '[data-testid="edit-color"]', '#B7CA9D');
      await setField(panel, '[data-testid="edit-region"]', 'us-gov-east-1');
      await panel.$eval('[data-testid="edit-save"]', (button) => (button as HTMLElement).click());
      await waitForText(
        panel,
        '[data-testid="saved-role"] .saved-role-name',
        (t) => t === 'Gov deploy',
      );

      const stored = await storedRoles();
      expect(stored.sync).toEqual({});
      const record = stored.local as { fields: string[]; rows: unknown[][] };
      expect(record.rows).toHaveLength(1);
      const row = Object.fromEntries(record.fields.map((field, i) => [field, record.rows[0]?.[i]]));
      expect(row).toMatchObject({
        account: '222233334444',
        roleName: 'DeployRole',
        displayName: 'Gov deploy',
        color: 'B7CA9D',
        region: 'us-gov-east-1',
        partition: 'aws-us-gov',
        origin: 'page',
      });

      await panel.type('[data-testid="role-filter"]', 'gov dep');
      await waitForText(panel, '[data-testid="role-count"]', (t) => t === '1 saved roles');
      const before = rig.requests.length;
      await panel.keyboard.press('Enter');
      const post = await waitForRequest(
        (r) => r.method === 'POST' && r.path === '/switchrole',
        'the saved role switch',
        before,
      );
      expect(post.host).toBe('signin.amazonaws-us-gov.com');
      expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({
        action: 'switchFromBasis',
        src: 'nav',
        roleName: 'DeployRole',
        account: '222233334444',
        mfaNeeded: '0',
        color: 'B7CA9D',
        // The region moves with the saved role; the page stays the same.
        redirect_uri:
          'https://us-gov-east-1.console.amazonaws-us-gov.com/iam/home?region=us-gov-east-1' +
          '#/roles/details/DeployRole?section=trust_relationships',
        displayName: 'Gov deploy',
        csrf: 'console-csrf-222233334444',
      });
      await expect
        .poll(() => page.url())
        .toContain('https://us-gov-east-1.console.amazonaws-us-gov.com/');

      await panel.click('[data-testid="saved-role-delete"]');
      await panel.waitForSelector('[data-testid="no-saved-roles"]');
      expect(((await storedRoles()).local as { rows: unknown[] }).rows).toEqual([]);
    });

    test('a config file in the aws-extend-switch-roles format, then the export', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'role-doctor-roles-'));
      const file = join(folder, 'aesr-config.ini');
      await writeFile(file, AESR_CONFIG);
      try {
        await openImportCard(panel);
        const input = await panel.$('[data-testid="import-file"]');
        if (!input) throw new Error('No file input');
        await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
        await waitForText(
          panel,
          '[data-testid="import-summary"]',
          (t) => t === '1 added, 0 updated. See the notes below.',
        );
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
      // [vendor] has both role_arn (line 14) and aws_account_id: the error names the first.
      expect(await attributes(panel, '[data-testid="import-errors"] li', 'data-line')).toEqual([
        '14',
      ]);
      expect(await attributes(panel, '[data-testid="saved-role"]', 'data-role-id')).toEqual([
        'prod-admin|aws:444455556666:ops/Admin',
      ]);
      await panel.click('[data-testid="export-show"]');
      const exported = await waitForText(panel, '[data-testid="export-text"]', (t) => t !== '');
      expect(exported).toBe(
        [
          '[org-base]',
          'aws_account_id = 111122223333',
          'aws_account_alias = corp-main',
          'role_name = Developer',
          '',
          '[prod-admin]',
          'role_arn = arn:aws:iam::444455556666:role/ops/Admin',
          'source_profile = org-base',
          'color = ffaaee',
          'region = eu-west-1',
          '',
        ].join('\n'),
      );
      await panel.click('[data-testid="saved-role-delete"]');
      await panel.waitForSelector('[data-testid="no-saved-roles"]');
    });

    test('5,000 imported profiles: errors by line, then the filter narrows them', async () => {
      await page.goto('https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1');
      await openImportCard(panel);
      const { text, brokenLine } = largeConfig(5000);
      await setField(panel, '[data-testid="import-text"]', text);
      await panel.click('[data-testid="import-button"]');
      await waitForText(
        panel,
        '[data-testid="import-summary"]',
        (t) => t === '5000 added, 0 updated. See the notes below.',
        30_000,
      );
      expect(await attributes(panel, '[data-testid="import-errors"] li', 'data-line')).toEqual([
        String(brokenLine),
      ]);
      await waitForText(panel, '[data-testid="role-count"]', (t) =>
        t.startsWith('5000 saved roles'),
      );
      const stored = (await storedRoles()).local as { rows: unknown[] };
      expect(stored.rows).toHaveLength(5000);
      const bytes = await panel.evaluate(
        async () => JSON.stringify(await browser.storage.local.get('savedRoles')).length,
      );
      expect(bytes).toBeLessThan(2 * 1024 * 1024);

      await setField(panel, '[data-testid="role-filter"]', '');
      await panel.type('[data-testid="role-filter"]', 'team-424');
      // Roles assumed from the signed-in identity (dev: Developer in 111122223333) come first.
      const expected = [
        'team-424-admin',
        'team-4240-admin',
        'team-4242-admin',
        'team-4244-admin',
        'team-4246-admin',
        'team-4248-admin',
        'team-4241-admin',
        'team-4243-admin',
        'team-4245-admin',
        'team-4247-admin',
        'team-4249-admin',
      ];
      await waitForText(panel, '[data-testid="role-count"]', (t) => t.startsWith('11 of 5000'));
      const shown = await attributes(panel, '[data-testid="saved-role"]', 'data-role-id');
      expect(shown.map((id) => id?.split('|')[0])).toEqual(expected);
      expect(await texts(panel, '.role-group-title')).toEqual(['444455556666', '777788889999']);

      await panel.type('[data-testid="role-filter"]', '7');
      await waitForText(panel, '[data-testid="role-count"]', (t) => t.startsWith('1 of 5000'));
      expect(await attributes(panel, '[data-testid="saved-role"]', 'data-role-id')).toEqual([
        'team-4247-admin|aws:777788889999:platform/Team4247Admin',
      ]);
      // Back to the wider filter; arrows move the selection and Enter switches.
      await panel.keyboard.press('Backspace');
      await waitForText(panel, '[data-testid="role-count"]', (t) => t.startsWith('11 of 5000'));
      await panel.keyboard.press('ArrowDown');
      await panel.keyboard.press('ArrowDown');
      expect(
        await attributes(panel, '[data-testid="saved-role"][aria-selected="true"]', 'data-role-id'),
      ).toEqual(['team-4242-admin|aws:444455556666:platform/Team4242Admin']);
      const before = rig.requests.length;
      await panel.keyboard.press('Enter');
      const post = await waitForRequest(
        (r) => r.method === 'POST' && r.path === '/switchrole',
        'the keyboard switch',
        before,
      );
      const fields = new URLSearchParams(post.body);
      expect([post.host, fields.get('account'), fields.get('roleName')]).toEqual([
        'signin.aws.amazon.com',
        '444455556666',
        'platform/Team4242Admin',
      ]);
    });
  });
