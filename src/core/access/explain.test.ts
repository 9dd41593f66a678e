import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAwsHost } from '../partitions.js';
import { type Explanation, explainAccessError } from './explain.js';
import { explainText } from './index.js';
import type { ParsedAccessError } from './kinds.js';
import { parseAccessErrors } from './parse.js';

function explainOne(text: string): { error: ParsedAccessError; explanation: Explanation } {
  const items = explainText(text);
  expect(items).toHaveLength(1);
  return items[0] as { error: ParsedAccessError; explanation: Explanation };
}

function hostsOf(explanation: Explanation): string[] {
  return explanation.links.map((link) => new URL(link.url).host);
}

const CROSS_ACCOUNT_ASSUME =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
  'arn:aws:iam::111122223333:user/example-user is not authorized to perform: sts:AssumeRole on ' +
  'resource: arn:aws:iam::444455556666:role/ExampleToSandbox';

describe('the eight cases of the cross-account troubleshooting guide', () => {
  it('1. AccessDenied when assuming a role: both the trust side and the caller side', () => {
    const { explanation } = explainOne(CROSS_ACCOUNT_ASSUME);
    expect(explanation.changes).toEqual([
      expect.objectContaining({ account: '444455556666', policyType: 'trust' }),
      expect.objectContaining({ account: '111122223333', policyType: 'identity' }),
    ]);
    expect(explanation.policyStatement).toEqual({
      attachTo: 'trust policy of role ExampleToSandbox in account 444455556666',
      statement: {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:user/example-user' },
        Action: 'sts:AssumeRole',
      },
    });
    expect(explanation.commands).toContain(
      "aws iam get-role --role-name 'ExampleToSandbox' --query Role.AssumeRolePolicyDocument",
    );
    expect(explanation.commands[0]).toBe('aws sts get-caller-identity');

    // When the message names the caller's side, the statement goes to the caller.
    const { explanation: callerSide } = explainOne(
      'User: arn:aws:iam::111122223333:user/example-user is not authorized to perform: ' +
        'sts:AssumeRole on resource: arn:aws:iam::444455556666:role/ExampleToSandbox because no ' +
        'identity-based policy allows the sts:AssumeRole action',
    );
    expect(callerSide.changes).toEqual([
      expect.objectContaining({ account: '111122223333', policyType: 'identity' }),
    ]);
    expect(callerSide.policyStatement?.statement).toEqual({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::444455556666:role/ExampleToSandbox',
    });
  });

  it('2. "The role cannot be assumed": trust policy principal and the exact role ARN', () => {
    const { error, explanation } = explainOne(
      '│ IAM Role (arn:aws:iam::444455556666:role/TerraformExecutionRoleDev) cannot be assumed.\n' +
        '│ There are a number of possible causes of this - the most common are:\n' +
        '│   * The credentials used in order to assume the role are invalid',
    );
    expect(error.kind).toBe('assume-role-failed');
    expect(explanation.policyStatement?.attachTo).toBe(
      'trust policy of role TerraformExecutionRoleDev in account 444455556666',
    );
    expect(explanation.steps.join(' ')).toMatch(/Principal/);
    expect(explanation.steps.join(' ')).toMatch(
      /exactly arn:aws:iam::444455556666:role\/Terraform/,
    );
    expect(explanation.commands).toContain('aws sts get-caller-identity');
  });

  it('3. MFA not fulfilled: pass --serial-number and --token-code', () => {
    const { error, explanation } = explainOne(
      'An error occurred (AccessDenied) when calling the AssumeRole operation: ' +
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
    expect(error.kind).toBe('mfa-failed');
    expect(
      explanation.commands.some((command) => /--serial-number .* --token-code /.test(command)),
    ).toBe(true);
    const serial = explainOne(
      'AccessDenied: MultiFactorAuthentication failed, unable to validate MFA code.  Please ' +
        'verify your MFA serial number is valid and associated with this user.',
    );
    expect(serial.explanation.summary).toMatch(/serial number/);
    // A plain AssumeRole denial also points at an MFA condition of the trust policy.
    expect(explainOne(CROSS_ACCOUNT_ASSUME).explanation.steps.join(' ')).toMatch(/--token-code/);
  });

  it('4. Role assumed but denied on a resource: an identity statement on the role', () => {
    const { explanation } = explainOne(
      '"message": "User: arn:aws:sts::111122223333:assumed-role/profile-dev-lambdaRole/list is ' +
        'not authorized to perform: dynamodb:PutItem on resource: ' +
        'arn:aws:dynamodb:us-east-1:111122223333:table/blackbook-profiles",',
    );
    expect(explanation.policyStatement).toEqual({
      attachTo: 'identity-based policy of IAM role profile-dev-lambdaRole in account 111122223333',
      statement: {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/blackbook-profiles',
      },
    });
    expect(explanation.commands).toContain(
      'aws iam simulate-principal-policy --policy-source-arn "$(aws iam get-role --role-name ' +
        "'profile-dev-lambdaRole' --query Role.Arn --output text)\" --action-names " +
        "'dynamodb:PutItem' --resource-arns " +
        "'arn:aws:dynamodb:us-east-1:111122223333:table/blackbook-profiles'",
    );
    expect(explanation.links.map((link) => link.url)).toContain(
      'https://console.aws.amazon.com/iam/home#/roles/details/profile-dev-lambdaRole' +
        '?section=permissions',
    );
  });

  it('5. The role cannot be found: same answer as untrusted, so check it exists', () => {
    const { explanation } = explainOne(CROSS_ACCOUNT_ASSUME);
    expect(explanation.steps.join(' ')).toMatch(/does not exist/);
    expect(explanation.commands).toContain(
      "aws iam list-roles --query 'Roles[?RoleName=='\\''ExampleToSandbox'\\''].Arn'",
    );
  });

  it('6. Invalid principal in the trust policy: the principal no longer exists', () => {
    const { error, explanation } = explainOne(
      'An error occurred (MalformedPolicyDocument) when calling the UpdateAssumeRolePolicy ' +
        'operation: Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/UC_ROLE"',
    );
    expect(error.kind).toBe('invalid-principal-in-policy');
    expect(explanation.summary).toContain('arn:aws:iam::111122223333:role/UC_ROLE');
    expect(explanation.policyStatement?.statement).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/UC_ROLE' } },
    });
    expect(explanation.commands.join('\n')).toMatch(/accessanalyzer validate-policy/);
  });

  it('7. Finding AssumeRole in CloudTrail', () => {
    const { explanation } = explainOne(CROSS_ACCOUNT_ASSUME);
    expect(explanation.commands).toContain(
      'aws cloudtrail lookup-events --lookup-attributes ' +
        'AttributeKey=EventName,AttributeValue=AssumeRole --max-results 20',
    );
    expect(explanation.links).toContainEqual({
      label: 'CloudTrail event history: AssumeRole',
      url:
        'https://console.aws.amazon.com/cloudtrail/home?region=us-east-1' +
        '#/events?EventName=AssumeRole',
    });
    expect(explanation.steps.join(' ')).toMatch(/CloudTrail of account 444455556666/);
  });

  it('8. CLI works but the console refuses: switch-role and federation errors', () => {
    const switchRole = explainOne(
      'Invalid information in one or more fields. Check your information or contact your ' +
        'administrator.',
    ).explanation;
    expect(switchRole.links).toContainEqual({
      label: 'Switch role page',
      url: 'https://signin.aws.amazon.com/switchrole',
    });
    expect(switchRole.steps.join(' ')).toMatch(/MFA/);
    expect(switchRole.steps.join(' ')).toMatch(/CLI can assume the role but the console/);
    const federation = explainOne(
      'Only federation tokens or assume role tokens may be used for federated login',
    ).explanation;
    expect(federation.summary).toMatch(/federation endpoint/);
    const chaining = explainOne(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role ' +
        'chaining.',
    ).explanation;
    expect(chaining.steps.join(' ')).toMatch(/also in the console/);
  });
});

