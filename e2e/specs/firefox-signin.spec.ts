import { expect, test } from '@playwright/test';
import { parseAwsHost } from '../../src/core/partitions.js';
import { makeSavedRole, type SavedRole } from '../../src/core/switch/index.js';
import { encodeRoles } from '../../src/panel/roles/codec.js';
import {
  clickControl,
  type FirefoxSession,
  findPanelWindow,
  launchFirefox,
  type Page as PuppeteerPage,
} from '../rig/firefox.js';
import type { Rig } from '../rig/server.js';
import { startRig } from '../rig/server.js';
import {
  exportLines,
  findSecrets,
  isStsHost,
  type MountedStandIns,
  mountStandIns,
  roleSessionPrincipal,
  sessionTokenJson,
} from '../rig/standins.js';
import {
  STANDIN_ACCOUNT,
  STANDIN_MFA_CODE,
  standinMfaSerial,
  TEST_KEYS,
} from '../standins/keys.js';
import { CONSOLE_HOSTS, sleep, waitForText } from './support.js';

// Console sign-in from credentials in Firefox, whose panel opens as a window pinned to the tab
// its in-page control was clicked on, against the stand-in STS and
// federation endpoints on the real AWS host names. After every flow a secrets audit reads
// extension storage, the console pages and the panel, and every request that reached the rig
// other than STS and getSigninToken: none may hold a secret key or session token. The console
// pages each flow opens stay open, so every later audit reads them again.

let rig: Rig;
let standins: MountedStandIns;
let firefox: FirefoxSession;
let panel: PuppeteerPage;

const DENIED_PATH = '/rd-signin/denied';
const DECODED = {
  allowed: false,
  explicitDeny: false,
  matchedStatements: { items: [] },
  failures: { items: [] },
  context: {
    principal: {
      id: 'AROAXSTANDINREADONLY:alice',
      arn: 'arn:aws:sts::111122223333:assumed-role/ReadOnly/alice',
    },
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
    conditions: { items: [] },
  },
};
let encodedMessage = '';
/** What the panel wrote to its console (the background's console is out of reach here). */
const logs: string[] = [];

test.beforeAll(async () => {
  rig = await startRig();
  standins = await mountStandIns(rig);
  encodedMessage = standins.keys.encodeAuthorizationMessage(JSON.stringify(DECODED));
  // A console page whose error banner carries an encoded authorization message.
  rig.mount(
    (host, path) => host === CONSOLE_HOSTS.aws && path === DENIED_PATH,
    (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><html><head><meta charset="utf-8"><title>EC2</title></head><body>' +
            '<h1>Launch instance</h1><div role="alert">Failed to launch: You are not authorized ' +
            'to perform this operation. Encoded authorization failure message: ' +
            `${encodedMessage}</div></body></html>`,
        );
    },
  );
  firefox = await launchFirefox(rig.proxyPort);
  const page = await firefox.browser.newPage();
  await page.goto(`https://${CONSOLE_HOSTS.aws}${DENIED_PATH}`);
  await clickControl(page);
  panel = await findPanelWindow(firefox);
  panel.on('console', (message) => logs.push(`panel: ${message.text()}`));
  panel.on('pageerror', (error) => logs.push(`panel error: ${String(error)}`));
  // The control stands next to an error, so the panel opens on the explanation.
  await panel.waitForSelector('main[data-view="explain"]');
  await showSigninView();
});
test.afterAll(async () => {
  await firefox?.close();
  // Now and then a tunnel of the rig's proxy outlives Firefox and its close never returns;
  // nothing is left to check by then, so the suite does not wait on it for long.
  await Promise.race([rig?.close(), sleep(10_000)]);
});

/** The pages on AWS console and sign-in hosts, with their addresses. */
async function awsPages(): Promise<Array<{ page: PuppeteerPage; url: string }>> {
  const found: Array<{ page: PuppeteerPage; url: string }> = [];
  for (const page of await firefox.browser.pages()) {
    const url = page.url();
    if (isAwsPage(url)) found.push({ page, url });
  }
  return found;
}

