import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedAccessError } from './kinds.js';
import { parseAccessErrors } from './parse.js';

const FIELDS = [
  'kind',
  'principal',
  'action',
  'resource',
  'deny',
  'policyType',
  'policyArn',
  'service',
] as const;

function pick(error: ParsedAccessError | undefined): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((field) => [field, error?.[field]]));
}

function only(text: string): ParsedAccessError {
  const errors = parseAccessErrors(text);
  expect(errors).toHaveLength(1);
  return errors[0] as ParsedAccessError;
}

// Real messages (from the IAM user guide and public reports), in one line each.
const SCP_EXPLICIT =
  'User: arn:aws:sts::111122223333:assumed-role/voclabs/user1234567=example-user@example.com ' +
  'is not authorized to perform: s3:GetBucketObjectLockConfiguration on resource: ' +
  '"arn:aws:s3:::example-bucket" with an explicit deny in a service control policy: ' +
  'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/service_control_policy/p-a1b2c3d4';
const RESOURCE_IMPLICIT =
  'User: arn:aws:sts::111122223333:assumed-role/cdk-con-things-cfn-exec-role/AWSCloudFormation ' +
  'is not authorized to perform: secretsmanager:GetSecretValue on resource: ' +
  'arn:aws:secretsmanager:us-east-1:444455556666:secret:ct/vpn/samlMetadata because no ' +
  'resource-based policy allows the secretsmanager:GetSecretValue action';
const BOUNDARY_IMPLICIT =
  'User: arn:aws:iam::111122223333:user/example-user is not authorized to perform: ' +
  'cloudformation:DescribeStacks on resource: ' +
  'arn:aws:cloudformation:eu-north-1:111122223333:stack/laravel-dev/* because no permissions ' +
  'boundary allows the cloudformation:DescribeStacks action';
const LEGACY_ASSUME =
  'User: arn:aws:iam::111122223333:user/example-user is not authorized to perform: ' +
  'sts:AssumeRole on resource: arn:aws:iam::444455556666:role/ExampleToSandbox';
const ANONYMOUS =
  'User: anonymous is not authorized to perform: execute-api:Invoke on resource: ' +
  'arn:aws:execute-api:us-west-2:111122223333:a1b2c3d4e5/api/GET/';
const TRUST_EXPLICIT =
  'User: arn:aws:iam::777788889999:user/John is not authorized to perform: sts:AssumeRole ' +
  'with an explicit deny in the role trust policy';

const SENTENCES = [
  SCP_EXPLICIT,
  RESOURCE_IMPLICIT,
  BOUNDARY_IMPLICIT,
  LEGACY_ASSUME,
  ANONYMOUS,
  TRUST_EXPLICIT,
];

function hardWrap(text: string, width: number, prefix = ''): string {
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += width) lines.push(prefix + text.slice(at, at + width));
  return lines.join('\n');
}

