import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSwitchRoleLink, type SwitchLinkResult } from './link.js';

const ACCT = '123456789012';

function ok(result: SwitchLinkResult) {
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result;
}

function errors(result: SwitchLinkResult): string[] {
  if (result.ok) throw new Error(`expected errors, got ${result.url}`);
  return result.errors;
}

function query(url: string): Record<string, string> {
  const search = url.slice(url.indexOf('?') + 1);
  return Object.fromEntries(
    search.split('&').map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [key, decodeURIComponent(value)];
    }),
  );
}

describe('buildSwitchRoleLink', () => {
  it('builds the documented link from account and role', () => {
    const link = ok(buildSwitchRoleLink({ account: ACCT, role: 'ReadOnly' }));
    expect(link.url).toBe(
      `https://signin.aws.amazon.com/switchrole?account=${ACCT}&roleName=ReadOnly`,
    );
    expect(link.signinHost).toBe('signin.aws.amazon.com');
    expect(link.partition).toBe('aws');
    expect(link.warnings).toEqual([]);
  });

  it('accepts an alias and the console’s dashed account form', () => {
    expect(ok(buildSwitchRoleLink({ account: 'account-3-alias', role: 'R' })).url).toContain(
      'account=account-3-alias&',
    );
    expect(ok(buildSwitchRoleLink({ account: '1234-5678-9012', role: 'R' })).url).toContain(
      `account=${ACCT}&`,
    );
  });

  // R2 (aws-extend-switch-roles #258 / #115): a role path goes into roleName, without the
  // leading slash, whether the user types it with one or not.
  it('puts a role path into roleName without the leading slash', () => {
    for (const role of ['human/WorkflowDevAdmin', '/human/WorkflowDevAdmin']) {
      const link = ok(buildSwitchRoleLink({ account: ACCT, role }));
      expect(query(link.url).roleName).toBe('human/WorkflowDevAdmin');
      expect(link.url).toContain('roleName=human/WorkflowDevAdmin');
    }
    const fromArn = ok(
      buildSwitchRoleLink({ roleArn: `arn:aws:iam::${ACCT}:role/sso/path/to/role` }),
    );
    expect(query(fromArn.url).roleName).toBe('sso/path/to/role');
  });

  it('encodes the characters IAM names may hold (+ must not become a space)', () => {
    const link = ok(buildSwitchRoleLink({ account: ACCT, role: 'a+b=c,d.e@f-g_h' }));
    expect(link.url).toContain('roleName=a%2Bb%3Dc%2Cd.e%40f-g_h');
    expect(query(link.url).roleName).toBe('a+b=c,d.e@f-g_h');
  });

  it('allows exactly 64 characters of path plus name and refuses 65', () => {
    const at64 = `team/${'a'.repeat(59)}`;
    expect(at64).toHaveLength(64);
    expect(query(ok(buildSwitchRoleLink({ account: ACCT, role: at64 })).url).roleName).toBe(at64);
    // With a leading slash it is still 64: the slash is not sent.
    expect(buildSwitchRoleLink({ account: ACCT, role: `/${at64}` }).ok).toBe(true);
    const at65 = `team/${'a'.repeat(60)}`;
    expect(errors(buildSwitchRoleLink({ account: ACCT, role: at65 }))[0]).toMatch(
      /65 characters.*at most 64/,
    );
  });

  it('refuses IAM-invalid names with the offending characters (AESR #340: AdminRole!)', () => {
    const [message] = errors(
      buildSwitchRoleLink({ roleArn: `arn:aws:iam::${ACCT}:role/AdminRole!` }),
    );
    expect(message).toMatch(/"!"/);
    expect(message).toMatch(/letters, digits and \+ = , \. @ _ -/);
  });

  it('refuses accounts that are neither an id nor an alias', () => {
    expect(errors(buildSwitchRoleLink({ account: '12345678901', role: 'R' }))[0]).toMatch(
      /11 digits.*exactly 12/,
    );
    expect(errors(buildSwitchRoleLink({ account: '-bad-', role: 'R' }))[0]).toMatch(/alias/);
    expect(errors(buildSwitchRoleLink({ account: 'a--b', role: 'R' }))[0]).toMatch(/alias/);
    const upper = ok(buildSwitchRoleLink({ account: 'My-Alias', role: 'R' }));
    expect(query(upper.url).account).toBe('my-alias');
    expect(upper.warnings[0]).toMatch(/lower case/);
  });

  it('takes colours with or without #, and the short form', () => {
    for (const color of ['#fbbf93', 'fbbf93', 'FBBF93']) {
      expect(query(ok(buildSwitchRoleLink({ account: ACCT, role: 'R', color })).url).color).toBe(
        color.replace('#', ''),
      );
    }
    expect(
      query(ok(buildSwitchRoleLink({ account: ACCT, role: 'R', color: '#f0a' })).url).color,
    ).toBe('ff00aa');
    const custom = ok(buildSwitchRoleLink({ account: ACCT, role: 'R', color: '222222' }));
    expect(custom.warnings.join()).toMatch(/preset/);
    expect(errors(buildSwitchRoleLink({ account: ACCT, role: 'R', color: 'red' }))[0]).toMatch(
      /hex colour/,
    );
  });

  it('cuts a display name over 64 characters with an ellipsis and says so', () => {
    const long = `${'Production database administrators '.repeat(3)}`.trim();
    const link = ok(buildSwitchRoleLink({ account: ACCT, role: 'R', displayName: long }));
    const shown = query(link.url).displayName ?? '';
    expect(shown.length).toBeLessThanOrEqual(64);
    expect(shown.endsWith('…')).toBe(true);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    expect(link.warnings.join()).toMatch(/shortened/);
    const exact = 'x'.repeat(64);
    expect(
      query(ok(buildSwitchRoleLink({ account: ACCT, role: 'R', displayName: exact })).url)
        .displayName,
    ).toBe(exact);
  });

  it('counts display names in characters, not UTF-16 units', () => {
    // 63 letters and 2 emoji: 65 characters, 67 UTF-16 units.
    const sixtyFive = `${'a'.repeat(63)}🙂🙂`;
    const cut = ok(buildSwitchRoleLink({ account: ACCT, role: 'R', displayName: sixtyFive }));
    expect(cut.warnings.join()).toMatch(/had 65 characters/);
    expect(query(cut.url).displayName).toBe(`${'a'.repeat(63)}…`);
    // 62 letters and 2 emoji: 64 characters kept whole although they are 66 UTF-16 units.
    const sixtyFour = `${'a'.repeat(62)}🙂🙂`;
    const kept = ok(buildSwitchRoleLink({ account: ACCT, role: 'R', displayName: sixtyFour }));
    expect(kept.warnings).toEqual([]);
    expect(query(kept.url).displayName).toBe(sixtyFour);
    // A cut never splits an emoji.
    const emoji = '🙂'.repeat(70);
    const shown = query(
      ok(buildSwitchRoleLink({ account: ACCT, role: 'R', displayName: emoji })).url,
    ).displayName;
    expect(shown).toBe(`${'🙂'.repeat(63)}…`);
  });

  it('refuses control and direction-changing characters in the display name', () => {
    for (const [name, code] of [
      ['Prod\u001b[2J', 'U+001B'],
      ['bell\u0007', 'U+0007'],
      ['abc\u202Efdp.exe', 'U+202E'],
      ['x\u2066y', 'U+2066'],
      ['c1\u0085', 'U+0085'],
      ['del\u007f', 'U+007F'],
    ] as const) {
      const problems = errors(buildSwitchRoleLink({ account: ACCT, role: 'R', displayName: name }));
      expect(problems[0], name).toMatch(
        new RegExp(`control character ${code.replace('+', '\\+')}`),
      );
    }
    // Tabs and line breaks are white space: collapsed, not refused.
    const tabbed = ok(buildSwitchRoleLink({ account: ACCT, role: 'R', displayName: 'a\tb\nc' }));
    expect(query(tabbed.url).displayName).toBe('a b c');
  });

  // R1 (aws-extend-switch-roles #387, and the China twin): the partition of the role decides
  // the sign-in host, and the landing page stays in that partition.
  it('uses the GovCloud and China sign-in hosts for roles there', () => {
    const gov = ok(
      buildSwitchRoleLink({
        roleArn: `arn:aws-us-gov:iam::${ACCT}:role/rolename`,
        color: 'fbbf93',
        region: 'us-gov-east-1',
        redirect:
          'https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1',
      }),
    );
    expect(gov.signinHost).toBe('signin.amazonaws-us-gov.com');
    expect(gov.partition).toBe('aws-us-gov');
    expect(gov.url.startsWith('https://signin.amazonaws-us-gov.com/switchrole?')).toBe(true);
    expect(query(gov.url).redirect_uri).toBe(
      'https://us-gov-east-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-east-1',
    );
    const cn = ok(buildSwitchRoleLink({ roleArn: `arn:aws-cn:iam::${ACCT}:role/rolename` }));
    expect(cn.signinHost).toBe('signin.amazonaws.cn');
    expect(cn.partition).toBe('aws-cn');
  });

  it('uses the regional sign-in host in the sovereign cloud and when asked', () => {
    const eusc = ok(buildSwitchRoleLink({ roleArn: `arn:aws-eusc:iam::${ACCT}:role/R` }));
    expect(eusc.signinHost).toBe('eusc-de-east-1.signin.amazonaws-eusc.eu');
    const regional = ok(
      buildSwitchRoleLink({
        account: ACCT,
        role: 'R',
        region: 'eu-west-1',
        regionalSignin: true,
      }),
    );
    expect(regional.signinHost).toBe('eu-west-1.signin.aws.amazon.com');
    expect(query(regional.url).redirect_uri).toBe(
      'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1',
    );
  });

  it('keeps the user’s page and moves it to the chosen region', () => {
    const link = ok(
      buildSwitchRoleLink({
        account: ACCT,
        role: 'R',
        region: 'eu-west-1',
        redirect:
          'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com' +
          '/lambda/home?region=us-east-1#/functions',
      }),
    );
    expect(query(link.url).redirect_uri).toBe(
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions',
    );
  });

  it('refuses a role in another partition than the console', () => {
    const [message] = errors(
      buildSwitchRoleLink({
        roleArn: `arn:aws-us-gov:iam::${ACCT}:role/R`,
        redirect: 'https://us-east-1.console.aws.amazon.com/console/home',
      }),
    );
    expect(message).toMatch(/aws-us-gov.*aws/);
    expect(
      errors(
        buildSwitchRoleLink({ roleArn: `arn:aws:iam::${ACCT}:role/R`, consolePartition: 'aws-cn' }),
      )[0],
    ).toMatch(/only within one partition/);
    expect(
      errors(
        buildSwitchRoleLink({ roleArn: `arn:aws:iam::${ACCT}:role/R`, region: 'cn-north-1' }),
      )[0],
    ).toMatch(/region cn-north-1 is in aws-cn/);
  });

  it('refuses ISO partitions with the reason', () => {
    expect(errors(buildSwitchRoleLink({ roleArn: `arn:aws-iso:iam::${ACCT}:role/R` }))[0]).toMatch(
      /isolated/,
    );
    expect(
      errors(buildSwitchRoleLink({ account: ACCT, role: 'R', region: 'us-isob-east-1' }))[0],
    ).toMatch(/isolated/);
  });

  it('turns a pasted session ARN into advice about the role ARN', () => {
    const [message] = errors(
      buildSwitchRoleLink({ roleArn: `arn:aws:sts::${ACCT}:assumed-role/Admin/alice` }),
    );
    expect(message).toContain(`arn:aws:iam::${ACCT}:role/Admin`);
  });

  it('refuses a sign-in host the page names when it is not AWS’s', () => {
    expect(
      errors(buildSwitchRoleLink({ account: ACCT, role: 'R', signInEndpoint: 'evil.example' }))[0],
    ).toMatch(/not an AWS sign-in host/);
    expect(
      ok(
        buildSwitchRoleLink({
          account: ACCT,
          role: 'R',
          signInEndpoint: 'eu-west-1.signin.aws.amazon.com',
        }),
      ).signinHost,
    ).toBe('eu-west-1.signin.aws.amazon.com');
  });

  it('takes the partition from the sign-in host the page names', () => {
    const link = ok(
      buildSwitchRoleLink({
        account: ACCT,
        role: 'R',
        signInEndpoint: 'us-gov-east-1.signin.amazonaws-us-gov.com',
      }),
    );
    expect(link.partition).toBe('aws-us-gov');
    expect(link.signinHost).toBe('us-gov-east-1.signin.amazonaws-us-gov.com');
  });

  it('asks for a target when none is given, and for one kind only', () => {
    expect(errors(buildSwitchRoleLink({}))[0]).toMatch(/role ARN, or both/);
    expect(
      errors(buildSwitchRoleLink({ roleArn: `arn:aws:iam::${ACCT}:role/R`, account: ACCT }))[0],
    ).toMatch(/not both/);
  });

  it('round-trips any valid role, account and display name through the link', () => {
    const nameChar = fc.constantFrom(...'abcXYZ019+=,.@_-'.split(''));
    const name = fc.array(nameChar, { minLength: 1, maxLength: 40 }).map((c) => c.join(''));
    const path = fc.array(name, { maxLength: 3 }).map((parts) => parts.join('/'));
    const account = fc.stringMatching(/^\d{12}$/);
    fc.assert(
      fc.property(path, name, account, fc.string({ maxLength: 80 }), (p, n, a, display) => {
        const role = p ? `${p}/${n}` : n;
        const result = buildSwitchRoleLink({ account: a, role, displayName: display });
        if (role.length > 64) {
          expect(result.ok).toBe(false);
          return;
        }
        const link = ok(result);
        const params = query(link.url);
        expect(params.account).toBe(a);
        expect(params.roleName).toBe(role);
        const shown = display.replace(/\s+/g, ' ').trim();
        if (shown) {
          expect([...(params.displayName ?? '')].length).toBeLessThanOrEqual(64);
          if ([...shown].length <= 64) expect(params.displayName).toBe(shown);
        } else expect(params.displayName).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(
        fc.record({
          roleArn: fc.option(fc.string({ maxLength: 100 })),
          account: fc.option(fc.string({ maxLength: 20 })),
          role: fc.option(fc.string({ maxLength: 80 })),
          color: fc.option(fc.string({ maxLength: 10 })),
          redirect: fc.option(fc.string({ maxLength: 100 })),
          region: fc.option(fc.string({ maxLength: 20 })),
          signInEndpoint: fc.option(fc.string({ maxLength: 40 })),
        }),
        (input) => {
          const result = buildSwitchRoleLink(input);
          if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
