// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables here
import { describe, expect, it } from 'vitest';
import { type AuthzRequest, evaluatePolicies, type PolicyDocument } from './engine.js';

const V = '2012-10-17';

function allowWith(condition: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    Version: V,
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition, ...extra },
    ],
  };
}

function decide(
  policy: PolicyDocument,
  context: AuthzRequest['context'],
  more: Partial<AuthzRequest> = {},
) {
  return evaluatePolicies([policy], {
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    context,
    ...more,
  }).decision;
}

describe('actions and resources', () => {
  const policy = {
    Version: V,
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: ['s3:Get*', 'S3:List?ucket'],
        Resource: 'arn:aws:s3:::bucket/*',
      },
    ],
  };
  it('matches actions without case and with * and ?', () => {
    expect(decide(policy, {}, { action: 'S3:getobject' })).toBe('allowed');
    expect(decide(policy, {}, { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket/x' })).toBe(
      'allowed',
    );
    expect(decide(policy, {}, { action: 's3:PutObject' })).toBe('implicit-deny');
  });
  it('matches resources with case', () => {
    expect(decide(policy, {}, { resource: 'arn:aws:s3:::Bucket/key' })).toBe('implicit-deny');
    expect(decide(policy, {}, { resource: 'arn:aws:s3:::bucket/a/b' })).toBe('allowed');
  });
  it('handles NotAction and NotResource', () => {
    const not = {
      Version: V,
      Statement: [{ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' }],
    };
    expect(decide(not, {})).toBe('allowed');
    expect(decide(not, {}, { action: 'iam:CreateUser' })).toBe('implicit-deny');
    expect(decide(not, {}, { resource: 'arn:aws:s3:::secret/x' })).toBe('implicit-deny');
  });
  it('lets an explicit deny win and names it', () => {
    const policies: PolicyDocument[] = [
      { Version: V, Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
      {
        Version: V,
        Statement: [{ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }],
      },
    ];
    const result = evaluatePolicies(policies, {
      action: 's3:DeleteObject',
      resource: 'arn:aws:s3:::b/k',
    });
    expect(result.decision).toBe('explicit-deny');
    expect(result.deciding?.sid).toBe('NoDelete');
    expect(result.deciding?.policyIndex).toBe(1);
    expect(evaluatePolicies(policies, { action: 's3:GetObject', resource: 'x' }).decision).toBe(
      'allowed',
    );
  });
  it('is an implicit deny with no statements and reports the closest failed condition', () => {
    expect(decide({ Version: V, Statement: [] }, {})).toBe('implicit-deny');
    const result = evaluatePolicies([allowWith({ StringEquals: { 'aws:username': 'alice' } })], {
      action: 's3:GetObject',
      resource: 'x',
      context: { 'aws:username': 'bob' },
    });
    expect(result.decision).toBe('implicit-deny');
    expect(result.failedCondition?.key).toBe('aws:username');
    expect(result.failedCondition?.requestValue).toBe('bob');
  });
});

describe('string operators', () => {
  it('StringEquals is case-sensitive, IgnoreCase is not, keys are case-insensitive', () => {
    expect(
      decide(allowWith({ StringEquals: { 'aws:username': 'Alice' } }), { 'AWS:UserName': 'Alice' }),
    ).toBe('allowed');
    expect(
      decide(allowWith({ StringEquals: { 'aws:username': 'Alice' } }), { 'aws:username': 'alice' }),
    ).toBe('implicit-deny');
    expect(
      decide(allowWith({ StringEqualsIgnoreCase: { 'aws:username': 'Alice' } }), {
        'aws:username': 'alice',
      }),
    ).toBe('allowed');
  });
  it('StringLike uses * and ?; StringEquals does not', () => {
    expect(
      decide(allowWith({ StringLike: { 'aws:username': 'a?i*' } }), { 'aws:username': 'alice' }),
    ).toBe('allowed');
    expect(
      decide(allowWith({ StringEquals: { 'aws:username': 'a*' } }), { 'aws:username': 'alice' }),
    ).toBe('implicit-deny');
  });
  it('negated operators are true when the key is absent', () => {
    expect(decide(allowWith({ StringNotEquals: { 'aws:username': 'bob' } }), {})).toBe('allowed');
    expect(
      decide(allowWith({ StringNotLike: { 'aws:username': 'b*' } }), { 'aws:username': 'bob' }),
    ).toBe('implicit-deny');
    expect(decide(allowWith({ StringEquals: { 'aws:username': 'bob' } }), {})).toBe(
      'implicit-deny',
    );
  });
  it('several values are OR-ed, several keys and operators AND-ed', () => {
    const policy = allowWith({
      StringEquals: { 'aws:username': ['alice', 'bob'], 'aws:PrincipalAccount': '111122223333' },
      Bool: { 'aws:SecureTransport': 'true' },
    });
    expect(
      decide(policy, {
        'aws:username': 'bob',
        'aws:PrincipalAccount': '111122223333',
        'aws:SecureTransport': true,
      }),
    ).toBe('allowed');
    expect(
      decide(policy, {
        'aws:username': 'bob',
        'aws:PrincipalAccount': '111122223333',
        'aws:SecureTransport': false,
      }),
    ).toBe('implicit-deny');
  });
});

describe('other operator families', () => {
  it('Numeric', () => {
    const policy = allowWith({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } });
    expect(decide(policy, { 'aws:MultiFactorAuthAge': '100' })).toBe('allowed');
    expect(decide(policy, { 'aws:MultiFactorAuthAge': 7200 })).toBe('implicit-deny');
    expect(decide(allowWith({ NumericGreaterThanEquals: { 'x:n': '5' } }), { 'x:n': '5' })).toBe(
      'allowed',
    );
    expect(decide(allowWith({ NumericNotEquals: { 'x:n': '5' } }), { 'x:n': '6' })).toBe('allowed');
    expect(decide(allowWith({ NumericEquals: { 'x:n': 'five' } }), { 'x:n': '5' })).toBe(
      'implicit-deny',
    );
  });
  it('Date with ISO 8601 and epoch seconds', () => {
    const policy = allowWith({ DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } });
    expect(decide(policy, { 'aws:CurrentTime': '2019-06-01T00:00:00Z' })).toBe('allowed');
    expect(decide(policy, {}, { now: new Date('2021-01-01T00:00:00Z') })).toBe('implicit-deny');
    expect(decide(policy, {}, { now: new Date('2019-01-01T00:00:00Z') })).toBe('allowed');
    expect(
      decide(allowWith({ DateGreaterThan: { 'aws:EpochTime': '1000' } }), {
        'aws:EpochTime': '2000',
      }),
    ).toBe('allowed');
  });
  it('Bool and BinaryEquals', () => {
    expect(
      decide(allowWith({ Bool: { 'aws:SecureTransport': 'true' } }), {
        'aws:SecureTransport': 'TRUE',
      }),
    ).toBe('allowed');
    expect(decide(allowWith({ BinaryEquals: { 'x:b': 'QmluYXJ5' } }), { 'x:b': 'QmluYXJ5' })).toBe(
      'allowed',
    );
  });
  it('IpAddress and NotIpAddress for IPv4 and IPv6', () => {
    const policy = allowWith({
      IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] },
    });
    expect(decide(policy, { 'aws:SourceIp': '203.0.113.7' })).toBe('allowed');
    expect(decide(policy, { 'aws:SourceIp': '198.51.100.1' })).toBe('implicit-deny');
    expect(decide(policy, { 'aws:SourceIp': '2001:db8:1::5' })).toBe('allowed');
    expect(decide(policy, { 'aws:SourceIp': '2001:db9::1' })).toBe('implicit-deny');
    expect(
      decide(allowWith({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), {
        'aws:SourceIp': '10.1.2.3',
      }),
    ).toBe('implicit-deny');
  });
  it('Arn operators match each ARN part separately', () => {
    const policy = allowWith({
      ArnLike: { 'aws:SourceArn': 'arn:aws:ssm-incidents:*:111122223333:incident-record/*' },
    });
    expect(
      decide(policy, {
        'aws:SourceArn': 'arn:aws:ssm-incidents:us-east-1:111122223333:incident-record/a/b',
      }),
    ).toBe('allowed');
    expect(
      decide(policy, {
        'aws:SourceArn': 'arn:aws:ssm-incidents:us-east-1:999988887777:incident-record/a',
      }),
    ).toBe('implicit-deny');
    // The * in the region part cannot swallow the account part.
    expect(
      decide(allowWith({ ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:*:bucket' } }), {
        'aws:SourceArn': 'arn:aws:s3:::bucket',
      }),
    ).toBe('implicit-deny');
    expect(
      decide(allowWith({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::bad*' } }), {
        'aws:SourceArn': 'arn:aws:s3:::good',
      }),
    ).toBe('allowed');
  });
  it('Null tests presence', () => {
    expect(decide(allowWith({ Null: { 'aws:TokenIssueTime': 'true' } }), {})).toBe('allowed');
    expect(decide(allowWith({ Null: { 'aws:TokenIssueTime': 'false' } }), {})).toBe(
      'implicit-deny',
    );
    expect(
      decide(allowWith({ Null: { 'aws:TokenIssueTime': 'false' } }), { 'aws:TokenIssueTime': 'x' }),
    ).toBe('allowed');
  });
  it('an unknown operator never matches', () => {
    expect(
      decide(allowWith({ StringEqual: { 'aws:username': 'a' } }), { 'aws:username': 'a' }),
    ).toBe('implicit-deny');
  });
});

describe('set operators and IfExists', () => {
  it('ForAllValues is true for an absent key and needs every value to match', () => {
    const policy = allowWith({
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'project'] },
    });
    expect(decide(policy, {})).toBe('allowed');
    expect(decide(policy, { 'aws:TagKeys': ['team'] })).toBe('allowed');
    expect(decide(policy, { 'aws:TagKeys': ['team', 'cost'] })).toBe('implicit-deny');
  });
  it('ForAnyValue is false for an absent key and needs one value to match', () => {
    const policy = allowWith({
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'auth*' },
    });
    expect(decide(policy, {})).toBe('implicit-deny');
    expect(decide(policy, { 'cognito-identity.amazonaws.com:amr': ['authenticated', 'x'] })).toBe(
      'allowed',
    );
  });
  it('ForAllValues with a negated operator forbids every listed value', () => {
    const policy = allowWith({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } });
    expect(decide(policy, { 'aws:TagKeys': ['a', 'b'] })).toBe('allowed');
    expect(decide(policy, { 'aws:TagKeys': ['a', 'secret'] })).toBe('implicit-deny');
  });
  it('IfExists is true when the key is absent and tests it when present', () => {
    const policy = allowWith({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(decide(policy, {})).toBe('allowed');
    expect(decide(policy, { 'aws:MultiFactorAuthPresent': 'false' })).toBe('implicit-deny');
    expect(decide(allowWith({ 'ForAnyValue:StringEqualsIfExists': { 'x:k': 'a' } }), {})).toBe(
      'implicit-deny',
    );
  });
});

