import { describe, expect, it } from 'vitest';
import type { TabState } from '../../background/tab-state.js';
import { openSessionsFrom, prepareSwitch, savedRoleFromPage, switchLinkFor } from './switching.js';

// The tab-state module needs the extension API, so its empty state is written out here.
const emptyTabState = (): TabState => ({
  url: null,
  documentId: null,
  session: null,
  role: null,
  errors: [],
  switchPage: null,
  selection: null,
  focus: null,
});

const ROLE_PAGE =
  'https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/roles/details/Ops';
const MULTI_PAGE =
  'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com/iam/home?region=us-east-1';

function consoleTab(url: string, session: Partial<NonNullable<TabState['session']>> = {}) {
  return {
    ...emptyTabState(),
    url,
    session: {
      accountId: '111122223333',
      sessionARN: 'arn:aws:sts::111122223333:assumed-role/Developer/alice',
      signInEndpoint: 'signin.aws.amazon.com',
      infrastructureRegion: 'us-east-1',
      prismModeEnabled: false,
      sessionDifferentiator: null,
      ...session,
    },
  } satisfies TabState;
}

const EXTERNAL_ID_TRUST = JSON.stringify({
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999988887777:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
    },
  ],
});

describe('switch from a console tab', () => {
  it('builds the classic form without a CSRF value, which the page adds itself', () => {
    const prepared = prepareSwitch(
      { roleArn: 'arn:aws:iam::444455556666:role/team/Ops', color: '#99BCE3' },
      consoleTab(ROLE_PAGE),
    );
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.request).toEqual({
      kind: 'form',
      url: 'https://signin.aws.amazon.com/switchrole',
      fields: {
        action: 'switchFromBasis',
        src: 'nav',
        roleName: 'team/Ops',
        account: '444455556666',
        mfaNeeded: '0',
        color: '99BCE3',
        redirect_uri: ROLE_PAGE,
        displayName: 'Ops  |  444455556666',
      },
    });
    expect(prepared.blockers).toEqual([]);
  });

  it('uses the sessions endpoint in multi-session mode, landing without the session id', () => {
    const tab = consoleTab(MULTI_PAGE, {
      prismModeEnabled: true,
      sessionDifferentiator: '111122223333-abcd1234',
      signInEndpoint: 'us-east-1.signin.aws.amazon.com',
    });
    const prepared = prepareSwitch({ account: '444455556666', roleName: 'ReadOnly' }, tab);
    expect(prepared.ok && prepared.request).toEqual({
      kind: 'json',
      url: 'https://us-east-1.signin.aws.amazon.com/sessions/111122223333-abcd1234/v1/switchrole',
      body: {
        account: '444455556666',
        // The session menu shows the account itself, so the name goes without it.
        displayName: 'ReadOnly',
        redirectUri: 'https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1',
        roleName: 'ReadOnly',
      },
    });
  });

  it('warns before switching: ExternalId, root user, long names, a session already open', () => {
    const root = consoleTab(ROLE_PAGE, { sessionARN: 'arn:aws:iam::111122223333:root' });
    const longName = `${'p'.repeat(40)}/${'N'.repeat(30)}`;
    const codes = (target: Parameters<typeof prepareSwitch>[0], tab = consoleTab(ROLE_PAGE)) =>
      prepareSwitch(target, tab).blockers.map((b) => `${b.code}:${b.severity}`);
    expect(
      codes({ roleArn: 'arn:aws:iam::444455556666:role/Audit', trustPolicy: EXTERNAL_ID_TRUST }),
    ).toEqual(['external-id:blocks']);
    expect(codes({ roleArn: 'arn:aws:iam::444455556666:role/Audit' }, root)).toEqual([
      'root-user:blocks',
    ]);
    expect(codes({ account: '444455556666', roleName: longName })).toEqual([
      'name-too-long:blocks',
    ]);
    expect(codes({ account: '444455556666', roleName: 'Ops', requiresExternalId: true })).toEqual([
      'external-id:blocks',
    ]);

    const here = consoleTab(MULTI_PAGE, {
      prismModeEnabled: true,
      sessionDifferentiator: '111122223333-abcd1234',
    });
    const elsewhere = consoleTab(
      'https://444455556666-ffff0000.us-east-1.console.aws.amazon.com/ec2/home',
      {
        accountId: '444455556666',
        sessionARN: 'arn:aws:sts::444455556666:assumed-role/Ops/alice',
        prismModeEnabled: true,
        sessionDifferentiator: '444455556666-ffff0000',
      },
    );
    const others = openSessionsFrom([here, elsewhere, emptyTabState()], here);
    expect(others.map((s) => s.sessionDifferentiator)).toEqual(['444455556666-ffff0000']);
    const prepared = prepareSwitch({ roleArn: 'arn:aws:iam::444455556666:role/Ops' }, here, others);
    expect(prepared.blockers.map((b) => b.code)).toEqual(['already-open']);
    expect(prepared.ok).toBe(true);
  });

  it('refuses to start anywhere but a console page', () => {
    const tab = { ...emptyTabState(), url: 'https://signin.aws.amazon.com/switchrole' };
    const prepared = prepareSwitch({ roleArn: 'arn:aws:iam::444455556666:role/Ops' }, tab);
    expect(prepared.ok).toBe(false);
    expect(!prepared.ok && prepared.errors[0]).toMatch(/console page/);
  });

  it('refuses a role of another partition than the console', () => {
    const prepared = prepareSwitch(
      { roleArn: 'arn:aws-cn:iam::333344445555:role/Ops' },
      consoleTab(ROLE_PAGE),
    );
    expect(prepared.ok).toBe(false);
  });

  it('refuses a saved role of another partition, named by account and role only', () => {
    const target = { account: '123456789012', roleName: 'Ops', partition: 'aws-us-gov' };
    const prepared = prepareSwitch(target, consoleTab(ROLE_PAGE));
    expect(prepared.ok).toBe(false);
    if (!prepared.ok) expect(prepared.errors.join(' ')).toMatch(/aws-us-gov partition.*aws/);
    expect(prepareSwitch({ ...target, partition: 'aws' }, consoleTab(ROLE_PAGE)).ok).toBe(true);
  });
});

