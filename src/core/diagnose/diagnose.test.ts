import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAccessErrors } from '../access/index.js';
import { evaluateTrust } from '../trust/index.js';
import {
  type DiagnoseInput,
  diagnose,
  inputFromError,
  isAssumeRoleError,
  type LinkId,
  type Outcome,
} from './index.js';
import { describeConditions, droppedConditions, withConditions } from './kept-conditions.js';

// Accounts: the role lives in ROLE_ACCOUNT, the callers in CALLER_ACCOUNT.
const ROLE_ACCOUNT = '999988887777';
const CALLER_ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ROLE_ACCOUNT}:role/CrossAccountAccessRole`;
const USER = `arn:aws:iam::${CALLER_ACCOUNT}:user/cross-user`;
const SESSION = `arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/Developer/alice`;

const policy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const trustAllow = (principal: string, extra: object = {}) =>
  policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });
const ALLOW_ASSUME = policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });
const ALLOW_OTHER_ROLE = policy({
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Resource: `arn:aws:iam::${ROLE_ACCOUNT}:role/SomethingElse`,
});
const TRUST_ACCOUNT = trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:root`);
const TRUST_MFA = trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:root`, {
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
});
const TRUST_EXTERNAL_ID = trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:root`, {
  Condition: { StringEquals: { 'sts:ExternalId': 'vendor-7f3a' } },
});

const errorOf = (text: string) => {
  const [error] = parseAccessErrors(text);
  if (!error) throw new Error(`no error parsed from ${text}`);
  return error;
};

interface Scenario {
  name: string;
  input: DiagnoseInput;
  first: LinkId | null;
  outcome: Outcome;
}

