// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables here
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTrustPolicy, evaluateTrust, type TrustCaller } from './index.js';

const ROLE = 'arn:aws:iam::111122223333:role/example-role';
const NOW = new Date('2026-12-04T00:00:00Z');

function policy(...statements: Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement: statements };
}
function ids(text: string, options: Parameters<typeof checkTrustPolicy>[1] = {}) {
  return checkTrustPolicy(text, { roleArn: ROLE, now: NOW, ...options }).findings.map((f) => f.id);
}
function reasonIds(verdict: { reasons: { id: string }[] }) {
  return verdict.reasons.map((reason) => reason.id);
}

describe('checkTrustPolicy', () => {
  it('places each finding at the value it is about', () => {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [{',
      '    "Effect": "Allow",',
      '    "Principal": {"AWS": ["arn:aws:iam::444455556666:root", "AIDAJQABLZS4A3QDU576Q"]},',
      '    "Action": "sts:AssumeRole"',
      '  }]',
      '}',
    ].join('\n');
    const result = checkTrustPolicy(text, { roleArn: ROLE });
    const unique = result.findings.find((finding) => finding.id === 'UNIQUE_ID_PRINCIPAL');
    expect(unique).toMatchObject({ severity: 'ERROR', line: 5, column: 61 });
    expect(unique?.message).toContain('deleted IAM user');
    expect(unique?.fix).toContain('current ARN');
    const root = result.findings.find((finding) => finding.id === 'ACCOUNT_ROOT_TRUST');
    expect(root).toMatchObject({ line: 5, column: 27 });

    const single =
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow",\n' +
      '  "Principal": {"AWS": " arn:aws:iam::111122223333:user/a"}, "Action": "sts:AssumeRole",\n' +
      '  "Principals": {}}}';
    const findings = checkTrustPolicy(single, { roleArn: ROLE }).findings;
    expect(findings.find((f) => f.id === 'PRINCIPAL_WHITESPACE')).toMatchObject({
      line: 2,
      column: 24,
    });
    expect(findings.find((f) => f.id === 'UNKNOWN_ELEMENT')).toMatchObject({ line: 3, column: 3 });
  });

  it('recognises a permissions policy pasted as a trust policy', () => {
    const text = JSON.stringify(policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    expect(ids(text)).toContain('NOT_A_TRUST_POLICY');
    expect(ids(text)).not.toContain('MISSING_PRINCIPAL');
  });

  it('flags document and statement structure problems', () => {
    expect(ids('{"Statement": []}')).toEqual(
      expect.arrayContaining(['MISSING_OR_OLD_VERSION', 'MISSING_OR_EMPTY_STATEMENT']),
    );
    expect(ids('{"Version": "2012-10-18", "Statement": [{}]}')).toEqual(
      expect.arrayContaining([
        'INVALID_VERSION',
        'INVALID_OR_MISSING_EFFECT',
        'MISSING_PRINCIPAL',
        'MISSING_ACTION',
      ]),
    );
    const odd = policy({
      Sid: 'has space',
      Effect: 'allow',
      Principals: { AWS: '444455556666' },
      Principal: { aws: '444455556666' },
      Action: 'sts:AssumeRole',
      Resource: '*',
      Condition: {},
    });
    expect(ids(JSON.stringify(odd))).toEqual(
      expect.arrayContaining([
        'SID_PROBLEM',
        'INVALID_OR_MISSING_EFFECT',
        'UNKNOWN_ELEMENT',
        'INVALID_PRINCIPAL_KEY',
        'TRUST_POLICY_HAS_RESOURCE',
        'EMPTY_CONDITION',
      ]),
    );
  });

  it('flags principal forms IAM rejects or that surprise', () => {
    const text = JSON.stringify(
      policy(
        {
          Effect: 'Allow',
          Principal: {
            AWS: [
              'arn:aws::iam::444455556666:root',
              '12345678901',
              'arn:aws:sts::444455556666:assumed-role/admin/alice',
              'arn:aws:iam::444455556666:role/admin',
              'arn:aws-cn:iam::444455556666:role/other',
            ],
          },
          Action: 'sts:AssumeRole',
        },
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: [] }, Action: 'sts:AssumeRole' },
      ),
    );
    expect(ids(text)).toEqual(
      expect.arrayContaining([
        'MALFORMED_PRINCIPAL_ARN',
        'INVALID_ACCOUNT_ID',
        'ASSUMED_ROLE_SESSION_PRINCIPAL',
        'REDUNDANT_PRINCIPAL',
        'PARTITION_MISMATCH',
        'WILDCARD_PRINCIPAL_STRING',
        'EMPTY_PRINCIPAL',
      ]),
    );
  });

  it('flags an unrestricted AWS wildcard but not one limited to the organisation', () => {
    const open = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });
    expect(ids(JSON.stringify(open))).toContain('AWS_WILDCARD_PRINCIPAL_UNRESTRICTED');
    const closed = policy({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
    });
    expect(ids(JSON.stringify(closed))).not.toContain('AWS_WILDCARD_PRINCIPAL_UNRESTRICTED');
  });

  it('checks service and federated principals', () => {
    const text = JSON.stringify(
      policy(
        {
          Effect: 'Allow',
          Principal: {
            Service: ['ec2.amazon.com', 'Lambda.amazonaws.com', 'ecs-taks.amazonaws.com'],
          },
          Action: 'sts:AssumeRole',
        },
        {
          Effect: 'Allow',
          Principal: { Federated: ['token.actions.githubusercontent.com', 'github'] },
          Action: 'sts:AssumeRoleWithWebIdentity',
        },
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::999988887777:saml-provider/Idp' },
          Action: 'sts:AssumeRole',
        },
      ),
    );
    const found = ids(text);
    expect(found).toEqual(
      expect.arrayContaining([
        'UNKNOWN_SERVICE_PRINCIPAL',
        'INVALID_SERVICE_PRINCIPAL',
        'OIDC_PROVIDER_NOT_ARN',
        'INVALID_FEDERATED_PRINCIPAL',
        'FEDERATED_PROVIDER_OTHER_ACCOUNT',
        'MISMATCHED_ACTION_FOR_PRINCIPAL',
        'SAML_MISSING_AUD',
      ]),
    );
    const result = checkTrustPolicy(text, { roleArn: ROLE });
    const typo = result.findings.find(
      (f) => f.id === 'UNKNOWN_SERVICE_PRINCIPAL' && f.fix.includes('ecs-tasks'),
    );
    expect(typo).toBeDefined();
  });

  it('checks actions', () => {
    const text = JSON.stringify(
      policy(
        { Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['sts:*', 's3:GetObject'] },
        { Effect: 'Allow', Principal: { AWS: ROLE }, NotAction: 'sts:TagSession' },
      ),
    );
    expect(ids(text)).toEqual(
      expect.arrayContaining([
        'TRUST_ACTION_WILDCARD',
        'INVALID_TRUST_ACTION',
        'NOTACTION_ALLOW_IN_TRUST',
      ]),
    );
  });

  it('checks conditions', () => {
    const text = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '444455556666' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: {
              'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/*',
              'sts:ExternalId': ' x',
            },
            StringEqual: { 'aws:username': 'a' },
            Bool: { 'aws:SecureTransport': 'yes' },
            NullIfExists: { 'aws:TokenIssueTime': 'true' },
            StringLike: { 'sts:RoleSessionName': '${aws:username}' },
            DateLessThan: { 'aws:CurrentTime': '2017-12-31T23:59:59Z' },
            'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' },
            'ForAnyValue:StringEquals': { 'saml:aud': 'x' },
          },
        },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    });
    expect(ids(text)).toEqual(
      expect.arrayContaining([
        'WILDCARD_WITHOUT_LIKE',
        'CONDITION_OPERATOR_OR_TYPE_INVALID',
        'NULL_OPERATOR_MISUSE',
        'LIKE_WITHOUT_WILDCARD',
        'VARIABLE_WITH_OLD_VERSION',
        'EXPIRED_TIME_WINDOW',
        'FORALLVALUES_ON_SINGLE_VALUED_KEY',
        'KEY_ABSENT_IN_FLOW',
        'EXTERNAL_ID_WEAK',
        'PRINCIPAL_WHITESPACE',
        'MFA_BOOL_FALSE_DENY_PATTERN',
      ]),
    );
  });

  it('checks web identity statements per provider', () => {
    const eks = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789';
    const text = JSON.stringify(
      policy(
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${eks}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringLike: {
              [`arn:aws:iam::111122223333:oidc-provider/${eks}:sub`]: 'system:serviceaccount:*:*',
              [`${eks}:aud`]: 'https://kubernetes.default.svc',
            },
          },
        },
        {
          Effect: 'Allow',
          Principal: {
            Federated:
              'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } },
        },
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-west-2_EXAMPLE' },
            StringLike: { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
        },
      ),
    );
    const result = checkTrustPolicy(text, { roleArn: ROLE });
    const found = result.findings.map((finding) => finding.id);
    expect(found).toEqual(
      expect.arrayContaining([
        'OIDC_KEY_PREFIX_MISMATCH',
        'EKS_SUB_TOO_BROAD',
        'OIDC_AUD_VALUE_MISMATCH',
        'GITHUB_SUB_WILDCARD',
        'OIDC_MISSING_AUD',
        'COGNITO_AUD_NOT_IDENTITY_POOL_ID',
        'COGNITO_AMR_MISSING_OR_WRONG',
      ]),
    );
    const wildcard = result.findings.find((finding) => finding.id === 'GITHUB_SUB_WILDCARD');
    expect(wildcard?.severity).toBe('SECURITY');
  });

  it('checks service statements, Roles Anywhere and shadowed statements', () => {
    const text = JSON.stringify(
      policy(
        {
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:PrincipalOrgID': 'o-a' },
          },
        },
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Allow',
          Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
        {
          Effect: 'Allow',
          Principal: { AWS: '444455556666' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:SourceIdentity': 'x' } },
        },
      ),
    );
    expect(ids(text, { knownAccounts: [] })).toEqual(
      expect.arrayContaining([
        'SOURCE_KEY_NOT_SENT_BY_SERVICE',
        'SERVICE_PRINCIPAL_CONDITION_KEY',
        'UNCONDITIONED_STATEMENT_SHADOWS_CONDITIONED',
        'ROLES_ANYWHERE_MISSING_ACTIONS',
        'MISSING_ACTION_FOR_CONDITION_KEY',
        'THIRD_PARTY_WITHOUT_EXTERNAL_ID',
      ]),
    );
  });

  it('a clean policy has no findings', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/deployer' },
        Action: 'sts:AssumeRole',
      }),
      null,
      2,
    );
    expect(checkTrustPolicy(text, { roleArn: ROLE }).findings).toEqual([]);
  });
});