describe('statements and changes per policy type', () => {
  it('an explicit SCP denial goes to the management account, with an exception condition', () => {
    const { explanation } = explainOne(
      'User: arn:aws:iam::111122223333:user/example-user is not authorized to perform: ' +
        'eks:ListFargateProfiles on resource: arn:aws:eks:us-east-1:111122223333:cluster/dc with ' +
        'an explicit deny in a service control policy: ' +
        'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/service_control_policy/p-b2c3d4e5',
    );
    expect(explanation.changes).toEqual([
      expect.objectContaining({ account: '777788889999', policyType: 'scp' }),
    ]);
    expect(explanation.policyStatement?.statement).toEqual({
      Effect: 'Deny',
      Action: 'eks:ListFargateProfiles',
      Resource: '*',
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/example-user' },
      },
    });
    expect(explanation.commands).toContain(
      "aws organizations describe-policy --policy-id 'p-b2c3d4e5'",
    );
  });

  it('an implicit resource-policy denial across accounts names both sides', () => {
    const { explanation } = explainOne(
      'User: arn:aws:sts::111122223333:assumed-role/runner-role/i-0123456789abcdef0 is not ' +
        'authorized to perform: ecr:InitiateLayerUpload on resource: ' +
        'arn:aws:ecr:us-east-1:444455556666:repository/team/app because no resource-based ' +
        'policy allows the ecr:InitiateLayerUpload action',
    );
    expect(explanation.changes.map((change) => [change.account, change.policyType])).toEqual([
      ['444455556666', 'resource'],
      ['111122223333', 'identity'],
    ]);
    expect(explanation.policyStatement).toEqual({
      attachTo:
        'repository policy of arn:aws:ecr:us-east-1:444455556666:repository/team/app in account ' +
        '444455556666',
      statement: {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/runner-role' },
        Action: 'ecr:InitiateLayerUpload',
      },
    });
    expect(explanation.commands).toContain(
      "aws ecr get-repository-policy --repository-name 'team/app' --registry-id '444455556666' " +
        "--region 'us-east-1'",
    );
  });

  it('an implicit boundary denial adds the action to the boundary', () => {
    const { explanation } = explainOne(
      'User: arn:aws:iam::111122223333:user/example-user is not authorized to perform: ' +
        'cloudformation:DescribeStacks on resource: ' +
        'arn:aws:cloudformation:eu-north-1:111122223333:stack/laravel-dev/* because no ' +
        'permissions boundary allows the cloudformation:DescribeStacks action',
    );
    expect(explanation.policyStatement?.attachTo).toBe(
      'permissions boundary policy of IAM user example-user in account 111122223333',
    );
    expect(explanation.commands).toContain(
      "aws iam get-user --user-name 'example-user' --query User.PermissionsBoundary",
    );
  });

  it('an explicit identity denial has no statement to add, only the Deny to narrow', () => {
    const { explanation } = explainOne(
      'User: arn:aws:sts::111122223333:assumed-role/voclabs/user1234567=example-user@example.com ' +
        'is not authorized to perform: ec2:DescribeImages with an explicit deny in an ' +
        'identity-based policy: arn:aws:iam::111122223333:policy/voc-cancel-cred',
    );
    expect(explanation.policyStatement).toBeNull();
    expect(explanation.steps.join(' ')).toMatch(/cannot override a Deny/);
    expect(explanation.links.map((link) => link.url)).toContain(
      'https://console.aws.amazon.com/iam/home#/policies/details/' +
        'arn%3Aaws%3Aiam%3A%3A111122223333%3Apolicy%2Fvoc-cancel-cred?section=permissions',
    );
  });

  it('PassRole to a service-linked role is scoped with iam:PassedToService', () => {
    const { explanation } = explainOne(
      'ClientError: An error occurred (AccessDenied) when calling the PutLifecycleHook ' +
        'operation: User: arn:aws:sts::111122223333:assumed-role/Testrole/Diego is not ' +
        'authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/' +
        'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    );
    expect(explanation.policyStatement?.statement).toEqual({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource:
        'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/' +
        'AWSServiceRoleForAutoScaling',
      Condition: { StringEquals: { 'iam:PassedToService': 'autoscaling.amazonaws.com' } },
    });
  });

  it(
    'Identity Center roles are trusted through aws:PrincipalArn and changed in the permission ' +
      'set',
    () => {
      const { explanation } = explainOne(
        'User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/me ' +
          'is ' +
          'not authorized to perform: sts:AssumeRole on resource: ' +
          'arn:aws:iam::444455556666:role/Deploy because no role trust policy allows the ' +
          'sts:AssumeRole action',
      );
      expect(explanation.policyStatement?.statement).toEqual({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnLike: {
            'aws:PrincipalArn':
              'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/' +
              '*AWSReservedSSO_Admin_0123456789abcdef',
          },
        },
      });
      expect(explanation.steps.join(' ')).toMatch(/permission set/);
    },
  );

  it('KMS keys withheld by "on this resource" get a clearly marked placeholder', () => {
    const { explanation } = explainOne(
      'An error occurred (AccessDenied) when calling the PutObject operation: User: ' +
        'arn:aws:sts::112233445566:assumed-role/Uploader/abcde is not authorized to perform: ' +
        'kms:GenerateDataKey on this resource because no identity-based policy allows the ' +
        'kms:GenerateDataKey action',
    );
    expect(explanation.policyStatement?.statement).toEqual({
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: 'arn:aws:kms:<region>:<key-account>:key/<key-id>',
    });
    expect(explanation.steps.join(' ')).toMatch(/PutObject call uses a KMS key/);
  });

  it('encoded messages and authorization ids come with the command that reveals them', () => {
    const encoded = explainOne(
      'UnauthorizedOperation: You are not authorized to perform this operation. Encoded ' +
        'authorization failure message: EXAMPLEabc123',
    ).explanation;
    expect(encoded.commands).toContain(
      "aws sts decode-authorization-message --encoded-message 'EXAMPLEabc123' --query " +
        'DecodedMessage --output text',
    );
    const withId = explainOne(
      'User: arn:aws:iam::123456789012:user/janedoe is not authorized to perform: ' +
        'iam:CreateInstanceProfile on resource: arn:aws:iam::123456789012:instance-profile/p ' +
        'with an explicit deny in an identity-based policy: ' +
        'arn:aws:iam::123456789012:policy/ExampleDenyPolicy. Go to https://eu-west-1.console.' +
        ('aws.amazon.com/iam/home?region=eu-west-1#/authorization-details/EXAMPLE1a2b for ' +
          'complete ') +
        'details, or call the GetRequestAuthorizationDetails API with the following ' +
        'authorization id: EXAMPLE1a2b',
    ).explanation;
    expect(withId.commands).toContain(
      "aws iam-toolbox get-request-authorization-details --authorization-id 'EXAMPLE1a2b'",
    );
    expect(withId.links).toContainEqual({
      label: 'IAM Access Troubleshooter: details of this denial',
      url:
        'https://eu-west-1.console.aws.amazon.com/iam/home?region=eu-west-1' +
        '#/authorization-details/EXAMPLE1a2b',
    });
  });
});