// One scenario per case of the troubleshooting guide, then one or more per link.
const SCENARIOS: Scenario[] = [
  {
    name: 'guide 1: AccessDenied, the caller lacks sts:AssumeRole in its own account',
    input: {
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_OTHER_ROLE],
    },
    first: 'caller-policy',
    outcome: 'fail',
  },
  {
    name: 'guide 1: AccessDenied, the trust misses the caller (reason in the error)',
    input: inputFromError(
      errorOf(
        `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} ` +
          'because no role trust policy allows the sts:AssumeRole action',
      ),
    ),
    first: 'trust',
    outcome: 'fail',
  },
  {
    name: 'guide 2: the role cannot be assumed, Principal names another user',
    input: {
      roleArn: ROLE,
      caller: USER,
      trustPolicy: trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:user/other-user`),
      identityPolicies: [ALLOW_ASSUME],
    },
    first: 'trust',
    outcome: 'fail',
  },
  {
    name: 'guide 3: MFA required, the CLI call passes none',
    input: {
      roleArn: ROLE,
      caller: USER,
      via: 'cli',
      mfa: false,
      trustPolicy: TRUST_MFA,
      identityPolicies: [ALLOW_ASSUME],
    },
    first: 'path',
    outcome: 'fail',
  },
  {
    name: 'guide 4: assumed, then the role lacks the permission',
    input: {
      ...inputFromError(
        errorOf(
          `An error occurred (AccessDenied) when calling the ListBuckets operation: User: ` +
            `arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/CrossAccountAccessRole/s is not ` +
            'authorized to perform: s3:ListAllMyBuckets because no identity-based policy ' +
            'allows the s3:ListAllMyBuckets action',
        ),
      ),
    },
    first: 'after-switch',
    outcome: 'fail',
  },
  {
    name: 'guide 5: the role does not exist in the role account',
    input: { roleArn: ROLE, caller: USER, roleExists: false },
    first: 'role-arn',
    outcome: 'fail',
  },
  {
    name: 'guide 6: the trust names a deleted user (a unique id)',
    input: {
      roleArn: ROLE,
      caller: USER,
      trustPolicy: trustAllow('AIDAJQABLZS4A3QDU576Q'),
      identityPolicies: [ALLOW_ASSUME],
    },
    first: 'trust',
    outcome: 'fail',
  },
  {
    name: 'guide 7: everything allows it; CloudTrail is where to look',
    input: {
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME],
    },
    first: null,
    outcome: 'pass',
  },
  {
    name: 'guide 8: the CLI works but the console cannot send the ExternalId',
    input: {
      roleArn: ROLE,
      caller: USER,
      via: 'console',
      trustPolicy: TRUST_EXTERNAL_ID,
      identityPolicies: [ALLOW_ASSUME],
    },
    first: 'path',
    outcome: 'fail',
  },
  // role-arn
  {
    name: 'role-arn: a session ARN given as the role',
    input: {
      roleArn: `arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/CrossAccountAccessRole/x`,
      caller: USER,
    },
    first: 'role-arn',
    outcome: 'fail',
  },
  {
    name: 'role-arn: the role is in another partition',
    input: { roleArn: `arn:aws-cn:iam::${ROLE_ACCOUNT}:role/CrossAccountAccessRole`, caller: USER },
    first: 'role-arn',
    outcome: 'fail',
  },
  {
    name: 'role-arn: the role on record has a path the ARN lacks',
    input: {
      roleArn: ROLE,
      caller: USER,
      roleOnRecord: { arn: `arn:aws:iam::${ROLE_ACCOUNT}:role/team/CrossAccountAccessRole` },
    },
    first: 'role-arn',
    outcome: 'fail',
  },
  {
    name: 'role-arn: the ARN differs from the role on record in case',
    input: {
      roleArn: `arn:aws:iam::${ROLE_ACCOUNT}:role/crossaccountaccessrole`,
      caller: USER,
      roleOnRecord: { arn: ROLE },
    },
    first: 'role-arn',
    outcome: 'fail',
  },
  // trust
  {
    name: 'trust: the root user cannot assume roles',
    input: {
      roleArn: ROLE,
      caller: `arn:aws:iam::${CALLER_ACCOUNT}:root`,
      trustPolicy: TRUST_ACCOUNT,
    },
    first: 'trust',
    outcome: 'fail',
  },
  {
    name: 'trust: a session of the role itself is not trusted by it',
    input: {
      roleArn: ROLE,
      caller: `arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/CrossAccountAccessRole/s`,
      trustPolicy: trustAllow(`arn:aws:iam::${ROLE_ACCOUNT}:role/Admin`),
    },
    first: 'trust',
    outcome: 'fail',
  },
  // caller-policy
  {
    name: 'caller-policy: an explicit deny wins over the allow',
    input: {
      roleArn: ROLE,
      caller: SESSION,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [
        ALLOW_ASSUME,
        policy({
          Sid: 'NoCrossAccount',
          Effect: 'Deny',
          Action: 'sts:*',
          NotResource: `arn:aws:iam::${CALLER_ACCOUNT}:role/*`,
        }),
      ],
    },
    first: 'caller-policy',
    outcome: 'fail',
  },
  {
    name: 'caller-policy: the error names a service control policy',
    input: inputFromError(
      errorOf(
        `User: ${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} ` +
          'with an explicit deny in a service control policy',
      ),
    ),
    first: 'caller-policy',
    outcome: 'fail',
  },
  {
    name: 'caller-policy: NotAction allow covers sts:AssumeRole',
    input: {
      roleArn: ROLE,
      caller: SESSION,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
    },
    first: null,
    outcome: 'pass',
  },
  {
    name: 'caller-policy: same account, trust names the caller, no identity policy needed',
    input: {
      roleArn: `arn:aws:iam::${CALLER_ACCOUNT}:role/ReadOnly`,
      caller: SESSION,
      trustPolicy: trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:role/Developer`),
      identityPolicies: [ALLOW_OTHER_ROLE],
    },
    first: null,
    outcome: 'pass',
  },
  // path
  {
    name: 'path: the CLI passes the wrong ExternalId',
    input: {
      roleArn: ROLE,
      caller: USER,
      via: 'cli',
      externalId: 'wrong',
      trustPolicy: TRUST_EXTERNAL_ID,
      identityPolicies: [ALLOW_ASSUME],
    },
    first: 'path',
    outcome: 'fail',
  },
  {
    name: 'path: the CLI passes the right ExternalId',
    input: {
      roleArn: ROLE,
      caller: USER,
      via: 'cli',
      externalId: 'vendor-7f3a',
      trustPolicy: TRUST_EXTERNAL_ID,
      identityPolicies: [ALLOW_ASSUME],
    },
    first: null,
    outcome: 'pass',
  },
  {
    name: 'path: the STS error says the MFA code was refused',
    input: {
      ...inputFromError(
        errorOf(
          'An error occurred (AccessDenied) when calling the AssumeRole operation: ' +
            'MultiFactorAuthentication failed with invalid MFA one time pass code.',
        ),
      ),
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_MFA,
      identityPolicies: [ALLOW_ASSUME],
      mfa: true,
    },
    first: 'path',
    outcome: 'fail',
  },
  // session
  {
    name: 'session: more than the role maximum',
    input: {
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME],
      durationSeconds: 7200,
      maxSessionDurationSeconds: 3600,
    },
    first: 'session',
    outcome: 'fail',
  },
  {
    name: 'session: role chaining beyond one hour',
    input: {
      roleArn: ROLE,
      caller: SESSION,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME],
      durationSeconds: 7200,
    },
    first: 'session',
    outcome: 'fail',
  },
  {
    name: 'session: the STS error says the duration is too long',
    input: {
      ...inputFromError(
        errorOf(
          'An error occurred (ValidationError) when calling the AssumeRole operation: The ' +
            'requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        ),
      ),
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME],
    },
    first: 'session',
    outcome: 'fail',
  },
  // after-switch
  {
    name: "after-switch: the role's pasted policy does not allow the failed action",
    input: {
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME],
      failedAction: { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q3.csv' },
      rolePolicies: [
        policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::reports' }),
      ],
    },
    first: 'after-switch',
    outcome: 'fail',
  },
  // needs input
  {
    name: 'needs input: nothing but the two ARNs',
    input: { roleArn: ROLE, caller: USER },
    first: null,
    outcome: 'needs-input',
  },
];

describe('diagnose: first failing link per scenario', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      const result = diagnose(scenario.input);
      expect(result.outcome).toBe(scenario.outcome);
      expect(result.firstFailure?.id ?? null).toBe(scenario.first);
      // Links after the first failure are not walked; links before it did not fail.
      const index = result.links.findIndex((item) => item.status === 'fail');
      for (const [position, item] of result.links.entries()) {
        if (index >= 0 && position > index) expect(item.status).toBe('not-reached');
        if (index >= 0 && position < index) expect(item.status).not.toBe('fail');
      }
      if (result.firstFailure) {
        expect(result.firstFailure.evidence.length).toBeGreaterThan(0);
        expect(result.firstFailure.fix).toBeDefined();
      }
    });
  }
});

describe('diagnose: the fix goes to the right account', () => {
  it('a trust fix is for the role account, with a policy the trust evaluator accepts', () => {
    const trust = trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:user/other-user`);
    const result = diagnose({ roleArn: ROLE, caller: USER, trustPolicy: trust });
    const fix = result.firstFailure?.fix;
    expect(fix?.account).toBe(ROLE_ACCOUNT);
    expect(fix?.side).toBe('role');
    expect(fix?.commands.join('\n')).toContain(
      'aws iam update-assume-role-policy --role-name CrossAccountAccessRole',
    );
    expect(fix?.diff).toContain(USER);
    const proposed = JSON.stringify(fix?.policy?.document);
    expect(evaluateTrust(proposed, ROLE, { principal: USER, mfa: true }).allowed).toBe(true);
  });

  it('a caller fix is for the caller account, names the user and allows exactly the role', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_OTHER_ROLE],
    });
    const fix = result.firstFailure?.fix;
    expect(fix?.account).toBe(CALLER_ACCOUNT);
    expect(fix?.commands[0]).toMatch(/^aws iam put-user-policy --user-name cross-user /);
    const document = fix?.policy?.document as
      | { Statement: Array<Record<string, unknown>> }
      | undefined;
    const statement = document?.Statement[0];
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });
    // Applying the proposed statement moves the failure past this link.
    const after = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [JSON.stringify(fix?.policy?.document)],
    });
    expect(after.outcome).toBe('pass');
  });

  it('an explicit deny is pointed at by its Sid, with no allow statement proposed', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: SESSION,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [
        ALLOW_ASSUME,
        policy({ Sid: 'NoCrossAccount', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }),
      ],
    });
    expect(result.firstFailure?.summary).toContain('NoCrossAccount');
    expect(result.firstFailure?.fix?.policy).toBeUndefined();
  });

  it('an Identity Center caller is fixed through its permission set', () => {
    const sso =
      `arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/` + 'AWSReservedSSO_Dev_0123456789abcdef/bo';
    const result = diagnose({
      roleArn: ROLE,
      caller: sso,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_OTHER_ROLE],
    });
    expect(result.firstFailure?.id).toBe('caller-policy');
    expect(result.firstFailure?.fix?.commands.join('\n')).toContain(
      'put-inline-policy-to-permission-set',
    );
  });

  it('MFA by the CLI: the command passes the user MFA device', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      via: 'cli',
      mfa: false,
      trustPolicy: TRUST_MFA,
      identityPolicies: [ALLOW_ASSUME],
    });
    expect(result.firstFailure?.fix?.commands[0]).toContain(
      `--serial-number arn:aws:iam::${CALLER_ACCOUNT}:mfa/cross-user --token-code`,
    );
    const withMfa = diagnose({
      roleArn: ROLE,
      caller: USER,
      via: 'cli',
      mfa: true,
      trustPolicy: TRUST_MFA,
      identityPolicies: [ALLOW_ASSUME],
    });
    expect(withMfa.outcome).toBe('pass');
  });

  it('the console ExternalId case offers the CLI command with the ExternalId', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      via: 'console',
      trustPolicy: TRUST_EXTERNAL_ID,
      identityPolicies: [ALLOW_ASSUME],
    });
    expect(result.firstFailure?.evidence.join(' ')).toContain('EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH');
    expect(result.firstFailure?.fix?.commands[0]).toContain('--external-id vendor-7f3a');
  });
});

describe('diagnose: one question at a time', () => {
  it('asks for the trust policy first, then the identity policy, then MFA', () => {
    const first = diagnose({ roleArn: ROLE, caller: USER, via: 'cli' });
    expect(first.questions[0]?.id).toBe('trust-policy');
    expect(first.questions[0]?.account).toBe(ROLE_ACCOUNT);
    const second = diagnose({ roleArn: ROLE, caller: USER, via: 'cli', trustPolicy: TRUST_MFA });
    expect(second.questions[0]?.id).toBe('identity-policy');
    expect(second.questions[0]?.account).toBe(CALLER_ACCOUNT);
    const third = diagnose({
      roleArn: ROLE,
      caller: USER,
      via: 'cli',
      trustPolicy: TRUST_MFA,
      identityPolicies: [ALLOW_ASSUME],
    });
    expect(third.questions.map((question) => question.id)).toEqual(['mfa']);
  });

  it('asks which ExternalId the CLI passes when the trust needs one', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      via: 'cli',
      trustPolicy: TRUST_EXTERNAL_ID,
      identityPolicies: [ALLOW_ASSUME],
    });
    expect(result.outcome).toBe('needs-input');
    expect(result.questions.map((question) => question.id)).toEqual(['external-id']);
  });

  it('reads policies as the CLI prints them and JSON arrays of policies', () => {
    const wrapped = JSON.stringify({
      RoleName: 'Developer',
      PolicyName: 'p',
      PolicyDocument: JSON.parse(ALLOW_ASSUME),
    });
    const trustFromGetRole = JSON.stringify({
      Role: { AssumeRolePolicyDocument: JSON.parse(TRUST_ACCOUNT) },
    });
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: trustFromGetRole,
      identityPolicies: [`[${ALLOW_OTHER_ROLE}, ${JSON.stringify(JSON.parse(wrapped))}]`],
    });
    expect(result.outcome).toBe('pass');
  });

  it('says what is wrong with a policy that is not one', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: ['{"a": 1}'],
    });
    const link = result.links.find((item) => item.id === 'caller-policy');
    expect(link?.status).toBe('unknown');
    expect(link?.evidence.join(' ')).toMatch(/not a policy document/);
  });
});

describe('diagnose: all links pass', () => {
  it('names what stays invisible and how to check each', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: SESSION,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME],
    });
    expect(result.outcome).toBe('pass');
    const whats = result.invisible.map((check) => check.what).join('\n');
    expect(whats).toMatch(/Service control policies/);
    expect(whats).toMatch(/Resource control policies/);
    expect(whats).toMatch(/permissions boundary/);
    expect(whats).toMatch(/Session policies/);
    const commands = result.invisible.flatMap((check) => check.commands).join('\n');
    expect(commands).toContain(`--target-id ${CALLER_ACCOUNT} --filter SERVICE_CONTROL_POLICY`);
    expect(commands).toContain(`--target-id ${ROLE_ACCOUNT} --filter RESOURCE_CONTROL_POLICY`);
    expect(commands).toContain(
      'aws iam get-role --role-name Developer --query Role.PermissionsBoundary',
    );
  });
});

describe('diagnose: CloudTrail', () => {
  it('links event history of both accounts in the partition and Region of the call', () => {
    const govRole = `arn:aws-us-gov:iam::${ROLE_ACCOUNT}:role/Deploy`;
    const govUser = `arn:aws-us-gov:iam::${CALLER_ACCOUNT}:user/bob`;
    const result = diagnose({ roleArn: govRole, caller: govUser, region: 'us-gov-east-1' });
    const guide = result.cloudTrail;
    expect(guide?.accounts.map((account) => [account.account, account.side])).toEqual([
      [CALLER_ACCOUNT, 'caller'],
      [ROLE_ACCOUNT, 'role'],
    ]);
    for (const account of guide?.accounts ?? []) {
      for (const item of account.links) {
        const url = new URL(item.url);
        expect(url.host).toBe('us-gov-east-1.console.amazonaws-us-gov.com');
        expect(url.searchParams.get('region')).toBe('us-gov-east-1');
      }
      expect(account.commands[0]).toContain('aws cloudtrail lookup-events --region us-gov-east-1');
      expect(account.commands[0]).toContain('AttributeKey=EventName,AttributeValue=AssumeRole');
    }
    const caller = guide?.accounts[0];
    expect(caller?.links.map((item) => item.url)).toContain(
      'https://us-gov-east-1.console.amazonaws-us-gov.com/cloudtrailv2/home?region=us-gov-east-1' +
        '#/events?Username=bob',
    );
    const role = guide?.accounts[1];
    expect(
      role?.links.some((item) => item.url.endsWith(`ResourceName=${encodeURIComponent(govRole)}`)),
    ).toBe(true);
    const notes = guide?.notes.join('\n') ?? '';
    expect(notes).toContain('90 days');
    expect(notes).toContain('errorCode');
    expect(notes).toContain('us-gov-west-1');
    expect(guide?.ifNotEnabled.commands.join('\n')).toContain('--is-multi-region-trail');
  });

  it('uses the home Region when none is given, and SwitchRole events for the console', () => {
    const result = diagnose({ roleArn: ROLE, caller: USER, via: 'console' });
    expect(result.cloudTrail?.eventNames).toEqual(['AssumeRole', 'SwitchRole']);
    expect(new URL(result.cloudTrail?.accounts[0]?.links[0]?.url ?? '').host).toBe(
      'console.aws.amazon.com',
    );
  });

  it('ignores a Region of another partition', () => {
    const result = diagnose({ roleArn: ROLE, caller: USER, region: 'cn-north-1' });
    expect(result.cloudTrail?.accounts[0]?.region).toBe('us-east-1');
  });
});

describe('errors lead into a diagnosis', () => {
  it('takes caller, role and path from a CLI AssumeRole error', () => {
    const error = errorOf(
      'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
        `${SESSION} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
    );
    expect(isAssumeRoleError(error)).toBe(true);
    const input = inputFromError(error);
    expect(input).toMatchObject({ caller: SESSION, roleArn: ROLE, via: 'cli' });
    const result = diagnose(input);
    expect(result.outcome).toBe('needs-input');
    expect(result.questions[0]?.id).toBe('trust-policy');
  });

  it('treats an error raised for a role session as after the switch', () => {
    const error = errorOf(
      `User: arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/Deploy/x is not authorized to perform: ` +
        's3:PutObject on resource: "arn:aws:s3:::b/k"',
    );
    expect(isAssumeRoleError(error)).toBe(false);
    const result = diagnose(inputFromError(error));
    expect(result.links.slice(0, 5).every((item) => item.status === 'pass')).toBe(true);
    expect(result.questions.map((question) => question.id)).toEqual(['role-policy']);
  });

  it('never throws on any input, and always walks six links', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        ROLE,
        USER,
        SESSION,
        TRUST_MFA,
        ALLOW_ASSUME,
        '[]',
        'null',
        '{"Statement":7}',
      ),
    );
    fc.assert(
      fc.property(
        fc.record({
          roleArn: text,
          caller: text,
          trustPolicy: text,
          identityPolicies: fc.array(text, { maxLength: 3 }),
          externalId: fc.option(text),
          mfa: fc.option(fc.boolean()),
          via: fc.constantFrom('console' as const, 'cli' as const),
          durationSeconds: fc.option(fc.integer()),
        }),
        (input) => {
          const result = diagnose(input);
          expect(result.links.map((item) => item.id)).toEqual([
            'role-arn',
            'trust',
            'caller-policy',
            'path',
            'session',
            'after-switch',
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays fast on very long input', () => {
    const long = `arn:aws:iam::${ROLE_ACCOUNT}:role/${'a/'.repeat(50_000)}x`;
    const started = Date.now();
    diagnose({ roleArn: long, caller: long, trustPolicy: long, identityPolicies: [long] });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('never throws on odd input', () => {
    for (const value of ['', 'arn:', 'arn:aws:iam::1:role/', '::::::', 'x'.repeat(5000)]) {
      expect(() => diagnose({ roleArn: value, caller: value, trustPolicy: value })).not.toThrow();
    }
  });
});

describe('what diagnose shares with the trust check', () => {
  it('reads the URL-encoded document IAM APIs return, alone or inside get-role', () => {
    const encoded = encodeURIComponent(TRUST_ACCOUNT);
    const denied = encodeURIComponent(trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:user/other`));
    for (const trustPolicy of [
      encoded,
      JSON.stringify({ Role: { AssumeRolePolicyDocument: encoded } }),
    ]) {
      const result = diagnose({
        roleArn: ROLE,
        caller: USER,
        trustPolicy,
        identityPolicies: [ALLOW_ASSUME],
      });
      expect(result.problems).toEqual([]);
      expect(result.links.find((item) => item.id === 'trust')?.status).toBe('pass');
    }
    const refused = diagnose({ roleArn: ROLE, caller: USER, trustPolicy: denied });
    expect(refused.firstFailure?.id).toBe('trust');
  });

  it('MFA without its age leaves an age condition undecided, as the trust check does', () => {
    const trustAged = trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:root`, {
      Condition: {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      },
    });
    const base = {
      roleArn: ROLE,
      caller: USER,
      trustPolicy: trustAged,
      identityPolicies: [ALLOW_ASSUME],
    };
    const noAge = diagnose({ ...base, mfa: true });
    const path = noAge.links.find((item) => item.id === 'path');
    expect(path?.status).toBe('unknown');
    expect(path?.evidence.join(' ')).toContain('aws:MultiFactorAuthAge');
    expect(noAge.outcome).toBe('needs-input');
    const trust = evaluateTrust(trustAged, ROLE, { principal: USER, mfa: true });
    expect(trust.allowed).toBeNull();

    expect(diagnose({ ...base, mfa: true, mfaAgeSeconds: 120 }).outcome).toBe('pass');
    expect(
      evaluateTrust(trustAged, ROLE, { principal: USER, mfa: true, mfaAgeSeconds: 120 }).allowed,
    ).toBe(true);
    const stale = diagnose({ ...base, mfa: true, mfaAgeSeconds: 7200 });
    expect(stale.firstFailure?.id).toBe('path');
    expect(
      evaluateTrust(trustAged, ROLE, { principal: USER, mfa: true, mfaAgeSeconds: 7200 }).allowed,
    ).toBe(false);
  });

  it('a caller of another partition fails the trust link, as in the trust check', () => {
    const result = diagnose({
      roleArn: `arn:aws-cn:iam::${ROLE_ACCOUNT}:role/CrossAccountAccessRole`,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
    });
    expect(result.outcome).toBe('fail');
  });
});

describe('diagnose: a policy of the other kind is refused, not evaluated', () => {
  const SAME_ACCOUNT_ROLE = `arn:aws:iam::${CALLER_ACCOUNT}:role/X`;
  const ADMIN = `arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/Admin/alice`;
  const linkOf = (result: ReturnType<typeof diagnose>, id: LinkId) =>
    result.links.find((item) => item.id === id);

  it('a trust policy given as the identity policy gives no verdict, only what to do', () => {
    const result = diagnose({
      roleArn: SAME_ACCOUNT_ROLE,
      caller: ADMIN,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [TRUST_ACCOUNT],
    });
    const message =
      'The identity policy is not an identity policy: statement 1 names a Principal and has ' +
      'no Resource, while an identity policy names no Principal and gives every statement a ' +
      'Resource. This looks like a trust policy; paste it as the trust policy instead.';
    expect(result.outcome).toBe('needs-input');
    expect(result.problems).toEqual([message]);
    const callerLink = linkOf(result, 'caller-policy');
    expect(callerLink).toMatchObject({ status: 'unknown', evidence: [message] });
    expect(callerLink?.question?.id).toBe('identity-policy');
  });

  it('names the statement by its Sid, and the document within an array', () => {
    const bucketPolicy = policy({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    });
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME, `[${ALLOW_OTHER_ROLE}, ${bucketPolicy}]`],
    });
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^Identity policy 2 \(document 2\) is not an identity policy: statement "PublicRead" /,
      ),
    ]);
    expect(result.problems[0]).toContain('which an identity policy never does');
    expect(result.problems[0]).toContain('This looks like a resource-based policy');
  });

  it('an identity policy statement without Resource is refused as IAM refuses it', () => {
    const noResource = policy({ Effect: 'Allow', Action: 'sts:AssumeRole' });
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [noResource],
    });
    expect(linkOf(result, 'caller-policy')?.status).toBe('unknown');
    expect(result.problems[0]).toContain(
      'statement 1 has no Resource (or NotResource), which every statement of an identity ' +
        'policy needs. IAM refuses such a policy',
    );
  });

  it('an identity policy given as the trust policy is refused, and the trust asked for', () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: ALLOW_ASSUME,
      identityPolicies: [ALLOW_ASSUME],
    });
    const trustLink = linkOf(result, 'trust');
    expect(trustLink).toMatchObject({
      status: 'unknown',
      summary: 'The text given as the trust policy is not one.',
    });
    expect(trustLink?.question?.id).toBe('trust-policy');
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^The trust policy is not a trust policy: no statement names a Principal, and statement 1 /,
      ),
    ]);
    expect(result.problems[0]).toContain(
      "This looks like an identity (permissions) policy; paste it as the caller's identity policy",
    );
    // The role is not taken to exist on the strength of a policy that is not its trust.
    expect(linkOf(result, 'role-arn')?.summary).not.toMatch(/trust policy was given/);
  });

  it("the role's permission policies are identity policies too", () => {
    const result = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: TRUST_ACCOUNT,
      identityPolicies: [ALLOW_ASSUME],
      failedAction: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
      rolePolicies: [TRUST_ACCOUNT],
    });
    const after = linkOf(result, 'after-switch');
    expect(after?.status).toBe('unknown');
    expect(after?.question?.id).toBe('role-policy');
    expect(after?.evidence[0]).toMatch(/^The role permission policy is not an identity policy/);
  });

  it('policies of the right kind are never refused', () => {
    const trustWithResource = policy({
      Effect: 'Allow',
      Principal: { AWS: USER },
      Action: 'sts:AssumeRole',
      Resource: ROLE,
    });
    for (const scenario of SCENARIOS) {
      expect(diagnose(scenario.input).problems.join(' '), scenario.name).not.toMatch(
        /is not (an identity|a trust) policy/,
      );
    }
    // A trust policy with a stray Resource is the trust checks' to explain, not refused here.
    const result = diagnose({ roleArn: ROLE, caller: USER, trustPolicy: trustWithResource });
    expect(result.problems).toEqual([]);
  });
});

describe('diagnose: a proposed trust policy keeps the conditions the policy imposes', () => {
  const SAME_ACCOUNT_ROLE = `arn:aws:iam::${CALLER_ACCOUNT}:role/X`;
  const ADMIN = `arn:aws:sts::${CALLER_ACCOUNT}:assumed-role/Admin/alice`;
  const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  const opsWithMfa = {
    Sid: 'AllowOps',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${CALLER_ACCOUNT}:role/Ops` },
    Action: 'sts:AssumeRole',
    Condition: MFA,
  };

  /** Statements of the proposal that were not in the policy as it stands. */
  function newStatements(existing: string, proposed: object | undefined): object[] {
    const before = new Set(
      (JSON.parse(existing).Statement as object[]).map((item) => JSON.stringify(item)),
    );
    const after = ((proposed as { Statement?: object[] } | undefined)?.Statement ?? []) as object[];
    return after.filter((item) => !before.has(JSON.stringify(item)));
  }
  const tests = (statement: object, operator: string, key: string) =>
    Boolean(
      (statement as { Condition?: Record<string, Record<string, unknown>> }).Condition?.[
        operator
      ]?.[key],
    );

  it('warns exactly when the new statement leaves out the MFA every statement requires', () => {
    const trust = policy(opsWithMfa);
    const result = diagnose({
      roleArn: SAME_ACCOUNT_ROLE,
      caller: ADMIN,
      trustPolicy: trust,
      mfa: true,
    });
    const fix = result.firstFailure?.fix;
    expect(result.firstFailure?.id).toBe('trust');
    const added = newStatements(trust, fix?.policy?.document);
    expect(added.length).toBeGreaterThan(0);
    const dropsMfa = added.some((item) => !tests(item, 'Bool', 'aws:MultiFactorAuthPresent'));
    const warnings = fix?.warnings ?? [];
    expect(warnings.some((warning) => /all require MFA/.test(warning))).toBe(dropsMfa);
    if (dropsMfa) {
      expect(warnings).toEqual([
        expect.stringMatching(
          /^The existing statements that allow sts:AssumeRole all require MFA; the new statement /,
        ),
      ]);
      expect(warnings[0]).toMatch(/does not, so it would let the caller in without it\. Keep/);
      expect(warnings[0]).toMatch(
        /: "Condition":\{"Bool":\{"aws:MultiFactorAuthPresent":"true"\}\}$/,
      );
    }
  });

  it('warns about a dropped ExternalId, and when the caller cannot meet the rest', () => {
    const outsider = 'arn:aws:iam::444455556666:user/bob';
    const cases: Array<[string, object, string, RegExp]> = [
      [TRUST_EXTERNAL_ID, { externalId: 'vendor-7f3a' }, 'sts:ExternalId', /Keep that condition/],
      [
        trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:root`, {
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
        }),
        {},
        'aws:PrincipalOrgID',
        /aws:PrincipalOrgID|organisation/,
      ],
    ];
    for (const [trust, extra, key, wording] of cases) {
      const result = diagnose({ roleArn: ROLE, caller: outsider, trustPolicy: trust, ...extra });
      const fix = result.firstFailure?.fix;
      const added = newStatements(trust, fix?.policy?.document);
      const drops = added.some((item) => !tests(item, 'StringEquals', key));
      expect(Boolean(fix?.warnings?.length), key).toBe(drops);
      if (drops) expect(fix?.warnings?.[0]).toMatch(wording);
    }
  });

  it('says nothing when no condition is imposed by every statement', () => {
    const mixed = policy(opsWithMfa, {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${CALLER_ACCOUNT}:role/ci` },
      Action: 'sts:AssumeRole',
    });
    for (const trust of [mixed, trustAllow(`arn:aws:iam::${CALLER_ACCOUNT}:user/other`)]) {
      const result = diagnose({ roleArn: SAME_ACCOUNT_ROLE, caller: ADMIN, trustPolicy: trust });
      expect(result.firstFailure?.fix?.policy).toBeDefined();
      expect(result.firstFailure?.fix?.warnings).toBeUndefined();
    }
  });
});