describe('evaluateTrust', () => {
  const crossAccount = JSON.stringify(
    policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:role/deploy' },
      Action: 'sts:AssumeRole',
    }),
  );

  it('admits a session of the named role and says the other side must agree', () => {
    const verdict = evaluateTrust(
      crossAccount,
      ROLE,
      'arn:aws:sts::444455556666:assumed-role/deploy/ci',
    );
    expect(verdict.allowed).toBe(true);
    expect(verdict.statement).toBe(0);
    expect(reasonIds(verdict)).toContain('CALLER_IDENTITY_POLICY_REQUIRED');
    expect(verdict.invisible.join(' ')).toMatch(/identity policies.*cross-account/);
    expect(verdict.invisible.join(' ')).toContain('permissions boundary');
  });

  it('denies another role and proposes adding exactly that role', () => {
    const caller = 'arn:aws:sts::444455556666:assumed-role/build/ci';
    const verdict = evaluateTrust(crossAccount, ROLE, caller);
    expect(verdict.allowed).toBe(false);
    expect(reasonIds(verdict)).toContain('CALLER_NOT_IN_PRINCIPAL');
    const proposed = verdict.proposedPolicy as { Statement: { Principal: unknown }[] };
    expect(proposed.Statement[1]?.Principal).toEqual({
      AWS: 'arn:aws:iam::444455556666:role/build',
    });
    expect(evaluateTrust(proposed, ROLE, caller).allowed).toBe(true);
    // No one else gains access: another role of that account and the original role's peers.
    expect(
      evaluateTrust(proposed, ROLE, 'arn:aws:sts::444455556666:assumed-role/other/x').allowed,
    ).toBe(false);
    expect(evaluateTrust(proposed, ROLE, 'arn:aws:iam::444455556666:user/build').allowed).toBe(
      false,
    );
    expect(verdict.proposedDiff).toContain('+       "Sid": "Allowbuild"');
  });

  it('an organisation mismatch is fixed by naming the caller, not its organisation', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-mine', 'sts:ExternalId': 'issued-1234567' },
        },
      }),
    );
    const caller: TrustCaller = {
      principal: 'arn:aws:sts::999988887777:assumed-role/vendor/run',
      orgId: 'o-theirs',
      externalId: 'issued-1234567',
    };
    const verdict = evaluateTrust(text, ROLE, caller);
    expect(reasonIds(verdict)).toContain('PRINCIPAL_ORG_CONDITION_MISMATCH');
    const proposed = verdict.proposedPolicy as Record<string, unknown>;
    expect(JSON.stringify(proposed)).not.toContain('o-theirs');
    expect(evaluateTrust(proposed, ROLE, caller).allowed).toBe(true);
    // The kept ExternalId condition still applies to the new statement.
    expect(evaluateTrust(proposed, ROLE, { ...caller, externalId: 'guess' }).allowed).toBe(false);
    const neighbour = { ...caller, principal: 'arn:aws:sts::999988887777:assumed-role/other/run' };
    expect(evaluateTrust(proposed, ROLE, neighbour).allowed).toBe(false);
  });

  it('an explicit deny wins and is named', () => {
    const text = JSON.stringify(
      policy(
        { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' },
        {
          Sid: 'NoInterns',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/intern-*' } },
        },
      ),
    );
    const verdict = evaluateTrust(text, ROLE, 'arn:aws:sts::444455556666:assumed-role/intern-1/s');
    expect(verdict.allowed).toBe(false);
    expect(verdict.statement).toBe('NoInterns');
    expect(reasonIds(verdict)).toContain('EXPLICIT_DENY_MATCHES_CALLER');
    expect(verdict.proposedPolicy).toBeNull();
    expect(evaluateTrust(text, ROLE, 'arn:aws:sts::444455556666:assumed-role/dev/s').allowed).toBe(
      true,
    );
  });

  it('does not invent a role path or a source address it cannot know', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnLike: {
            'aws:PrincipalArn':
              'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/' +
              '*AWSReservedSSO_Admin_*',
          },
        },
      }),
    );
    const sso = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/me';
    const unknown = evaluateTrust(text, ROLE, sso);
    expect(unknown.allowed).toBeNull();
    expect(unknown.reasons[0]?.message).toContain('aws:PrincipalArn');
    const known = evaluateTrust(text, ROLE, {
      principal: sso,
      roleArn:
        'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/' +
        'AWSReservedSSO_Admin_0123456789abcdef',
    });
    expect(known.allowed).toBe(true);

    const ipPolicy = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 'sts:AssumeRole',
        Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      }),
    );
    const user = 'arn:aws:iam::111122223333:user/alice';
    expect(evaluateTrust(ipPolicy, ROLE, user).allowed).toBeNull();
    expect(
      evaluateTrust(ipPolicy, ROLE, { principal: user, sourceIp: '203.0.113.9' }).allowed,
    ).toBe(true);
    const outside = evaluateTrust(ipPolicy, ROLE, { principal: user, sourceIp: '198.51.100.1' });
    expect(reasonIds(outside)).toContain('SESSION_PARAMETER_REQUIREMENT');
  });

  it('the root user can never assume a role', () => {
    const open = JSON.stringify(
      policy({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }),
    );
    const verdict = evaluateTrust(open, ROLE, 'arn:aws:iam::444455556666:root');
    expect(verdict.allowed).toBe(false);
    expect(reasonIds(verdict)).toEqual(['ROOT_USER_CALLER']);
  });

  it('console switch-role cannot send an ExternalId even if one is given', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: '444455556666' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'abcdefgh12' } },
      }),
    );
    const caller: TrustCaller = {
      principal: 'arn:aws:iam::444455556666:user/alice',
      type: 'console-switch',
      externalId: 'abcdefgh12',
    };
    expect(reasonIds(evaluateTrust(text, ROLE, caller))).toContain(
      'EXTERNAL_ID_BLOCKS_CONSOLE_SWITCH',
    );
    const cli = evaluateTrust(text, ROLE, { ...caller, type: 'user' });
    expect(cli.allowed).toBe(true);
    const wrong = evaluateTrust(text, ROLE, { ...caller, type: 'user', externalId: 'other' });
    expect(reasonIds(wrong)).toContain('EXTERNAL_ID_MISSING_OR_MISMATCH');
    expect(wrong.failedCondition).toEqual({
      operator: 'StringEquals',
      key: 'sts:ExternalId',
      policyValues: ['abcdefgh12'],
      callerValue: 'other',
    });
  });

  it('MFA: present with age, absent, and unknown', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: '444455556666' },
        Action: 'sts:AssumeRole',
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
        },
      }),
    );
    const user = 'arn:aws:iam::444455556666:user/alice';
    expect(
      evaluateTrust(text, ROLE, { principal: user, mfa: true, mfaAgeSeconds: 60 }).allowed,
    ).toBe(true);
    expect(
      evaluateTrust(text, ROLE, { principal: user, mfa: true, mfaAgeSeconds: 7200 }).allowed,
    ).toBe(false);
    expect(evaluateTrust(text, ROLE, { principal: user, mfa: false }).allowed).toBe(false);
    // Present and Age both fail for a console session without MFA: one reason, not two.
    const viaConsole = evaluateTrust(text, ROLE, {
      principal: user,
      type: 'console-switch',
      mfa: false,
    });
    expect(
      reasonIds(viaConsole).filter((id) => id === 'MFA_REQUIRED_CALLER_HAS_NO_MFA_CONTEXT'),
    ).toHaveLength(1);
    const unknown = evaluateTrust(text, ROLE, { principal: user, contextComplete: false });
    expect(unknown.allowed).toBeNull();
    expect(unknown.reasons[0]?.message).toContain('aws:MultiFactorAuthPresent');
  });

  it('a Deny on MFA "false" catches a caller whose MFA key says false, not one without it', () => {
    const text = JSON.stringify(
      policy(
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:user/bob' },
          Action: 'sts:AssumeRole',
        },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ),
    );
    const bob = 'arn:aws:iam::444455556666:user/bob';
    // GetSessionToken credentials made without MFA carry the key, set to false.
    const saysFalse = evaluateTrust(text, ROLE, {
      principal: bob,
      mfa: false,
      context: { 'aws:MultiFactorAuthPresent': 'false' },
    });
    expect(saysFalse.allowed).toBe(false);
    expect(saysFalse.statement).toBe(1);
    // Long-term access keys carry no MFA key at all: Bool on a missing key is false, so the
    // Deny does not apply (the linter's MFA_BOOL_FALSE_DENY_PATTERN says so).
    expect(evaluateTrust(text, ROLE, { principal: bob, mfa: false }).allowed).toBe(true);
    expect(evaluateTrust(text, ROLE, { principal: bob, mfa: true }).allowed).toBe(true);
    // A console session is temporary credentials: without MFA its key says false.
    const viaConsole = (mfa: boolean) =>
      evaluateTrust(text, ROLE, { principal: bob, type: 'console-switch', mfa }).allowed;
    expect(viaConsole(false)).toBe(false);
    expect(viaConsole(true)).toBe(true);
  });

  it('a role that assumes itself must be listed', () => {
    const self = 'arn:aws:sts::111122223333:assumed-role/example-role/s';
    const listed = JSON.stringify(
      policy({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'sts:AssumeRole' }),
    );
    expect(evaluateTrust(listed, ROLE, self).allowed).toBe(true);
    const other = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
    );
    const verdict = evaluateTrust(other, ROLE, self);
    expect(reasonIds(verdict)).toContain('SELF_ASSUME_NOT_TRUSTED');
  });

  it('SAML: regional endpoints and the fix', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Idp' },
        Action: 'sts:AssumeRoleWithSAML',
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      }),
    );
    const verdict = evaluateTrust(text, ROLE, {
      principal: 'arn:aws:iam::111122223333:saml-provider/Idp',
      samlAudience: 'https://eu-west-1.signin.aws.amazon.com/saml',
    });
    expect(verdict.allowed).toBe(false);
    expect(reasonIds(verdict)).toContain('SAML_AUD_REGIONAL_ENDPOINT');
    expect(JSON.stringify(verdict.proposedPolicy)).toContain('eu-west-1.signin');
  });

  it('GitHub: immutable sub format and the tag/pull request forms', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: {
          Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo/app:*' },
        },
      }),
    );
    const provider = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    const run = (sub: string) =>
      evaluateTrust(text, ROLE, {
        principal: provider,
        tokenClaims: { aud: 'sts.amazonaws.com', sub },
      });
    expect(run('repo:octo/app:pull_request').allowed).toBe(true);
    expect(reasonIds(run('repo:octo-123/app-456:ref:refs/heads/main'))).toContain(
      'GITHUB_SUB_IMMUTABLE_FORMAT',
    );
    // A claim IAM does not expose is dropped even if the caller states it.
    const withIss = evaluateTrust(
      JSON.stringify(
        policy({
          Effect: 'Allow',
          Principal: { Federated: provider },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:iss':
                'https://token.actions.githubusercontent.com',
            },
          },
        }),
      ),
      ROLE,
      { principal: provider, tokenClaims: { iss: 'https://token.actions.githubusercontent.com' } },
    );
    expect(withIss.allowed).toBe(false);
    expect(reasonIds(withIss)).toContain('KEY_ABSENT_IN_FLOW');
  });

  it('policy variables use the caller identity', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } },
      }),
    );
    const user = 'arn:aws:iam::111122223333:user/alice';
    expect(evaluateTrust(text, ROLE, { principal: user, sessionName: 'alice' }).allowed).toBe(true);
    expect(evaluateTrust(text, ROLE, { principal: user, sessionName: 'bob' }).allowed).toBe(false);
    const session = evaluateTrust(text, ROLE, {
      principal: 'arn:aws:sts::111122223333:assumed-role/r/s',
      sessionName: 'alice',
    });
    expect(reasonIds(session)).toContain('VARIABLE_UNRESOLVABLE_FOR_CALLER');
  });

  it('rejects callers it cannot understand without guessing', () => {
    expect(reasonIds(evaluateTrust(crossAccount, ROLE, '444455556666'))).toEqual([
      'CALLER_INPUT_INVALID',
    ]);
    expect(evaluateTrust(crossAccount, ROLE, { principal: 'bob' }).allowed).toBeNull();
    expect(evaluateTrust('{not json', ROLE, 'arn:aws:iam::444455556666:user/a').allowed).toBe(
      false,
    );
  });

  it('never throws on hostile policy text or callers', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.string({ maxLength: 80 }),
        (text, principal) => {
          checkTrustPolicy(text, { roleArn: principal });
          const verdict = evaluateTrust(text, ROLE, { principal, context: { [principal]: text } });
          expect([true, false, null]).toContain(verdict.allowed);
        },
      ),
      { numRuns: 300 },
    );
    const json = fc.jsonValue({ maxDepth: 5 });
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify({ Version: '2012-10-17', Statement: value });
        checkTrustPolicy(text, { roleArn: ROLE });
        evaluateTrust(text, ROLE, 'arn:aws:iam::444455556666:user/a');
      }),
      { numRuns: 300 },
    );
  });
});

