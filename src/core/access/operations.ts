// API operation names to the IAM actions they need, for the services met in real access errors.
// Most operations need the action of the same name under the service prefix; only those that
// differ are spelled out. An operation name shared by several services is left out on purpose:
// the service could not be told from the name alone.

/** Operations whose IAM action is `<service>:<same name>`, per service prefix. */
const SAME_NAME: Record<string, string> = {
  sts:
    'AssumeRole AssumeRoleWithWebIdentity AssumeRoleWithSAML GetFederationToken ' +
    'GetSessionToken DecodeAuthorizationMessage',
  s3:
    'GetObject PutObject DeleteObject GetBucketLocation GetBucketVersioning ' +
    'GetBucketPolicy PutBucketPolicy GetObjectAcl PutObjectAcl GetObjectTagging ' +
    'PutObjectTagging GetBucketTagging GetBucketAcl PutBucketAcl AbortMultipartUpload ' +
    'CreateBucket DeleteBucket RestoreObject GetBucketOwnershipControls ' +
    'GetBucketLogging GetBucketWebsite GetBucketRequestPayment',
  iam:
    'CreateRole GetRole DeleteRole UpdateRole UpdateAssumeRolePolicy PutRolePolicy ' +
    'AttachRolePolicy DetachRolePolicy CreatePolicy CreatePolicyVersion GetPolicy ' +
    'GetPolicyVersion ListRoles ListPolicies CreateUser GetUser ' +
    'ListAttachedRolePolicies ListRolePolicies SimulatePrincipalPolicy ' +
    'CreateServiceLinkedRole GenerateServiceLastAccessedDetails CreateInstanceProfile ' +
    'AddRoleToInstanceProfile TagRole CreateOpenIDConnectProvider ' +
    'ListOpenIDConnectProviders PutRolePermissionsBoundary',
  ec2:
    'RunInstances DescribeInstances DescribeImages CreateInternetGateway CreateVpc ' +
    'CreateSubnet CreateSecurityGroup AuthorizeSecurityGroupIngress StartInstances ' +
    'StopInstances TerminateInstances CreateTags DescribeRegions CreateVolume ' +
    'AttachVolume DescribeVpcs DescribeSubnets DescribeSecurityGroups',
  kms:
    'Decrypt Encrypt GenerateDataKey GenerateDataKeyWithoutPlaintext DescribeKey ' +
    'CreateGrant GetKeyPolicy PutKeyPolicy',
  dynamodb:
    'GetItem PutItem UpdateItem DeleteItem Query Scan BatchGetItem BatchWriteItem ' +
    'DescribeTable CreateTable ListTables',
  ssm: 'GetParameter GetParameters GetParametersByPath PutParameter StartSession ' + 'SendCommand',
  secretsmanager: 'GetSecretValue DescribeSecret PutSecretValue CreateSecret GetResourcePolicy',
  ecr:
    'GetAuthorizationToken BatchGetImage GetDownloadUrlForLayer InitiateLayerUpload ' +
    'UploadLayerPart CompleteLayerUpload PutImage BatchCheckLayerAvailability ' +
    'DescribeRepositories CreateRepository',
  lambda:
    'GetFunction GetFunctionConfiguration UpdateFunctionCode ' +
    'UpdateFunctionConfiguration CreateFunction AddPermission GetPolicy',
  cloudformation:
    'DescribeStacks CreateStack UpdateStack DeleteStack CreateChangeSet ' +
    'ExecuteChangeSet DescribeStackEvents',
  sns: 'Publish Subscribe CreateTopic',
  sqs: 'SendMessage ReceiveMessage DeleteMessage GetQueueUrl GetQueueAttributes',
  eks: 'ListFargateProfiles CreateNodegroup DescribeNodegroup',
  logs: 'CreateLogGroup CreateLogStream PutLogEvents DescribeLogGroups FilterLogEvents',
  autoscaling: 'PutLifecycleHook CreateAutoScalingGroup UpdateAutoScalingGroup',
  ecs: 'RunTask RegisterTaskDefinition DescribeServices UpdateService ExecuteCommand',
  states: 'StartExecution',
  bedrock: 'InvokeModel InvokeModelWithResponseStream',
  organizations: 'DescribeOrganization ListAccounts',
  sagemaker: 'ListModels',
  codedeploy: 'ListDeployments',
  codecommit: 'ListRepositories',
};