describe('policy variables', () => {
  it('substitutes ${aws:username} and principal tags', () => {
    const policy = {
      Version: V,
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::home/${aws:username}/*',
        },
      ],
    };
    expect(
      decide(policy, { 'aws:username': 'alice' }, { resource: 'arn:aws:s3:::home/alice/x' }),
    ).toBe('allowed');
    expect(
      decide(policy, { 'aws:username': 'alice' }, { resource: 'arn:aws:s3:::home/bob/x' }),
    ).toBe('implicit-deny');
    const tag = allowWith({ StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } });
    expect(decide(tag, { 'aws:PrincipalTag/team': 'red', 'aws:ResourceTag/team': 'red' })).toBe(
      'allowed',
    );
    expect(decide(tag, { 'aws:PrincipalTag/team': 'red', 'aws:ResourceTag/team': 'blue' })).toBe(
      'implicit-deny',
    );
  });
  it('a variable whose key is absent makes the value fail unless it has a default', () => {
    const policy = allowWith({ StringEquals: { 'sts:RoleSessionName': '${aws:username}' } });
    expect(decide(policy, { 'sts:RoleSessionName': '' })).toBe('implicit-deny');
    const withDefault = allowWith({ StringEquals: { 'x:k': "${aws:username, 'nobody'}" } });
    expect(decide(withDefault, { 'x:k': 'nobody' })).toBe('allowed');
  });
  it('${*}, ${?} and ${$} are literal characters and variable text is never a wildcard', () => {
    const literal = allowWith({ StringLike: { 'x:k': 'a${*}b' } });
    expect(decide(literal, { 'x:k': 'a*b' })).toBe('allowed');
    expect(decide(literal, { 'x:k': 'aXb' })).toBe('implicit-deny');
    expect(decide(allowWith({ StringEquals: { 'x:k': '${$}{x}${?}' } }), { 'x:k': '${x}?' })).toBe(
      'allowed',
    );
    const fromVariable = allowWith({ StringLike: { 'x:k': '${aws:username}' } });
    expect(decide(fromVariable, { 'aws:username': 'a*', 'x:k': 'abc' })).toBe('implicit-deny');
    expect(decide(fromVariable, { 'aws:username': 'a*', 'x:k': 'a*' })).toBe('allowed');
  });
  it('is not substituted in the 2008 language', () => {
    const old = {
      ...allowWith({ StringEquals: { 'x:k': '${aws:username}' } }),
      Version: '2008-10-17',
    };
    expect(decide(old, { 'aws:username': 'a', 'x:k': 'a' })).toBe('implicit-deny');
    expect(decide(old, { 'aws:username': 'a', 'x:k': '${aws:username}' })).toBe('allowed');
  });
});

describe('three-valued answers', () => {
  it('is undecidable when a needed key is unknown, and names it', () => {
    const policy = allowWith({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } });
    const result = evaluatePolicies([policy], {
      action: 's3:GetObject',
      resource: 'x',
      context: {},
      missingKeys: 'unknown',
    });
    expect(result.decision).toBe('undecidable');
    expect(result.missingKeys).toEqual(['aws:PrincipalOrgID']);
    expect(decide(policy, { 'aws:PrincipalOrgID': null })).toBe('undecidable');
  });
  it('an unknown key does not matter when another statement decides', () => {
    const policy = {
      Version: V,
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'x:k': 'v' } },
        },
      ],
    };
    expect(decide(policy, { 'x:k': null })).toBe('allowed');
    const deny = {
      Version: V,
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'x:k': 'v' } } },
      ],
    };
    expect(decide(deny, { 'x:k': null })).toBe('undecidable');
    expect(decide(deny, { 'x:k': 'w' })).toBe('allowed');
    expect(decide(deny, { 'x:k': 'v' })).toBe('explicit-deny');
  });
  it('absentKeys overrides unknown', () => {
    const policy = allowWith({ StringEquals: { 'sts:ExternalId': 'abc' } });
    const result = evaluatePolicies([policy], {
      action: 's3:GetObject',
      resource: 'x',
      missingKeys: 'unknown',
      absentKeys: ['sts:externalid'],
    });
    expect(result.decision).toBe('implicit-deny');
  });
});

describe('principals in resource policies', () => {
  const trust = (principal: unknown) => ({
    Version: V,
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });
  const run = (policy: PolicyDocument, id: string, kind: 'aws' | 'service' | 'federated' = 'aws') =>
    evaluatePolicies([policy], {
      action: 'sts:AssumeRole',
      principal: { kind, id },
      policyType: 'resource',
    });
  const session = 'arn:aws:sts::444455556666:assumed-role/deploy/ci';
  it('account id and root ARN admit the whole account at account level', () => {
    expect(run(trust({ AWS: '444455556666' }), session).deciding?.principal).toBe('account');
    expect(run(trust({ AWS: 'arn:aws:iam::444455556666:root' }), session).decision).toBe('allowed');
    expect(run(trust({ AWS: '111122223333' }), session).decision).toBe('implicit-deny');
  });
  it('a role ARN (with any path) admits sessions of that role', () => {
    expect(
      run(trust({ AWS: 'arn:aws:iam::444455556666:role/ci/deploy' }), session).deciding?.principal,
    ).toBe('exact');
    expect(run(trust({ AWS: 'arn:aws:iam::444455556666:role/Deploy' }), session).decision).toBe(
      'implicit-deny',
    );
    expect(run(trust({ AWS: 'arn:aws-cn:iam::444455556666:role/deploy' }), session).decision).toBe(
      'implicit-deny',
    );
  });
  it('a session ARN admits only that session; users match exactly', () => {
    expect(run(trust({ AWS: session }), session).decision).toBe('allowed');
    expect(
      run(trust({ AWS: session }), 'arn:aws:sts::444455556666:assumed-role/deploy/other').decision,
    ).toBe('implicit-deny');
    expect(
      run(
        trust({ AWS: 'arn:aws:iam::444455556666:user/Bob' }),
        'arn:aws:iam::444455556666:user/bob',
      ).decision,
    ).toBe('implicit-deny');
  });
  it('AWS * admits AWS principals only; services and providers match exactly', () => {
    expect(run(trust({ AWS: '*' }), session).decision).toBe('allowed');
    expect(run(trust({ AWS: '*' }), 'lambda.amazonaws.com', 'service').decision).toBe(
      'implicit-deny',
    );
    expect(
      run(
        trust({ Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }),
        'lambda.amazonaws.com',
        'service',
      ).decision,
    ).toBe('allowed');
    expect(
      run(trust({ Federated: 'accounts.google.com' }), 'accounts.google.com', 'federated').decision,
    ).toBe('allowed');
  });
  it('unique ids and wildcard ARNs match no one', () => {
    expect(run(trust({ AWS: 'AROA1234567890EXAMPLE' }), session).decision).toBe('implicit-deny');
    expect(run(trust({ AWS: 'arn:aws:iam::444455556666:role/*' }), session).decision).toBe(
      'implicit-deny',
    );
  });
  it('a statement without Principal applies to no one in a resource policy', () => {
    const noPrincipal = { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };
    expect(run(noPrincipal, session).decision).toBe('implicit-deny');
  });
  it('NotPrincipal admits everyone not listed', () => {
    const policy = {
      Version: V,
      Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: session }, Action: '*' }],
    };
    expect(run(policy, session).decision).toBe('implicit-deny');
    expect(run(policy, 'arn:aws:iam::444455556666:user/eve').decision).toBe('explicit-deny');
  });
  it('never admits a caller of another partition than the resource, in any principal form', () => {
    const inRole = (partition: string, policy: PolicyDocument, id: string, kind = 'aws') =>
      evaluatePolicies([policy], {
        action: 'sts:AssumeRole',
        resource: `arn:${partition}:iam::111122223333:role/target`,
        principal: { kind: kind as 'aws' | 'federated', id },
        policyType: 'resource',
      }).decision;
    const callers: Array<[string, string]> = [
      ['444455556666', 'arn:aws:iam::444455556666:user/alice'],
      ['arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:user/alice'],
      ['arn:aws:iam::444455556666:user/alice', 'arn:aws:iam::444455556666:user/alice'],
      ['arn:aws:iam::444455556666:role/deploy', 'arn:aws:sts::444455556666:assumed-role/deploy/s'],
      [
        'arn:aws:sts::444455556666:assumed-role/deploy/s',
        'arn:aws:sts::444455556666:assumed-role/deploy/s',
      ],
      ['*', 'arn:aws:iam::444455556666:user/alice'],
    ];
    for (const [value, caller] of callers) {
      // Admitted when the role is in the caller's partition …
      expect(inRole('aws', trust({ AWS: value }), caller), value).toBe('allowed');
      // … never when it is in another, whatever the policy names.
      expect(inRole('aws-cn', trust({ AWS: value }), caller), value).toBe('implicit-deny');
      expect(inRole('aws-us-gov', trust('*'), caller), value).toBe('implicit-deny');
    }
    const provider = 'arn:aws:iam::111122223333:saml-provider/Idp';
    expect(inRole('aws', trust({ Federated: provider }), provider, 'federated')).toBe('allowed');
    expect(inRole('aws-cn', trust({ Federated: provider }), provider, 'federated')).toBe(
      'implicit-deny',
    );
  });
});
