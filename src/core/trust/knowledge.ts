// Facts about STS and role trust that the checks and the evaluator share. Lists that change over
// time carry the date they describe; update them together with the tests that use them.

export const TRUST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
] as const;

export const ASSUME_ROLE = 'sts:AssumeRole';
export const ASSUME_ROLE_WITH_SAML = 'sts:AssumeRoleWithSAML';
export const ASSUME_ROLE_WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
export const TAG_SESSION = 'sts:TagSession';
export const SET_SOURCE_IDENTITY = 'sts:SetSourceIdentity';

/** Identity providers IAM knows without a provider resource. */
export const BUILT_IN_WEB_IDENTITY_PROVIDERS = [
  'cognito-identity.amazonaws.com',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
] as const;

export const COGNITO_PROVIDER = 'cognito-identity.amazonaws.com';
export const GITHUB_PROVIDER = 'token.actions.githubusercontent.com';

/** Whether an OIDC provider path is GitHub Actions (also enterprise-specific issuers). */
export function isGitHubProvider(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === GITHUB_PROVIDER || lower.startsWith(`${GITHUB_PROVIDER}/`);
}

export function isEksProvider(path: string): boolean {
  return /^oidc\.eks\.[a-z0-9-]{1,30}\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]{1,64}$/.test(path);
}

/**
 * Token claims STS exposes as condition keys, per provider (Service Authorization Reference as of
 * 2026). GitHub's extra claims became keys in 2026; before that only aud and sub worked.
 */
const GITHUB_CLAIMS = [
  'aud',
  'sub',
  'actor',
  'actor_id',
  'enterprise_id',
  'environment',
  'job_workflow_ref',
  'ref',
  'repository',
  'repository_id',
  'repository_owner_id',
  'workflow',
];
const BUILT_IN_CLAIMS: Record<string, string[]> = {
  'cognito-identity.amazonaws.com': ['aud', 'sub', 'amr'],
  'accounts.google.com': ['aud', 'sub', 'oaud', 'email'],
  'graph.facebook.com': ['app_id', 'id'],
  'www.amazon.com': ['app_id', 'user_id'],
};
/** Claims no provider exposes as a key (IAM never turns them into condition keys). */
const NEVER_EXPOSED_CLAIMS = ['iss', 'exp', 'iat', 'nbf', 'jti'];

/**
 * Whether `<provider>:<claim>` exists as a condition key: true, false, or undefined when we do
 * not have a list for that provider.
 */
export function isSupportedClaim(providerPath: string, claim: string): boolean | undefined {
  const lowerClaim = claim.toLowerCase();
  if (NEVER_EXPOSED_CLAIMS.includes(lowerClaim)) return false;
  if (isGitHubProvider(providerPath)) return GITHUB_CLAIMS.includes(lowerClaim);
  if (isEksProvider(providerPath)) return lowerClaim === 'aud' || lowerClaim === 'sub';
  const builtIn = BUILT_IN_CLAIMS[providerPath.toLowerCase()];
  if (builtIn) return builtIn.includes(lowerClaim);
  if (lowerClaim === 'aud' || lowerClaim === 'sub' || lowerClaim === 'amr') return true;
  return undefined;
}

/** Keys with a single value: a ForAllValues: test on them also passes when they are absent. */
export function isSingleValuedKey(key: string): boolean {
  const lower = key.toLowerCase();
  const multi = [
    'aws:tagkeys',
    'sts:transitivetagkeys',
    'aws:principalorgpaths',
    'aws:principalservicenameslist',
    'aws:calledvia',
  ];
  if (multi.includes(lower)) return false;
  if (lower.endsWith(':amr')) return false;
  if (lower.startsWith('saml:') && !SINGLE_SAML_KEYS.includes(lower)) return false;
  return true;
}
const SINGLE_SAML_KEYS = [
  'saml:aud',
  'saml:iss',
  'saml:sub',
  'saml:sub_type',
  'saml:namequalifier',
];

/** Keys that name who the caller is; conditions on other keys do not limit who can assume. */
export const IDENTITY_KEYS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceidentity',
  'sts:sourceidentity',
  'aws:userid',
  'aws:username',
  'aws:principaltag/',
];

