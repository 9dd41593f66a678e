// The stable identifiers of every error family the parser recognises, with what each one means.
// These ids are part of the public contract (panel, CLI --json): add new ones, never rename.

export const ACCESS_ERROR_KINDS = {
  'access-denied':
    'AWS refused a call and named the action ("User: … is not authorized to perform: …"); ' +
    '`deny` and `policyType` say why when the message does.',
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
} as const;

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
  /** Error code given by the wrapper (`AccessDenied`, `UnauthorizedOperation`, …). */
  errorCode: string | null;
  /** True when the paste is visibly cut off inside this error. */
  truncated: boolean;
  /** The error's text after clean-up (wraps joined, escapes and colour codes removed). */
  excerpt: string;
}
