import { describe, expect, it } from 'vitest';
import { switchBlockers, trustExternalIdRequirement } from './blockers.js';
import { classicSwitchForm, multiSessionSwitchRequest, parseMultiSessionAnswer } from './form.js';

const ACCT = '123456789012';
const CSRF = 'mbtc-token-123';

describe('classicSwitchForm', () => {
  it('posts the console’s fields to the sign-in host, landing back on the page', () => {
    const form = classicSwitchForm({
      account: ACCT,
      role: 'ReadOnly',
      color: '#99bce3',
      csrf: CSRF,
      page: {
        pageUrl: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
        signInEndpoint: 'signin.aws.amazon.com',
      },
    });
    if (!form.ok) throw new Error(form.errors.join());
    expect(form.action).toBe('https://signin.aws.amazon.com/switchrole');
    expect(form.method).toBe('POST');
    expect(form.target).toBe('_top');
    expect(form.fields).toEqual({
      action: 'switchFromBasis',
      src: 'nav',
      roleName: 'ReadOnly',
      account: ACCT,
      mfaNeeded: '0',
      color: '99bce3',
      csrf: CSRF,
      redirect_uri: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
      displayName: `ReadOnly  |  ${ACCT}`,
    });
    expect(form.entries.map(([name]) => name)).toEqual([
      'action',
      'src',
      'roleName',
      'account',
      'mfaNeeded',
      'color',
      'csrf',
      'redirect_uri',
      'displayName',
    ]);
  });

  // R1 (aws-extend-switch-roles #387): a GovCloud page without any sign-in host named must not
  // post to the commercial endpoint.
  it('posts to the GovCloud sign-in host from a GovCloud page that names none', () => {
    const form = classicSwitchForm({
      roleArn: `arn:aws-us-gov:iam::${ACCT}:role/rolename`,
      color: 'fbbf93',
      region: 'us-gov-east-1',
      csrf: CSRF,
      page: { pageUrl: 'https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home' },
    });
    if (!form.ok) throw new Error(form.errors.join());
    expect(form.action).toBe('https://signin.amazonaws-us-gov.com/switchrole');
    expect(form.fields.roleName).toBe('rolename');
    expect(form.fields.account).toBe(ACCT);
    expect(form.fields.redirect_uri).toBe(
      'https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1',
    );
    const cn = classicSwitchForm({
      roleArn: `arn:aws-cn:iam::${ACCT}:role/rolename`,
      csrf: CSRF,
      page: { pageUrl: 'https://cn-north-1.console.amazonaws.cn/console/home' },
    });
    expect(cn.ok && cn.action).toBe('https://signin.amazonaws.cn/switchrole');
  });

  // R2: the full path goes into roleName.
  it('sends the role path with the name', () => {
    const form = classicSwitchForm({
      account: ACCT,
      role: 'human/WorkflowDevAdmin',
      csrf: CSRF,
      page: { pageUrl: 'https://console.aws.amazon.com/console/home' },
    });
    expect(form.ok && form.fields.roleName).toBe('human/WorkflowDevAdmin');
    expect(form.ok && form.fields.displayName).toBe(`WorkflowDevAdmin  |  ${ACCT}`);
  });

  // R3 (aws-extend-switch-roles #244): a 60-character label plus the account must still fit 64.
  it('keeps the composed display name at 64 characters with the account readable', () => {
    const label = 'p'.repeat(60);
    const form = classicSwitchForm({
      account: ACCT,
      role: label.slice(0, 50),
      csrf: CSRF,
      page: { pageUrl: 'https://console.aws.amazon.com/console/home' },
    });
    if (!form.ok) throw new Error(form.errors.join());
    expect(form.fields.displayName).toBe(`${'p'.repeat(46)}…  |  ${ACCT}`);
    expect(form.fields.displayName).toHaveLength(64);
  });

  // R5: an alias is posted as given.
  it('posts an account alias as it is', () => {
    const form = classicSwitchForm({
      account: 'account-3-alias',
      role: 'R',
      csrf: CSRF,
      page: { pageUrl: 'https://console.aws.amazon.com/console/home' },
    });
    expect(form.ok && form.fields.account).toBe('account-3-alias');
  });

  it('refuses without a CSRF value, on a non-console page, or with a foreign sign-in host', () => {
    const missing = classicSwitchForm({
      account: ACCT,
      role: 'R',
      csrf: '',
      page: { pageUrl: 'https://console.aws.amazon.com/' },
    });
    expect(!missing.ok && missing.errors.join()).toMatch(/CSRF/);
    const elsewhere = classicSwitchForm({
      account: ACCT,
      role: 'R',
      csrf: CSRF,
      page: { pageUrl: 'https://example.com/' },
    });
    expect(!elsewhere.ok && elsewhere.errors.join()).toMatch(/console page/);
    const foreign = classicSwitchForm({
      account: ACCT,
      role: 'R',
      csrf: CSRF,
      page: { pageUrl: 'https://console.aws.amazon.com/', signInEndpoint: 'signin.evil.example' },
    });
    expect(!foreign.ok && foreign.errors.join()).toMatch(/not an AWS sign-in host/);
    const crossed = classicSwitchForm({
      account: ACCT,
      role: 'R',
      csrf: CSRF,
      page: {
        pageUrl: 'https://console.aws.amazon.com/',
        signInEndpoint: 'signin.amazonaws.cn',
      },
    });
    expect(!crossed.ok && crossed.errors.join()).toMatch(/aws-cn/);
  });

  it('refuses path plus name over 64 characters', () => {
    const form = classicSwitchForm({
      account: ACCT,
      role: `p/${'n'.repeat(63)}`,
      csrf: CSRF,
      page: { pageUrl: 'https://console.aws.amazon.com/' },
    });
    expect(!form.ok && form.errors.join()).toMatch(/65 characters/);
  });
});