describe('partitions', () => {
  const CN_ROLE = 'arn:aws-cn:iam::111122223333:role/example-role';
  const callers: Array<[string, string]> = [
    ['444455556666', 'arn:aws:iam::444455556666:user/alice'],
    ['arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:user/alice'],
    ['arn:aws:iam::444455556666:user/alice', 'arn:aws:iam::444455556666:user/alice'],
    ['arn:aws:iam::444455556666:role/deploy', 'arn:aws:sts::444455556666:assumed-role/deploy/s'],
    ['arn:aws:iam::444455556666:role/deploy', 'arn:aws:iam::444455556666:role/deploy'],
    ['*', 'arn:aws:iam::444455556666:user/alice'],
  ];
  it('a caller of another partition is denied with PARTITION_MISMATCH and no proposal', () => {
    for (const [value, caller] of callers) {
      const text = JSON.stringify(
        policy({ Effect: 'Allow', Principal: { AWS: value }, Action: 'sts:AssumeRole' }),
      );
      expect(evaluateTrust(text, ROLE, caller).allowed, value).toBe(true);
      const verdict = evaluateTrust(text, CN_ROLE, caller);
      expect(verdict.allowed, value).toBe(false);
      expect(reasonIds(verdict), value).toEqual(['PARTITION_MISMATCH']);
      expect(verdict.proposedPolicy, value).toBeNull();
      expect(verdict.invisible, value).toEqual([]);
    }
  });
  it('takes a parsed get-role answer as well as its text', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 'sts:AssumeRole',
    });
    const alice = 'arn:aws:iam::444455556666:user/alice';
    const answer = { Role: { RoleName: 'example-role', AssumeRolePolicyDocument: document } };
    expect(evaluateTrust(answer, ROLE, alice).allowed).toBe(true);
    expect(evaluateTrust(JSON.stringify(answer), ROLE, alice).allowed).toBe(true);
    expect(evaluateTrust({ Role: {} }, ROLE, alice).allowed).toBe(false);
  });
  it('the same holds for identity providers of another partition', () => {
    const provider = 'arn:aws:iam::111122223333:saml-provider/Idp';
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithSAML',
      }),
    );
    const verdict = evaluateTrust(text, CN_ROLE, { principal: provider, type: 'saml' });
    expect(verdict.allowed).toBe(false);
    expect(reasonIds(verdict)).toEqual(['PARTITION_MISMATCH']);
  });
  it('refuses role and caller ARNs it cannot work with instead of evaluating them', () => {
    const text = JSON.stringify(
      policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }),
    );
    const alice = 'arn:aws:iam::444455556666:user/alice';
    for (const role of [
      'notanarn',
      'arn:aws:iam::111122223333:user/bob',
      'arn:aws-iso:iam::111122223333:role/X',
    ]) {
      const verdict = evaluateTrust(text, role, alice);
      expect(verdict.allowed, role).toBeNull();
      expect(reasonIds(verdict), role).toEqual(['ROLE_ARN_INVALID']);
    }
    for (const caller of ['arn:aws-iso-b:iam::444455556666:user/a', 'arn:aws:iam::12:user/a']) {
      const verdict = evaluateTrust(text, ROLE, caller);
      expect(verdict.allowed, caller).toBeNull();
      expect(reasonIds(verdict), caller).toEqual(['CALLER_INPUT_INVALID']);
    }
  });
});

