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
      '│ IAM Role (arn:aws:iam::444455556666:role/TerraformExecutionRoleDev) cannot be ' +
        'assumed.\n' +
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
    // A refused cross-account AssumeRole is recorded only in the caller's account: CloudTrail
    // does not log denied STS requests in the target account.
    const step = explanation.steps.find((item) => item.startsWith('Find the refused AssumeRole'));
    expect(step).toContain("Look in the caller's account (111122223333)");
    expect(step).toContain("does not record a refused cross-account AssumeRole in the role's");
    expect(step).not.toMatch(/CloudTrail of account 444455556666/);
    expect(explanation.commands).toContain(
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes ' +
        'AttributeKey=EventName,AttributeValue=AssumeRole --query ' +
        `"Events[?contains(CloudTrailEvent, 'ExampleToSandbox')].CloudTrailEvent" --output ` +
        "json | jq -r '.[] | fromjson | [.eventTime, .userIdentity.arn, (.errorCode // " +
        '"no error"), (.errorMessage // "")] | @tsv\'',
    );
    expect(explanation.links).toContainEqual({
      label: 'CloudTrail event history of account 111122223333: AssumeRole',
      url:
        'https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1' +
        '#/events?EventName=AssumeRole',
    });
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
    // Only the Condition to merge into the existing Deny: a whole Deny statement copied into
    // the SCP would deny the action to everyone else under it.
    expect(explanation.policyStatement?.statement).toEqual({
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/example-user' },
      },
    });
    expect(explanation.policyStatement?.attachTo).toMatch(/never add it as a new statement/);
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

  it("an S3 denial does not pin the bucket on the caller's account: S3 ARNs name none", () => {
    const { explanation } = explainOne(
      'User: arn:aws:sts::111122223333:assumed-role/Deploy/ci is not authorized to perform: ' +
        's3:GetObject on resource: "arn:aws:s3:::other-team-bucket/data.csv" because no ' +
        'resource-based policy allows the s3:GetObject action',
    );
    expect(explanation.changes).toEqual([
      {
        account: null,
        policyType: 'resource',
        what:
          'Allow s3:GetObject for arn:aws:iam::111122223333:role/Deploy in the bucket policy ' +
          'of other-team-bucket (in the account that owns the bucket).',
      },
    ]);
    expect(explanation.policyStatement?.attachTo).toBe('bucket policy of other-team-bucket');
    const ownerStep = explanation.steps.find((step) => step.includes('list-buckets'));
    expect(ownerStep).toMatch(/account other than 111122223333/);
    expect(ownerStep).toContain(`Buckets[?Name=='other-team-bucket']`);
  });

  it('an S3 identity denial also names the bucket policy, should the bucket be elsewhere', () => {
    const { explanation } = explainOne(
      'User: arn:aws:sts::111122223333:assumed-role/Developer/alice is not authorized to ' +
        'perform: s3:ListBucket on resource: "arn:aws:s3:::team-reports" because no ' +
        'identity-based policy allows the s3:ListBucket action',
    );
    expect(explanation.changes.map((change) => change.account)).toEqual(['111122223333']);
    expect(explanation.steps.find((step) => step.includes('list-buckets'))).toMatch(
      /^If the bucket belongs to an account other than 111122223333, its bucket policy must /,
    );
  });

  it("an RCP governs the resource owner's account, not the caller's", () => {
    const { explanation } = explainOne(
      'User: arn:aws:sts::111122223333:assumed-role/Reader/alice is not authorized to perform: ' +
        'secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:' +
        '444455556666:secret:prod/db-AbCdEf with an explicit deny in a resource control policy: ' +
        'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/resource_control_policy/' +
        'p-12345678',
    );
    expect(explanation.steps.join('\n')).toMatch(/nothing inside account 444455556666 can /);
    expect(explanation.commands).toContain(
      "aws organizations list-policies-for-target --target-id '444455556666' --filter " +
        'RESOURCE_CONTROL_POLICY',
    );
    expect(explanation.commands.join('\n')).not.toContain('111122223333');
    expect(explanation.policyStatement?.statement).toEqual({
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Reader' },
      },
    });
  });

  it('an RCP on a bucket: the owner is unknown, so no account command is offered', () => {
    const { explanation } = explainOne(
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: s3:GetObject on ' +
        'resource: "arn:aws:s3:::partner-bucket/k" with an explicit deny in a resource control ' +
        'policy',
    );
    expect(explanation.steps.join('\n')).toMatch(/nothing inside the account that owns the bucket/);
    expect(explanation.commands.join('\n')).not.toContain('list-policies-for-target');
  });

  it('a masked caller becomes placeholders in policies and commands, never a star', () => {
    const { explanation } = explainOne(
      'User: arn:aws:sts::***:assumed-role/*** is not authorized to perform: ec2:RunInstances ' +
        'with an explicit deny in a service control policy',
    );
    expect(explanation.policyStatement?.statement).toEqual({
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::<account-id>:role/<role-name>' },
      },
    });
    expect(explanation.links.map((link) => link.label)).toEqual(['AWS Organizations policies']);
    const masked = explainOne(
      'User: arn:aws:iam::***:user/deployer is not authorized to perform: sqs:SendMessage ' +
        'because no identity-based policy allows the sqs:SendMessage action',
    ).explanation;
    expect(masked.summary).toMatch(/IAM user deployer/);
    // Where the text only quotes what the terminal shows, the mask may stay; nothing to run or
    // paste may hold it.
    expect(JSON.stringify([masked.policyStatement, masked.commands])).not.toContain('*');
    const maskedResource = explainOne(
      'User: arn:aws:sts::***:assumed-role/deploy/GitHubActions is not authorized to perform: ' +
        'ssm:GetParameter on resource: arn:aws:ssm:us-east-1:***:parameter/app/db because no ' +
        'identity-based policy allows the ssm:GetParameter action',
    ).explanation;
    expect(maskedResource.policyStatement?.statement.Resource).toBe(
      'arn:aws:ssm:us-east-1:<account-id>:parameter/app/db',
    );
    expect(JSON.stringify([maskedResource.policyStatement, maskedResource.commands])).not.toMatch(
      /\*\*\*/,
    );
  });

  it('an explicit SCP denial of an unnamed caller: narrow the Deny, no Condition', () => {
    const { explanation } = explainOne(
      'User: *** is not authorized to perform: ec2:RunInstances with an explicit deny in a ' +
        'service control policy',
    );
    expect(explanation.policyStatement).toBeNull();
    const ask = explanation.steps.find((step) => step.startsWith('Ask them'));
    expect(ask).toMatch(/^Ask them to narrow the Deny statement matching ec2:RunInstances/);
  });

  it('an Allow for a message that names no resource holds a placeholder, not "*"', () => {
    const { explanation } = explainOne(
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: ' +
        'sqs:SendMessage because no identity-based policy allows the sqs:SendMessage action',
    );
    expect(explanation.policyStatement?.statement.Resource).toBe('<resource-arn>');
    expect(explanation.steps).toContain(
      'The message names no resource: in the statement below, replace <resource-arn> with the ' +
        'ARN of what the caller needs.',
    );
    const s3 = explainOne(
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: s3:PutObject ' +
        'because no identity-based policy allows the s3:PutObject action',
    ).explanation;
    expect(s3.policyStatement?.statement.Resource).toBe('arn:aws:s3:::<bucket>/*');
    const describe = explainOne(
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: ' +
        'ec2:DescribeInstances because no identity-based policy allows the ' +
        'ec2:DescribeInstances action',
    ).explanation;
    expect(describe.policyStatement?.statement.Resource).toBe('*');
    const resourceFor = (action: string) =>
      explainOne(
        `User: arn:aws:iam::111122223333:user/bob is not authorized to perform: ${action} ` +
          `because no identity-based policy allows the ${action} action`,
      ).explanation.policyStatement?.statement.Resource;
    expect(resourceFor('s3:ListAllMyBuckets')).toBe('*');
    expect(resourceFor('s3:GetAccountPublicAccessBlock')).toBe('*');
    expect(resourceFor('s3:ListBucket')).toBe('arn:aws:s3:::<bucket>');
    expect(resourceFor('s3:ListBucketVersions')).toBe('arn:aws:s3:::<bucket>');
    expect(resourceFor('s3:ListMultipartUploadParts')).toBe('arn:aws:s3:::<bucket>/*');
    expect(resourceFor('s3:GetAccessPoint')).toBe(
      'arn:aws:s3:<region>:<account-id>:accesspoint/<name>',
    );
    // Actions only "*" grants: a placeholder there would never work.
    for (const action of [
      'kms:ListKeys',
      'kms:CreateKey',
      'ecr:GetAuthorizationToken',
      'sts:DecodeAuthorizationMessage',
    ]) {
      expect({ action, resource: resourceFor(action) }).toEqual({ action, resource: '*' });
    }
    expect(resourceFor('kms:Decrypt')).toBe('arn:aws:kms:<region>:<key-account>:key/<key-id>');
  });

  it('a GitHub Actions log: the trust statement for the echoed role always pins the sub', () => {
    const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
    const { explanation } = explainOne(
      [
        '    role-to-assume: arn:aws:iam::123456789012:role/gha-deploy',
        '##[error]Could not assume role with OIDC: Not authorized to perform ' +
          'sts:AssumeRoleWithWebIdentity',
      ].join('\n'),
    );
    expect(explanation.policyStatement).toMatchObject({
      attachTo: 'trust policy of role gha-deploy in account 123456789012',
      statement: {
        Principal: {
          Federated: `arn:aws:iam::123456789012:oidc-provider/${GITHUB_OIDC_HOST}`,
        },
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:<owner>/<repo>:*' },
        },
      },
    });
  });

  it("KMS's three-cause message: the Region, then the key policy, then a Deny", () => {
    const { error, explanation } = explainOne(
      'An error occurred (AccessDeniedException) when calling the Decrypt operation: User: ' +
        'arn:aws:sts::111122223333:assumed-role/App/i-0abc is not authorized to perform: ' +
        'kms:Decrypt on this resource because the resource does not exist in this Region, no ' +
        'resource-based policies allow access, or a resource-based policy explicitly denies ' +
        'access',
    );
    expect(error).toMatchObject({ deny: null, policyType: null, action: 'kms:Decrypt' });
    expect(error.excerpt).toMatch(/explicitly denies access$/);
    expect(explanation.summary).toMatch(/the key is not in the Region called, or its key policy/);
    expect(explanation.changes.map((change) => change.policyType)).toEqual([
      'resource',
      'identity',
    ]);
    const order = ['First the Region', 'Then the key policy', 'Last, a Deny'].map((start) =>
      explanation.steps.findIndex((step) => step.startsWith(start)),
    );
    expect(order.every((index, i) => index > 0 && (i === 0 || index > (order[i - 1] ?? 0)))).toBe(
      true,
    );
    expect(explanation.policyStatement?.statement).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::111122223333:role/App' },
      Action: 'kms:Decrypt',
      Resource: '*',
    });
    expect(explanation.commands).toContain(
      "aws kms get-key-policy --key-id '<key-id-or-arn>' --policy-name default --region " +
        "'<region>'",
    );
  });

  it('a Deny in an AWS-managed policy is detached, never edited', () => {
    const { explanation } = explainOne(
      'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: s3:PutObject on ' +
        'resource: "arn:aws:s3:::b/k" with an explicit deny in an identity-based policy: ' +
        'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
    );
    expect(explanation.changes[0]?.what).toBe(
      'Detach arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3 from IAM user ci in account ' +
        '111122223333 (an AWS-managed policy cannot be edited).',
    );
    expect(explanation.steps.join(' ')).not.toMatch(/narrow it or remove it/);
    // Detaching changes the account: it is a step, never among the commands that only look.
    expect(explanation.steps.join('\n')).toContain(
      "aws iam detach-user-policy --user-name 'ci' --policy-arn " +
        "'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3'",
    );
    expect(explanation.commands.join('\n')).not.toMatch(/detach-|attach-|put-|create-|delete-/);
    const customer = explainOne(
      'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: s3:PutObject on ' +
        'resource: "arn:aws:s3:::b/k" with an explicit deny in an identity-based policy: ' +
        'arn:aws:iam::111122223333:policy/NoWrites',
    ).explanation;
    expect(customer.changes[0]?.what).toMatch(/^Remove or narrow the Deny for s3:PutObject/);
  });

  it('Kubernetes RBAC: the fix is inside the cluster, for the role a session maps to', () => {
    const { explanation } = explainOne(
      'Error from server (Forbidden): deployments.apps is forbidden: User ' +
        '"arn:aws:sts::111122223333:assumed-role/dev/alice" cannot patch resource ' +
        '"deployments" in API group "apps" in the namespace "web"',
    );
    expect(explanation.summary).toMatch(/^Kubernetes RBAC refused .* to patch deployments.apps /);
    expect(explanation.changes).toEqual([expect.objectContaining({ policyType: null })]);
    expect(explanation.policyStatement).toBeNull();
    expect(explanation.commands).toContain(
      "kubectl auth can-i 'patch' 'deployments.apps' --namespace 'web'",
    );
    const step = explanation.steps.find((text) => text.includes('associate-access-policy'));
    expect(step).toMatch(/--principal-arn 'arn:aws:iam::111122223333:role\/dev' /);
    expect(step).toMatch(/\/AmazonEKSEditPolicy' .*,namespaces='web'\.$/);
    expect(explanation.commands.join('\n')).not.toMatch(/associate-access-policy|create-access/);
    const policyFor = (verb: string, resource: string) =>
      /cluster-access-policy\/(\w+)'/.exec(
        explainOne(
          `Error from server (Forbidden): ${resource} is forbidden: User "alice" cannot ${verb} ` +
            `resource "${resource}" in API group "" in the namespace "web"`,
        ).explanation.steps.join('\n'),
      )?.[1];
    expect(policyFor('list', 'pods')).toBe('AmazonEKSViewPolicy');
    expect(policyFor('get', 'secrets')).toBe('AmazonEKSEditPolicy');
    expect(policyFor('delete', 'pods')).toBe('AmazonEKSEditPolicy');
    expect(policyFor('create', 'rolebindings')).toBe('AmazonEKSAdminPolicy');
    // A Kubernetes user name is no ARN: the command holds a placeholder, not the name.
    const plain = explainOne(
      'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource ' +
        '"pods" in API group "" in the namespace "web"',
    ).explanation;
    expect(plain.commands.join('\n')).toContain("--principal-arn '<principal-arn>'");
    expect(plain.commands.join('\n')).not.toContain("--principal-arn 'alice'");
  });

  it('an EKS sign-in refusal names access entries, not IAM policies', () => {
    const { explanation } = explainOne('error: You must be logged in to the server (Unauthorized)');
    expect(explanation.policyStatement).toBeNull();
    expect(explanation.changes[0]?.policyType).toBeNull();
    expect(explanation.commands).toContain(
      "aws eks list-access-entries --cluster-name '<cluster>'",
    );
    expect(explanation.commands.join('\n')).not.toMatch(/associate-|create-|update-/);
  });

  it('AWS Organizations: named for people, and the management-account rule comes first', () => {
    const { explanation } = explainOne(
      'An error occurred (AccessDeniedException) when calling the ListAccounts operation: ' +
        "You don't have permissions to access this resource.",
    );
    expect(explanation.summary).toBe(
      'AWS Organizations refused the call (ListAccounts) without saying why.',
    );
    expect(explanation.steps.join(' ')).toMatch(
      /only from the management account or a delegated administrator account/,
    );
    // Nothing to narrow the lookup by: no empty search that matches everything.
    const lookup = explanation.commands.find((command) => command.includes('lookup-events'));
    expect(lookup).toContain('--query "Events[].CloudTrailEvent"');
    // When AWS says it outright, the fix is the account, not a policy.
    const member = explainOne(
      'An error occurred (AccessDeniedException) when calling the ListAccounts operation: ' +
        'You are not a management account or a delegated administrator for this service.',
    ).explanation;
    expect(member.changes).toEqual([
      expect.objectContaining({ policyType: null, what: expect.stringMatching(/^Make the call/) }),
    ]);
    expect(member.policyStatement).toBeNull();
  });

  it('a Lambda function policy is changed with add-permission, not by pasting a document', () => {
    const { explanation } = explainOne(
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: ' +
        'lambda:InvokeFunction on resource: arn:aws:lambda:eu-west-1:444455556666:function:etl ' +
        'because no resource-based policy allows the lambda:InvokeFunction action',
    );
    expect(explanation.policyStatement).toBeNull();
    expect(explanation.changes.map((change) => change.account)).toEqual([
      '444455556666',
      '111122223333',
    ]);
    expect(explanation.steps).toContain(
      "In account 444455556666, add a statement to the function's resource-based policy with: " +
        "aws lambda add-permission --function-name 'arn:aws:lambda:eu-west-1:444455556666:" +
        "function:etl' --statement-id 'allow-bob' --action 'lambda:InvokeFunction' " +
        "--principal 'arn:aws:iam::111122223333:user/bob' --region 'eu-west-1'",
    );
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
    // The links are not silently missing: a step says why there are none.
    expect(iso.steps.at(-1)).toMatch(/^No console links: aws-iso is an isolated partition/);
    const isob = explainOne(
      'An error occurred (AccessDenied) when calling the PutObject operation: User: ' +
        'arn:aws-iso-b:sts::111122223333:assumed-role/ci/x is not authorized to perform: ' +
        's3:PutObject on resource: "arn:aws-iso-b:s3:::b/a"',
    ).explanation;
    expect(isob.links).toEqual([]);
    expect(isob.steps.join(' ')).toContain('aws-iso-b is an isolated partition');
    const commercial = explainOne(CROSS_ACCOUNT_ASSUME).explanation;
    expect(commercial.steps.join(' ')).not.toContain('No console links');
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

  it('lists only commands that look, never ones that change an account, for every entry', () => {
    const corpus = JSON.parse(
      readFileSync(
        new URL('../../../../shared/corpus/access-denied.json', import.meta.url),
        'utf8',
      ),
    ) as Array<{ text: string }>;
    const changing =
      /^aws \S+ (?:attach|detach|put|update|create|delete|add|remove|associate|tag|enable)-/;
    for (const { text } of corpus) {
      for (const { explanation } of explainText(text)) {
        for (const command of explanation.commands) {
          expect({ command, changes: changing.test(command) }).toEqual({ command, changes: false });
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

describe('errors met in the field', () => {
  it('a session tag refused on AssumeRoleWithWebIdentity: the OIDC trust, no AWS caller', () => {
    const { error, explanation } = explainOne(
      'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: ' +
        'Not authorized to perform sts:TagSession',
    );
    expect(error.kind).toBe('federated-assume-denied');
    const statement = explanation.policyStatement?.statement as Record<string, unknown>;
    expect(statement.Principal).toEqual({
      Federated: 'arn:aws:iam::<account>:oidc-provider/<issuer-host-and-path>',
    });
    expect(statement.Action).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']);
    expect(explanation.changes).toEqual([expect.objectContaining({ policyType: 'trust' })]);
    const text = JSON.stringify(explanation);
    expect(text).not.toContain('"AWS"');
    expect(text).not.toContain('the identity that made the call');
    expect(text).not.toContain('EventName=AssumeRole"');
    expect(explanation.links.map((link) => link.url)).toContain(
      'https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1' +
        '#/events?EventName=AssumeRoleWithWebIdentity',
    );
    expect(explanation.commands.join('\n')).toContain(
      'AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity',
    );
    expect(explanation.summary).toContain('does not allow sts:TagSession');
  });

  it('a bare CloudTrail refusal: the object ARN as Resource, the Region of the record', () => {
    const { explanation } = explainOne(
      JSON.stringify({
        eventVersion: '1.08',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/dev/alice',
          accountId: '111122223333',
        },
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        awsRegion: 'eu-central-1',
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
        requestParameters: { bucketName: 'bkt', key: 'x' },
        recipientAccountId: '111122223333',
      }),
    );
    expect(explanation.policyStatement?.statement).toEqual({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::bkt/x',
    });
    // GetObject is a data event: event history cannot show it, so no link that finds nothing.
    expect(explanation.links.some((link) => link.url.includes('cloudtrail'))).toBe(false);
    expect(explanation.steps.join(' ')).toContain('GetObject is a data event');

    const kms = explainOne(
      JSON.stringify({
        eventVersion: '1.08',
        userIdentity: { arn: 'arn:aws:iam::111122223333:user/bob', accountId: '111122223333' },
        eventSource: 'kms.amazonaws.com',
        eventName: 'DescribeKey',
        awsRegion: 'ap-southeast-2',
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
        requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
        recipientAccountId: '111122223333',
      }),
    ).explanation;
    expect(kms.links.map((link) => link.url)).toContain(
      'https://ap-southeast-2.console.aws.amazon.com/cloudtrailv2/home?region=ap-southeast-2' +
        '#/events?EventName=DescribeKey',
    );
    expect(kms.commands.join('\n')).toContain('lookup-events --region ap-southeast-2');
  });

  it('an AssumeRole CloudTrail record: its Region in links and lookup-events', () => {
    const { explanation } = explainOne(
      JSON.stringify({
        eventVersion: '1.09',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/dev/alice',
          accountId: '111122223333',
        },
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        awsRegion: 'eu-west-1',
        errorCode: 'AccessDenied',
        errorMessage:
          'User: arn:aws:sts::111122223333:assumed-role/dev/alice is not authorized to perform: ' +
          'sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Target',
        recipientAccountId: '111122223333',
      }),
    );
    const cloudTrail = explanation.links.filter((link) => link.url.includes('cloudtrail'));
    expect(cloudTrail).toEqual([
      {
        label: 'CloudTrail event history of account 111122223333: AssumeRole',
        url:
          'https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1' +
          '#/events?EventName=AssumeRole',
      },
    ]);
    expect(explanation.commands.join('\n')).toContain(
      'aws cloudtrail lookup-events --region eu-west-1',
    );
  });

  it('same-account AssumeRole: either the trust policy names the caller, or both allow', () => {
    const { explanation } = explainOne(
      'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
        'arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on ' +
        'resource: arn:aws:iam::111122223333:role/DeployRole',
    );
    expect(explanation.anyOneChange).toBe(true);
    expect(explanation.changes).toEqual([
      expect.objectContaining({ account: '111122223333', policyType: 'trust' }),
      expect.objectContaining({ account: '111122223333', policyType: 'identity' }),
    ]);
    expect(explanation.changes[0]?.what).toMatch(
      /^Either name arn:aws:iam::111122223333:user\/alice itself as Principal/,
    );
    expect(explanation.changes[0]?.what).toContain('no identity policy needed');
    expect(explanation.changes[1]?.what).toMatch(/^Or, if the trust policy trusts the whole/);
    expect(explanation.policyStatement?.statement).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' },
      Action: 'sts:AssumeRole',
    });
    // Across accounts both sides stay required.
    expect(explainOne(CROSS_ACCOUNT_ASSUME).explanation.anyOneChange).toBeUndefined();
  });

  it('no heading or step reads like code: accounts and policies in plain words', () => {
    const legacy = explainOne(
      'User: arn:aws:iam::***:user/x is not authorized to perform: sts:AssumeRole on resource: ' +
        'arn:aws:iam::***:role/Y',
    ).explanation;
    const text = [...legacy.steps, ...legacy.changes.map((change) => change.what)].join(' ');
    expect(text).not.toMatch(/in account (?:that|of the)/);
    expect(text).toContain('In the account that owns the role');
    const scp = explainOne(
      'User: arn:aws:sts::***:assumed-role/r/s is not authorized to perform: s3:ListBucket ' +
        'because no service control policy allows the s3:ListBucket action',
    ).explanation;
    const scpText = [...scp.steps, scp.policyStatement?.attachTo ?? ''].join(' ');
    expect(scpText).not.toMatch(/account of the caller/);
    expect(scpText).toContain("nothing inside the caller's account can override them");
  });

  it('operation-less refusals still have a subject; new kinds have their own answers', () => {
    const xml = explainOne(
      '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    ).explanation;
    expect(xml.summary).toBe('AWS refused the call without saying why.');
    const s3 = explainOne(
      '<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId>' +
        '<HostId>abc=</HostId></Error>',
    ).explanation;
    expect(s3.summary).toMatch(/^S3 refused the call without saying why/);
    const region = explainOne(
      'An error occurred (RegionDisabledException) when calling the AssumeRole operation: STS ' +
        'is not activated in this region for account:111122223333.',
    ).explanation;
    expect(region.summary).toBe(
      'STS is not active in the Region the call (AssumeRole) went to for account ' +
        '111122223333; this is not a permissions problem.',
    );
    const sso = explainOne(
      'An error occurred (ForbiddenException) when calling the GetRoleCredentials operation: ' +
        'No access',
    ).explanation;
    expect(sso.summary).toMatch(/^IAM Identity Center refused role credentials/);
    expect(sso.steps.join(' ')).toContain('sso_role_name');
  });
});

describe('repeated errors', () => {
  it('groups identical errors with a count, keeping the order of first appearance', () => {
    const denied =
      'User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:GetObject on ' +
      'resource: "arn:aws:s3:::b/k" because no identity-based policy allows the s3:GetObject ' +
      'action';
    const other = denied.replace('b/k', 'b/other');
    const items = explainText(
      [`10:00:01 ${denied}`, `10:00:02 ${other}`, `10:00:03 ${denied}`, `10:00:04 ${denied}`].join(
        '\n',
      ),
    );
    expect(items.map((item) => [item.error.resource, item.count])).toEqual([
      ['arn:aws:s3:::b/k', 3],
      ['arn:aws:s3:::b/other', 1],
    ]);
  });

  it('the root user assuming a role gets no policy change, only the way that works', () => {
    const { explanation } = explainOne(
      'User: arn:aws:iam::111122223333:root is not authorized to perform: sts:AssumeRole on ' +
        'resource: arn:aws:iam::111122223333:role/Deploy',
    );
    expect(explanation.policyStatement).toBeNull();
    expect(explanation.changes.every((change) => change.policyType === null)).toBe(true);
    expect(explanation.steps.join(' ')).toMatch(/Root credentials cannot assume roles/);
    expect(explanation.steps.join(' ')).not.toMatch(/trust policy of role Deploy and make/);
  });
});