describe('the main sentence', () => {
  it('reads every field of an explicit SCP denial with its policy ARN', () => {
    expect(pick(only(SCP_EXPLICIT))).toEqual({
      kind: 'access-denied',
      principal:
        'arn:aws:sts::111122223333:assumed-role/voclabs/user1234567=example-user@example.com',
      action: 's3:GetBucketObjectLockConfiguration',
      resource: 'arn:aws:s3:::example-bucket',
      deny: 'explicit',
      policyType: 'scp',
      policyArn:
        'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/service_control_policy/p-a1b2c3d4',
      service: 's3',
    });
  });

  it('gives the accounts of principal and resource from their ARNs', () => {
    const error = only(RESOURCE_IMPLICIT);
    expect(error.principalAccount).toBe('111122223333');
    expect(error.resourceAccount).toBe('444455556666');
  });

  it('reads the Access Troubleshooter form with its authorization id', () => {
    const text =
      'User: arn:aws:iam::123456789012:user/janedoe is not authorized to perform: ' +
      'iam:CreateInstanceProfile\non resource: ' +
      'arn:aws:iam::123456789012:instance-profile/my-instance-profile\nwith an explicit deny in ' +
      'an identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy.\nGo to ' +
      'https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/' +
      'EXAMPLE1a2b3c4d5e6f7g8h9i0j for complete details,\nor call the ' +
      'GetRequestAuthorizationDetails API with the following authorization id: ' +
      'EXAMPLE1a2b3c4d5e6f7g8h9i0j';
    const error = only(text);
    expect(error.policyType).toBe('identity');
    expect(error.deny).toBe('explicit');
    expect(error.policyArn).toBe('arn:aws:iam::123456789012:policy/ExampleDenyPolicy');
    expect(error.authorizationId).toBe('EXAMPLE1a2b3c4d5e6f7g8h9i0j');
  });

  it('accepts a resource control policy ARN by analogy with SCPs', () => {
    const error = only(
      'User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:GetObject on ' +
        'resource: "arn:aws:s3:::b/k" with an explicit deny in a resource control policy: ' +
        'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/' +
        'resource_control_policy/p-abcd1234.',
    );
    expect(error.policyType).toBe('rcp');
    expect(error.policyArn).toBe(
      'arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/resource_control_policy/p-abcd1234',
    );
  });

  it('reports the SCP for a VPC endpoint policy applied transitively through an SCP', () => {
    const error = only(
      'User: arn:aws:iam::123456789012:user/John is not authorized to perform: ' +
        'codecommit:ListRepositories with an explicit deny in a VPC endpoint policy transitively ' +
        'through a service control policy',
    );
    expect(error.policyType).toBe('scp');
    expect(error.deny).toBe('explicit');
  });

  it('reads IAM resources named in words and masked principals literally', () => {
    expect(
      only(
        'User: arn:aws:iam::111122223333:user/x is not authorized to perform: ' +
          'iam:DeleteAccessKey on resource: access key AKIAIOSFODNN7EXAMPLE',
      ).resource,
    ).toBe('access key AKIAIOSFODNN7EXAMPLE');
    const masked = only(
      'Could not assume role with user credentials: User: ' +
        'arn:aws:sts::***:assumed-role/publish/GitHubActions is not authorized to perform: ' +
        'sts:TagSession on resource: arn:aws:iam::***:role/cloudfront-invalidator',
    );
    expect(masked.principal).toBe('arn:aws:sts::***:assumed-role/publish/GitHubActions');
    expect(masked.principalAccount).toBeNull();
    expect(masked.action).toBe('sts:TagSession');
  });

  it('keeps what a truncated paste still shows', () => {
    const cut = only('User: arn:aws:iam::111122223333:user/x is not authorized to perfor');
    expect(cut.principal).toBe('arn:aws:iam::111122223333:user/x');
    expect(cut.truncated).toBe(true);
    const reason = only(
      'User: arn:aws:iam::111122223333:user/x is not authorized to perform: ' +
        'secretsmanager:GetSecretValue because no resource-based policy ',
    );
    expect(reason.deny).toBe('implicit');
    expect(reason.policyType).toBe('resource');
  });

  it('finds nothing in prose about authorization', () => {
    expect(
      parseAccessErrors(
        'If a user is not authorized to perform an action, the IAM console shows the ' +
          'permissions policies attached to the role. Access Analyzer validates policies.',
      ),
    ).toEqual([]);
    expect(parseAccessErrors('')).toEqual([]);
  });
});