describe('NotPrincipal', () => {
  const bob = 'arn:aws:iam::444455556666:user/bob';
  const alice = 'arn:aws:iam::444455556666:user/alice';
  const denyAllButAlice = JSON.stringify(
    policy(
      {
        Sid: 'Account',
        Effect: 'Allow',
        Principal: { AWS: '444455556666' },
        Action: 'sts:AssumeRole',
      },
      { Sid: 'OnlyAlice', Effect: 'Deny', NotPrincipal: { AWS: alice }, Action: 'sts:AssumeRole' },
    ),
  );

  it('the lint says IAM refuses it with Deny as well, and how to write that Deny', () => {
    const finding = checkTrustPolicy(denyAllButAlice, { roleArn: ROLE }).findings.find(
      (item) => item.id === 'NOTPRINCIPAL_IN_TRUST_POLICY',
    );
    expect(finding?.severity).toBe('ERROR');
    expect(finding?.message).toContain('not even with Deny');
    expect(finding?.message).not.toContain('with Allow it would');
    expect(finding?.fix).toContain('aws:PrincipalArn');
    const allow = checkTrustPolicy(
      JSON.stringify(
        policy({ Effect: 'Allow', NotPrincipal: { AWS: bob }, Action: 'sts:AssumeRole' }),
      ),
      { roleArn: ROLE },
    ).findings.find((item) => item.id === 'NOTPRINCIPAL_IN_TRUST_POLICY');
    expect(allow?.message).toContain('with Allow it would trust everyone not listed');
  });

  it('the verdict says the policy cannot be saved, and does not ignore the Deny', () => {
    // Bob is not exempt from the Deny: denied by it even once written in a form IAM accepts.
    const forBob = evaluateTrust(denyAllButAlice, ROLE, bob);
    expect(forBob.allowed).toBe(false);
    expect(reasonIds(forBob)[0]).toBe('NOTPRINCIPAL_IN_TRUST_POLICY');
    expect(forBob.reasons[0]?.message).toContain('cannot be saved');
    expect(forBob.reasons[0]?.message).toContain('would not be admitted');
    expect(reasonIds(forBob)).toContain('EXPLICIT_DENY_MATCHES_CALLER');
    expect(forBob.proposedPolicy).toBeNull();

    // Alice is exempt: still refused as given, with the same Deny written as IAM accepts it.
    const forAlice = evaluateTrust(denyAllButAlice, ROLE, alice);
    expect(forAlice.allowed).toBe(false);
    expect(reasonIds(forAlice)).toEqual(['NOTPRINCIPAL_IN_TRUST_POLICY']);
    expect(forAlice.reasons[0]?.message).toContain('would be admitted');
    const proposed = JSON.stringify(forAlice.proposedPolicy);
    expect(proposed).not.toContain('NotPrincipal');
    expect(forAlice.proposedPolicy).toMatchObject({
      Statement: [
        { Sid: 'Account' },
        {
          Sid: 'OnlyAlice',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': alice } },
        },
      ],
    });
    // The rewritten policy keeps the meaning: it admits Alice and still denies Bob.
    const rewritten = JSON.stringify(forAlice.proposedPolicy);
    expect(evaluateTrust(rewritten, ROLE, alice).allowed).toBe(true);
    expect(reasonIds(evaluateTrust(rewritten, ROLE, bob))).toContain(
      'EXPLICIT_DENY_MATCHES_CALLER',
    );
  });

  it('an account in NotPrincipal becomes a condition on aws:PrincipalAccount', () => {
    const text = JSON.stringify(
      policy(
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 'sts:AssumeRole',
        },
      ),
    );
    const verdict = evaluateTrust(text, ROLE, bob);
    expect(verdict.allowed).toBe(false);
    expect(verdict.proposedPolicy).toMatchObject({
      Statement: [
        {},
        { Condition: { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } } },
      ],
    });
    const outsider = evaluateTrust(text, ROLE, 'arn:aws:iam::999988887777:user/eve');
    expect(reasonIds(outsider)).toContain('EXPLICIT_DENY_MATCHES_CALLER');
  });
});