/**
 * Shows the sign-in view. The panel follows the active tab, and coming back to a tab where the
 * in-page control was clicked shows that tab's finding again, so tests call this after tab moves.
 */
async function showSigninView(): Promise<void> {
  if (await panel.$('[data-testid="signin-view"]')) return;
  const tabs = await panel.$$('.view-tab');
  for (const tab of tabs) {
    if ((await tab.evaluate((element) => element.textContent)) === 'Sign in') await tab.click();
  }
  await panel.waitForSelector('[data-testid="signin-view"]');
}

async function setField(selector: string, value: string): Promise<void> {
  await panel.$eval(
    selector,
    (element, text) => {
      const field = element as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
      const prototype = Object.getPrototypeOf(field) as object;
      Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, text);
      field.dispatchEvent(
        new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }),
      );
    },
    value,
  );
}

/** Clicks a control of the panel (as the DOM delivers a click; the sticky header may cover it). */
async function press(selector: string): Promise<void> {
  await panel.$eval(selector, (element) => (element as HTMLElement).click());
}

const textOf = (selector: string) =>
  panel.$eval(selector, (element) => element.textContent ?? '').catch(() => '');

/**
 * Runs steps in the sign-in view, again from the start if the view changed under them: when
 * the active tab changes, the panel may turn to a finding of the tab it shows.
 */
async function inSigninView<T>(steps: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await showSigninView();
    try {
      return await steps();
    } catch (error) {
      const stillThere = await panel.$('[data-testid="signin-view"]');
      if (stillThere || attempt >= 3) throw error;
    }
  }
}

/** Pastes credentials in the panel; answers the panel's failure message, empty on success. */
function paste(text: string, options: { partition?: string } = {}): Promise<string> {
  return inSigninView(async () => {
    if (await panel.$('[data-testid="signin-forget"]')) {
      await press('[data-testid="signin-forget"]');
      await panel.waitForSelector('[data-testid="signin-forget"]', { hidden: true });
    }
    await setField('[data-testid="signin-paste"]', text);
    await setField('[data-testid="signin-partition-choice"]', options.partition ?? '');
    await press('[data-testid="signin-check"]');
    await panel.waitForSelector(
      '[data-testid="signin-identity"], [data-testid="signin-paste-failure"]',
    );
    return textOf('[data-testid="signin-paste-failure"]');
  });
}

/** Clicks "Open console" and returns the console page the sign-in lands on, once loaded. */
async function openConsole(destination: string, region: string, landing: string) {
  const before = new Set((await firefox.browser.pages()).map((page) => page));
  await inSigninView(async () => {
    await setField('[data-testid="signin-destination"]', destination);
    await setField('[data-testid="signin-region"]', region);
    await press('[data-testid="signin-open"]');
  });
  for (let tries = 0; tries < 100; tries++) {
    for (const { page, url } of await awsPages()) {
      if (before.has(page) || !url.startsWith(landing)) continue;
      await waitForText(page, 'body', (text) => text.trim().length > 0);
      return page;
    }
    await sleep(150);
  }
  throw new Error(`No console page at ${landing} opened`);
}

/** Whether a page is on an AWS console or sign-in host (where the secrets must not show). */
function isAwsPage(url: string): boolean {
  try {
    return parseAwsHost(new URL(url).hostname) !== undefined;
  } catch {
    return false;
  }
}

/** Saves roles the way the Roles view does, in storage.local. */
async function saveRoles(arns: string[], options: { requiresMfa?: boolean } = {}) {
  const roles: SavedRole[] = [];
  for (const roleArn of arns) {
    const made = makeSavedRole({ roleArn, requiresMfa: options.requiresMfa ?? false });
    if (!made.ok) throw new Error(made.error);
    roles.push(made.value);
  }
  await panel.evaluate(
    (stored) => browser.storage.local.set({ savedRoles: stored }),
    encodeRoles(roles),
  );
  return roles;
}