describe('wrappers and damage from the way text arrives', () => {
  it('strips ANSI colour codes, also inside words and tokens', () => {
    for (const sentence of SENTENCES) {
      const coloured = `\u001b[31m\u001b[1mError:\u001b[0m ${sentence
        .replace('is not', 'is \u001b[33mnot\u001b[0m')
        .replace('arn:aws:', 'arn:\u001b[36maws:')}\u001b[0m`;
      expect(pick(only(coloured))).toEqual(pick(only(sentence)));
    }
  });

  it('joins terminal wraps at any width, inside words and ARNs', () => {
    for (const sentence of SENTENCES) {
      const expected = pick(only(sentence));
      for (let width = 17; width <= 140; width += 3) {
        expect({ width, ...pick(only(hardWrap(sentence, width))) }).toEqual({ width, ...expected });
      }
    }
  });

  it('does not glue a value to a new log line that follows it', () => {
    const ci = [
      'Step 7/9 : deploy',
      'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ' +
        'arn:aws:sts::111122223333:assumed-role/ci-runner/build-4512 is not authorized to ' +
        'perform: sts:AssumeRole on resource: arn:aws:iam::999988887777:role/DeployRole',
      'Step 8/9 : notify',
    ].join('\n');
    const error = only(ci);
    expect(error.resource).toBe('arn:aws:iam::999988887777:role/DeployRole');
    expect(error.resourceAccount).toBe('999988887777');
    const nextLines = [
      'Step 8/9 : notify',
      '+ aws s3 cp build.zip s3://bucket/',
      'Removing intermediate container 0f3c2a',
      'Done in 4.2s',
      'make: *** [deploy] Error 254',
    ];
    for (const sentence of SENTENCES) {
      const expected = pick(only(sentence));
      for (const next of nextLines) {
        expect({ next, ...pick(only(`${sentence}\n${next}`)) }).toEqual({ next, ...expected });
        // Wrapped at any width, the last fragment still joins and the log line still does not.
        for (let width = 17; width <= 140; width += 7) {
          const wrapped = `${hardWrap(sentence, width)}\n${next}`;
          expect({ width, next, ...pick(only(wrapped)) }).toEqual({ width, next, ...expected });
        }
      }
    }
    const action = only(
      'User: arn:aws:iam::111122223333:user/x is not authorized to perform: ' +
        's3:GetObject\nStep 8/9 : notify',
    );
    expect(action.action).toBe('s3:GetObject');
  });

  it('removes Terraform box-drawing borders on wrapped lines', () => {
    for (const sentence of SENTENCES) {
      const boxed = [
        '╷',
        '│ Error: operation error STS: AssumeRole, https response error StatusCode: 403, ' +
          'RequestID: 7fc04918, api error AccessDenied:',
        hardWrap(sentence, 61, '│ '),
        '│',
        '╵',
      ].join('\n');
      expect(pick(only(boxed))).toEqual(pick(only(sentence)));
    }
  });

  it('reads GitHub Actions annotations with timestamps', () => {
    const log = `2024-05-01T10:00:00.1234567Z ##[error]${LEGACY_ASSUME}`;
    expect(pick(only(log))).toEqual(pick(only(LEGACY_ASSUME)));
  });

  it('never glues an annotated error line to the value ending the line before it', () => {
    for (const account of ['***', '123456789012']) {
      for (const marker of ['##[error]', '::error::', '2026-01-01T10:00:00.1234567Z ##[error]']) {
        const log = [
          'Run aws-actions/configure-aws-credentials@v4',
          '  with:',
          `    role-to-assume: arn:aws:iam::${account}:role/gha-deploy`,
          '    aws-region: eu-west-1',
          `${marker}Could not assume role with OIDC: Not authorized to perform ` +
            'sts:AssumeRoleWithWebIdentity',
        ].join('\n');
        const error = only(log);
        expect({ marker, kind: error.kind, excerpt: error.excerpt }).toEqual({
          marker,
          kind: 'federated-assume-denied',
          excerpt:
            `role-to-assume: arn:aws:iam::${account}:role/gha-deploy aws-region: eu-west-1 ` +
            'Could not assume role with OIDC: Not authorized to perform ' +
            'sts:AssumeRoleWithWebIdentity',
        });
        // The role the action echoed is the role whose trust policy refused the token.
        expect(error.resource).toBe(`arn:aws:iam::${account}:role/gha-deploy`);
        expect(error.resourceAccount).toBe(account === '***' ? null : account);
      }
    }
  });

  it('unescapes JSON bodies, once or twice escaped', () => {
    const body = JSON.stringify({ __type: 'AccessDeniedException', Message: SCP_EXPLICIT });
    const error = only(body);
    expect(pick(error)).toEqual(pick(only(SCP_EXPLICIT)));
    expect(error.errorCode).toBe('AccessDeniedException');
    const twice = JSON.stringify({ log: body });
    expect(pick(only(twice))).toEqual(pick(only(SCP_EXPLICIT)));
  });

  it('reads query-protocol XML bodies, with entities', () => {
    const xml =
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender' +
      `</Type><Code>AccessDenied</Code><Message>${LEGACY_ASSUME}</Message></Error>` +
      '<RequestId>689b4496</RequestId></ErrorResponse>';
    expect(pick(only(xml))).toEqual(pick(only(LEGACY_ASSUME)));
    const s3 =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access ' +
      'Denied</Message><RequestId>MZNWSVNEKP6YBKF4</RequestId></Error>';
    expect(only(s3).kind).toBe('opaque-access-denied');
    const entities = only(
      '&lt;Message&gt;User: arn:aws:iam::111122223333:user/x is not authorized to perform: ' +
        's3:GetObject on resource: &quot;arn:aws:s3:::b/k&quot;&lt;/Message&gt;',
    );
    expect(entities.resource).toBe('arn:aws:s3:::b/k');
  });

  it('reads SDK wrappers: CLI v1 and v2, Go v1 and v2, Java, .NET', () => {
    const cli = only(
      `An error occurred (AccessDenied) when calling the AssumeRole operation: ${LEGACY_ASSUME}`,
    );
    expect(cli.operation).toBe('AssumeRole');
    expect(cli.suggestedActions).toEqual(['sts:AssumeRole']);
    expect(cli.errorCode).toBe('AccessDenied');
    const v1 = only(
      'A client error (AccessDenied) occurred when calling the ListObjects operation: Access ' +
        'Denied',
    );
    expect(v1).toMatchObject({
      kind: 'opaque-access-denied',
      operation: 'ListObjects',
      service: 's3',
    });
    expect(v1.suggestedActions).toEqual(['s3:ListBucket']);
    const go = only(
      'operation error S3: ListObjectsV2, https response error StatusCode: 403, RequestID: X, ' +
        'HostID: Y, api error AccessDenied: Access Denied',
    );
    expect(go).toMatchObject({
      kind: 'opaque-access-denied',
      operation: 'ListObjectsV2',
      service: 's3',
    });
    expect(go.suggestedActions).toEqual(['s3:ListBucket']);
    const java = only(
      'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; ' +
        'Request ID: R)',
    );
    expect(java).toMatchObject({
      kind: 'opaque-access-denied',
      service: 's3',
      errorCode: 'AccessDenied',
    });
    const dotnet = only(
      `Amazon.SecurityToken.AmazonSecurityTokenServiceException: ${TRUST_EXPLICIT}`,
    );
    expect(dotnet.policyType).toBe('trust');
  });

  it('reads the EC2 family: a sentence inside UnauthorizedOperation, or only the blob', () => {
    const inserted = only(
      'An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You ' +
        'are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/x is ' +
        'not authorized to perform: ec2:RunInstances on resource: ' +
        'arn:aws:ec2:us-east-1:111122223333:instance/* because no identity-based policy allows ' +
        'the ec2:RunInstances action. Encoded authorization failure message: EXAMPLEabc-_123',
    );
    expect(inserted).toMatchObject({
      kind: 'access-denied',
      policyType: 'identity',
      encodedMessage: 'EXAMPLEabc-_123',
      operation: 'RunInstances',
    });
    const blob = only(
      'Client.UnauthorizedOperation: You are not authorized to perform this operation. Encoded ' +
        'authorization failure message: EXAMPLEzz9',
    );
    expect(blob).toMatchObject({
      kind: 'encoded-authorization-failure',
      encodedMessage: 'EXAMPLEzz9',
      service: 'ec2',
    });
  });

  it('reads a whole CloudTrail record, filling the caller from userIdentity', () => {
    const record = JSON.stringify(
      {
        eventVersion: '1.08',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/reader/alice',
          accountId: '111122223333',
        },
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
        requestParameters: { bucketName: 'example-bucket' },
      },
      null,
      2,
    );
    expect(only(record)).toMatchObject({
      kind: 'opaque-access-denied',
      principal: 'arn:aws:sts::111122223333:assumed-role/reader/alice',
      operation: 'GetObject',
      service: 's3',
      suggestedActions: ['s3:GetObject'],
    });
    const detailed = JSON.stringify({
      Records: [
        {
          userIdentity: { arn: 'arn:aws:iam::111122223333:user/example-developer' },
          eventSource: 's3.amazonaws.com',
          eventName: 'DeleteObject',
          errorCode: 'AccessDenied',
          errorMessage:
            'User: arn:aws:iam::111122223333:user/example-developer is not authorized to ' +
            'perform: s3:DeleteObject on resource: "arn:aws:s3:::b/k" with an explicit deny in ' +
            'an identity-based policy: arn:aws:iam::111122223333:policy/deny',
        },
        {
          userIdentity: { arn: 'arn:aws:iam::111122223333:user/other' },
          eventSource: 'sts.amazonaws.com',
          eventName: 'AssumeRole',
          errorCode: 'AccessDenied',
          errorMessage: 'An unknown error occurred',
          requestParameters: { roleArn: 'arn:aws:iam::444455556666:role/target' },
        },
      ],
    });
    const [first, second, ...rest] = parseAccessErrors(detailed);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      kind: 'access-denied',
      policyArn: 'arn:aws:iam::111122223333:policy/deny',
      operation: 'DeleteObject',
    });
    expect(second).toMatchObject({
      principal: 'arn:aws:iam::111122223333:user/other',
      resource: 'arn:aws:iam::444455556666:role/target',
      operation: 'AssumeRole',
    });
  });

  it('reads decoded authorization messages, bare or wrapped', () => {
    const decoded = {
      allowed: false,
      explicitDeny: false,
      matchedStatements: { items: [] },
      failures: { items: [] },
      context: {
        principal: { id: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/dev' },
        action: 'ec2:CreateVolume',
        resource: 'arn:aws:ec2:eu-west-1:111122223333:volume/*',
        conditions: { items: [] },
      },
    };
    const bare = only(JSON.stringify(decoded, null, 2));
    expect(bare).toMatchObject({
      kind: 'decoded-authorization-message',
      deny: 'implicit',
      action: 'ec2:CreateVolume',
      principal: 'arn:aws:iam::111122223333:user/dev',
    });
    const wrapped = only(JSON.stringify({ DecodedMessage: JSON.stringify(decoded) }));
    expect(pick(wrapped)).toEqual(pick(bare));
    expect(parseAccessErrors(JSON.stringify({ ...decoded, allowed: true }))).toEqual([]);
  });

  it('finds every error in a log, in order', () => {
    const log = [
      `An error occurred (AccessDenied) when calling the AssumeRole operation: ${LEGACY_ASSUME}`,
      'some unrelated line',
      'botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the ' +
        'CreateRole operation: The security token included in the request is expired',
      `AccessDeniedException: ${RESOURCE_IMPLICIT}`,
      'An error occurred (AccessDenied) when calling the GetBucketLocation operation: Access ' +
        'Denied',
    ].join('\n');
    expect(parseAccessErrors(log).map((error) => [error.kind, error.operation])).toEqual([
      ['access-denied', 'AssumeRole'],
      ['expired-token', 'CreateRole'],
      ['access-denied', null],
      ['opaque-access-denied', 'GetBucketLocation'],
    ]);
  });
});