describe('MFA age', () => {
  const aged = JSON.stringify(
    policy({
      Effect: 'Allow',
      Principal: { AWS: '444455556666' },
      Action: 'sts:AssumeRole',
      Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    }),
  );
  const user = 'arn:aws:iam::444455556666:user/alice';
  it('MFA without an age leaves an age condition undecided, however complete the context', () => {
    for (const contextComplete of [true, false]) {
      const verdict = evaluateTrust(aged, ROLE, { principal: user, mfa: true, contextComplete });
      expect(verdict.allowed, String(contextComplete)).toBeNull();
      expect(verdict.reasons[0]?.message).toContain('aws:MultiFactorAuthAge');
      expect(verdict.reasons[0]?.message).toContain('no answer is assumed');
    }
    expect(
      evaluateTrust(aged, ROLE, { principal: user, mfa: true, mfaAgeSeconds: 0 }).allowed,
    ).toBe(true);
  });
});

describe('statement names in messages', () => {
  const bob = 'arn:aws:iam::444455556666:user/bob';
  const statements = [
    {
      Effect: 'Allow',
      Principal: { AWS: bob },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'x1' } },
    },
    { Effect: 'Allow', Principal: { AWS: bob }, Action: 'sts:AssumeRole' },
    {
      Effect: 'Deny',
      Principal: { AWS: 'arn:aws:iam::444455556666:user/eve' },
      Action: 'sts:AssumeRole',
    },
  ];

  it('count from 1 without a Sid, and agree with the 0-based index of verdict.statement', () => {
    const text = JSON.stringify(policy(...statements));
    const shadow = checkTrustPolicy(text, { roleArn: ROLE }).findings.find(
      (finding) => finding.id === 'UNCONDITIONED_STATEMENT_SHADOWS_CONDITIONED',
    );
    expect(shadow?.message).toMatch(/^Statement 2 allows/);
    const admitted = evaluateTrust(text, ROLE, bob);
    expect(admitted.statement).toBe(1);
    expect(admitted.reasons[0]?.message).toMatch(/^Statement 2 admits/);
    const denied = evaluateTrust(text, ROLE, 'arn:aws:iam::444455556666:user/eve');
    expect(denied.statement).toBe(2);
    expect(denied.reasons[0]?.message).toMatch(/^Statement 3 denies/);
  });

  it('use the Sid, quoted, where there is one', () => {
    const named = statements.map((statement, index) => ({ Sid: `S${index}x`, ...statement }));
    const text = JSON.stringify(policy(...named));
    const shadow = checkTrustPolicy(text, { roleArn: ROLE }).findings.find(
      (finding) => finding.id === 'UNCONDITIONED_STATEMENT_SHADOWS_CONDITIONED',
    );
    expect(shadow?.message).toMatch(/^Statement "S1x" allows/);
    const admitted = evaluateTrust(text, ROLE, bob);
    expect(admitted.statement).toBe('S1x');
    expect(admitted.reasons[0]?.message).toMatch(/^Statement "S1x" admits/);
    const notPrincipal = JSON.stringify(
      policy({ Effect: 'Allow', NotPrincipal: { AWS: bob }, Action: 'sts:AssumeRole' }),
    );
    expect(evaluateTrust(notPrincipal, ROLE, bob).reasons[0]?.message).toMatch(
      /^Statement 1 uses NotPrincipal/,
    );
  });

  it('a failed condition is shown only for a statement that names the caller', () => {
    const text = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/Ops' },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
    );
    const other = evaluateTrust(text, ROLE, 'arn:aws:sts::111122223333:assumed-role/Admin/alice');
    expect(reasonIds(other)).toContain('CALLER_NOT_IN_PRINCIPAL');
    expect(other.failedCondition).toBeUndefined();
    const named = evaluateTrust(text, ROLE, 'arn:aws:sts::111122223333:assumed-role/Ops/alice');
    expect(named.failedCondition?.key).toBe('aws:MultiFactorAuthPresent');
  });
});

