import { describe, expect, it } from 'vitest';
import { explainSwitchFailure, SWITCH_FAILURE_TEXT } from './switch-failure.js';

const ACCT = '123456789012';

describe('explainSwitchFailure', () => {
  it('recognises the page’s message', () => {
    expect(
      SWITCH_FAILURE_TEXT.test(
        'Invalid information in one or more fields. Check your information or contact your ' +
          'administrator.',
      ),
    ).toBe(true);
  });

  it('lists the causes in the usual order when nothing more is known', () => {
    const causes = explainSwitchFailure({ account: ACCT, roleName: 'Deploy' });
    expect(causes.map((c) => c.id)).toEqual([
      'role-missing',
      'trust-policy',
      'external-id',
      'mfa',
      'root-user',
    ]);
    for (const cause of causes) expect(cause.checks.length).toBeGreaterThan(0);
    expect(causes[0]?.why).toContain(`Deploy in account ${ACCT}`);
  });

  it('puts what the input proves first', () => {
    const root = explainSwitchFailure({
      account: ACCT,
      roleName: 'Deploy',
      identityArn: `arn:aws:iam::${ACCT}:root`,
    });
    expect(root[0]).toMatchObject({ id: 'root-user', confidence: 'certain' });
    expect(root.filter((c) => c.id === 'root-user')).toHaveLength(1);

    const typo = explainSwitchFailure({ account: '12345678901', roleName: '/ops/Deploy!' });
    expect(typo[0]).toMatchObject({ id: 'input', confidence: 'certain' });
    expect(typo[0]?.why).toMatch(/11 digits/);
    expect(typo[0]?.why).toMatch(/leading slash/);

    const long = explainSwitchFailure({ account: ACCT, roleName: `a/${'b'.repeat(63)}` });
    expect(long[0]?.id).toBe('name-too-long');
  });

  it('uses the trust policy when it is known', () => {
    const externalId = explainSwitchFailure({
      account: ACCT,
      roleName: 'ThirdPartyAuditor',
      identityArn: `arn:aws:sts::${ACCT}:assumed-role/Developer/alice`,
      trustPolicy: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
          },
        ],
      },
    });
    expect(externalId[0]).toMatchObject({ id: 'external-id', confidence: 'certain' });
    // A known identity that is not root rules the root cause out.
    expect(externalId.some((c) => c.id === 'root-user')).toBe(false);
    const trust = externalId.find((c) => c.id === 'trust-policy');
    expect(trust?.why).toContain(`the role Developer in account ${ACCT}`);

    const mfa = explainSwitchFailure({
      account: ACCT,
      roleName: 'CrossAccountAdmin',
      signedInWithMfa: false,
      trustPolicy: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ],
      }),
    });
    expect(mfa[0]).toMatchObject({ id: 'mfa', confidence: 'certain' });
  });
});