describe('more producers', () => {
  it('aws s3 prints the bare HTTP status for HEAD requests', () => {
    expect(
      only('fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden'),
    ).toMatchObject({
      kind: 'opaque-access-denied',
      operation: 'HeadObject',
      service: 's3',
      suggestedActions: ['s3:GetObject'],
    });
  });

  it('.NET exception names and s3cmd codes', () => {
    expect(only('Amazon.S3.AmazonS3Exception: Access Denied')).toMatchObject({
      kind: 'opaque-access-denied',
      service: 's3',
    });
    expect(only('ERROR: S3 error: 403 (AccessDenied): Access Denied')).toMatchObject({
      kind: 'opaque-access-denied',
      errorCode: 'AccessDenied',
    });
  });

  it('Step Functions causes: the sentence inside, not the task error as a code', () => {
    const cause = JSON.stringify({
      error: 'States.TaskFailed',
      cause: JSON.stringify({ errorMessage: LEGACY_ASSUME }),
    });
    const error = only(cause);
    expect(pick(error)).toEqual(pick(only(LEGACY_ASSUME)));
    expect(error.errorCode).toBeNull();
  });

  it('a console heading without the permission introduces the sentence below it', () => {
    const error = only(
      'You need permissions\nYou do not have the permission required to perform this ' +
        'operation. User: arn:aws:sts::111122223333:assumed-role/ro/me is not authorized to ' +
        'perform: iam:ListRoles on resource: arn:aws:iam::111122223333:role/ because no ' +
        'identity-based policy allows the iam:ListRoles action',
    );
    expect(error).toMatchObject({ kind: 'access-denied', action: 'iam:ListRoles' });
    expect(only("You don't have permission to iam:ListRoles")).toMatchObject({
      kind: 'console-permission-banner',
      action: 'iam:ListRoles',
    });
  });

  it('IAM resources in words, the legacy access form and the Principal [x] form', () => {
    expect(
      only(
        'User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:GetRole on ' +
          'resource: role MyRole',
      ).resource,
    ).toBe('role MyRole');
    expect(
      only('User: arn:aws:iam::123456789012:user/x is not authorized to access this resource'),
    ).toMatchObject({ kind: 'access-denied', action: null, resource: null });
    expect(
      only(
        'Principal [arn:aws:iam::123456789012:user/x] is not allowed to execute [glue:GetTable] ' +
          'on the resource',
      ),
    ).toMatchObject({ principal: 'arn:aws:iam::123456789012:user/x', action: 'glue:GetTable' });
  });
});