describe('caller type and caller principal must fit', () => {
  const text = JSON.stringify(
    policy({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }),
  );
  const USER = 'arn:aws:iam::111122223333:user/x';
  const ROLE_ARN = 'arn:aws:iam::111122223333:role/Dev';
  const SESSION = 'arn:aws:sts::111122223333:assumed-role/Dev/alice';
  const SAML = 'arn:aws:iam::111122223333:saml-provider/Okta';
  const OIDC = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
  const SERVICE = 'ec2.amazonaws.com';
  const all = [USER, ROLE_ARN, SESSION, SAML, OIDC, 'accounts.google.com', SERVICE];
  const fitting: Record<string, string[]> = {
    user: [USER],
    'role-session': [ROLE_ARN, SESSION],
    'console-switch': [USER, ROLE_ARN, SESSION],
    saml: [SAML],
    'web-identity': [OIDC, 'accounts.google.com'],
    service: [SERVICE],
  };
  const naming: Record<string, string> = {
    user: ':user/',
    'role-session': ':assumed-role/',
    'console-switch': 'IAM user or role session',
    saml: ':saml-provider/',
    'web-identity': ':oidc-provider/',
    service: 'service principal',
  };

  it('every type refuses the principals of the other types, saying what it needs', () => {
    for (const [type, fits] of Object.entries(fitting)) {
      for (const principal of all) {
        const verdict = evaluateTrust(text, ROLE, {
          principal,
          type: type as TrustCaller['type'],
        });
        const label = `${type} ${principal}`;
        if (fits.includes(principal)) {
          expect(reasonIds(verdict), label).not.toContain('CALLER_INPUT_INVALID');
          continue;
        }
        expect(reasonIds(verdict), label).toEqual(['CALLER_INPUT_INVALID']);
        expect(verdict.allowed, label).toBeNull();
        expect(verdict.proposedPolicy, label).toBeNull();
        expect(verdict.reasons[0]?.message, label).toContain(naming[type]);
        expect(verdict.reasons[0]?.message, label).toContain(`"${principal}" is `);
      }
    }
  });

  it('says what the principal given is, and how a bare OIDC host is named', () => {
    const saml = evaluateTrust(text, ROLE, { principal: USER, type: 'saml' });
    expect(saml.reasons[0]?.message).toContain(`"${USER}" is an IAM user ARN`);
    const host = evaluateTrust(text, ROLE, {
      principal: 'token.actions.githubusercontent.com',
      type: 'web-identity',
    });
    expect(host.reasons[0]?.message).toContain(
      'arn:PARTITION:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com',
    );
    // The corpus spelling of the types is held to the same rule.
    expect(reasonIds(evaluateTrust(text, ROLE, { principal: USER, type: 'SAML' }))).toEqual([
      'CALLER_INPUT_INVALID',
    ]);
    // The root user stays the root user whatever AWS caller type is given.
    const root = evaluateTrust(text, ROLE, {
      principal: 'arn:aws:iam::111122223333:root',
      type: 'user',
    });
    expect(reasonIds(root)).toEqual(['ROOT_USER_CALLER']);
  });
});