export const MFA_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage'];

/** Keys an AWS principal's AssumeRole carries but SAML and web-identity calls never do. */
export const AWS_CALLER_ONLY_KEYS = [
  ...MFA_KEYS,
  'sts:externalid',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:username',
];

export const SOURCE_KEYS = [
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
];

/** Services whose role assumption carries no aws:SourceArn/aws:SourceAccount (reported). */
export const SERVICES_WITHOUT_SOURCE_KEYS = [
  'elastictranscoder.amazonaws.com',
  'ec2.amazonaws.com',
  'cloudtrail.amazonaws.com',
];

/** Compute services, for which a confused deputy is rarely a risk. */
export const COMPUTE_SERVICES = [
  'ec2.amazonaws.com',
  'lambda.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'eks.amazonaws.com',
  'eks-fargate-pods.amazonaws.com',
  'pods.eks.amazonaws.com',
  'edgelambda.amazonaws.com',
];

/** Services that always tag the session or set a source identity when assuming a role. */
export const SERVICE_SESSION_NEEDS: Record<string, string[]> = {
  'pods.eks.amazonaws.com': [TAG_SESSION],
  'rolesanywhere.amazonaws.com': [TAG_SESSION, SET_SOURCE_IDENTITY],
};

/** Service principals seen in role trust policies (dated 2026; not exhaustive). */
export const KNOWN_SERVICE_PRINCIPALS = [
  'access-analyzer',
  'airflow',
  'airflow-env',
  'amplify',
  'apigateway',
  'application-autoscaling',
  'appstream',
  'appsync',
  'athena',
  'autoscaling',
  'backup',
  'batch',
  'bedrock',
  'build.apprunner',
  'tasks.apprunner',
  'cloudformation',
  'cloudtrail',
  'codebuild',
  'codedeploy',
  'codepipeline',
  'cognito-idp',
  'config',
  'datasync',
  'delivery.logs',
  'dlm',
  'dms',
  'ec2',
  'ec2fleet',
  'ecs',
  'ecs-tasks',
  'edgelambda',
  'eks',
  'eks-fargate-pods',
  'elasticbeanstalk',
  'elasticfilesystem',
  'elasticloadbalancing',
  'elasticmapreduce',
  'elastictranscoder',
  'emr-containers',
  'emr-serverless',
  'es',
  'events',
  'export.rds',
  'firehose',
  'glue',
  'guardduty',
  'imagebuilder',
  'iot',
  'kafkaconnect',
  'kinesisanalytics',
  'lakeformation',
  'lambda',
  'logs',
  'mediaconvert',
  'monitoring.rds',
  'osis-pipelines',
  'pipes',
  'pods.eks',
  'quicksight',
  'rds',
  'redshift',
  'redshift-serverless',
  'rolesanywhere',
  's3',
  'sagemaker',
  'scheduler',
  'securityhub',
  'servicecatalog',
  'sns',
  'spotfleet',
  'sqs',
  'ssm',
  'ssm-incidents',
  'states',
  'storagegateway',
  'transcribe',
  'transfer',
  'vpc-flow-logs',
].map((name) => `${name}.amazonaws.com`);

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 20) return Math.abs(a.length - b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function nearestServicePrincipal(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const candidate = name.replace(/\.amazonaws\.com\.cn$/, '.amazonaws.com');
  for (const known of KNOWN_SERVICE_PRINCIPALS) {
    const distance = editDistance(candidate.slice(0, 120), known);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return bestDistance <= 4 ? best : undefined;
}

const SAML_ENDPOINT = new RegExp(
  '^https://([a-z]{2}(-[a-z]{1,12}){1,3}-\\d\\.)?signin\\.' +
    '(aws\\.amazon\\.com|amazonaws-us-gov\\.com|amazonaws\\.cn)/saml$',
);

/** AWS sign-in SAML endpoints: the global one and the regional ones. */
export function isAwsSamlEndpoint(url: string): boolean {
  return SAML_ENDPOINT.test(url);
}

export function isRegionalSamlEndpoint(url: string): boolean {
  return isAwsSamlEndpoint(url) && !/^https:\/\/signin\./.test(url);
}