describe('errors people take for access denied', () => {
  const cases: Array<[string, string, Partial<ParsedAccessError>]> = [
    [
      'An error occurred (AccessDenied) when calling the AssumeRole operation: Roles may not be ' +
        'assumed by root accounts',
      'root-cannot-assume-role',
      { service: 'sts' },
    ],
    [
      'An error occurred (ValidationError) when calling the AssumeRole operation: The requested ' +
        'DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      'role-chaining-limit',
      { service: 'sts' },
    ],
    [
      'An error occurred (AccessDenied) when calling the GetSessionToken operation: Cannot call ' +
        'GetSessionToken with session credentials',
      'session-credentials-not-allowed',
      { operation: 'GetSessionToken' },
    ],
    [
      'Only federation tokens or assume role tokens may be used for federated login',
      'federation-token-required',
      {},
    ],
    [
      'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity ' +
        'operation: Incorrect token audience',
      'invalid-identity-token',
      { errorCode: 'InvalidIdentityToken' },
    ],
    [
      'An error occurred (SignatureDoesNotMatch) when calling the GetObject operation: The ' +
        'request signature we calculated does not match the signature you provided. Check your ' +
        'key and signing method.',
      'signature-mismatch',
      { service: 's3' },
    ],
    [
      'Unable to locate credentials. You can configure credentials by running "aws configure".',
      'missing-credentials',
      {},
    ],
    [
      'An error occurred (AccessDenied) when calling the PassRole operation: Cross-account pass ' +
        'role is not allowed.',
      'cross-account-pass-role',
      { service: 'iam' },
    ],
  ];
  for (const [text, kind, fields] of cases) {
    it(kind, () => {
      expect(only(text)).toMatchObject({ kind, ...fields });
    });
  }
});