async function forgetSavedRoles(): Promise<void> {
  await panel.evaluate(() => browser.storage.local.remove('savedRoles'));
}

function requestsSince(start: number) {
  return rig.requests.slice(start);
}

/** No secret in extension storage, console pages, the panel, or requests other than STS's. */
async function auditSecrets(): Promise<void> {
  const storage = (await panel.evaluate(async () => ({
    local: await browser.storage.local.get(null),
    sync: await browser.storage.sync.get(null),
    session: await browser.storage.session.get(null),
  }))) as Record<string, Record<string, unknown>>;
  const texts = [
    { where: 'storage.local', text: JSON.stringify(storage.local) },
    { where: 'storage.sync', text: JSON.stringify(storage.sync) },
  ];
  // storage.session holds the credentials under one key (that is allowed); nothing else may.
  for (const [key, value] of Object.entries(storage.session ?? {})) {
    if (key !== 'signin:held')
      texts.push({ where: `storage.session ${key}`, text: JSON.stringify(value) });
  }
  for (const { page, url } of await awsPages()) {
    texts.push({ where: `page ${url}`, text: await page.content() });
  }
  texts.push({ where: 'panel logs', text: logs.join('\n') });
  // What the background tells the panel about the credentials it holds.
  texts.push({
    where: 'status answer',
    text: JSON.stringify(
      await panel.evaluate(() => browser.runtime.sendMessage({ type: 'signin-status' })),
    ),
  });
  texts.push({
    where: 'panel',
    text: await panel.evaluate(
      () =>
        document.documentElement.outerHTML +
        [...document.querySelectorAll('input, textarea')]
          .map((field) => (field as HTMLInputElement).value)
          .join('\n'),
    ),
  });
  for (const request of rig.requests) {
    if (isStsHost(request.host)) continue;
    if (request.path.startsWith('/federation?Action=getSigninToken')) continue;
    texts.push({
      where: `request ${request.host}${request.path.slice(0, 60)}`,
      text: JSON.stringify(request),
    });
  }
  expect(findSecrets(standins.keys, texts)).toEqual([]);
}