describe('droppedConditions', () => {
  const allow = (principal: string, condition?: object) => ({
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: 'sts:AssumeRole',
    ...(condition ? { Condition: condition } : {}),
  });
  const doc = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
  const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  const ops = allow('arn:aws:iam::111122223333:role/Ops', MFA);

  it('finds a new statement without the condition every statement imposes', () => {
    const bare = { Sid: 'AllowAdmin', ...allow('arn:aws:iam::111122223333:role/Admin') };
    expect(droppedConditions(doc(ops), doc(ops, bare))).toEqual([
      {
        statementIndex: 1,
        statementName: '"AllowAdmin"',
        conditions: [{ operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] }],
      },
    ]);
    const weaker = allow('arn:aws:iam::111122223333:role/Admin', {
      BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' },
    });
    expect(droppedConditions(doc(ops), doc(ops, weaker))).toHaveLength(1);
  });

  it('is satisfied by the same test, whatever its values, and ignores what is not imposed', () => {
    const kept = allow('arn:aws:iam::111122223333:role/Admin', { bool: MFA.Bool });
    expect(droppedConditions(doc(ops), doc(ops, kept))).toEqual([]);
    const vendor = (id: string) =>
      allow('arn:aws:iam::444455556666:root', { StringEquals: { 'sts:ExternalId': id } });
    expect(droppedConditions(doc(vendor('a')), doc(vendor('a'), vendor('b')))).toEqual([]);
    const ci = allow('arn:aws:iam::111122223333:role/ci');
    const bare = allow('arn:aws:iam::111122223333:role/Admin');
    expect(droppedConditions(doc(ops, ci), doc(ops, ci, bare))).toEqual([]);
    const service = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: '*' };
    expect(droppedConditions(doc(ops), doc(ops, service))).toEqual([]);
  });

  it('adds the conditions to the statement, keeping those it has', () => {
    const statement = allow('arn:aws:iam::111122223333:role/Admin', {
      StringEquals: { 'aws:SourceVpc': 'vpc-1' },
    });
    const dropped = droppedConditions(doc(ops), doc(ops, statement))[0];
    expect(dropped).toBeDefined();
    if (!dropped) return;
    const strengthened = withConditions(doc(ops, statement), 1, dropped.conditions) as {
      Statement: Array<{ Condition: object }>;
    };
    expect(strengthened.Statement[1]?.Condition).toEqual({
      StringEquals: { 'aws:SourceVpc': 'vpc-1' },
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    });
    expect(describeConditions(dropped.conditions)).toBe('MFA');
  });
});