describe('robustness', () => {
  it('never throws, whatever the input', () => {
    const fragments = fc.constantFrom(
      'User: ',
      'arn:aws:iam::111122223333:user/x',
      ' is not authorized to perform: ',
      's3:GetObject',
      ' on resource: "',
      ' because no ',
      'with an explicit deny in a ',
      'service control policy: ',
      'An error occurred (',
      ') when calling the ',
      ' operation: ',
      '"allowed":false,"explicitDeny":true',
      '"errorCode":"AccessDenied"',
      'Encoded authorization failure message: ',
      '\\"',
      '\u001b[31m',
      '│ ',
      '\n',
      '&quot;',
      '...',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 40 }), (parts) => {
        const errors = parseAccessErrors(parts.join(''));
        expect(Array.isArray(errors)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('stays linear on a megabyte of hostile near-matches', () => {
    const nearMisses = [
      'User: arn:aws:iam::111122223333:user/x is not authorized to perform: ',
      'is not authorized is not authorized ',
      'An error occurred (AccessDenied) when calling the ',
      'operation error S3: ',
      'with an explicit deny in a ',
      'because no resource-based polic',
      '"allowed":false,"principal":{',
      '"errorCode":"AccessDenied",',
      '\\\\\\\\\\\\\\\\\\\\\\\\',
      '│ │ │ ',
      '\u001b[\u001b[\u001b[',
      'arn:aws:iam::111122223333:role/',
      'Encoded authorization failure message: ',
      "You don't have permission to ",
    ].join('\n');
    const hostile = nearMisses.repeat(Math.ceil(1_000_000 / nearMisses.length));
    const oneToken = `${'a'.repeat(1_000_000)} is not authorized to perform: s3:GetObject`;
    const blob = `Encoded authorization failure message: ${'A'.repeat(1_000_000)}`;
    for (const input of [hostile, oneToken, blob]) {
      const started = performance.now();
      const errors = parseAccessErrors(input);
      // Completes, and in far less than a generous bound (a backtracking regex would not).
      expect(performance.now() - started).toBeLessThan(2000);
      expect(Array.isArray(errors)).toBe(true);
    }
    expect(parseAccessErrors(hostile).length).toBeGreaterThan(0);
    // Very many wrapper hits in a row still leave the real error readable at the end.
    const crowded = parseAccessErrors(`${'AccessDenied: '.repeat(80_000)}${LEGACY_ASSUME}`);
    expect(pick(crowded[crowded.length - 1])).toEqual(pick(only(LEGACY_ASSUME)));
    const decodedRepeats = '"explicitDeny":false,"action":"x",'.repeat(30_000);
    const started = performance.now();
    parseAccessErrors(decodedRepeats);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('more producers and record shapes', () => {
  it('reads a tag refusal on AssumeRoleWithWebIdentity as a federated assumption', () => {
    const error = only(
      'An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: ' +
        'Not authorized to perform sts:TagSession',
    );
    expect(error.kind).toBe('federated-assume-denied');
    expect(error.action).toBe('sts:TagSession');
    expect(error.operation).toBe('AssumeRoleWithWebIdentity');
    const saml = only(
      'An error occurred (AccessDenied) when calling the AssumeRoleWithSAML operation: ' +
        'Not authorized to perform sts:SetSourceIdentity',
    );
    expect(saml.kind).toBe('federated-assume-denied');
  });

  it('builds the resource of a bare CloudTrail refusal from requestParameters', () => {
    const record = (source: string, event: string, parameters: object) =>
      JSON.stringify({
        eventVersion: '1.08',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/dev/alice',
          accountId: '111122223333',
        },
        eventSource: `${source}.amazonaws.com`,
        eventName: event,
        awsRegion: 'eu-central-1',
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
        requestParameters: parameters,
        recipientAccountId: '111122223333',
      });
    const s3 = only(record('s3', 'GetObject', { bucketName: 'bkt', key: 'dir/x.txt' }));
    expect(s3.resource).toBe('arn:aws:s3:::bkt/dir/x.txt');
    expect(s3.region).toBe('eu-central-1');
    expect(only(record('s3', 'ListObjects', { bucketName: 'bkt' })).resource).toBe(
      'arn:aws:s3:::bkt',
    );
    expect(only(record('dynamodb', 'GetItem', { tableName: 'orders' })).resource).toBe(
      'arn:aws:dynamodb:eu-central-1:111122223333:table/orders',
    );
    expect(only(record('ssm', 'GetParameter', { name: '/app/db' })).resource).toBe(
      'arn:aws:ssm:eu-central-1:111122223333:parameter/app/db',
    );
    expect(
      only(record('sns', 'Publish', { topicArn: 'arn:aws:sns:eu-central-1:444455556666:t' }))
        .resource,
    ).toBe('arn:aws:sns:eu-central-1:444455556666:t');
    // Nothing obvious: no resource rather than a guess.
    expect(only(record('ec2', 'DescribeInstances', { maxResults: 5 })).resource).toBeNull();
    // Two records: each keeps its own Region and parameters.
    const two = parseAccessErrors(
      `[${record('s3', 'GetObject', { bucketName: 'a', key: 'k' })},${record('s3', 'PutObject', {
        bucketName: 'b',
        key: 'l',
      }).replace('eu-central-1', 'eu-west-3')}]`,
    );
    expect(two.map((error) => [error.resource, error.region])).toEqual([
      ['arn:aws:s3:::a/k', 'eu-central-1'],
      ['arn:aws:s3:::b/l', 'eu-west-3'],
    ]);
  });

  it('reads Java SDK v2, S3 XML bodies, disabled STS Regions and Identity Center refusals', () => {
    const java = only(
      'software.amazon.awssdk.services.s3.model.S3Exception: Access Denied (Service: S3, ' +
        'Status Code: 403, Request ID: XYZ123ABC456, Extended Request ID: abcd=)\n\tat ' +
        'software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse' +
        '(CombinedResponseHandler.java:125)',
    );
    expect([java.kind, java.service]).toEqual(['opaque-access-denied', 's3']);
    // A generic SDK exception class names no service.
    const generic = only(
      'software.amazon.awssdk.core.exception.SdkServiceException: Access Denied',
    );
    expect([generic.kind, generic.service]).toEqual(['opaque-access-denied', null]);
    const xml = only(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access ' +
        'Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>',
    );
    expect([xml.kind, xml.service]).toEqual(['opaque-access-denied', 's3']);
    const region = only(
      'An error occurred (RegionDisabledException) when calling the AssumeRole operation: STS ' +
        'is not activated in this region for account:111122223333. Your account administrator ' +
        'can activate STS in this region using the IAM Console.',
    );
    expect([region.kind, region.service]).toEqual(['region-disabled', 'sts']);
    const sso = only(
      'An error occurred (ForbiddenException) when calling the GetRoleCredentials operation: ' +
        'No access',
    );
    expect([sso.kind, sso.service]).toEqual(['identity-center-no-access', 'sso']);
  });

  it('tells Kubernetes refusals from AWS ones: cluster sign-in and RBAC', () => {
    const forbidden = only(
      'Error from server (Forbidden): pods is forbidden: User ' +
        '"arn:aws:sts::111122223333:assumed-role/dev/alice" cannot list resource "pods" in API ' +
        'group "" in the namespace "default"',
    );
    expect(forbidden).toMatchObject({
      kind: 'kubernetes-forbidden',
      principal: 'arn:aws:sts::111122223333:assumed-role/dev/alice',
      principalAccount: '111122223333',
      action: null,
      service: 'eks',
    });
    const clusterScope = only(
      'Error from server (Forbidden): nodes is forbidden: User "kubernetes-admin" cannot list ' +
        'resource "nodes" in API group "" at the cluster scope',
    );
    expect([clusterScope.kind, clusterScope.principal]).toEqual([
      'kubernetes-forbidden',
      'kubernetes-admin',
    ]);
    for (const text of [
      'error: You must be logged in to the server (Unauthorized)',
      "couldn't get current server API group list: the server has asked for the client to " +
        'provide credentials',
    ]) {
      expect(only(text).kind).toBe('eks-unauthorized');
    }
  });
});