test.describe
  .serial('console sign-in in Firefox', () => {
    test('pasted role credentials: who they are, then Open console via the login', async () => {
      const key = standins.keys.mint(
        'assume-role',
        roleSessionPrincipal('aws', 'ReadOnly'),
        3600,
        Date.now(),
      );
      const start = rig.requests.length;
      expect(await paste(exportLines(key))).toBe('');
      expect(await textOf('[data-testid="signin-arn"]')).toBe(
        'arn:aws:sts::111122223333:assumed-role/ReadOnly/alice',
      );
      expect(await textOf('[data-testid="signin-summary"]')).toContain('the console accepts it');
      // The panel keeps no copy of what was pasted.
      expect(
        await panel.$eval('[data-testid="signin-paste"]', (e) => (e as HTMLTextAreaElement).value),
      ).toBe('');

      const page = await openConsole(
        'ec2',
        'eu-west-1',
        'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1',
      );
      await waitForText(page, 'body', (text) => text.includes('EC2'));
      const seen = requestsSince(start);
      const sts = seen.filter((request) => isStsHost(request.host));
      expect(sts.map((request) => request.host)).toEqual(['sts.us-east-1.amazonaws.com']);
      expect(sts[0]?.body).toContain('Action=GetCallerIdentity');
      const federation = seen.filter((request) => request.path.startsWith('/federation'));
      expect(federation.map((request) => `${request.host} ${request.path.split('&')[0]}`)).toEqual([
        'signin.aws.amazon.com /federation?Action=getSigninToken',
        'signin.aws.amazon.com /federation?Action=login',
      ]);
      // The secrets went where AWS requires them, and the audit's scan does see them there.
      expect(
        findSecrets(standins.keys, [{ where: 'STS', text: JSON.stringify(sts[0]) }]),
      ).not.toEqual([]);
      expect(
        findSecrets(standins.keys, [{ where: 'token', text: JSON.stringify(federation[0]) }]),
      ).not.toEqual([]);
      const login = new URL(`https://x${federation[1]?.path}`).searchParams;
      expect(login.get('Destination')).toBe(
        'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1',
      );
      expect(standins.federation.calls.at(-1)).toMatchObject({ action: 'login', status: 302 });
      await auditSecrets();
    });

    test('Copy sign-in link shows the link with its 15-minute bearer notice', async () => {
      const link = await inSigninView(async () => {
        await setField('[data-testid="signin-destination"]', 's3');
        await press('[data-testid="signin-copy"]');
        await panel.waitForSelector('[data-testid="signin-link-url"]');
        return panel.$eval(
          '[data-testid="signin-link-url"]',
          (e) => (e as HTMLTextAreaElement).value,
        );
      });
      const url = new URL(link);
      expect(url.host).toBe('signin.aws.amazon.com');
      expect(url.searchParams.get('Action')).toBe('login');
      expect(url.searchParams.get('Destination')).toBe('https://console.aws.amazon.com/s3/home');
      expect(url.searchParams.get('SigninToken')?.length).toBeGreaterThan(40);
      expect(await textOf('[data-testid="signin-link-notice"]')).toMatch(
        /bearer credential.*15 minutes/,
      );
      await auditSecrets();
    });

    test('the encoded message on the page is decoded and explained', async () => {
      // The panel stays on the tab whose control opened it: the page with the message.
      await showSigninView();
      await panel.waitForSelector('[data-testid="decode-page-message"]');
      const start = rig.requests.length;
      await press('[data-testid="decode-page-message"]');
      await panel.waitForSelector('[data-testid="decoded-json"]');
      const shown = JSON.parse(await textOf('[data-testid="decoded-json"]')) as unknown;
      expect(shown).toEqual(DECODED);
      expect(await textOf('[data-testid="decoded-explanation"]')).toContain('ec2:RunInstances');
      const decode = requestsSince(start).filter((request) => isStsHost(request.host));
      expect(decode.map((request) => request.host)).toEqual(['sts.us-east-1.amazonaws.com']);
      expect(decode[0]?.body).toContain('Action=DecodeAuthorizationMessage');

      // A message STS does not know: its error, explained, and no decoded document.
      await setField(
        '[data-testid="decode-paste"]',
        `Encoded authorization failure message: ${'Zm9v'.repeat(20)}`,
      );
      await press('[data-testid="decode-pasted"]');
      await waitForText(panel, '[data-testid="decode-failure"]', (text) =>
        text.includes('InvalidAuthorizationMessageException'),
      );
      expect(await panel.$('[data-testid="decoded-json"]')).toBeNull();
      await auditSecrets();
    });

    test('GetSessionToken credentials are refused, with the reason and AssumeRole', async () => {
      const key = standins.keys.mint(
        'session-token',
        TEST_KEYS.aws.alice.principal,
        3600,
        Date.now(),
      );
      expect(await paste(sessionTokenJson(key))).toBe('');
      expect(await textOf('[data-testid="signin-arn"]')).toBe(
        'arn:aws:iam::111122223333:user/alice',
      );
      const summary = await textOf('[data-testid="signin-summary"]');
      expect(summary).toContain('GetSessionToken');
      expect(summary).toContain(
        'Only federation tokens or assume role tokens may be used for federated login',
      );
      expect(await panel.$('[data-testid="signin-open"]')).toBeNull();
      const offered = await panel.$$eval('[data-testid="signin-next-steps"] li', (items) =>
        items.map((item) => item.getAttribute('data-action')),
      );
      expect(offered).toEqual(['assume-role']);
      expect(
        await panel.$eval('[data-testid="assume-role-card"]', (e) => e.hasAttribute('open')),
      ).toBe(true);
      await auditSecrets();
    });

    test('AssumeRole with MFA: refused without the code, then signs in with it', async () => {
      const roleArn = `arn:aws:iam::${STANDIN_ACCOUNT.aws}:role/MfaAdmin`;
      await inSigninView(async () => {
        await setField('[data-testid="assume-role-arn"]', roleArn);
        await press('[data-testid="assume-role-submit"]');
        await waitForText(panel, '[data-testid="assume-role-failure"]', (text) =>
          text.includes('AccessDenied'),
        );
      });
      expect(await textOf('[data-testid="assume-role-failure"]')).toContain(
        `is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      // The refusal is explained by the access-error explainer.
      await panel.waitForSelector(
        '[data-testid="assume-role-failure"] [data-testid="failure-explanation"]',
      );

      const start = rig.requests.length;
      await inSigninView(async () => {
        await setField('[data-testid="assume-role-arn"]', roleArn);
        await setField('[data-testid="assume-mfa-serial"]', standinMfaSerial('aws'));
        await setField('[data-testid="assume-mfa-code"]', STANDIN_MFA_CODE);
        await setField('[data-testid="assume-session-name"]', 'alice-mfa');
        await press('[data-testid="assume-role-submit"]');
        await waitForText(
          panel,
          '[data-testid="signin-arn"]',
          (text) => text === 'arn:aws:sts::111122223333:assumed-role/MfaAdmin/alice-mfa',
        );
      });
      expect(await textOf('[data-testid="signin-caller"]')).toBe(
        'arn:aws:iam::111122223333:user/alice',
      );
      const assume = standins.sts.calls.filter((call) => call.action === 'AssumeRole').at(-1);
      expect(assume).toMatchObject({ status: 200, region: 'us-east-1' });
      expect(assume?.params.SerialNumber).toBe(standinMfaSerial('aws'));

      await openConsole('iam', '', 'https://console.aws.amazon.com/iam/home');
      const token = requestsSince(start).find((r) => r.path.includes('Action=getSigninToken'));
      expect(token?.host).toBe('signin.aws.amazon.com');
      expect(standins.federation.calls.at(-1)).toMatchObject({
        action: 'login',
        origin: 'assume-role',
        status: 302,
      });
      await auditSecrets();
    });

    test('a saved role plus MFA code: picked from the saved roles, then assumed', async () => {
      expect(await paste(exportLines(TEST_KEYS.aws.alice))).toBe('');
      const [mfaAdmin] = await saveRoles(
        [
          `arn:aws:iam::${STANDIN_ACCOUNT.aws}:role/MfaAdmin`,
          `arn:aws-us-gov:iam::${STANDIN_ACCOUNT['aws-us-gov']}:role/MfaAdmin`,
        ],
        { requiresMfa: true },
      );
      await inSigninView(async () => {
        // Long-term keys cannot sign in as they are, so AssumeRole stands open.
        expect(
          await panel.$eval('[data-testid="assume-role-card"]', (e) => e.hasAttribute('open')),
        ).toBe(true);
        // Only roles of the credentials' partition are offered.
        await panel.waitForSelector('[data-testid="assume-saved-role"]');
        const offered = await panel.$$eval('[data-testid="assume-saved-role"] option', (options) =>
          options.map((option) => (option as HTMLOptionElement).value),
        );
        expect(offered).toEqual(['', mfaAdmin?.id]);
        await setField('[data-testid="assume-saved-role"]', mfaAdmin?.id ?? '');
        await panel.waitForSelector('[data-testid="assume-needs-mfa"]');
        expect(
          await panel.$eval(
            '[data-testid="assume-role-arn"]',
            (e) => (e as HTMLInputElement).value,
          ),
        ).toBe(`arn:aws:iam::${STANDIN_ACCOUNT.aws}:role/MfaAdmin`);
        await setField('[data-testid="assume-mfa-serial"]', standinMfaSerial('aws'));
        await setField('[data-testid="assume-mfa-code"]', STANDIN_MFA_CODE);
        await press('[data-testid="assume-role-submit"]');
        await waitForText(panel, '[data-testid="signin-arn"]', (text) =>
          text.startsWith('arn:aws:sts::111122223333:assumed-role/MfaAdmin/'),
        );
      });
      await auditSecrets();
      await forgetSavedRoles();
    });

    test('role credentials that turn out chained: duration refused, then left out', async () => {
      const key = standins.keys.mint(
        'assume-role-chained',
        roleSessionPrincipal('aws', 'ReadOnly'),
        3600,
        Date.now(),
      );
      expect(await paste(exportLines(key))).toBe('');
      const start = standins.federation.calls.length;
      await inSigninView(() => setField('[data-testid="signin-duration"]', '7200'));
      await openConsole('ec2', 'us-east-1', 'https://console.aws.amazon.com/ec2/home');
      const calls = standins.federation.calls.slice(start);
      expect(calls.map((call) => [call.action, call.sessionDuration, call.status])).toEqual([
        ['getSigninToken', '7200', 400],
        ['getSigninToken', undefined, 200],
        ['login', undefined, 302],
      ]);
      await waitForText(panel, '[data-testid="signin-link-note"]', (text) =>
        text.includes('refused the session duration'),
      );
      await auditSecrets();
    });

    test('a role assumed from a role session is named after the person, not the role', async () => {
      const key = standins.keys.mint(
        'assume-role',
        roleSessionPrincipal('aws', 'ReadOnly'),
        3600,
        Date.now(),
      );
      expect(await paste(exportLines(key))).toBe('');
      await inSigninView(async () => {
        expect(
          await panel.$eval(
            '[data-testid="assume-session-name"]',
            (e) => (e as HTMLInputElement).placeholder,
          ),
        ).toBe('alice');
        await setField(
          '[data-testid="assume-role-arn"]',
          `arn:aws:iam::${STANDIN_ACCOUNT.aws}:role/ReadOnly`,
        );
        await press('[data-testid="assume-role-submit"]');
        await waitForText(
          panel,
          '[data-testid="signin-arn"]',
          (text) => text === 'arn:aws:sts::111122223333:assumed-role/ReadOnly/alice',
        );
      });
      expect(standins.sts.calls.at(-1)?.params).toMatchObject({
        Action: 'AssumeRole',
        RoleSessionName: 'alice',
      });
      await auditSecrets();
    });

    test('long-term keys: GetFederationToken, then the console', async () => {
      expect(await paste(exportLines(TEST_KEYS.aws.alice))).toBe('');
      expect(await textOf('[data-testid="signin-summary"]')).toContain('Long-term access keys');
      expect(await panel.$('[data-testid="signin-open"]')).toBeNull();
      await inSigninView(async () => {
        await press('[data-testid="federation-card"] > summary');
        await press('[data-testid="federation-submit"]');
        await waitForText(
          panel,
          '[data-testid="signin-arn"]',
          (text) => text === 'arn:aws:sts::111122223333:federated-user/alice',
        );
      });
      await openConsole(
        'lambda',
        'us-west-2',
        'https://us-west-2.console.aws.amazon.com/lambda/home',
      );
      expect(standins.federation.calls.at(-1)).toMatchObject({
        action: 'login',
        origin: 'federation-token',
      });
      await auditSecrets();
    });

    for (const [partition, setting, signin, sts, landing] of [
      [
        'aws-us-gov',
        { partition: 'aws-us-gov' },
        'signin.amazonaws-us-gov.com',
        'sts.us-gov-west-1.amazonaws.com',
        'https://console.amazonaws-us-gov.com/ec2/home',
      ],
      [
        'aws-cn',
        { region: 'cn-northwest-1' },
        'signin.amazonaws.cn',
        'sts.cn-north-1.amazonaws.com.cn',
        'https://cn-northwest-1.console.amazonaws.cn/ec2/home?region=cn-northwest-1',
      ],
    ] as const) {
      test(`${partition} credentials go to their own STS and sign-in hosts`, async () => {
        const key = standins.keys.mint(
          'assume-role',
          roleSessionPrincipal(partition, 'ReadOnly'),
          3600,
          Date.now(),
        );
        const start = rig.requests.length;
        const region = 'region' in setting ? setting.region : undefined;
        expect(await paste(exportLines(key, region), 'partition' in setting ? setting : {})).toBe(
          '',
        );
        expect(
          await panel.$eval('[data-testid="signin-partition"]', (e) =>
            e.getAttribute('data-partition'),
          ),
        ).toBe(partition);
        await openConsole('ec2', '', landing);
        const seen = requestsSince(start);
        expect(seen.filter((r) => isStsHost(r.host)).map((r) => r.host)).toEqual([sts]);
        expect(seen.filter((r) => r.path.startsWith('/federation')).map((r) => r.host)).toEqual([
          signin,
          signin,
        ]);
        // Nothing of this flow went to another partition's hosts.
        expect(seen.filter((r) => /aws\.amazon\.com$/.test(r.host))).toEqual([]);
        await auditSecrets();
      });
    }

    test('credentials STS does not know are refused with its error and a hint', async () => {
      const govKey = standins.keys.mint(
        'assume-role',
        roleSessionPrincipal('aws-us-gov', 'ReadOnly'),
        3600,
        Date.now(),
      );
      const failure = await paste(exportLines(govKey));
      expect(failure).toContain('InvalidClientTokenId');
      expect(failure).toContain('choose that partition');
      // Nothing is held after a refusal.
      const held = await panel.evaluate(
        async () => (await browser.storage.session.get('signin:held'))['signin:held'] ?? null,
      );
      expect(held).toBeNull();
      await inSigninView(() => setField('[data-testid="signin-paste"]', ''));
      await auditSecrets();
    });

    test('Forget credentials drops them from memory and storage', async () => {
      const key = standins.keys.mint(
        'assume-role',
        roleSessionPrincipal('aws', 'ReadOnly'),
        3600,
        Date.now(),
      );
      expect(await paste(exportLines(key))).toBe('');
      const stored = await panel.evaluate(async () =>
        JSON.stringify(await browser.storage.session.get('signin:held')),
      );
      expect(stored).toContain(key.accessKeyId);
      await inSigninView(async () => {
        await press('[data-testid="signin-forget"]');
        await panel.waitForSelector('[data-testid="signin-paste-card"][open]');
      });
      const after = await panel.evaluate(
        async () => (await browser.storage.session.get('signin:held'))['signin:held'] ?? null,
      );
      expect(after).toBeNull();
      await showSigninView();
      expect(await panel.$('[data-testid="signin-open"]')).toBeNull();
      const status = await panel.evaluate(() =>
        browser.runtime.sendMessage({ type: 'signin-status' }),
      );
      expect(status).toEqual({ ok: true, value: { ok: true, value: null } });
      await auditSecrets();
    });

    test('credentials are dropped at their expiry', async () => {
      const key = standins.keys.mint(
        'assume-role',
        roleSessionPrincipal('aws', 'ReadOnly'),
        4,
        Date.now(),
      );
      expect(await paste(exportLines(key))).toBe('');
      expect(await textOf('[data-testid="signin-arn"]')).toContain('assumed-role/ReadOnly');
      await panel.waitForSelector('[data-testid="signin-identity"]', {
        hidden: true,
        timeout: 15_000,
      });
      const after = await panel.evaluate(
        async () => (await browser.storage.session.get('signin:held'))['signin:held'] ?? null,
      );
      expect(after).toBeNull();
    });
  });