describe('facts about the caller that its ARN does not show', () => {
  const ORG = 'o-abc1234567';
  const CI_ROLE = `arn:aws:iam::${CALLER_ACCOUNT}:role/ci`;
  const orgTrust = (operator = 'StringEquals', key = 'aws:PrincipalOrgID', value: unknown = ORG) =>
    trustAllow('*', { Condition: { [operator]: { [key]: value } } });
  const trustOf = (input: Partial<DiagnoseInput>) => {
    const result = diagnose({ roleArn: ROLE, caller: CI_ROLE, externalId: '', ...input });
    const trust = result.links.find((item) => item.id === 'trust');
    if (!trust) throw new Error('no trust link');
    return { result, trust };
  };

  it('leaves an organisation condition unknown, naming the key and asking for the org id', () => {
    const { result, trust } = trustOf({ trustPolicy: orgTrust() });
    expect(trust.status).toBe('unknown');
    expect(trust.needs).toEqual(['aws:PrincipalOrgID']);
    expect(trust.summary).toContain('aws:PrincipalOrgID');
    expect(trust.fix).toBeUndefined();
    expect(result.outcome).toBe('needs-input');
    expect(result.questions[0]?.id).toBe('org-id');
    expect(result.questions[0]?.account).toBe(CALLER_ACCOUNT);
  });

  it.each([
    ['org paths', orgTrust('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', `${ORG}/*`)],
    ['a principal tag', orgTrust('StringEquals', 'aws:PrincipalTag/team', 'platform')],
    ['the source VPC', orgTrust('StringEquals', 'aws:SourceVpc', 'vpc-0abc')],
    ['the source IP', orgTrust('IpAddress', 'aws:SourceIp', '10.0.0.0/8')],
  ])('leaves a condition on %s unknown rather than absent', (_name, trustPolicy) => {
    const { result, trust } = trustOf({ trustPolicy });
    expect(trust.status).toBe('unknown');
    expect(trust.needs).toHaveLength(1);
    expect(result.questions.map((question) => question.id)).not.toContain('org-id');
  });

  it('passes the trust link when the org id given matches', () => {
    const { trust } = trustOf({ trustPolicy: orgTrust(), orgId: ORG });
    expect(trust.status).toBe('pass');
    expect(trust.needs).toBeUndefined();
  });

  it('decides other unseen keys from the context given', () => {
    const trustPolicy = orgTrust('StringEquals', 'aws:PrincipalTag/team', 'platform');
    expect(
      trustOf({ trustPolicy, context: { 'aws:PrincipalTag/team': 'platform' } }).trust.status,
    ).toBe('pass');
    expect(trustOf({ trustPolicy, context: { 'aws:principaltag/team': 'web' } }).trust.status).toBe(
      'fail',
    );
  });

  it('fails on another org id with a fix that keeps the organisation condition', () => {
    const other = 'o-zzz9999999';
    const { result, trust } = trustOf({ trustPolicy: orgTrust(), orgId: other });
    expect(trust.status).toBe('fail');
    expect(result.outcome).toBe('fail');
    const fix = trust.fix;
    if (!fix?.policy) throw new Error('no policy in the fix');
    expect(fix.steps[0]).toContain(`organization ${other}`);
    expect(fix.steps[0]).toContain(ORG);
    const statements = (fix.policy.document as { Statement: object[] }).Statement;
    // Every statement that admits someone still tests aws:PrincipalOrgID.
    for (const statement of statements) {
      expect(JSON.stringify(statement)).toContain('aws:PrincipalOrgID');
    }
    expect(JSON.stringify(statements.at(-1))).toContain(CI_ROLE);
    expect(JSON.stringify(statements.at(-1))).toContain(other);
    expect(fix.warnings).toBeUndefined();
    expect(fix.diff).toContain(`+           "aws:PrincipalOrgID": "${other}"`);
    // The proposal admits the caller once applied, with nothing else to meet.
    expect(fix.callerMustAlso).toBeUndefined();
    const applied = diagnose({
      roleArn: ROLE,
      caller: CI_ROLE,
      externalId: '',
      orgId: other,
      trustPolicy: JSON.stringify(fix.policy.document),
    });
    expect(applied.links.find((item) => item.id === 'trust')?.status).toBe('pass');
  });

  it('reports an org id of the wrong shape and keeps asking for it', () => {
    const { result, trust } = trustOf({ trustPolicy: orgTrust(), orgId: 'O-ABC' });
    expect(trust.status).toBe('unknown');
    expect(result.problems.join(' ')).toContain('"O-ABC" is not an organization ID');
    expect(result.questions[0]?.id).toBe('org-id');
  });
});