describe('multiSessionSwitchRequest', () => {
  const page = {
    pageUrl:
      'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com/s3/home?region=us-east-1',
    sessionDifferentiator: '111122223333-abcd1234',
    signInEndpoint: 'us-east-1.signin.aws.amazon.com',
    prismModeEnabled: true,
  };

  it('posts JSON to the sessions endpoint with the page’s cookies', () => {
    const request = multiSessionSwitchRequest({
      account: ACCT,
      role: 'ReadOnly',
      displayName: `Read only  |  ${ACCT}`,
      color: 'b7ca9d',
      page,
    });
    if (!request.ok) throw new Error(request.errors.join());
    expect(request.url).toBe(
      'https://us-east-1.signin.aws.amazon.com/sessions/111122223333-abcd1234/v1/switchrole',
    );
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'X-CSRF-PROTECTION': '1',
    });
    expect(request.credentials).toBe('include');
    // R3: the account suffix is dropped in multi-session mode; the differentiator leaves the
    // redirect.
    expect(JSON.parse(request.body)).toEqual({
      account: ACCT,
      color: 'b7ca9d',
      displayName: 'Read only',
      redirectUri: 'https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1',
      roleName: 'ReadOnly',
    });
  });

  it('finds the regional sign-in host and the differentiator when the page omits them', () => {
    const request = multiSessionSwitchRequest({
      account: ACCT,
      role: 'R',
      page: { pageUrl: 'https://111122223333-abcd1234.eu-west-1.console.aws.amazon.com/ec2/' },
    });
    expect(request.ok && request.url).toBe(
      'https://eu-west-1.signin.aws.amazon.com/sessions/111122223333-abcd1234/v1/switchrole',
    );
  });

  it('refuses without a multi-session id', () => {
    const request = multiSessionSwitchRequest({
      account: ACCT,
      role: 'R',
      page: { pageUrl: 'https://us-east-1.console.aws.amazon.com/' },
    });
    expect(!request.ok && request.errors.join()).toMatch(/multi-session id/);
  });

  it('opens only console addresses of the same partition from the answer', () => {
    const destination =
      'https://123456789012-efgh5678.us-east-1.console.aws.amazon.com/console/home?login_hint=x';
    expect(parseMultiSessionAnswer(200, JSON.stringify({ destination }), 'aws')).toEqual({
      ok: true,
      destination,
    });
    expect(parseMultiSessionAnswer(200, '{}', 'aws').ok).toBe(false);
    expect(parseMultiSessionAnswer(403, '', 'aws').ok).toBe(false);
    expect(
      parseMultiSessionAnswer(200, JSON.stringify({ destination: 'https://evil.example/' }), 'aws')
        .ok,
    ).toBe(false);
    expect(parseMultiSessionAnswer(200, 'not json', 'aws').ok).toBe(false);
  });
});

describe('switchBlockers', () => {
  const externalIdTrust = {
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999988887777:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'vendor-7f3a' } },
      },
    ],
  };

  it('blocks roles whose trust always requires an ExternalId', () => {
    expect(trustExternalIdRequirement(JSON.stringify(externalIdTrust))).toBe('all');
    const blockers = switchBlockers({
      account: ACCT,
      roleName: 'ThirdPartyAuditor',
      trustPolicy: externalIdTrust,
    });
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatchObject({ code: 'external-id', severity: 'blocks' });
  });

  it('warns when only some statements require an ExternalId', () => {
    const mixed = {
      Statement: [
        ...externalIdTrust.Statement,
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: ['sts:*'] },
      ],
    };
    expect(trustExternalIdRequirement(mixed)).toBe('some');
    expect(switchBlockers({ account: ACCT, roleName: 'R', trustPolicy: mixed })[0]).toMatchObject({
      code: 'external-id',
      severity: 'warns',
    });
    expect(trustExternalIdRequirement('{not json')).toBe('unknown');
  });

  it('blocks the root user and names over 64 characters', () => {
    const codes = switchBlockers({
      account: ACCT,
      roleName: `a/${'b'.repeat(63)}`,
      identityArn: `arn:aws:iam::${ACCT}:root`,
    }).map((b) => b.code);
    expect(codes).toEqual(['root-user', 'name-too-long']);
    expect(switchBlockers({ account: ACCT, roleName: `a/${'b'.repeat(62)}` })).toEqual([]);
  });

  it('warns about a role already open in another session, not in this one', () => {
    const openSessions = [
      {
        sessionArn: `arn:aws:sts::${ACCT}:assumed-role/Admin/alice`,
        sessionDifferentiator: `${ACCT}-zzzz9999`,
      },
    ];
    expect(
      switchBlockers({ account: ACCT, roleName: 'ops/Admin', openSessions }).map((b) => b.code),
    ).toEqual(['already-open']);
    expect(
      switchBlockers({
        account: ACCT,
        roleName: 'Admin',
        openSessions,
        currentSessionDifferentiator: `${ACCT}-zzzz9999`,
      }),
    ).toEqual([]);
    expect(switchBlockers({ account: '999988887777', roleName: 'Admin', openSessions })).toEqual(
      [],
    );
  });

  it('notes when the user is already in the role', () => {
    expect(
      switchBlockers({
        account: ACCT,
        roleName: 'Admin',
        identityArn: `arn:aws:sts::${ACCT}:assumed-role/Admin/alice`,
      })[0]?.code,
    ).toBe('same-role');
  });
});
