import { describe, expect, it } from 'vitest';
import type { TabState } from '../../background/tab-state.js';
import { diagnose } from '../../core/diagnose/index.js';
import { answer, findDiagnosableError, gather } from './model.js';

const SESSION = 'arn:aws:sts::111122223333:assumed-role/Developer/alice';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'vendor-7f3a' } },
    },
  ],
});
const CI_ERROR =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
  'arn:aws:sts::111122223333:assumed-role/ci-runner/build-4512 is not authorized to perform: ' +
  'sts:AssumeRole on resource: arn:aws:iam::999988887777:role/DeployRole';

function rolePage(name: string, trust: string | null): TabState {
  return {
    documentId: null,
    errors: [],
    switchPage: null,
    selection: null,
    focus: null,
    url:
      'https://us-east-1.console.aws.amazon.com/iam/home?region=eu-west-1' +
      `#/roles/details/${name}`,
    session: { accountId: '111122223333', sessionARN: SESSION },
    role: {
      name,
      arn: `arn:aws:iam::111122223333:role/${name}`,
      trustSource: trust ? 'trust-tab' : 'not-shown',
      trustPolicy: trust,
      editing: false,
    },
  };
}

describe('diagnose view model', () => {
  it('takes the role, its trust and the console identity from a role page', () => {
    const gathered = gather(rolePage('ThirdPartyAuditor', TRUST), null, {}, {});
    expect(gathered.input).toMatchObject({
      roleArn: 'arn:aws:iam::111122223333:role/ThirdPartyAuditor',
      caller: SESSION,
      via: 'console',
      trustPolicy: TRUST,
      roleOnRecord: { arn: 'arn:aws:iam::111122223333:role/ThirdPartyAuditor' },
      region: 'eu-west-1',
    });
    expect(gathered.trustFromPage).toBe(true);
    expect(gathered.roleSource).toBe('page');
    expect(gathered.callerSource).toBe('session');
  });

  it('an error chosen in the Explain view wins over the page, and the path follows it', () => {
    const gathered = gather(rolePage('ThirdPartyAuditor', TRUST), CI_ERROR, {}, {});
    expect(gathered.input).toMatchObject({
      roleArn: 'arn:aws:iam::999988887777:role/DeployRole',
      caller: 'arn:aws:sts::111122223333:assumed-role/ci-runner/build-4512',
      via: 'cli',
    });
    // The page shows another role: its trust policy is not this role's.
    expect(gathered.input.trustPolicy).toBeUndefined();
    expect(diagnose(gathered.input).questions[0]?.id).toBe('trust-policy');
  });

  it('answers fill in what the page cannot show, one at a time', () => {
    const state = rolePage('ThirdPartyAuditor', TRUST);
    let answers = answer({}, 'identity-policy', '{"Version":"2012-10-17","Statement":[]}');
    const first = diagnose(gather(state, null, answers, {}).input);
    expect(first.firstFailure?.id).toBe('caller-policy');
    answers = answer(
      answers,
      'identity-policy',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
      }),
    );
    const second = diagnose(gather(state, null, answers, {}).input);
    expect(second.firstFailure?.id).toBe('path');
    const byCli = diagnose(
      gather(state, null, answer(answers, 'external-id', ' vendor-7f3a '), { via: 'cli' }).input,
    );
    expect(byCli.outcome).toBe('pass');
  });

  it('asks for the organization of an org-wide trust, and its answer decides the trust', () => {
    const orgTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc1234567' } },
        },
      ],
    });
    const state = rolePage('OrgWide', orgTrust);
    const trustStatus = (answers: Parameters<typeof gather>[2]) =>
      diagnose(gather(state, null, answers, {}).input).links.find((item) => item.id === 'trust')
        ?.status;
    const first = diagnose(gather(state, null, {}, {}).input);
    expect(first.questions[0]?.id).toBe('org-id');
    expect(trustStatus({})).toBe('unknown');
    expect(trustStatus(answer({}, 'org-id', ' o-abc1234567 '))).toBe('pass');
    expect(trustStatus(answer({}, 'org-id', 'o-zzz9999999'))).toBe('fail');
    const badly = diagnose(gather(state, null, answer({}, 'org-id', 'abc'), {}).input);
    expect(badly.problems.join(' ')).toContain('"abc" is not an organization ID');
    expect(badly.questions[0]?.id).toBe('org-id');
  });

  it('a trust policy pasted as the identity policy gets the reason, not a verdict', () => {
    const state = rolePage('ThirdPartyAuditor', TRUST);
    const answers = answer(answer({}, 'external-id', 'vendor-7f3a'), 'identity-policy', TRUST);
    const result = diagnose(gather(state, null, answers, { via: 'cli' }).input);
    expect(result.outcome).toBe('needs-input');
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^The identity policy is not an identity policy: statement 1 names a Principal .*/,
      ),
    ]);
    expect(result.problems[0]).toMatch(/This looks like a trust policy; paste it as the trust/);
    const callerLink = result.links.find((item) => item.id === 'caller-policy');
    expect(callerLink?.status).toBe('unknown');
    // The question comes back, so the right policy can be pasted in its place.
    expect(result.questions.map((question) => question.id)).toContain('identity-policy');
  });

  it('takes the role from a failed console switch on the sign-in page', () => {
    const state: TabState = {
      ...rolePage('x', null),
      url: 'https://signin.amazonaws-us-gov.com/switchrole?account=222233334444&roleName=ops/Admin',
      session: null,
      role: null,
      switchPage: { failed: true, account: '222233334444', roleName: 'ops/Admin' },
    };
    const gathered = gather(state, null, {}, {});
    expect(gathered.input.roleArn).toBe('arn:aws-us-gov:iam::222233334444:role/ops/Admin');
    expect(gathered.input.via).toBe('console');
    expect(diagnose(gathered.input).questions[0]?.id).toBe('caller');
  });

  it('prefers AssumeRole errors and skips errors it cannot diagnose', () => {
    const s3 =
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: s3:GetObject on ' +
      'resource: "arn:aws:s3:::b/k"';
    expect(findDiagnosableError([s3])).toBeNull();
    expect(findDiagnosableError([s3, CI_ERROR])?.action).toBe('sts:AssumeRole');
  });
});