/** Operations whose IAM actions differ from their names. */
const DIFFERENT: Record<string, readonly string[]> = {
  // S3: list and head calls are authorised by differently named actions.
  ListObjects: ['s3:ListBucket'],
  ListObjectsV2: ['s3:ListBucket'],
  ListObjectVersions: ['s3:ListBucketVersions'],
  HeadObject: ['s3:GetObject'],
  HeadBucket: ['s3:ListBucket'],
  ListBuckets: ['s3:ListAllMyBuckets'],
  CopyObject: ['s3:GetObject', 's3:PutObject'],
  DeleteObjects: ['s3:DeleteObject'],
  SelectObjectContent: ['s3:GetObject'],
  CreateMultipartUpload: ['s3:PutObject'],
  UploadPart: ['s3:PutObject'],
  CompleteMultipartUpload: ['s3:PutObject'],
  ListMultipartUploads: ['s3:ListBucketMultipartUploads'],
  GetObjectLockConfiguration: ['s3:GetBucketObjectLockConfiguration'],
  PutObjectLockConfiguration: ['s3:PutBucketObjectLockConfiguration'],
  GetBucketEncryption: ['s3:GetEncryptionConfiguration'],
  PutBucketEncryption: ['s3:PutEncryptionConfiguration'],
  GetBucketLifecycleConfiguration: ['s3:GetLifecycleConfiguration'],
  PutBucketLifecycleConfiguration: ['s3:PutLifecycleConfiguration'],
  GetPublicAccessBlock: ['s3:GetBucketPublicAccessBlock'],
  GetBucketCors: ['s3:GetBucketCORS'],
  GetBucketReplication: ['s3:GetReplicationConfiguration'],
  GetBucketNotificationConfiguration: ['s3:GetBucketNotification'],
  GetBucketAccelerateConfiguration: ['s3:GetAccelerateConfiguration'],
  // Bedrock Converse APIs are authorised as model invocations.
  Converse: ['bedrock:InvokeModel'],
  ConverseStream: ['bedrock:InvokeModelWithResponseStream'],
  // Lambda's Invoke API is the lambda:InvokeFunction action.
  Invoke: ['lambda:InvokeFunction'],
  InvokeAsync: ['lambda:InvokeFunction'],
  InvokeWithResponseStream: ['lambda:InvokeFunction'],
  ReEncrypt: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
  // Needs no permission at all: a failure here is always about the credentials.
  GetCallerIdentity: [],
};

const SERVICE_OF_OPERATION = new Map<string, string>();
const AMBIGUOUS = new Set<string>();
for (const [service, names] of Object.entries(SAME_NAME)) {
  for (const name of names.split(' ')) {
    const known = SERVICE_OF_OPERATION.get(name);
    if (known && known !== service) AMBIGUOUS.add(name);
    SERVICE_OF_OPERATION.set(name, service);
  }
}
// A name listed under two services (IAM and Lambda both have GetPolicy) identifies neither.
for (const name of AMBIGUOUS) SERVICE_OF_OPERATION.delete(name);
for (const [name, actions] of Object.entries(DIFFERENT)) {
  const first = actions[0];
  if (first) SERVICE_OF_OPERATION.set(name, first.split(':')[0] ?? '');
}
SERVICE_OF_OPERATION.set('GetCallerIdentity', 'sts');

/** Service prefixes this table knows, for recognising `prefix:` tokens broken by a wrap. */
export const KNOWN_SERVICE_PREFIXES: ReadonlySet<string> = new Set([
  ...Object.keys(SAME_NAME),
  'execute-api',
  'waf-regional',
  'wafv2',
  'evidently',
  'cognito-identity',
  'elasticloadbalancing',
  'cloudtrail',
  'cloudwatch',
  'events',
  'glue',
  'athena',
  'route53',
  'acm',
  'apigateway',
  'elasticfilesystem',
  'redshift',
  'rds',
]);

/** The service an operation name unambiguously belongs to, or null. */
export function serviceOfOperation(operation: string): string | null {
  return SERVICE_OF_OPERATION.get(operation) ?? null;
}

/**
 * IAM actions an operation needs. Unknown operations of a known service follow AWS's usual
 * convention (`service:Operation`); without a service nothing can be said and the list is empty.
 */
export function actionsForOperation(operation: string, service?: string | null): string[] {
  const differing = DIFFERENT[operation];
  if (differing) return [...differing];
  const owner = SERVICE_OF_OPERATION.get(operation) ?? service ?? null;
  return owner && /^[A-Z][A-Za-z0-9]{1,127}$/.test(operation) ? [`${owner}:${operation}`] : [];
}