describe('what the message does not say', () => {
  it('a decoded message names the matching statement, not the policy type', () => {
    const decoded = JSON.stringify({
      allowed: false,
      explicitDeny: true,
      matchedStatements: { items: [{ statementId: 'DenyBigInstances', effect: 'DENY' }] },
      context: {
        principal: { arn: 'arn:aws:sts::111122223333:assumed-role/Developer/Ana' },
        action: 'RunInstances',
        resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
      },
    });
    const { error, explanation } = explainOne(decoded);
    expect(error).toMatchObject({ action: 'ec2:RunInstances', deny: 'explicit', policyType: null });
    expect(explanation.steps.join(' ')).toMatch(/Sid DenyBigInstances/);
    expect(explanation.policyStatement).toBeNull();
  });

  it('a message cut off before the action gets no statement, and says so', () => {
    const { explanation } = explainOne(
      '{"Error":{"Code":"AccessDenied","Message":"User: arn:aws:iam::111122223333:user/u is ' +
        'not authorized to perform: sts (truncated...)',
    );
    expect(explanation.policyStatement).toBeNull();
    expect(explanation.steps[0]).toMatch(/cut off before the action \(service sts\)/);
  });
});

describe('links and commands are safe', () => {
  it('builds links in the partition of the ARNs', () => {
    const govcloud = explainOne(
      'User: arn:aws-us-gov:sts::111122223333:assumed-role/gha-role/GitHubActions is not ' +
        'authorized to perform: ec2:CreateInternetGateway on resource: ' +
        'arn:aws-us-gov:ec2:us-gov-west-1:111122223333:internet-gateway/* because no permissions ' +
        'boundary allows the ec2:CreateInternetGateway action.',
    ).explanation;
    expect(hostsOf(govcloud).length).toBeGreaterThan(0);
    for (const host of hostsOf(govcloud)) expect(host).toMatch(/amazonaws-us-gov\.com$/);
    const china = explainOne(
      'User: arn:aws-cn:iam::111122223333:user/u is not authorized to perform: s3:GetObject on ' +
        'resource: "arn:aws-cn:s3:::bucket/key" because no identity-based policy allows the ' +
        's3:GetObject action',
    ).explanation;
    expect(hostsOf(china).length).toBeGreaterThan(0);
    for (const host of hostsOf(china)) expect(host).toMatch(/amazonaws\.cn$/);
  });

  it('gives no links for isolated partitions, and does not fail', () => {
    const iso = explainOne(
      'User: arn:aws-iso:iam::111122223333:user/u is not authorized to perform: s3:GetObject',
    ).explanation;
    expect(iso.links).toEqual([]);
    expect(iso.steps.length).toBeGreaterThan(0);
  });

  it('links only to AWS console and sign-in hosts, over https, for every collection entry', () => {
    const corpus = JSON.parse(
      readFileSync(
        new URL('../../../../shared/corpus/access-denied.json', import.meta.url),
        'utf8',
      ),
    ) as Array<{ text: string }>;
    for (const { text } of corpus) {
      for (const { explanation } of explainText(text)) {
        for (const link of explanation.links) {
          const url = new URL(link.url);
          expect(url.protocol).toBe('https:');
          expect(parseAwsHost(url.host)).toBeDefined();
        }
      }
    }
  });

  it('single-quotes every value taken from the text in commands', () => {
    const [error] = parseAccessErrors(
      'User: arn:aws:iam::111122223333:user/x is not authorized to perform: s3:GetObject on ' +
        'resource: arn:aws:s3:::b/$(touch;pwned)`id`',
    );
    expect(error).toBeDefined();
    const hostile = { ...(error as ParsedAccessError), resource: "arn:aws:s3:::b/'; rm -rf ~; '" };
    for (const command of explainAccessError(hostile).commands) {
      // Outside single-quoted spans nothing from the message may appear.
      const unquoted = command.replace(/'(?:[^']|'\\'')*'/g, '');
      expect(unquoted).not.toMatch(/rm -rf|touch|pwned/);
    }
  });

  it('keeps links on AWS hosts and does not fail, whatever the text', () => {
    const fragments = fc.constantFrom(
      'User: ',
      'arn:aws:iam::111122223333:user/x',
      'arn:aws-cn:sts::111122223333:assumed-role/r/s',
      'arn:aws-iso:iam::111122223333:role/r',
      'arn:evil.example.com:iam::1:role/r',
      ' is not authorized to perform: ',
      'sts:AssumeRole',
      ' on resource: ',
      'arn:aws:s3:::bucket/../../x?y#z',
      ' because no role trust policy allows the sts:AssumeRole action',
      ' with an explicit deny in a service control policy: ',
      'Encoded authorization failure message: ',
      '#/authorization-details/EXAMPLE1',
      'https://evil.example.com/',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 20 }), (parts) => {
        for (const { explanation } of explainText(parts.join(''))) {
          for (const link of explanation.links) {
            expect(parseAwsHost(new URL(link.url).host)).toBeDefined();
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
