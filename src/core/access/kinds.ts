// The stable identifiers of every error family the parser recognises, with what each one means.
// These ids are part of the public contract (panel, CLI --json): add new ones, never rename.

export const ACCESS_ERROR_KINDS = {
  'access-denied':
    'AWS refused a call and named the action ("User: … is not authorized to perform: …"), ' +
    'often with the kind of policy that refused it.',
  'federated-assume-denied':
    'AssumeRoleWithWebIdentity or AssumeRoleWithSAML was refused: the role trust policy does ' +
    'not accept the external identity or its claims.',
  'assume-role-failed':
    'A tool reports that it could not assume a role, without the reason AWS gave.',
  'encoded-authorization-failure':
    'EC2-style UnauthorizedOperation whose detail is only in an encoded message that ' +
    'sts:DecodeAuthorizationMessage can reveal.',
  'decoded-authorization-message':
    'The JSON that STS DecodeAuthorizationMessage returns for a refused request.',
  'opaque-access-denied':
    'A refusal without detail (bare "Access Denied" or "Forbidden"), typical of S3 ' +
    'cross-account requests and HEAD requests.',
  'console-permission-banner':
    'A console banner in its own words that names the permission the page needed.',
  'kms-key-inaccessible':
    'KMS will not say whether the key exists: wrong key or Region, or no permission to use it.',
  'model-access-not-enabled':
    'Bedrock model access is not enabled for the account in this Region; not an IAM problem.',
  'expired-token': 'The temporary credentials or web-identity token have expired.',
  'invalid-token':
    'The access key or session token is unknown to AWS (deleted, mistyped, mixed up, or the ' +
    'Region is not enabled).',
  'signature-mismatch':
    'The request signature does not match: wrong secret key, clock skew or a proxy altering ' +
    'the request.',
  'missing-credentials': 'The SDK or CLI found no credentials at all.',
  'mfa-failed': 'STS rejected the MFA code or the MFA device serial number.',
  'root-cannot-assume-role': 'Root user credentials cannot assume roles.',
  'duration-exceeds-max-session':
    "The requested session duration is longer than the role's maximum session duration.",
  'role-chaining-limit': 'A role assumed with another role session is limited to one hour.',
  'invalid-principal-in-policy':
    'IAM refused a policy because a principal in it does not exist (or none is given).',
  'prohibited-policy-field':
    'A policy has a field that does not belong in that kind of policy (for example Principal ' +
    'in a permissions policy).',
  'session-credentials-not-allowed':
    'GetFederationToken or GetSessionToken was called with temporary credentials; they need ' +
    'long-term IAM user keys.',
  'federation-token-required':
    'Console federation accepts only federation or assume-role session credentials.',
  'switch-role-failed':
    'The console Switch Role page refused the account or role without saying why.',
  'oidc-provider-missing': 'The account has no IAM OIDC identity provider for the token issuer.',
  'invalid-identity-token':
    'STS rejected the web-identity token itself (audience, signature keys or issuer).',
  'cross-account-pass-role': 'A role from another account cannot be passed to a service.',
  'region-disabled':
    'STS is turned off in the Region the call went to, or the Region is not enabled for the ' +
    'account.',
  'identity-center-no-access':
    'IAM Identity Center refused role credentials: the user has no assignment for that ' +
    'account and permission set.',
  'eks-unauthorized':
    "An EKS cluster's Kubernetes API did not accept the caller's IAM identity: no access entry " +
    '(or aws-auth mapping), or a token for another cluster; not an IAM policy problem.',
  'kubernetes-forbidden':
    'Kubernetes RBAC refused a signed-in caller; permissions inside the cluster, not IAM ' +
    'policies, decide it.',
} as const;

/** Short readable names of the kinds, for headings. */
export const ACCESS_ERROR_TITLES: Record<AccessErrorKind, string> = {
  'access-denied': 'Access denied',
  'federated-assume-denied': 'Federated role assumption refused',
  'assume-role-failed': 'Role could not be assumed',
  'encoded-authorization-failure': 'Unauthorized operation (encoded reason)',
  'decoded-authorization-message': 'Decoded authorization message',
  'opaque-access-denied': 'Access denied without a reason',
  'console-permission-banner': 'Console page lacks a permission',
  'kms-key-inaccessible': 'KMS key not usable',
  'model-access-not-enabled': 'Bedrock model access not enabled',
  'expired-token': 'Expired credentials',
  'invalid-token': 'Unknown access key or session token',
  'signature-mismatch': 'Request signature mismatch',
  'missing-credentials': 'No credentials found',
  'mfa-failed': 'MFA code or device rejected',
  'root-cannot-assume-role': 'Root user cannot assume roles',
  'duration-exceeds-max-session': 'Session duration too long',
  'role-chaining-limit': 'Role chaining one-hour limit',
  'invalid-principal-in-policy': 'Invalid principal in policy',
  'prohibited-policy-field': 'Field not allowed in this policy',
  'session-credentials-not-allowed': 'Long-term keys required',
  'federation-token-required': 'Console federation needs session credentials',
  'switch-role-failed': 'Switch role failed',
  'oidc-provider-missing': 'OIDC identity provider missing',
  'invalid-identity-token': 'Web identity token rejected',
  'cross-account-pass-role': 'Cross-account PassRole not allowed',
  'region-disabled': 'STS not active in the Region',
  'identity-center-no-access': 'No Identity Center access to the role',
  'eks-unauthorized': 'EKS cluster does not know this IAM identity',
  'kubernetes-forbidden': 'Kubernetes RBAC refused the request',
};

export type AccessErrorKind = keyof typeof ACCESS_ERROR_KINDS;

export type DenyType = 'implicit' | 'explicit';

export type PolicyType =
  | 'identity'
  | 'resource'
  | 'trust'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'vpce';

/** How people name each policy type in prose ("an explicit deny in a service control policy"). */
export const POLICY_TYPE_LABELS: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  vpce: 'VPC endpoint policy',
};

export interface ParsedAccessError {
  kind: AccessErrorKind;
  /** The caller as written (ARN, `anonymous`, a service principal, or a masked value). */
  principal: string | null;
  /** The IAM action as written in the message (`s3:GetObject`). */
  action: string | null;
  /** The API operation named by a wrapper (`GetObject` from "when calling the GetObject …"). */
  operation: string | null;
  /** IAM actions the operation needs; empty when no operation is named. */
  suggestedActions: string[];
  /**
   * The resource as written; for a CloudTrail record whose message names none, the ARN built from
   * its requestParameters (bucketName and key, tableName, functionName, …).
   */
  resource: string | null;
  deny: DenyType | null;
  policyType: PolicyType | null;
  policyArn: string | null;
  /** Service prefix (`s3`, `sts`) named in the text or implied by the operation or message. */
  service: string | null;
  /** IAM Access Troubleshooter authorization id. */
  authorizationId: string | null;
  /** EC2-style encoded authorization failure message (null when absent or empty). */
  encodedMessage: string | null;
  principalAccount: string | null;
  resourceAccount: string | null;
  /** The Region the request went to, when the text says (CloudTrail awsRegion). */
  region: string | null;
  /** Error code given by the wrapper (`AccessDenied`, `UnauthorizedOperation`, …). */
  errorCode: string | null;
  /** True when the paste is visibly cut off inside this error. */
  truncated: boolean;
  /** The error's text after clean-up (wraps joined, escapes and colour codes removed). */
  excerpt: string;
}