describe('switch link', () => {
  it('opens the partition sign-in page for the role and lands back on the page', () => {
    const tab = consoleTab(
      'https://us-gov-west-1.console.amazonaws-us-gov.com/iam/home?region=us-gov-west-1' +
        '#/roles/details/Ops',
      { signInEndpoint: 'signin.amazonaws-us-gov.com' },
    );
    const link = switchLinkFor({ roleArn: 'arn:aws-us-gov:iam::222233334444:role/ci/Ops' }, tab);
    expect(link.ok && link.url).toBe(
      'https://signin.amazonaws-us-gov.com/switchrole?account=222233334444&roleName=ci/Ops' +
        '&redirect_uri=https%3A%2F%2Fus-gov-west-1.console.amazonaws-us-gov.com%2Fiam%2Fhome' +
        '%3Fregion%3Dus-gov-west-1%23%2Froles%2Fdetails%2FOps',
    );
  });

  it('still gives a link when the tab is not a console page, without a redirect', () => {
    const link = switchLinkFor(
      { account: 'partner-alias', roleName: 'ReadOnly' },
      { ...emptyTabState(), url: 'https://www.example.test/' },
    );
    expect(link.ok && link.url).toBe(
      'https://signin.aws.amazon.com/switchrole?account=partner-alias&roleName=ReadOnly',
    );
  });
});

describe('saving the role on the page', () => {
  const govPage =
    'https://us-gov-west-1.console.amazonaws-us-gov.com/iam/home?region=us-gov-west-1' +
    '#/roles/details/DeployRole';
  const role = (arn: string | null) => ({
    name: 'DeployRole',
    arn,
    trustSource: 'trust-tab' as const,
    trustPolicy: null,
    editing: false,
  });

  it('takes account, path and partition from the ARN', () => {
    const tab = {
      ...consoleTab(govPage),
      role: role('arn:aws-us-gov:iam::222233334444:role/ci/DeployRole'),
    };
    const saved = savedRoleFromPage(tab);
    expect(saved.ok && [saved.value.partition, saved.value.account, saved.value.roleName]).toEqual([
      'aws-us-gov',
      '222233334444',
      'ci/DeployRole',
    ]);
  });

  it('before the ARN shows, keeps the partition of the console, not the default one', () => {
    const tab = {
      ...consoleTab(govPage, { accountId: '222233334444' }),
      role: role(null),
    };
    const saved = savedRoleFromPage(tab);
    expect(saved.ok && saved.value.id).toBe('DeployRole|aws-us-gov:222233334444:DeployRole');
  });

  it('remembers that the trust needs an ExternalId', () => {
    const tab = { ...consoleTab(ROLE_PAGE), role: role('arn:aws:iam::111122223333:role/Ops') };
    const blockers = prepareSwitch(
      { roleArn: 'arn:aws:iam::111122223333:role/Ops', trustPolicy: EXTERNAL_ID_TRUST },
      tab,
    ).blockers;
    const saved = savedRoleFromPage(tab, blockers);
    expect(saved.ok && saved.value.requiresExternalId).toBe(true);
  });
});