describe('a trust fix that keeps a condition the call does not meet', () => {
  const partner = trustAllow('arn:aws:iam::444455556666:root', {
    Condition: { StringEquals: { 'sts:ExternalId': 'vendor-7f3a' } },
  });
  const trustFixFor = (input: Partial<DiagnoseInput>) =>
    diagnose({ roleArn: ROLE, caller: USER, trustPolicy: partner, ...input }).links.find(
      (item) => item.id === 'trust',
    )?.fix;

  it('says the caller must also pass the ExternalId when the call passes none', () => {
    const fix = trustFixFor({ externalId: '' });
    expect(JSON.stringify(fix?.policy?.document)).toContain(USER);
    expect(fix?.callerMustAlso).toEqual([
      'pass the ExternalId vendor-7f3a with the call (--external-id, or external_id in the ' +
        'profile)',
    ]);
  });

  it('says nothing more when the call already passes it', () => {
    expect(trustFixFor({ externalId: 'vendor-7f3a' })?.callerMustAlso).toBeUndefined();
  });

  it('on the console, says the ExternalId needs the CLI or an SDK', () => {
    const [item] = trustFixFor({ via: 'console' })?.callerMustAlso ?? [];
    expect(item).toContain('console cannot send');
  });

  it('names MFA when the kept condition is MFA and the call has none', () => {
    const mfaTrust = trustAllow('arn:aws:iam::444455556666:root', {
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    const fix = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: mfaTrust,
      mfa: false,
    }).links.find((item) => item.id === 'trust')?.fix;
    expect(fix?.callerMustAlso).toEqual([
      'pass MFA with the call (--serial-number and --token-code, or mfa_serial in the profile)',
    ]);
    const withMfa = diagnose({
      roleArn: ROLE,
      caller: USER,
      trustPolicy: mfaTrust,
      mfa: true,
    }).links.find((item) => item.id === 'trust')?.fix;
    expect(withMfa?.callerMustAlso).toBeUndefined();
  });
});
