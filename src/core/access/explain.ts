// Turns one parsed access error into plain words: what happened, which account and policy must
// change, the steps, a least-privilege statement with the ARNs from the message, commands that
// confirm the diagnosis, and console links in the partition the ARNs belong to.
//
// Known shortcomings: console routes are those of the current console (IAM role, user and policy
// details; the Organizations link opens the policy list, not the one policy). Assumed-role ARNs
// hide the role's path, so statements name arn:…:role/NAME, which is right only for roles at the
// root path; Identity Center roles get an aws:PrincipalArn pattern instead. Placeholders in
// angle brackets mark values the message does not reveal (a KMS key behind "on this resource").
// Isolated (ISO) partitions get no console links, only a step saying so. Data events (S3 object
// calls, Lambda invocations, DynamoDB item calls) get no event history link, since event history
// keeps management events only; the list of data-event operations is a pattern, not exhaustive.

import { eventHistoryPath, lookupEventsCommand, whereAssumeRoleIsRecorded } from '../cloudtrail.js';
import {
  consoleHost,
  PARTITIONS,
  type Partition,
  parseAwsHost,
  partitionOfArn,
  signinHost,
} from '../partitions.js';
import type { ParsedAccessError, PolicyType } from './kinds.js';
import { KMS_THREE_CAUSES } from './parse.js';

export interface PolicyChange {
  /** Account whose policy must change; null when the message does not reveal it. */
  account: string | null;
  /** The policy to change; null when the fix is not a policy (credentials, client settings). */
  policyType: PolicyType | null;
  what: string;
}

export interface PolicyStatementSuggestion {
  /** Where the statement goes, in words ("trust policy of role X in account 444455556666"). */
  attachTo: string;
  statement: Record<string, unknown>;
}

export interface Explanation {
  summary: string;
  changes: PolicyChange[];
  /** Fix steps in order (the reader numbers them). */
  steps: string[];
  policyStatement: PolicyStatementSuggestion | null;
  commands: string[];
  links: Array<{ label: string; url: string }>;
  /** True when any one of `changes` is enough (same-account alternatives), not all of them. */
  anyOneChange?: boolean;
}

// ---------------------------------------------------------------------------------------------
// ARNs and principals

interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

function parseArn(value: string | null): Arn | null {
  if (!value) return null;
  const match =
    /^arn:([a-z-]{1,20}):([a-z0-9-]{1,64}):([a-z0-9-]{0,32}):([^:]{0,32}):(.{1,2048})$/.exec(value);
  if (!match) return null;
  const [, partition = '', service = '', region = '', account = '', resource = ''] = match;
  return { partition, service, region, account, resource };
}

type PrincipalKind =
  | 'user'
  | 'role'
  | 'assumed-role'
  | 'root'
  | 'federated-user'
  | 'service'
  | 'anonymous'
  | 'unknown';

interface Principal {
  kind: PrincipalKind;
  arn: string | null;
  account: string | null;
  partition: string;
  /** User or role name (for an assumed role: the role, not the session). */
  name: string | null;
  /** The IAM ARN policies should name (a role instead of its session). */
  policyArn: string | null;
  /** Roles that IAM Identity Center manages: they change through the permission set. */
  sso: boolean;
}

function describePrincipal(value: string | null): Principal {
  const arn = parseArn(value);
  const base: Principal = {
    kind: 'unknown',
    arn: value,
    account: arn && /^\d{12}$/.test(arn.account) ? arn.account : null,
    partition: arn?.partition ?? 'aws',
    name: null,
    policyArn: null,
    sso: false,
  };
  if (value === 'anonymous') return { ...base, kind: 'anonymous' };
  if (value && /^[a-z0-9-]{1,64}\.amazonaws\.com(?:\.cn)?$/.test(value)) {
    return { ...base, kind: 'service', name: value };
  }
  if (!arn) return base;
  // CI logs mask secrets and account ids as "***"; IAM names never hold "*", so a star is a
  // mask, and what policies and commands must name becomes a placeholder to fill in.
  const account = arn.account.includes('*') ? '<account-id>' : arn.account;
  const iam = `arn:${arn.partition}:iam::${account}`;
  const unmasked = (name: string | null, placeholder: string) =>
    name?.includes('*') ? placeholder : name;
  if (arn.service === 'iam' && arn.resource === 'root') {
    return { ...base, kind: 'root', policyArn: `${iam}:root` };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    const name = arn.resource.split('/').pop() ?? null;
    const known = !value?.includes('*');
    return {
      ...base,
      kind: 'user',
      name: unmasked(name, '<user-name>'),
      policyArn: known ? value : `${iam}:user/${unmasked(name, '<user-name>')}`,
    };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    const name = arn.resource.split('/').pop() ?? null;
    const known = !value?.includes('*');
    return {
      ...base,
      kind: 'role',
      name: unmasked(name, '<role-name>'),
      policyArn: known ? value : `${iam}:role/${unmasked(name, '<role-name>')}`,
      sso: /^AWSReservedSSO_/.test(name ?? ''),
    };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const name = unmasked(arn.resource.split('/')[1] ?? null, '<role-name>');
    return {
      ...base,
      kind: 'assumed-role',
      name,
      policyArn: name ? `${iam}:role/${name}` : null,
      sso: /^AWSReservedSSO_/.test(name ?? ''),
    };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('federated-user/')) {
    return { ...base, kind: 'federated-user', name: arn.resource.slice('federated-user/'.length) };
  }
  return base;
}

function who(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `IAM user ${principal.name}`;
    case 'role':
      return `role ${principal.name}`;
    case 'assumed-role':
      return `a session of role ${principal.name}`;
    case 'root':
      return `the root user of account ${principal.account}`;
    case 'federated-user':
      return `federated user ${principal.name}`;
    case 'service':
      return `the service ${principal.name}`;
    case 'anonymous':
      return 'an unsigned (anonymous) caller';
    default:
      return principal.arn ? `the caller ${principal.arn}` : 'the caller';
  }
}

/** Where an identity-based policy for this principal is edited. */
function identityHome(principal: Principal): string {
  const inAccount = principal.account ? ` in account ${principal.account}` : '';
  if (principal.sso) {
    return `the IAM Identity Center permission set behind role ${principal.name}${inAccount}`;
  }
  switch (principal.kind) {
    case 'user':
      return `IAM user ${principal.name}${inAccount}`;
    case 'role':
    case 'assumed-role':
      return `IAM role ${principal.name}${inAccount}`;
    case 'federated-user':
      return `the IAM user whose keys called GetFederationToken${inAccount}`;
    default:
      return `the identity that made the call${inAccount}`;
  }
}

/** The Principal element (and condition) that names this caller in a resource or trust policy. */
function principalElement(principal: Principal): {
  element: unknown;
  condition?: Record<string, unknown>;
} {
  if (principal.sso && principal.account && principal.name) {
    // Identity Center roles live under a generated path that the session ARN does not show:
    // trust the account and pin the role with aws:PrincipalArn instead.
    const root = `arn:${principal.partition}:iam::${principal.account}:root`;
    const pattern =
      `arn:${principal.partition}:iam::${principal.account}:role/aws-reserved/` +
      `sso.amazonaws.com/*${principal.name}`;
    return { element: { AWS: root }, condition: { ArnLike: { 'aws:PrincipalArn': pattern } } };
  }
  if (principal.policyArn) return { element: { AWS: principal.policyArn } };
  if (principal.kind === 'service') return { element: { Service: principal.name } };
  if (principal.kind === 'anonymous') return { element: '*' };
  return { element: { AWS: principal.arn ?? '<ARN printed by aws sts get-caller-identity>' } };
}

// ---------------------------------------------------------------------------------------------
// Shell commands: every value from the message is single-quoted, so pasted text cannot inject.

function q(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function roleNameOf(arn: Arn | null): string | null {
  if (arn?.service !== 'iam' || !arn.resource.startsWith('role/')) return null;
  return arn.resource.split('/').pop() ?? null;
}

function simulateCommand(principal: Principal, action: string, resource: string | null): string {
  let source: string;
  if (principal.kind === 'assumed-role' && principal.name) {
    // The session ARN hides the role's path; ask IAM for the exact role ARN.
    const lookup = `aws iam get-role --role-name ${q(principal.name)}`;
    source = `"$(${lookup} --query Role.Arn --output text)"`;
  } else {
    source = q(principal.policyArn ?? principal.arn ?? '');
  }
  const resources = resource?.startsWith('arn:') ? ` --resource-arns ${q(resource)}` : '';
  return (
    `aws iam simulate-principal-policy --policy-source-arn ${source} ` +
    `--action-names ${q(action)}${resources}`
  );
}

function canSimulate(principal: Principal): boolean {
  return ['user', 'role', 'assumed-role'].includes(principal.kind) && Boolean(principal.policyArn);
}

function identityCommands(principal: Principal): string[] {
  if (!principal.name) return [];
  if (principal.kind === 'user') {
    return [
      `aws iam list-attached-user-policies --user-name ${q(principal.name)}`,
      `aws iam list-user-policies --user-name ${q(principal.name)}`,
    ];
  }
  if (principal.kind === 'role' || principal.kind === 'assumed-role') {
    return [
      `aws iam list-attached-role-policies --role-name ${q(principal.name)}`,
      `aws iam list-role-policies --role-name ${q(principal.name)}`,
    ];
  }
  return [];
}

function boundaryCommand(principal: Principal): string | null {
  if (!principal.name) return null;
  if (principal.kind === 'user') {
    return `aws iam get-user --user-name ${q(principal.name)} --query User.PermissionsBoundary`;
  }
  if (principal.kind === 'role' || principal.kind === 'assumed-role') {
    return `aws iam get-role --role-name ${q(principal.name)} --query Role.PermissionsBoundary`;
  }
  return null;
}

function policyArnCommands(policyArn: string): string[] {
  const arn = parseArn(policyArn);
  if (arn?.service === 'organizations') {
    const id = /\/(p-[0-9a-z]{4,128})$/.exec(policyArn)?.[1];
    return id ? [`aws organizations describe-policy --policy-id ${q(id)}`] : [];
  }
  if (arn?.service === 'iam') {
    const version =
      `"$(aws iam get-policy --policy-arn ${q(policyArn)} --query Policy.DefaultVersionId ` +
      '--output text)"';
    return [`aws iam get-policy-version --policy-arn ${q(policyArn)} --version-id ${version}`];
  }
  return [];
}

function resourcePolicyCommand(resource: Arn | null, raw: string): string | null {
  if (!resource) return null;
  const region = resource.region ? ` --region ${q(resource.region)}` : '';
  switch (resource.service) {
    case 's3':
      return `aws s3api get-bucket-policy --bucket ${q(resource.resource.split('/')[0] ?? '')}`;
    case 'kms':
      return `aws kms get-key-policy --key-id ${q(raw)} --policy-name default${region}`;
    case 'secretsmanager':
      return `aws secretsmanager get-resource-policy --secret-id ${q(raw)}${region}`;
    case 'lambda':
      return `aws lambda get-policy --function-name ${q(raw)}${region}`;
    case 'ecr': {
      const name = resource.resource.replace(/^repository\//, '');
      return (
        `aws ecr get-repository-policy --repository-name ${q(name)} ` +
        `--registry-id ${q(resource.account)}${region}`
      );
    }
    case 'sns':
      return `aws sns get-topic-attributes --topic-arn ${q(raw)}${region}`;
    case 'sqs':
      return (
        'aws sqs get-queue-attributes --queue-url "$(aws sqs get-queue-url --queue-name ' +
        `${q(resource.resource)}${region} --query QueueUrl --output text)" --attribute-names ` +
        `Policy${region}`
      );
    case 'iam': {
      const role = roleNameOf(resource);
      return role
        ? `aws iam get-role --role-name ${q(role)} --query Role.AssumeRolePolicyDocument`
        : null;
    }
    default:
      return null;
  }
}

function resourcePolicyName(resource: Arn | null): string {
  switch (resource?.service) {
    case 's3':
      return 'bucket policy';
    case 'kms':
      return 'key policy';
    case 'secretsmanager':
      return "secret's resource policy";
    case 'lambda':
      return "function's resource-based policy";
    case 'ecr':
      return 'repository policy';
    case 'sns':
      return 'topic policy';
    case 'sqs':
      return 'queue policy';
    case 'execute-api':
      return "API's resource policy";
    case 'iam':
      return 'role trust policy';
    default:
      return 'resource-based policy';
  }
}

/** What owns a resource policy: a bucket (not the object named), else the resource itself. */
function policyHolder(resource: Arn | null, target: string): string {
  if (resource?.service === 's3') return bucketOf(resource);
  return target;
}

function bucketOf(resource: Arn | null): string {
  return resource?.resource.split('/')[0] ?? '';
}

/**
 * KMS's newer message names three causes and not which one: the key is not in the Region
 * called, its key policy allows nothing for this caller, or the key policy denies it. Each is
 * checked differently, and a key policy must allow the caller (directly or through the account)
 * before any identity policy counts.
 */
function explainKmsThreeCauses(
  d: Draft,
  error: ParsedAccessError,
  principal: Principal,
  action: string,
  keyPolicyStatement: PolicyStatementSuggestion,
): void {
  const key = error.resource?.startsWith('arn:') ? error.resource : '<key-id-or-arn>';
  const region = error.region ?? '<region>';
  const caller = principal.policyArn ?? principal.arn ?? 'the caller';
  const keyOwner = error.resourceAccount;
  d.changes.push({
    account: keyOwner,
    policyType: 'resource',
    what:
      `Allow ${action} for ${caller} in the key policy (directly, or through the statement ` +
      "that lets the key account's IAM policies grant access), with no Deny matching it.",
  });
  d.changes.push({
    account: principal.account,
    policyType: 'identity',
    what:
      `Allow ${action} on the key's ARN in a policy attached to ${caller}, unless the key ` +
      'policy names the caller itself in the same account.',
  });
  d.steps.push(
    'KMS names three possible causes without saying which; check them in this order.',
    `First the Region: the key may not be in the Region the client called (${region}). KMS ` +
      'keys are regional, and an alias or key id resolves only in its own Region. Run the ' +
      'describe-key command below with the Region of the call; NotFoundException means the ' +
      "client must use the Region of the key (or a multi-Region replica's own ARN).",
    'Then the key policy: it may allow nothing for this caller; read it with the ' +
      'get-key-policy command below. Without a statement naming the caller, or the "Enable ' +
      'IAM User Permissions" statement for the key account\'s root, identity policies cannot ' +
      'grant access to the key.',
    'Last, a Deny: a statement in the key policy may match the caller (look at conditions ' +
      'such as kms:ViaService, kms:CallerAccount, aws:PrincipalOrgID and aws:SourceVpce) and ' +
      'must be narrowed.',
  );
  // In a key policy, "*" means this key.
  d.policyStatement = {
    attachTo: `key policy of ${key === '<key-id-or-arn>' ? 'the key' : key}`,
    statement: { ...keyPolicyStatement.statement, Resource: '*' },
  };
  const regionFlag = ` --region ${q(region)}`;
  d.commands.push(
    `aws kms describe-key --key-id ${q(key)}${regionFlag}`,
    `aws kms get-key-policy --key-id ${q(key)} --policy-name default${regionFlag}`,
  );
}

/** The command that detaches a managed policy from the identity that carries it. */
function detachCommand(principal: Principal, policyArn: string): string | null {
  // Identity Center roles change only through their permission set.
  if (!principal.name || principal.name.startsWith('<') || principal.sso) return null;
  const arn = q(policyArn);
  switch (principal.kind) {
    case 'user':
      return `aws iam detach-user-policy --user-name ${q(principal.name)} --policy-arn ${arn}`;
    case 'role':
    case 'assumed-role':
      return `aws iam detach-role-policy --role-name ${q(principal.name)} --policy-arn ${arn}`;
    default:
      return null;
  }
}

/**
 * For a bucket whose owner the message does not name: what else a cross-account request needs,
 * and how to tell who owns the bucket.
 */
function bucketOwnerNote(
  resource: Arn | null,
  callerAccount: string | null,
  otherSide: string,
): string | null {
  const bucket = bucketOf(resource);
  // The name goes into a shell command: only names S3 allows.
  if (!/^[a-z0-9.-]{3,63}$/.test(bucket)) return null;
  return (
    `If the bucket belongs to an account other than ${callerAccount ?? "the caller's"}, ` +
    `${otherSide}: cross-account access needs both sides. To see whether your account owns ` +
    `it, run aws s3api list-buckets --query "Buckets[?Name=='${bucket}'].Name": an empty ` +
    'list means another account owns the bucket.'
  );
}

/** The AddPermission command that lets one caller perform `action` on a Lambda function. */
function lambdaAddPermission(raw: string, resource: Arn, action: string, caller: string): string {
  const leaf = caller.split('/').pop() ?? caller;
  const statementId = `allow-${leaf.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 100);
  const region = resource.region ? ` --region ${q(resource.region)}` : '';
  return (
    `aws lambda add-permission --function-name ${q(raw)} --statement-id ${q(statementId)} ` +
    `--action ${q(action)} --principal ${q(caller)}${region}`
  );
}

// ---------------------------------------------------------------------------------------------
// Console links, only ever to hosts of the partition table

function partitionOf(error: ParsedAccessError): Partition | null {
  try {
    for (const value of [error.principal, error.resource, error.policyArn]) {
      if (value?.startsWith('arn:')) {
        const partition = partitionOfArn(value);
        if (partition) return partition;
      }
    }
    return PARTITIONS[0] ?? null;
  } catch {
    // ISO partitions have no public console: no links rather than wrong ones.
    return null;
  }
}

class Links {
  readonly list: Array<{ label: string; url: string }> = [];
  constructor(readonly partition: Partition | null) {}

  console(label: string, path: string, region?: string | null): void {
    if (!this.partition) return;
    const useRegion = region && this.partition.regionPattern.test(region) ? region : undefined;
    this.add(label, consoleHost(this.partition, useRegion), path);
  }

  signin(label: string, path: string): void {
    if (this.partition) this.add(label, signinHost(this.partition), path);
  }

  regionOr(region: string | null | undefined): string {
    return region && this.partition?.regionPattern.test(region)
      ? region
      : (this.partition?.homeRegion ?? 'us-east-1');
  }

  private add(label: string, host: string, path: string): void {
    if (!parseAwsHost(host)) return;
    const url = `https://${host}${path}`;
    if (!this.list.some((link) => link.url === url)) this.list.push({ label, url });
  }
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

function principalLinks(links: Links, principal: Principal): void {
  // A masked name ("<role-name>") has no page to link to.
  if (!principal.name || principal.name.startsWith('<')) return;
  if (principal.kind === 'user') {
    links.console(
      `IAM user ${principal.name}: permissions`,
      `/iam/home#/users/details/${enc(principal.name)}?section=permissions`,
    );
  } else if (principal.kind === 'role' || principal.kind === 'assumed-role') {
    links.console(
      `IAM role ${principal.name}: permissions`,
      `/iam/home#/roles/details/${enc(principal.name)}?section=permissions`,
    );
  }
}

function roleTrustLink(links: Links, roleName: string): void {
  links.console(
    `IAM role ${roleName}: trust relationships`,
    `/iam/home#/roles/details/${enc(roleName)}?section=trust_relationships`,
  );
}

function resourceLinks(links: Links, resource: Arn | null): void {
  if (!resource) return;
  const region = links.regionOr(resource.region);
  const name = resource.resource;
  switch (resource.service) {
    case 's3': {
      const bucket = name.split('/')[0] ?? '';
      if (bucket) {
        links.console(
          `S3 bucket ${bucket}: permissions`,
          `/s3/buckets/${enc(bucket)}?tab=permissions`,
        );
      }
      break;
    }
    case 'kms': {
      const key = name.replace(/^key\//, '');
      links.console(`KMS key ${key}`, `/kms/home?region=${region}#/kms/keys/${enc(key)}`, region);
      break;
    }
    case 'secretsmanager': {
      const secret = name.replace(/^secret:/, '');
      links.console(
        `Secret ${secret}`,
        `/secretsmanager/secret?name=${enc(secret)}&region=${region}`,
        region,
      );
      break;
    }
    case 'lambda': {
      const fn = name.replace(/^function:/, '').split(':')[0] ?? '';
      links.console(
        `Lambda function ${fn}: permissions`,
        `/lambda/home?region=${region}#/functions/${enc(fn)}?tab=permissions`,
        region,
      );
      break;
    }
    case 'ecr':
      links.console(
        'ECR private repositories',
        `/ecr/private-registry/repositories?region=${region}`,
        region,
      );
      break;
    case 'iam': {
      const role = roleNameOf(resource);
      if (role) roleTrustLink(links, role);
      break;
    }
    default:
      break;
  }
}

function cloudTrailLink(
  links: Links,
  region: string | null,
  eventName: string,
  account?: string | null,
): void {
  const at = links.regionOr(region);
  links.console(
    `CloudTrail event history${account ? ` of account ${account}` : ''}: ${eventName}`,
    eventHistoryPath(at, 'EventName', eventName),
    at,
  );
}

/** Looking up the refused call in CloudTrail: the right account, Region and command. */
function cloudTrailForRefusedAssume(
  d: Draft,
  error: ParsedAccessError,
  eventName: string,
  callerAccount: string | null,
  roleAccount: string | null,
  term: string,
  federated = false,
): void {
  const where = whereAssumeRoleIsRecorded({
    callerAccount,
    roleAccount,
    outcome: 'refused',
    federated,
    eventName,
  });
  const at = d.links.regionOr(error.region);
  d.steps.push(
    `Find the refused ${eventName} event in CloudTrail (Region ${at}, error code ` +
      `${error.errorCode ?? 'AccessDenied'}): ${where.text}`,
  );
  d.commands.push(lookupEventsCommand(at, eventName, term));
  cloudTrailLink(d.links, at, eventName, where.accounts[0]?.account ?? null);
}

// ---------------------------------------------------------------------------------------------
// Statements

/** Actions that take no resource ARN: only "*" grants them. */
const RESOURCELESS_ACTIONS = new Set([
  'ecr:GetAuthorizationToken',
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
  'sts:DecodeAuthorizationMessage',
  'sts:GetServiceBearerToken',
  'kms:CreateKey',
  'kms:GenerateRandom',
  'kms:CreateCustomKeyStore',
  'cloudformation:ValidateTemplate',
  'iam:GetAccountSummary',
  'iam:GetAccountPasswordPolicy',
  'organizations:DescribeOrganization',
  'sso:ListInstances',
]);

function statementResource(error: ParsedAccessError, principal: Principal): string {
  const resource = error.resource;
  if (resource?.startsWith('arn:')) return resource;
  const account = principal.account;
  const iamWords = /^(policy|role|user|group|instance-profile) (\S{1,512})$/.exec(resource ?? '');
  if (iamWords && account) {
    return `arn:${principal.partition}:iam::${account}:${iamWords[1]}/${iamWords[2]}`;
  }
  const [service = '', verb = ''] = (error.action ?? '').split(':');
  // Describe and List actions mostly take no resource, nor do these.
  if (RESOURCELESS_ACTIONS.has(error.action ?? '') || /^(Describe|List)/.test(verb)) {
    if (!(service === 's3' && /^List(Bucket|MultipartUploadParts)/.test(verb))) return '*';
  }
  if (error.service === 'kms' && !resource) {
    return `arn:${principal.partition}:kms:<region>:<key-account>:key/<key-id>`;
  }
  if (service === 's3') {
    // Account-level S3 actions (ListAllMyBuckets, the account's public access block, access
    // point and batch job listings) take no bucket ARN.
    if (/Account/.test(verb)) return '*';
    if (/AccessPoint/.test(verb)) {
      return `arn:${principal.partition}:s3:<region>:<account-id>:accesspoint/<name>`;
    }
    return /Object|MultipartUploadParts|AbortMultipartUpload/.test(verb)
      ? `arn:${principal.partition}:s3:::<bucket>/*`
      : `arn:${principal.partition}:s3:::<bucket>`;
  }
  // Any other action gets a placeholder, so that nobody pastes an Allow on every resource
  // without meaning to.
  if (!error.action) return '*';
  return '<resource-arn>';
}

function allow(
  action: string | string[],
  resource: string,
  extra?: object,
): Record<string, unknown> {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra };
}

const PASSED_TO_SERVICE: Record<string, string> = {
  RunInstances: 'ec2.amazonaws.com',
  AssociateIamInstanceProfile: 'ec2.amazonaws.com',
  CreateFunction: 'lambda.amazonaws.com',
  UpdateFunctionConfiguration: 'lambda.amazonaws.com',
  RunTask: 'ecs-tasks.amazonaws.com',
  RegisterTaskDefinition: 'ecs-tasks.amazonaws.com',
  CreateStack: 'cloudformation.amazonaws.com',
  UpdateStack: 'cloudformation.amazonaws.com',
  CreateNodegroup: 'eks.amazonaws.com',
  StartExecution: 'states.amazonaws.com',
};

function passedToService(error: ParsedAccessError): string | null {
  const linked = /role\/aws-service-role\/([a-z0-9.-]{1,128}\.amazonaws\.com)\//.exec(
    error.resource ?? '',
  )?.[1];
  if (linked) return linked;
  return error.operation ? (PASSED_TO_SERVICE[error.operation] ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// The explanations

interface Draft {
  summary: string;
  changes: PolicyChange[];
  steps: string[];
  policyStatement: PolicyStatementSuggestion | null;
  commands: string[];
  links: Links;
  anyOneChange?: boolean;
}

function draft(error: ParsedAccessError, summary: string): Draft {
  return {
    summary,
    changes: [],
    steps: [],
    policyStatement: null,
    commands: [],
    links: new Links(partitionOf(error)),
  };
}

const ASSUME_FAMILY = /^sts:(AssumeRole|TagSession|SetSourceIdentity)$/i;

const REASONS: Record<PolicyType, { implicit: string; explicit: string }> = {
  identity: {
    implicit: 'no identity-based policy of the caller allows it',
    explicit: 'a Deny statement in an identity-based policy of the caller matches it',
  },
  resource: {
    implicit: "the resource's own policy does not allow this caller",
    explicit: "a Deny statement in the resource's own policy matches it",
  },
  trust: {
    implicit: "the role's trust policy does not trust this caller",
    explicit: "a Deny statement in the role's trust policy matches this caller",
  },
  boundary: {
    implicit: "the caller's permissions boundary does not allow it",
    explicit: "a Deny statement in the caller's permissions boundary matches it",
  },
  session: {
    implicit: 'the session policy passed when the session was created does not allow it',
    explicit:
      'a Deny statement in the session policy passed when the session was created matches it',
  },
  scp: {
    implicit: 'no service control policy of the organization allows it',
    explicit: 'a Deny statement in a service control policy of the organization matches it',
  },
  rcp: {
    implicit: 'a resource control policy of the organization does not allow it',
    explicit: 'a Deny statement in a resource control policy of the organization matches it',
  },
  vpce: {
    implicit: 'the policy of the VPC endpoint the request went through does not allow it',
    explicit:
      'a Deny statement in the policy of the VPC endpoint the request went through matches it',
  },
};

function isKmsThreeCauses(error: ParsedAccessError): boolean {
  // The parser keeps the reason in the excerpt only when it read it whole.
  return error.service === 'kms' && error.excerpt.toLowerCase().includes(KMS_THREE_CAUSES);
}

function reasonOf(error: ParsedAccessError): string {
  if (error.policyType && error.deny) return REASONS[error.policyType][error.deny];
  if (error.deny === 'explicit') {
    return 'a Deny statement matches it (the message does not say in which policy)';
  }
  if (error.deny === 'implicit') return 'no policy allows it';
  if (isKmsThreeCauses(error)) {
    return (
      'the key is not in the Region called, or its key policy does not allow the caller or ' +
      'denies it (KMS does not say which)'
    );
  }
  return 'no policy allows it or one denies it (this message format does not say which)';
}

function organizationsAccount(policyArn: string | null): string | null {
  return /^arn:[a-z-]{1,20}:organizations::(\d{12}):/.exec(policyArn ?? '')?.[1] ?? null;
}

function finishCommon(d: Draft, error: ParsedAccessError, principal: Principal): void {
  if (error.encodedMessage) {
    d.commands.push(
      `aws sts decode-authorization-message --encoded-message ${q(error.encodedMessage)} ` +
        '--query DecodedMessage --output text',
    );
  }
  if (error.authorizationId) {
    d.commands.push(
      'aws iam-toolbox get-request-authorization-details --authorization-id ' +
        `${q(error.authorizationId)}`,
    );
    const region = /region=([a-z0-9-]{4,32})#\/authorization-details/.exec(error.excerpt)?.[1];
    const at = d.links.regionOr(region);
    d.links.console(
      'IAM Access Troubleshooter: details of this denial',
      `/iam/home?region=${at}#/authorization-details/${enc(error.authorizationId)}`,
      at,
    );
  }
  if (error.service === 'organizations' && !/^(?:Describe|Leave)/.test(error.operation ?? '')) {
    d.steps.push(
      'Most AWS Organizations calls (listing accounts, OUs and policies, changing them) work ' +
        'only from the management account or a delegated administrator account: from a member ' +
        'account they are refused whatever its IAM policies allow. Run them with credentials of ' +
        'one of those accounts (aws organizations describe-organization shows the management ' +
        'account).',
    );
  }
  if (principal.sso) {
    d.steps.push(
      `Role ${principal.name} is managed by IAM Identity Center: change its permission set ` +
        ('(in the Identity Center instance account), not the role itself; IAM would undo ' +
          'direct edits.'),
    );
  }
}

function explainDenied(error: ParsedAccessError): Draft {
  const principal = describePrincipal(error.principal);
  const resource = parseArn(error.resource);
  const action = error.action ?? error.suggestedActions[0] ?? null;
  const actionWords = action ?? 'this action';
  const onResource = error.resource ? ` on ${error.resource}` : '';
  const caller = who(principal);
  const callerAccount = error.principalAccount ?? principal.account;
  const resourceAccount = error.resourceAccount;
  const crossAccount = Boolean(
    callerAccount && resourceAccount && callerAccount !== resourceAccount,
  );
  const summary =
    `${capitalise(caller)} may not perform ${actionWords}${onResource} because ` +
    `${reasonOf(error)}` +
    `${crossAccount ? ` (cross-account: ${callerAccount} → ${resourceAccount})` : ''}.`;
  const d = draft(error, summary);

  if (principal.arn) {
    const expected =
      principal.kind === 'assumed-role' ? `a session of role ${principal.name}` : principal.arn;
    d.steps.push(
      `Confirm the caller: run "aws sts get-caller-identity" with the same credentials; it ` +
        `should print ${expected}. If it does not, the tool used other credentials than you ` +
        'thought.',
    );
    d.commands.push('aws sts get-caller-identity');
  }
  if (action && ASSUME_FAMILY.test(action)) {
    explainAssumeDenied(d, error, principal, action);
  } else if (action?.toLowerCase() === 'iam:passrole') {
    explainPassRole(d, error, principal);
  } else {
    explainServiceDenied(d, error, principal, resource, action, crossAccount);
    const placeholder = d.policyStatement?.statement.Resource;
    if (typeof placeholder === 'string' && placeholder.includes('<')) {
      d.steps.push(
        `The message names no resource: in the statement below, replace ${placeholder} with ` +
          'the ARN of what the caller needs.',
      );
    }
  }
  if (error.kind === 'decoded-authorization-message') {
    const sids = [...error.excerpt.matchAll(/"statementId" ?: ?"([^"]{1,128})"/g)]
      .map((match) => match[1])
      .slice(0, 5);
    d.steps.push(
      'The decoded message does not name the policy type: check identity policies, the ' +
        'permissions boundary, session policies, SCPs and any resource policy in that order' +
        (sids.length > 0 ? `, looking for the statement with Sid ${sids.join(', ')}.` : '.'),
    );
  }
  if (!action) {
    // Without the action there is nothing to put in a statement.
    d.policyStatement = null;
    const service = error.service ? ` (service ${error.service})` : '';
    d.steps.unshift(
      error.truncated
        ? `The message is cut off before the action${service}: copy the whole error.`
        : `The message does not name the action${service}: check CloudTrail for the event.`,
    );
  }
  if (error.policyArn && /AWSCompromisedKeyQuarantine/.test(error.policyArn)) {
    d.steps.unshift(
      'AWS attached its quarantine policy because an access key of this identity was exposed: ' +
        'rotate and delete the exposed key, check CloudTrail for misuse, then detach the policy.',
    );
  }
  finishCommon(d, error, principal);
  if (error.deny !== 'explicit') {
    d.steps.push(
      'Retry. AWS names only one of the policy types that deny a request, so a fix can reveal ' +
        'the next denial; repeat with the new message.',
    );
  }
  return d;
}

const SERVICE_NAMES: Record<string, string> = {
  s3: 'S3',
  iam: 'IAM',
  sts: 'STS',
  kms: 'KMS',
  ec2: 'EC2',
  ecr: 'ECR',
  ecs: 'ECS',
  eks: 'EKS',
  sqs: 'SQS',
  sns: 'SNS',
  ssm: 'Systems Manager',
  sso: 'IAM Identity Center',
  lambda: 'Lambda',
  logs: 'CloudWatch Logs',
  dynamodb: 'DynamoDB',
  secretsmanager: 'Secrets Manager',
  cloudformation: 'CloudFormation',
  organizations: 'AWS Organizations',
  bedrock: 'Bedrock',
};

/** How people name a service in a sentence; an unknown prefix is given as written. */
function serviceName(prefix: string): string {
  return SERVICE_NAMES[prefix] ?? `AWS (${prefix})`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function explainAssumeDenied(
  d: Draft,
  error: ParsedAccessError,
  principal: Principal,
  action: string,
): void {
  const role = parseArn(error.resource);
  const roleName = roleNameOf(role);
  const roleAccount = role && /^\d{12}$/.test(role.account) ? role.account : null;
  const roleWords = roleName ? `role ${roleName}` : 'the target role';
  if (principal.kind === 'root') {
    // No policy change admits the root user: trusting the account root admits the account's
    // users and roles, and the root user has no identity policies to allow the call.
    d.changes.push({
      account: principal.account ?? null,
      policyType: null,
      what: `Assume ${roleWords} with an IAM user or role (or Identity Center user) instead.`,
    });
    d.steps.push('Root credentials cannot assume roles at all: use an IAM user or role instead.');
    return;
  }
  const inRoleAccount = roleAccount ? ` in account ${roleAccount}` : '';
  const trustActions =
    action.toLowerCase() === 'sts:assumerole' ? 'sts:AssumeRole' : ['sts:AssumeRole', action];
  const { element, condition } = principalElement(principal);
  const trustStatement = {
    attachTo: `trust policy of ${roleWords}${inRoleAccount}`,
    statement: {
      Effect: 'Allow',
      Principal: element,
      Action: trustActions,
      ...(condition ? { Condition: condition } : {}),
    },
  };
  const identityStatement = {
    attachTo: `identity-based policy of ${identityHome(principal)}`,
    statement: allow(action, error.resource ?? '*'),
  };
  const roleTarget = error.resource ?? 'the role ARN';
  const where =
    error.policyType === 'boundary' ? 'the permissions boundary of' : 'a policy attached to';
  const scpNote =
    error.policyType === 'scp'
      ? ', and have the organization management account exempt it from the denying SCP'
      : '';
  // Identity Center roles sit under a generated path the session ARN does not show, so the
  // trust policy names the account and pins the role with aws:PrincipalArn.
  const trustedWords = principal.sso
    ? `the account root of ${principal.account ?? "the caller's account"} with an ` +
      'aws:PrincipalArn ' +
      'condition on the Identity Center role (statement below)'
    : `${principal.policyArn ?? principal.arn ?? 'the caller'} (or its account root)`;
  const trustSide = error.policyType === 'trust' || error.policyType === 'resource';
  const callerSide = ['identity', 'boundary', 'session', 'scp', 'rcp', 'vpce'].includes(
    error.policyType ?? '',
  );
  // Within one account a trust policy that names the caller's own ARN is enough; only a trust
  // policy that names the account (root) also needs the caller's identity policy to allow it.
  const sameAccount = Boolean(
    roleAccount && principal.account === roleAccount && principal.policyArn && !principal.sso,
  );
  const either =
    sameAccount &&
    (!error.policyType || (error.policyType === 'identity' && error.deny !== 'explicit'));
  if (either) {
    d.anyOneChange = true;
    d.changes.push(
      {
        account: roleAccount,
        policyType: 'trust',
        what:
          `Either name ${principal.policyArn} itself as Principal in the trust policy of ` +
          `${roleWords} (Action ${[trustActions].flat().join(' and ')}); in one account that ` +
          'alone is enough, with no identity policy needed.',
      },
      {
        account: principal.account,
        policyType: 'identity',
        what:
          `Or, if the trust policy trusts the whole account (its root), allow ${action} on ` +
          `${roleTarget} in a policy attached to ${identityHome(principal)}.`,
      },
    );
    d.steps.push(
      `Caller and role are in the same account (${roleAccount}), so one change is enough: ` +
        `either the trust policy of ${roleWords} names ${principal.policyArn} itself, or it ` +
        `trusts the account root and ${identityHome(principal)} allows ${action} on ` +
        `${roleTarget}. Check every Condition of the trust policy as well (ExternalId, MFA, ` +
        'source IP, tags).',
    );
  }

  if ((trustSide || !error.policyType) && !either) {
    d.changes.push({
      account: roleAccount,
      policyType: 'trust',
      what:
        error.deny === 'explicit'
          ? `Remove or narrow the Deny in the trust policy of ${roleWords} that matches ` +
            `${who(principal)}.`
          : `Let the trust policy of ${roleWords} trust ${who(principal)} for ` +
            `${[trustActions].flat().join(' and ')}.`,
    });
  }
  if ((callerSide || !error.policyType) && !either) {
    d.changes.push({
      account: principal.account,
      policyType:
        error.policyType === 'boundary'
          ? 'boundary'
          : error.policyType === 'scp'
            ? 'scp'
            : 'identity',
      what: `Allow ${action} on ${roleTarget} for ${identityHome(principal)}.`,
    });
  }
  if (action.toLowerCase() === 'sts:tagsession') {
    d.steps.push(
      "The caller passes session tags (GitHub's configure-aws-credentials does so by default): " +
        ('add sts:TagSession next to sts:AssumeRole in the trust policy, or turn session ' +
          'tagging off in the client.'),
    );
  }
  if (action.toLowerCase() === 'sts:setsourceidentity') {
    d.steps.push(
      "The caller's session carries a source identity, which sticks through role chaining: " +
        'allow sts:SetSourceIdentity in the trust policy of the target role.',
    );
  }
  if (principal.kind === 'assumed-role' && principal.name && principal.name === roleName) {
    d.steps.push(
      `A session of ${roleWords} is assuming the same role again. A role does not trust itself ` +
        'implicitly: use the base credentials instead, or add the role itself to its trust policy.',
    );
  }
  if ((trustSide || !error.policyType) && !either) {
    d.steps.push(
      `In ${roleAccount ? `account ${roleAccount}` : 'the account that owns the role'}, open ` +
        'the trust policy of ' +
        `${roleWords} and make its Principal name ${trustedWords}, with ` +
        `Action ${[trustActions].flat().join(' and ')}. Check every Condition: ExternalId, MFA ` +
        '(aws:MultiFactorAuthPresent needs --serial-number and --token-code on assume-role), ' +
        'source IP, tags.',
    );
  }
  if ((callerSide || !error.policyType) && !either) {
    d.steps.push(
      `In ${principal.account ? `account ${principal.account}` : "the caller's account"}, ` +
        `allow ${action} on ` +
        `${error.resource ?? 'the role ARN'} in ` +
        `${where} ${identityHome(principal)}${scpNote}.`,
    );
  }
  if (!error.policyType) {
    d.steps.push(
      'STS answers the same way when the role does not exist: confirm that ' +
        `${error.resource ?? 'the role ARN'} is spelled exactly right (names are ` +
        'case-sensitive) and exists, with "aws iam get-role" in ' +
        `${roleAccount ? `account ${roleAccount}` : 'the account that should own it'}.`,
    );
  }
  cloudTrailForRefusedAssume(
    d,
    error,
    'AssumeRole',
    principal.account,
    roleAccount,
    roleName ?? principal.name ?? 'AssumeRole',
  );
  d.policyStatement = trustSide || !error.policyType ? trustStatement : identityStatement;
  if (error.deny === 'explicit') d.policyStatement = null;

  if (roleName) {
    d.commands.push(
      `aws iam get-role --role-name ${q(roleName)} --query Role.AssumeRolePolicyDocument`,
    );
    roleTrustLink(d.links, roleName);
  }
  if (canSimulate(principal)) d.commands.push(simulateCommand(principal, action, error.resource));
  if (roleName) {
    d.commands.push(`aws iam list-roles --query ${q(`Roles[?RoleName=='${roleName}'].Arn`)}`);
  }
  principalLinks(d.links, principal);
}

function explainPassRole(d: Draft, error: ParsedAccessError, principal: Principal): void {
  const target = parseArn(error.resource);
  const service = passedToService(error);
  const resource = error.resource ?? '*';
  d.changes.push({
    account: principal.account,
    policyType: error.policyType ?? 'identity',
    what: `Allow iam:PassRole on ${resource} for ${identityHome(principal)}.`,
  });
  d.steps.push(
    `Passing a role to a service (${service ?? 'the service the call configures'}) needs ` +
      `iam:PassRole on that role: add the statement below to ${identityHome(principal)}. Scope ` +
      'it to the role ARN, never "*".',
  );
  if (target && principal.account && target.account !== principal.account) {
    d.steps.push('A role from another account cannot be passed: use a role in the caller account.');
  }
  if (error.deny !== 'explicit') {
    d.policyStatement = {
      attachTo: `identity-based policy of ${identityHome(principal)}`,
      statement: allow(
        'iam:PassRole',
        resource,
        service ? { Condition: { StringEquals: { 'iam:PassedToService': service } } } : undefined,
      ),
    };
  }
  if (canSimulate(principal)) {
    d.commands.push(simulateCommand(principal, 'iam:PassRole', error.resource));
  }
  d.commands.push(...identityCommands(principal));
  principalLinks(d.links, principal);
}

const ENDPOINT_QUERY = 'VpcEndpoints[].[VpcEndpointId,ServiceName,PolicyDocument]';

function explainServiceDenied(
  d: Draft,
  error: ParsedAccessError,
  principal: Principal,
  resource: Arn | null,
  action: string | null,
  crossAccount: boolean,
): void {
  const actionWords = action ?? 'the action';
  const target = error.resource ?? 'the resource';
  const callerAccount = principal.account;
  const resourceAccount = error.resourceAccount;
  const statementResourceValue = statementResource(error, principal);
  const home = identityHome(principal);
  const policyName = resourcePolicyName(resource);
  const { element, condition } = principalElement(principal);
  const inResourceAccount = resourceAccount ? ` in account ${resourceAccount}` : '';
  const resourceStatement = (): PolicyStatementSuggestion => {
    const statement: Record<string, unknown> = {
      Effect: 'Allow',
      Principal: element,
      Action: actionWords,
    };
    // Key policies say "*" for "this key"; ECR repository policies have no Resource element.
    if (resource?.service === 'kms') statement.Resource = '*';
    else if (resource?.service !== 'ecr') statement.Resource = statementResourceValue;
    if (condition) statement.Condition = condition;
    return {
      attachTo: `${policyName} of ${policyHolder(resource, target)}${inResourceAccount}`,
      statement,
    };
  };
  const identityStatement = (where = `identity-based policy of ${home}`) => ({
    attachTo: where,
    statement: allow(actionWords, statementResourceValue),
  });
  const explicit = error.deny === 'explicit';
  const inResourceAccountParen = resourceAccount ? ` (account ${resourceAccount})` : '';

  switch (error.policyType) {
    case 'identity': {
      // AWS-managed policies cannot be edited: the only change is to detach them.
      const awsManaged =
        explicit && /^arn:[a-z-]{1,20}:iam::aws:policy\//.test(error.policyArn ?? '');
      d.changes.push({
        account: callerAccount,
        policyType: 'identity',
        what: awsManaged
          ? `Detach ${error.policyArn} from ${home} (an AWS-managed policy cannot be edited).`
          : explicit
            ? `Remove or narrow the Deny for ${actionWords} in ` +
              `${error.policyArn ?? 'the identity-based policy'} attached to ${home}.`
            : `Allow ${actionWords} on ${target} in a policy attached to ${home}.`,
      });
      if (awsManaged) {
        // The command changes the account, so it goes with the step, never among the
        // commands that only look.
        const detach = detachCommand(principal, error.policyArn ?? '');
        d.steps.push(
          `${error.policyArn} is managed by AWS: nobody can edit its Deny. Once the reason it ` +
            `was attached is dealt with, detach it from ${home}` +
            `${detach ? ` (${detach})` : ''}; if it reached the caller through a group, detach ` +
            'it from the group.',
        );
      } else if (explicit) {
        d.steps.push(
          `Find the Deny statement that matches ${actionWords} in ` +
            `${error.policyArn ?? 'the policies attached to the caller (and its groups)'}; ` +
            'narrow it or remove it. Adding Allow statements cannot override a Deny.',
        );
      } else {
        d.steps.push(
          `Add the statement below to ${home} (a new inline policy or a customer-managed ` +
            'policy attached to it).',
        );
        d.policyStatement = identityStatement();
        const note =
          !crossAccount && !resourceAccount && resource?.service === 's3'
            ? bucketOwnerNote(
                resource,
                callerAccount,
                `its bucket policy must also allow ${who(principal)}`,
              )
            : null;
        if (note) d.steps.push(note);
        if (crossAccount) {
          d.steps.push(
            `The resource is in account ${resourceAccount}: its ${policyName} must also ` +
              `allow ${who(principal)}; cross-account access needs both sides.`,
          );
          d.changes.push({
            account: resourceAccount,
            policyType: 'resource',
            what:
              `Make sure the ${policyName} of ${target} allows ${actionWords} for ` +
              `${principal.policyArn ?? principal.arn ?? 'the caller'}.`,
          });
        }
      }
      break;
    }
    case 'resource': {
      // S3 ARNs carry no account, so a bucket's owner is unknown from the message alone.
      const ownerUnknown = !resourceAccount && resource?.service === 's3';
      const holder = policyHolder(resource, target);
      const ownerWords = ownerUnknown ? ' (in the account that owns the bucket)' : '';
      const caller = principal.policyArn ?? principal.arn ?? 'the caller';
      d.changes.push({
        account: ownerUnknown ? null : (resourceAccount ?? callerAccount),
        policyType: 'resource',
        what: explicit
          ? `Remove or narrow the Deny in the ${policyName} of ${holder} that matches ` +
            `${who(principal)}${ownerWords}.`
          : `Allow ${actionWords} for ${caller} in the ${policyName} of ${holder}${ownerWords}.`,
      });
      if (explicit) {
        d.steps.push(
          `Find the Deny statement in the ${policyName} of ${holder} that matches this ` +
            'caller (watch for NotPrincipal, aws:PrincipalArn, source VPC or IP conditions) ' +
            'and narrow it.',
        );
      } else if (resource?.service === 'lambda' && error.resource) {
        // A function's policy is not edited as a document: AddPermission adds one statement.
        d.steps.push(
          `In account ${resourceAccount ?? callerAccount ?? 'that owns the function'}, add a ` +
            `statement to the ${policyName} with: ` +
            lambdaAddPermission(error.resource, resource, actionWords, caller),
        );
      } else {
        d.steps.push(
          `Add the statement below to the ${policyName} of ${holder}${inResourceAccountParen}` +
            `${ownerWords}.`,
        );
        d.policyStatement = resourceStatement();
        if (resource?.service === 'kms' && !crossAccount) {
          d.steps.push(
            'Alternatively, give the key policy the default statement that lets the ' +
              "account's IAM policies grant access, then allow the action in the caller's " +
              'identity policy.',
          );
        }
      }
      if (crossAccount) {
        d.changes.push({
          account: callerAccount,
          policyType: 'identity',
          what:
            `Allow ${actionWords} on ${target} in a policy attached to ${home} (cross-account ` +
            'access needs both sides).',
        });
        d.steps.push(
          `Cross-account access needs both sides: ${home} must also allow ${actionWords} on ` +
            `${target} in its identity-based policy.`,
        );
      } else if (ownerUnknown && !explicit) {
        const note = bucketOwnerNote(
          resource,
          callerAccount,
          `${home} must also allow ${actionWords} on ${target} in its identity-based policy`,
        );
        if (note) d.steps.push(note);
      }
      break;
    }
    case 'boundary':
      d.changes.push({
        account: callerAccount,
        policyType: 'boundary',
        what: explicit
          ? `Remove or narrow the Deny for ${actionWords} in the permissions boundary of ${home}.`
          : `Allow ${actionWords} in the permissions boundary of ${home}; its identity policy ` +
            'must allow it too.',
      });
      d.steps.push(
        explicit
          ? `Find the Deny statement for ${actionWords} in the permissions boundary ` +
              `${error.policyArn ?? ''} of ${home} and narrow it, or attach a different boundary.`
          : 'The permissions boundary caps what identity policies may grant: add the statement ' +
              `below to the boundary policy of ${home}; granting it only in an identity policy ` +
              'is not enough.',
      );
      if (!explicit)
        d.policyStatement = identityStatement(`permissions boundary policy of ${home}`);
      break;
    case 'session':
      d.changes.push({
        account: callerAccount,
        policyType: 'session',
        what:
          'Create a new session whose session policy ' +
          `${explicit ? 'no longer denies' : 'also allows'} ${actionWords}.`,
      });
      d.steps.push(
        'Session policies are passed when the session is created (the Policy or PolicyArns ' +
          'parameters of AssumeRole, AssumeRoleWithWebIdentity or GetFederationToken, or set ' +
          'by a broker such as Cognito). Change what the client passes, then create a new ' +
          'session; the current one cannot be changed.',
      );
      if (principal.name?.startsWith('Cognito_')) {
        d.steps.push(
          'Cognito identity pools (enhanced flow) scope unauthenticated sessions down to a ' +
            'fixed list of services: use the basic flow, or call this service from a backend.',
        );
      }
      if (!explicit)
        d.policyStatement = identityStatement('session policy passed when creating the session');
      break;
    case 'scp':
    case 'rcp': {
      const scp = error.policyType === 'scp';
      const which = scp ? 'service control policy' : 'resource control policy';
      const manager = organizationsAccount(error.policyArn);
      const denying = error.policyArn ?? `the ${which}`;
      const subject = scp ? 'caller' : 'request';
      const short = scp ? 'SCPs' : 'RCPs';
      const managerWords = manager ? ` (${manager})` : '';
      // SCPs govern the caller's account; RCPs the account that owns the resource, which S3
      // ARNs do not name.
      const governed = scp ? callerAccount : resourceAccount;
      const governedWords = governed
        ? `account ${governed}`
        : scp
          ? "the caller's account"
          : resource?.service === 's3'
            ? 'the account that owns the bucket'
            : 'the account that owns the resource';
      d.changes.push({
        account: manager,
        policyType: error.policyType,
        what: explicit
          ? `Exempt this ${subject} from the Deny for ${actionWords} in ${denying}, ` +
            'or avoid the call.'
          : `Allow ${actionWords} in a ${which} attached to ${governedWords}, an OU above it ` +
            'or the root.',
      });
      d.steps.push(
        `Only the AWS Organizations management account${managerWords} or a delegated ` +
          `administrator can change ${short}; nothing inside ${governedWords} can ` +
          'override them. Send them the details below.',
      );
      const exemption =
        explicit && principal.policyArn
          ? {
              ArnNotLike: {
                'aws:PrincipalArn': principal.sso
                  ? `arn:${principal.partition}:iam::*:role/aws-reserved/sso.amazonaws.com/` +
                    `*${principal.name}`
                  : principal.policyArn,
              },
            }
          : null;
      d.steps.push(
        !explicit
          ? `Ask them to allow ${actionWords} in a ${which} on the path from the root to ` +
              `${governedWords}.`
          : exemption
            ? `Ask them to add the Condition below to the Deny statement matching ` +
              `${actionWords} in ${denying} (or to narrow its Action or Resource), if the ` +
              'exception is acceptable.'
            : `Ask them to narrow the Deny statement matching ${actionWords} in ${denying} ` +
              '(its Action, Resource or Condition) so that it leaves this request out, if the ' +
              'exception is acceptable.',
      );
      if (exemption) {
        // Only the Condition: a Deny copied as a statement of its own would deny the action to
        // everyone the policy applies to except this caller.
        d.policyStatement = {
          attachTo:
            `the Condition of the existing Deny statement in ${denying} (AWS Organizations` +
            `${managerWords}); merge it into that statement, never add it as a new statement`,
          statement: { Condition: exemption },
        };
      } else if (!explicit) {
        d.policyStatement = {
          attachTo: `a ${which} on the path to ${governedWords}`,
          statement: allow(actionWords, '*'),
        };
      }
      if (error.policyArn) d.commands.push(...policyArnCommands(error.policyArn));
      if (governed) {
        // Policies attach to the account, each OU above it and the root: list them all.
        d.commands.push(`aws organizations list-parents --child-id ${q(governed)}`);
        d.commands.push(
          `aws organizations list-policies-for-target --target-id ${q(governed)} ` +
            `--filter ${scp ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY'}`,
        );
      }
      d.links.console('AWS Organizations policies', '/organizations/v2/home/policies');
      break;
    }
    case 'vpce': {
      const regionFlag = resource?.region ? ` --region ${q(resource.region)}` : '';
      d.changes.push({
        account: null,
        policyType: 'vpce',
        what: explicit
          ? `Remove or narrow the Deny for ${actionWords} in the policy of the VPC endpoint ` +
            'the request used.'
          : `Allow ${actionWords} on ${target} for ${principal.policyArn ?? 'the caller'} in ` +
            'the VPC endpoint policy.',
      });
      d.steps.push(
        'The request went through an interface or gateway VPC endpoint for ' +
          `${error.service ?? 'the service'}; find it (command below) and ` +
          `${explicit ? 'narrow its Deny statement' : 'add the statement below to its policy'}. ` +
          'Denials by an endpoint owned by another account may not show in your CloudTrail.',
      );
      if (!explicit) {
        d.policyStatement = {
          attachTo: `policy of the ${error.service ?? ''} VPC endpoint used by the caller`,
          statement: {
            Effect: 'Allow',
            Principal: element,
            Action: actionWords,
            Resource: statementResourceValue,
            ...(condition ? { Condition: condition } : {}),
          },
        };
      }
      d.commands.push(`aws ec2 describe-vpc-endpoints --query ${q(ENDPOINT_QUERY)}${regionFlag}`);
      d.links.console(
        'VPC endpoints',
        `/vpcconsole/home?region=${d.links.regionOr(resource?.region)}#Endpoints:`,
        d.links.regionOr(resource?.region),
      );
      break;
    }
    default:
      if (isKmsThreeCauses(error)) {
        explainKmsThreeCauses(d, error, principal, actionWords, resourceStatement());
        break;
      }
      if (explicit) {
        d.changes.push({
          account: callerAccount,
          policyType: null,
          what:
            `Find and narrow the Deny statement matching ${actionWords}: identity policies, ` +
            `permissions boundary, session policy, SCPs or the resource's policy.`,
        });
        d.steps.push(
          'The message (older format) does not say which policy denies. Use the simulator ' +
            'command below: it names the denying statement among identity policies and ' +
            `boundaries; if it allows the call, look at SCPs and the ${policyName}.`,
        );
      } else {
        d.changes.push({
          account: callerAccount,
          policyType: 'identity',
          what: `Allow ${actionWords} on ${target} in a policy attached to ${home}.`,
        });
        d.steps.push(
          `Add the statement below to ${home}. If the call still fails, an explicit Deny ` +
            `(permissions boundary, SCP or ${policyName}) is in the way: the simulator command ` +
            'shows which.',
        );
        d.policyStatement = identityStatement();
        if (crossAccount || principal.kind === 'anonymous' || principal.kind === 'service') {
          const why =
            principal.kind === 'anonymous' || principal.kind === 'service'
              ? 'This caller has no identity policy'
              : `The resource is in another account (${resourceAccount})`;
          const redeploy =
            principal.kind === 'anonymous'
              ? ' (and, for API Gateway, redeploy the stage after changing it)'
              : '';
          d.changes.push({
            account: resourceAccount,
            policyType: 'resource',
            what:
              `Allow ${actionWords} for ` +
              `${principal.policyArn ?? principal.arn ?? 'the caller'} in the ${policyName} of ` +
              `${target}.`,
          });
          d.steps.push(`${why}: the ${policyName} of ${target} must allow it${redeploy}.`);
          if (
            principal.kind === 'anonymous' ||
            principal.kind === 'service' ||
            resource?.service === 'ecr'
          ) {
            d.policyStatement = resourceStatement();
          }
        }
      }
      break;
  }

  if (
    error.service === 'kms' &&
    error.operation &&
    !/^(?:Decrypt|Encrypt|GenerateDataKey)/.test(error.operation)
  ) {
    d.steps.push(
      `The ${error.operation} call uses a KMS key behind the scenes (SSE-KMS or an encrypted ` +
        `topic, queue or environment): the caller needs ${actionWords} on that key in its ` +
        'identity policy and, for a key in another account, in the key policy.',
    );
  }
  if (action && canSimulate(principal))
    d.commands.push(simulateCommand(principal, action, error.resource));
  if (error.policyType === 'identity' || !error.policyType) {
    d.commands.push(...identityCommands(principal));
  }
  if (error.policyType === 'identity' && error.policyArn)
    d.commands.push(...policyArnCommands(error.policyArn));
  if (error.policyType === 'boundary') {
    const command = boundaryCommand(principal);
    if (command) d.commands.push(command);
  }
  if (error.policyType === 'resource' || crossAccount) {
    const command = resourcePolicyCommand(resource, error.resource ?? '');
    if (command) d.commands.push(command);
  }
  principalLinks(d.links, principal);
  resourceLinks(d.links, resource);
  if (error.policyArn?.includes(':iam::') && d.links.partition) {
    d.links.console(
      `IAM policy ${error.policyArn.split('/').pop()}`,
      `/iam/home#/policies/details/${enc(error.policyArn)}?section=permissions`,
    );
  }
}

/**
 * Operations CloudTrail logs as data events, which event history and lookup-events never show:
 * S3 object and object-listing calls, Lambda invocations, DynamoDB item calls.
 */
const S3_DATA_EVENT =
  /^(?:Get|Put|Head|Delete|Copy|Restore|Select|List)Object|Multipart|^UploadPart|^ListParts$/;

function isDataEvent(service: string | null, operation: string): boolean {
  switch (service) {
    case 's3':
      return S3_DATA_EVENT.test(operation) && !/ObjectLockConfiguration$/.test(operation);
    case 'lambda':
      return /^Invoke/.test(operation);
    case 'dynamodb':
      return /Item$|^Query$|^Scan$|^Batch|^Transact/.test(operation);
    default:
      return false;
  }
}

/** The isolated (ISO) partition an ARN of the error belongs to, for which no links are made. */
function isolatedPartition(error: ParsedAccessError): string | null {
  for (const value of [error.principal, error.resource, error.policyArn]) {
    const id = /^arn:(aws-iso[a-z-]{0,8}):/.exec(value ?? '')?.[1];
    if (id) return id;
  }
  return null;
}

/** The sign-in host SAML assertions are addressed to, in the partition of the error. */
function signinFor(error: ParsedAccessError): string {
  const partition = partitionOf(error);
  return partition ? signinHost(partition) : 'signin.aws.amazon.com';
}

function explainOther(error: ParsedAccessError): Draft {
  const principal = describePrincipal(error.principal);
  const role = parseArn(error.resource);
  const roleName = roleNameOf(role);
  const roleAccount = role && /^\d{12}$/.test(role.account) ? role.account : null;
  const roleWords = roleName ? `role ${roleName}` : 'the role';
  const inRoleAccount = roleAccount ? ` in account ${roleAccount}` : '';
  const iamPrefix = `arn:${role?.partition ?? 'aws'}:iam::${roleAccount ?? '<account>'}`;
  const op = error.operation ? ` (${error.operation})` : '';
  let d: Draft;
  switch (error.kind) {
    case 'federated-assume-denied': {
      const saml = /SAML/i.test(`${error.action ?? ''} ${error.operation ?? ''}`);
      const assumeAction = saml ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity';
      const eventName = assumeAction.slice('sts:'.length);
      // "Not authorized to perform sts:TagSession": the token or assertion carries session tags
      // (or a source identity), which the trust policy must allow next to the assume action.
      const extra =
        error.action && !/^sts:AssumeRoleWith/i.test(error.action) ? error.action : null;
      const github = /OIDC|github/i.test(error.excerpt);
      const forRole = roleName ? ` for role ${roleName}` : '';
      const proof = saml ? 'SAML assertion' : 'web identity token';
      const claims = saml ? 'assertion' : "token's aud and sub claims";
      const trustActions = [assumeAction, ...(extra ? [extra] : github ? ['sts:TagSession'] : [])];
      const tagSession = extra
        ? ` and ${extra}`
        : github
          ? ' (and sts:TagSession if the client tags sessions)'
          : '';
      const signin = signinFor(error);
      d = draft(
        error,
        extra
          ? `STS refused ${eventName}${forRole} because the role's trust policy does not allow ` +
              `${extra}: the ${proof} passes ${
                /TagSession/i.test(extra) ? 'session tags' : 'a source identity'
              }, and the trust policy allows only ${assumeAction}.`
          : `STS refused ${error.action ?? 'the federated role assumption'}${forRole}: the ` +
              `role's trust policy does not accept this ${proof} or its claims.`,
      );
      if (extra) {
        d.steps.push(
          `Add ${extra} next to ${assumeAction} in the Action of the trust policy statement ` +
            `that names the ${saml ? 'SAML' : 'OIDC'} provider as Principal Federated` +
            (/TagSession/i.test(extra) && github
              ? ", or stop the client from tagging (configure-aws-credentials' " +
                'role-skip-session-tagging: true).'
              : '.'),
        );
      }
      d.changes.push({
        account: roleAccount,
        policyType: 'trust',
        what: extra
          ? `Allow ${extra} with ${assumeAction} for the ${saml ? 'SAML' : 'OIDC'} provider in ` +
            `the trust policy of ${roleWords}.`
          : `Make the trust policy of ${roleWords} trust the ${saml ? 'SAML' : 'OIDC'} provider ` +
            `with conditions matching the ${claims}.`,
      });
      if (saml) {
        d.steps.push(
          'Check that the trust policy names the SAML provider ARN of this account as ' +
            'Principal Federated, with Action sts:AssumeRoleWithSAML and a SAML:aud condition ' +
            'of the sign-in endpoint.',
          'Check that the IdP sends the role and provider ARNs in the ' +
            'https://aws.amazon.com/SAML/Attributes/Role attribute, in the form ' +
            'role-arn,provider-arn.',
        );
      } else {
        d.steps.push(
          `The trust policy must name the account's OIDC provider as Principal Federated, ` +
            'with Action ' +
            `sts:AssumeRoleWithWebIdentity${tagSession}.`,
          github
            ? 'Its conditions must match the token: token.actions.githubusercontent.com:aud = ' +
                'sts.amazonaws.com and token.actions.githubusercontent.com:sub = ' +
                'repo:OWNER/REPO:ref:refs/heads/BRANCH (or :environment:NAME); compare character ' +
                'by character with the sub claim of your workflow.'
            : 'Its conditions must match the token: for EKS service accounts, <provider>:sub = ' +
                'system:serviceaccount:NAMESPACE:NAME and <provider>:aud = sts.amazonaws.com.',
        );
      }
      d.policyStatement = {
        attachTo: `trust policy of ${roleWords}${inRoleAccount}`,
        statement: saml
          ? {
              Effect: 'Allow',
              Principal: {
                Federated: `${iamPrefix}:saml-provider/<provider-name>`,
              },
              Action: extra ? trustActions : 'sts:AssumeRoleWithSAML',
              Condition: {
                StringEquals: {
                  'SAML:aud': `https://${signin}/saml`,
                },
              },
            }
          : github
            ? {
                Effect: 'Allow',
                Principal: {
                  Federated: `${iamPrefix}:oidc-provider/token.actions.githubusercontent.com`,
                },
                Action: trustActions,
                Condition: {
                  StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                  StringLike: {
                    'token.actions.githubusercontent.com:sub': 'repo:<owner>/<repo>:*',
                  },
                },
              }
            : {
                Effect: 'Allow',
                Principal: {
                  Federated: `${iamPrefix}:oidc-provider/<issuer-host-and-path>`,
                },
                Action: extra ? trustActions : 'sts:AssumeRoleWithWebIdentity',
                Condition: { StringEquals: { '<issuer-host-and-path>:aud': 'sts.amazonaws.com' } },
              },
      };
      if (roleName) {
        d.commands.push(
          `aws iam get-role --role-name ${q(roleName)} --query Role.AssumeRolePolicyDocument`,
        );
        roleTrustLink(d.links, roleName);
      }
      d.commands.push(
        saml ? 'aws iam list-saml-providers' : 'aws iam list-open-id-connect-providers',
      );
      d.links.console('IAM identity providers', '/iam/home#/identity_providers');
      cloudTrailForRefusedAssume(
        d,
        error,
        eventName,
        null,
        roleAccount,
        roleName ?? eventName,
        true,
      );
      return d;
    }
    case 'assume-role-failed': {
      d = draft(
        error,
        `${capitalise(roleName ? `role ${roleName}` : (error.resource ?? 'the role'))} could ` +
          "not be assumed with the current credentials; the tool did not pass on AWS's reason.",
      );
      d.changes.push(
        {
          account: roleAccount,
          policyType: 'trust',
          what:
            `Make the trust policy of ${roleWords} name the caller (check with aws sts ` +
            'get-caller-identity) for sts:AssumeRole.',
        },
        {
          account: null,
          policyType: 'identity',
          what:
            `Allow sts:AssumeRole on ${error.resource ?? 'the role ARN'} in the caller's ` +
            'identity policy.',
        },
      );
      d.steps.push(
        'Run "aws sts get-caller-identity" with the same credentials: that ARN is the caller ' +
          'the role must trust.',
        'Confirm the role exists and its ARN is exactly ' +
          `${error.resource ?? 'the one configured'} (names are case-sensitive): STS answers ` +
          'the same way for a missing role and an untrusted caller.',
        `In ${roleAccount ? `account ${roleAccount}` : 'the account that owns the role'}, make ` +
          "the trust policy's " +
          'Principal name that caller (a user or role ARN, or its account root), with Action ' +
          'sts:AssumeRole, and satisfy every Condition (ExternalId, MFA, tags).',
        "In the caller's account, allow sts:AssumeRole on the role ARN in the caller's " +
          'identity policy.',
      );
      cloudTrailForRefusedAssume(
        d,
        error,
        'AssumeRole',
        principal.account,
        roleAccount,
        roleName ?? 'AssumeRole',
      );
      d.steps.push("The event's errorMessage gives AWS's reason.");
      if (/cdk-[a-z0-9]{9}-/.test(error.resource ?? '')) {
        d.steps.push(
          'These are CDK bootstrap roles: re-run "cdk bootstrap" with --trust for the ' +
            'calling account, or check the qualifier.',
        );
      }
      d.policyStatement = {
        attachTo: `trust policy of ${roleWords}${inRoleAccount}`,
        statement: {
          Effect: 'Allow',
          Principal: { AWS: '<ARN printed by aws sts get-caller-identity>' },
          Action: 'sts:AssumeRole',
        },
      };
      d.commands.push('aws sts get-caller-identity');
      if (roleName) {
        d.commands.push(
          `aws iam get-role --role-name ${q(roleName)} --query Role.AssumeRolePolicyDocument`,
          `aws iam list-roles --query ${q(`Roles[?RoleName=='${roleName}'].Arn`)}`,
        );
        roleTrustLink(d.links, roleName);
      }
      return d;
    }
    case 'encoded-authorization-failure':
      d = draft(
        error,
        `EC2 refused the call${op} and put the reason in an encoded authorization message.`,
      );
      d.steps.push(
        error.encodedMessage
          ? 'Decode the message with the command below (the caller needs ' +
              'sts:DecodeAuthorizationMessage); it names the principal, the action, the ' +
              'resource, whether a Deny matched, and the condition values.'
          : 'The encoded message is missing from the paste: copy the whole error (the text ' +
              'after "Encoded authorization failure message:") and decode it with "aws sts ' +
              'decode-authorization-message".',
        'Paste the decoded JSON here for an explanation of the denial.',
      );
      if (error.operation === 'RunInstances') {
        d.steps.push(
          'RunInstances also needs permission on the AMI, subnet, security group, network ' +
            'interface and volume ARNs, and iam:PassRole for an instance profile; a policy on ' +
            'instance/* alone is a common cause.',
        );
      }
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Decode the message to learn which policy must change.',
      });
      if (!error.encodedMessage) {
        d.commands.push(
          "aws sts decode-authorization-message --encoded-message '<the encoded message>' " +
            '--query DecodedMessage --output text',
        );
      }
      break;
    case 'opaque-access-denied': {
      const s3 = error.service === 's3';
      const subject = error.service ? serviceName(error.service) : 'AWS';
      const s3Note = s3
        ? ' (S3 gives no detail to callers from another account or organization, and none on ' +
          'HEAD requests)'
        : '';
      const caller = principal.arn ? ` from ${who(principal)}` : '';
      const onResource = error.resource ? ` on ${error.resource}` : '';
      d = draft(
        error,
        `${subject} refused the call${op}${caller}${onResource} without saying why${s3Note}.`,
      );
      d.changes.push({
        account: null,
        policyType: 'identity',
        what:
          `Allow ${error.suggestedActions.join(', ') || 'the action'} for the caller in its ` +
          'identity policy.',
      });
      if (s3) {
        d.changes.push({
          account: null,
          policyType: 'resource',
          what:
            'If the bucket belongs to another account, allow the caller in the bucket policy ' +
            'too.',
        });
      }
      d.steps.push(
        'Run "aws sts get-caller-identity" with the same credentials to learn the caller.',
      );
      if (error.suggestedActions.length > 0) {
        d.steps.push(
          `The ${error.operation} operation needs ${error.suggestedActions.join(' and ')}: ` +
            `allow it in the caller's identity policy.`,
        );
      }
      if (s3) {
        d.steps.push(
          'For a bucket in another account, its bucket policy must also allow the caller; ' +
            "objects owned by another account are not covered by the bucket owner's Allow " +
            'statements.',
          'A missing object returns 403 instead of 404 when the caller lacks s3:ListBucket ' +
            'on the bucket.',
          'With SSE-KMS the caller also needs kms:Decrypt (reads) or kms:GenerateDataKey ' +
            '(writes) on the bucket key.',
        );
      }
      d.steps.push(
        'Look up the event in CloudTrail of the resource account: for same-account and ' +
          'same-organization requests it carries the detailed reason.',
      );
      const action = error.suggestedActions[0];
      if (action) {
        d.policyStatement = {
          attachTo: principal.arn
            ? `identity-based policy of ${identityHome(principal)}`
            : 'identity-based policy of the caller (see aws sts get-caller-identity)',
          statement: allow(
            error.suggestedActions.length > 1 ? error.suggestedActions : action,
            error.resource?.startsWith('arn:') ? error.resource : '*',
          ),
        };
      }
      d.commands.push('aws sts get-caller-identity');
      if (principal.policyArn && action && canSimulate(principal)) {
        d.commands.push(simulateCommand(principal, action, error.resource));
      }
      if (error.operation && isDataEvent(error.service, error.operation)) {
        d.steps.push(
          `${error.operation} is a data event: CloudTrail event history does not show it, only ` +
            'a trail or CloudTrail Lake event data store that logs data events for ' +
            `${error.service ? serviceName(error.service) : 'the service'} does.`,
        );
      } else if (error.operation) {
        const at = d.links.regionOr(error.region);
        cloudTrailLink(d.links, at, error.operation);
        d.commands.push(lookupEventsCommand(at, error.operation, error.resource ?? ''));
      }
      break;
    }
    case 'console-permission-banner': {
      const listNote = error.action?.startsWith('s3:ListBucket')
        ? ' (ListBucket applies to the bucket ARN, not to BUCKET/*)'
        : '';
      d = draft(
        error,
        `The console page needs ${error.action ?? 'a permission'} that the role you are ` +
          'signed in with does not have.',
      );
      d.changes.push({
        account: null,
        policyType: 'identity',
        what: `Allow ${error.action ?? 'the named action'} for the console role.`,
      });
      d.steps.push(
        'Find the role you are signed in with (account menu, top right of the console, or ' +
          '"aws sts get-caller-identity" with the same role).',
        'Add the statement below to that ' +
          `role${listNote}, narrowing Resource to what the page works on.`,
        'If the role already allows it, look for a Deny in the resource policy (for S3: the ' +
          'bucket policy), a permissions boundary or an SCP.',
        'Refresh the page.',
      );
      if (error.action) {
        d.policyStatement = {
          attachTo: 'identity-based policy of the role you are signed in with',
          statement: allow(error.action, '*'),
        };
      }
      d.commands.push('aws sts get-caller-identity');
      break;
    }
    case 'kms-key-inaccessible':
      d = draft(
        error,
        'KMS could not use the key the ciphertext refers to: it is in another Region, it was ' +
          'deleted, or the caller may not use it (KMS does not say which).',
      );
      d.changes.push(
        {
          account: null,
          policyType: 'identity',
          what: "Allow kms:Decrypt on the key in the caller's identity policy.",
        },
        {
          account: null,
          policyType: 'resource',
          what:
            'Allow the caller kms:Decrypt in the key policy (required when the key is in ' +
            'another account).',
        },
      );
      d.steps.push(
        'Check that the client calls KMS in the Region where the key lives; ciphertext only ' +
          'names a key in its own Region.',
        'Check that the key exists and is enabled (aws kms describe-key).',
        "Allow kms:Decrypt on the key in the caller's identity policy and, for a key in " +
          'another account, in the key policy.',
      );
      d.policyStatement = {
        attachTo: 'identity-based policy of the caller',
        statement: allow(
          'kms:Decrypt',
          `arn:${d.links.partition?.id ?? 'aws'}:kms:<region>:<key-account>:key/<key-id>`,
        ),
      };
      d.commands.push("aws kms describe-key --key-id '<key id or alias>' --region '<region>'");
      break;
    case 'region-disabled': {
      const account = /for account:? ?(\d{12})/.exec(error.excerpt)?.[1] ?? null;
      d = draft(
        error,
        `STS is not active in the Region the call${op} went to` +
          `${account ? ` for account ${account}` : ''}; this is not a permissions problem.`,
      );
      d.changes.push({
        account,
        policyType: null,
        what:
          "Activate STS in that Region (IAM account settings), or call another Region's or the " +
          'global STS endpoint.',
      });
      d.steps.push(
        'In the IAM console, open Account settings and, under Security Token Service (STS) ' +
          'endpoints, activate the Region the client calls; an opt-in Region must also be ' +
          'enabled for the account first.',
        'Or point the client at an active Region (AWS_REGION, --region, or ' +
          'sts_regional_endpoints in the profile).',
      );
      d.commands.push('aws configure list', 'aws account list-regions');
      d.links.console('IAM account settings', '/iam/home#/account_settings');
      break;
    }
    case 'identity-center-no-access':
      d = draft(
        error,
        'IAM Identity Center refused role credentials: the signed-in user is not assigned the ' +
          'permission set (role) of the profile in that account.',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what:
          'Assign the user (or a group of theirs) to the account with that permission set, or ' +
          'fix sso_account_id and sso_role_name in the profile.',
      });
      d.steps.push(
        'Check sso_account_id and sso_role_name of the profile against the accounts and roles ' +
          'the Identity Center portal lists for you (command below).',
        'If the role is missing there, an Identity Center administrator must assign you (or ' +
          'your group) to that account with the permission set.',
        'Then run "aws sso login" again so the cached token matches the assignment.',
      );
      d.commands.push(
        'aws sso list-accounts --access-token <token from ~/.aws/sso/cache>',
        "aws sso list-account-roles --account-id '<account id>' --access-token <token>",
      );
      break;
    case 'eks-unauthorized':
      d = explainEksUnauthorized(error);
      break;
    case 'kubernetes-forbidden':
      d = explainKubernetesForbidden(error, principal);
      break;
    case 'model-access-not-enabled':
      d = draft(
        error,
        'Bedrock refused the model because model access is not enabled for this account in ' +
          'this Region; IAM changes will not help.',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what:
          'Enable access to the model in the Bedrock console (Model access), in the Region the ' +
          'client calls.',
      });
      d.steps.push(
        'Open Bedrock > Model access in the Region your client calls and request access to ' +
          'the model.',
        'Wait until access is granted, then retry; for cross-Region inference profiles, ' +
          'access is needed in the destination Regions too.',
      );
      d.links.console(
        'Bedrock model access',
        `/bedrock/home?region=${d.links.regionOr(null)}#/modelaccess`,
      );
      break;
    default:
      d = explainCredentialProblem(error, principal, roleName, roleAccount);
      break;
  }
  return d;
}

const EKS_ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy';

function explainEksUnauthorized(error: ParsedAccessError): Draft {
  const d = draft(
    error,
    "The cluster's Kubernetes API did not accept the caller: its IAM identity has no access " +
      'entry (or aws-auth mapping) there, or kubectl sent a token for another cluster; no IAM ' +
      'policy change fixes this.',
  );
  d.changes.push({
    account: null,
    policyType: null,
    what:
      "Give the caller's IAM principal access to the cluster: an EKS access entry (or a " +
      'mapRoles/mapUsers line in the aws-auth ConfigMap), made by a cluster administrator.',
  });
  d.steps.push(
    'Find out who kubectl signs in as: run "aws sts get-caller-identity" with the profile or ' +
      "role your kubeconfig's exec section uses (AWS_PROFILE, --role-arn).",
    'Make sure the kubeconfig points at the right cluster and Region: aws eks ' +
      "update-kubeconfig --name '<cluster>' --region '<region>' rewrites it.",
    'A cluster administrator adds an access entry for that principal (for a role session, ' +
      'the role ARN, not the assumed-role ARN): aws eks create-access-entry --cluster-name ' +
      "'<cluster>' --principal-arn '<role-arn>', then associates the narrowest access policy " +
      "that covers the work: aws eks associate-access-policy --cluster-name '<cluster>' " +
      `--principal-arn '<role-arn>' --policy-arn '${EKS_ACCESS_POLICY}/AmazonEKSViewPolicy' ` +
      '--access-scope type=cluster (View for reading; Edit or Admin for changes).',
    'Clusters in CONFIG_MAP authentication mode have no access entries: add the role under ' +
      'mapRoles in the aws-auth ConfigMap of kube-system instead.',
  );
  d.commands.push(
    'aws sts get-caller-identity',
    "aws eks describe-cluster --name '<cluster>' --query cluster.accessConfig",
    "aws eks list-access-entries --cluster-name '<cluster>'",
  );
  return d;
}

const KUBERNETES_REQUEST = new RegExp(
  [
    String.raw`cannot ([a-z]{1,32}) resource "([^"]{1,253})"`,
    String.raw`(?: in API group "([^"]{0,253})")?`,
    String.raw`(?: in the namespace "([^"]{1,253})")?`,
  ].join(''),
);

/**
 * The narrowest EKS access policy for a request: View reads most objects but not Secrets; Edit
 * reads and changes namespaced objects, Secrets included; RBAC objects need Admin.
 */
function eksAccessPolicyFor(verb: string, resource: string): string {
  if (/^(cluster)?role(binding)?s$/.test(resource)) return 'AmazonEKSAdminPolicy';
  const reads = ['get', 'list', 'watch'].includes(verb);
  return reads && resource !== 'secrets' ? 'AmazonEKSViewPolicy' : 'AmazonEKSEditPolicy';
}

function explainKubernetesForbidden(error: ParsedAccessError, principal: Principal): Draft {
  const request = KUBERNETES_REQUEST.exec(error.excerpt);
  const verb = request?.[1] ?? '<verb>';
  const kind = request?.[2] ?? '<resource>';
  const group = request?.[3];
  const namespace = request?.[4] ?? null;
  const resourceWords = group ? `${kind}.${group}` : kind;
  const user = error.principal ?? '<user>';
  // EKS maps a role session to its role: access entries and bindings name the role. A plain
  // Kubernetes user name is no ARN: the entry's ARN is then for the reader to fill in.
  const entryArn = principal.policyArn ?? '<principal-arn>';
  const accessPolicy = eksAccessPolicyFor(verb, kind);
  const where = namespace ? ` in namespace ${namespace}` : ' at the cluster scope';
  const d = draft(
    error,
    `Kubernetes RBAC refused ${user} to ${verb} ${resourceWords}${where}: the caller is signed ` +
      'in to the cluster, but nothing in the cluster allows this; IAM policies do not grant it.',
  );
  d.changes.push({
    account: null,
    policyType: null,
    what:
      `Allow ${verb} on ${resourceWords}${where} inside the cluster: an EKS access policy ` +
      "associated with the principal's access entry, or a Kubernetes RoleBinding or " +
      'ClusterRoleBinding for its user or group.',
  });
  const scope = namespace
    ? `--access-scope type=namespace,namespaces=${q(namespace)}`
    : '--access-scope type=cluster';
  d.steps.push(
    `With access entries: associate the narrowest access policy that covers the request with ` +
      `the entry of ${entryArn}, scoped to the namespace where possible: aws eks ` +
      `associate-access-policy --cluster-name '<cluster>' --principal-arn ${q(entryArn)} ` +
      `--policy-arn '${EKS_ACCESS_POLICY}/${accessPolicy}' ${scope}.`,
    'Or with Kubernetes RBAC: bind a Role or ClusterRole that allows the verb on the resource ' +
      'to the Kubernetes user or group the principal is mapped to (its access entry or its ' +
      'aws-auth line says which).',
    'Check the result with kubectl auth can-i (command below), run as the caller.',
  );
  const namespaceFlag = namespace ? ` --namespace ${q(namespace)}` : '';
  d.commands.push(
    `kubectl auth can-i ${q(verb)} ${q(resourceWords)}${namespaceFlag}`,
    `aws eks list-associated-access-policies --cluster-name '<cluster>' --principal-arn ` +
      q(entryArn),
  );
  return d;
}

function explainCredentialProblem(
  error: ParsedAccessError,
  principal: Principal,
  roleName: string | null,
  roleAccount: string | null,
): Draft {
  const roleWords = roleName ? `role ${roleName}` : 'the role';
  const op = error.operation ? ` (${error.operation})` : '';
  let d: Draft;
  switch (error.kind) {
    case 'expired-token':
      d = draft(
        error,
        `The credentials or token used for the call${op} have expired; this is not a ` +
          'permissions problem.',
      );
      d.changes.push({ account: null, policyType: null, what: 'Get fresh credentials.' });
      d.steps.push(
        /WebIdentity/.test(error.operation ?? '') || /Token expired: current/.test(error.excerpt)
          ? 'The web identity token file is stale: make sure the client re-reads the projected ' +
              'token (EKS, GitHub Actions) and that the host clock is right.'
          : 'Refresh the session: "aws sso login" for IAM Identity Center profiles, assume the ' +
              'role again, or renew whatever issued the temporary credentials.',
        'Remove stale AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN ' +
          'variables, which win over profiles.',
        'Retry, then confirm with "aws sts get-caller-identity".',
      );
      d.commands.push('aws configure list', 'aws sts get-caller-identity');
      break;
    case 'invalid-token':
      d = draft(
        error,
        `AWS does not recognise the access key or session token used for the call${op}; this ` +
          'is not a permissions problem.',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Use a valid key pair (and its session token, if temporary).',
      });
      d.steps.push(
        'Check which credentials are used ("aws configure list"): a deleted or mistyped key, ' +
          'or a session token missing from temporary keys (or left over next to long-term ' +
          'keys), gives this error.',
        'If the call goes to a regional STS endpoint in an opt-in Region, enable that Region ' +
          'for the account or use another endpoint.',
        'Create a new access key if the old one was deleted or deactivated.',
      );
      d.commands.push('aws configure list', 'aws sts get-caller-identity');
      d.links.console('IAM security credentials', '/iam/home#/security_credentials');
      break;
    case 'signature-mismatch':
      d = draft(
        error,
        'AWS calculated a different request signature: the secret key does not belong to the ' +
          'access key, or the request was changed on the way.',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Fix the secret access key or what alters the request.',
      });
      d.steps.push(
        'Re-enter the secret access key that belongs to the access key (watch for stray ' +
          'spaces or quotes), or create a new key pair.',
        'Check the machine clock, and any proxy that rewrites requests.',
      );
      d.commands.push('aws configure list');
      break;
    case 'missing-credentials':
      d = draft(error, 'The SDK or CLI found no credentials at all.');
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Configure credentials for the client.',
      });
      d.steps.push(
        'Set a profile (AWS_PROFILE), run "aws sso login" or "aws configure", or give the ' +
          'workload a role (instance profile, task role, IRSA).',
      );
      d.commands.push('aws configure list');
      break;
    case 'mfa-failed': {
      const serial = /serial number/i.test(error.excerpt);
      d = draft(
        error,
        serial
          ? 'STS could not validate the MFA code: the MFA serial number does not belong to the ' +
              'IAM user whose keys made the call.'
          : 'STS rejected the MFA code: it was wrong, already used, or the device clock is off.',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what: serial ? 'Use the MFA device ARN of the calling IAM user.' : 'Use a fresh MFA code.',
      });
      d.steps.push(
        serial
          ? 'Set mfa_serial (or --serial-number) to the ARN of an MFA device of the IAM user ' +
              'whose keys are used (arn:aws:iam::ACCOUNT:mfa/NAME), not a user ARN or another ' +
              "account's device."
          : 'Wait for a new code and use it once; each code works only once. Resync the device ' +
              'if codes keep failing.',
        'When the role trust policy requires MFA, pass both --serial-number and --token-code ' +
          'to assume-role, as in the command below.',
      );
      d.commands.push(
        'aws iam list-mfa-devices',
        `aws sts assume-role --role-arn ${q(error.resource ?? '<role ARN>')} ` +
          `--role-session-name mfa-check --serial-number '<MFA device ARN>' --token-code ` +
          `'<6-digit code>'`,
      );
      break;
    }
    case 'root-cannot-assume-role':
      d = draft(error, 'Root user credentials cannot assume IAM roles.');
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Use an IAM user or role to assume the role.',
      });
      d.steps.push(
        'Create or use an IAM user or Identity Center user, and assume the role with it; ' +
          'stop using root access keys.',
      );
      d.commands.push('aws sts get-caller-identity');
      break;
    case 'duration-exceeds-max-session':
      d = draft(
        error,
        'The requested session duration is longer than the maximum session duration of ' +
          `${roleWords}.`,
      );
      d.changes.push({
        account: roleAccount,
        policyType: null,
        what:
          'Request a shorter DurationSeconds, or raise the maximum session duration of ' +
          `${roleWords} (up to 12 hours).`,
      });
      d.steps.push(
        'Lower the requested duration (duration_seconds in the profile, --duration-seconds, ' +
          "or the SessionDuration attribute of the SAML IdP) to at most the role's maximum; " +
          'the default maximum is 1 hour.',
        "Or raise the role's maximum session duration, up to 12 hours" +
          (roleName
            ? `: aws iam update-role --role-name ${q(roleName)} --max-session-duration 43200.`
            : '.'),
      );
      if (roleName) {
        d.commands.push(
          `aws iam get-role --role-name ${q(roleName)} --query Role.MaxSessionDuration`,
        );
        roleTrustLink(d.links, roleName);
      }
      break;
    case 'role-chaining-limit':
      d = draft(
        error,
        "A role assumed with another role's session (role chaining) can last at most one hour.",
      );
      d.changes.push({
        account: null,
        policyType: null,
        what:
          'Request at most 3600 seconds, or assume the role directly from user or SSO ' +
          'credentials.',
      });
      d.steps.push(
        'Request DurationSeconds of 3600 or less when chaining roles; this limit cannot be raised.',
        'For longer sessions (also in the console), assume the role directly from IAM user ' +
          'or Identity Center credentials instead of from another role session.',
      );
      break;
    case 'invalid-principal-in-policy': {
      const missing =
        /Invalid principal in policy: ?"?AWS"? ?: ?"?(arn:[^"\s]{1,2048})"?/.exec(
          error.excerpt,
        )?.[1] ?? null;
      const missingArn = parseArn(missing);
      const noPrincipals = /no principals/i.test(error.excerpt);
      const inMissingAccount = missingArn?.account ? ` in account ${missingArn.account}` : '';
      d = draft(
        error,
        noPrincipals
          ? 'IAM refused the trust policy because a statement names no principal.'
          : `IAM refused the policy because the principal ${missing ?? 'it names'} does not ` +
              'exist (IAM resolves principals when the policy is saved).',
      );
      d.changes.push({
        account: null,
        policyType: 'trust',
        what: noPrincipals
          ? 'Give every statement of the trust policy at least one principal.'
          : `Reference only principals that exist: create ${missing ?? 'the principal'} first, ` +
            'or trust its account root with an aws:PrincipalArn condition.',
      });
      d.steps.push(
        noPrincipals
          ? 'The generated trust policy has an empty Principal (for example an empty list of ' +
              'trusted accounts): supply at least one.'
          : `Check that ${missing ?? 'the principal'} exists${inMissingAccount}; a deleted and ` +
              're-created role gets a new unique id, so trust policies that named the old one ' +
              'must be saved again.',
        'If the principal is created later (or is the role itself), trust the account root ' +
          'and pin the principal with an ArnLike condition on aws:PrincipalArn, as below; or ' +
          'create the principal first and retry.',
        'Validate the policy with IAM Access Analyzer before saving (command below).',
      );
      if (missingArn && /^\d{12}$/.test(missingArn.account)) {
        d.policyStatement = {
          attachTo: 'trust policy being saved',
          statement: {
            Effect: 'Allow',
            Principal: { AWS: `arn:${missingArn.partition}:iam::${missingArn.account}:root` },
            Action: 'sts:AssumeRole',
            Condition: { ArnLike: { 'aws:PrincipalArn': missing } },
          },
        };
        const missingRole = roleNameOf(missingArn);
        if (missingRole) d.commands.push(`aws iam get-role --role-name ${q(missingRole)}`);
      }
      d.commands.push(
        'aws accessanalyzer validate-policy --policy-type RESOURCE_POLICY ' +
          '--validate-policy-resource-type AWS::IAM::AssumeRolePolicyDocument ' +
          '--policy-document file://trust-policy.json',
      );
      break;
    }
    case 'prohibited-policy-field':
      d = draft(
        error,
        'The policy has a field that this kind of policy may not have: a Principal belongs ' +
          'in a trust or resource policy, not in a permissions policy.',
      );
      d.changes.push({
        account: null,
        policyType: 'trust',
        what:
          "Put statements with a Principal in the role's trust policy (Trust relationships), " +
          'not in a permissions policy.',
      });
      d.steps.push(
        "If this is a trust policy, edit it under the role's Trust relationships tab instead " +
          'of adding it as a permissions policy.',
        'If it is a permissions policy, remove the Principal element: the identity it is ' +
          'attached to is the principal.',
      );
      d.commands.push(
        'aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --policy-document ' +
          'file://policy.json',
      );
      break;
    case 'session-credentials-not-allowed':
      d = draft(
        error,
        `${error.operation ?? 'This STS call'} needs long-term IAM user keys, but was called ` +
          'with temporary session credentials.',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Call it with IAM user access keys, or use AssumeRole instead.',
      });
      d.steps.push(
        `Call ${error.operation ?? 'it'} with the access keys of an IAM user, not with role, ` +
          'SSO or session credentials.',
        'For a console link from role or SSO credentials, skip GetFederationToken: the ' +
          'credentials of AssumeRole work with the federation endpoint directly (role-doctor ' +
          'console-url does this).',
      );
      d.commands.push('aws sts get-caller-identity');
      break;
    case 'federation-token-required':
      d = draft(
        error,
        'The console federation endpoint accepts only credentials from AssumeRole or ' +
          'GetFederationToken, not long-term keys or GetSessionToken sessions.',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Create the console sign-in link from AssumeRole or GetFederationToken credentials.',
      });
      d.steps.push(
        'Assume a role first (or call GetFederationToken with IAM user keys) and build the ' +
          'sign-in link from those temporary credentials.',
        'The CLI working while the console fails usually means the CLI uses keys the ' +
          'federation endpoint does not accept; sessions from role chaining are also limited ' +
          'to one hour of console time.',
      );
      d.commands.push(
        `aws sts assume-role --role-arn ${q(error.resource ?? '<role ARN>')} ` +
          '--role-session-name console',
      );
      d.links.signin('Switch role page', '/switchrole');
      break;
    case 'switch-role-failed':
      d = draft(
        error,
        'The console could not switch to the role: the account or role name is wrong, the ' +
          'role does not trust you, or it requires MFA your sign-in did not use.',
      );
      d.changes.push(
        {
          account: null,
          policyType: 'trust',
          what: 'Let the role trust the identity you signed in with (check its MFA condition).',
        },
        {
          account: null,
          policyType: 'identity',
          what: 'Allow sts:AssumeRole on the role for the identity you signed in with.',
        },
      );
      d.steps.push(
        'Check the account ID (12 digits, or its alias) and the role name; role names are ' +
          'case-sensitive and must not include the path.',
        "In the role's account, check that the trust policy trusts the identity you signed " +
          'in with; an aws:MultiFactorAuthPresent condition needs a console sign-in with MFA.',
        'Check that your own identity policy allows sts:AssumeRole on the role ARN.',
        'Look for the failed AssumeRole (or SwitchRole) event in CloudTrail; it carries the ' +
          'real reason. A refused switch into another account is recorded in your own (the ' +
          "caller's) account, not in the role's: CloudTrail does not record refused " +
          'cross-account STS requests in the target account.',
        'If the CLI can assume the role but the console cannot, compare the identity: the ' +
          "console uses the identity you signed in with, the CLI the profile's source " +
          'credentials.',
      );
      d.commands.push(
        'aws sts get-caller-identity',
        "aws sts assume-role --role-arn 'arn:aws:iam::<account>:role/<role name>' " +
          '--role-session-name check',
      );
      d.links.signin('Switch role page', '/switchrole');
      cloudTrailLink(d.links, error.region, 'AssumeRole');
      break;
    case 'oidc-provider-missing':
      d = draft(
        error,
        "The account of the role has no IAM OIDC identity provider for the token's issuer.",
      );
      d.changes.push({
        account: roleAccount,
        policyType: null,
        what: 'Create the IAM OIDC identity provider for the issuer in the account of the role.',
      });
      d.steps.push(
        'Create an IAM OIDC identity provider for the issuer (for GitHub Actions: ' +
          'https://token.actions.githubusercontent.com, audience sts.amazonaws.com) in the ' +
          'same account as the role.',
        "Make the role trust policy name that provider's ARN as Principal Federated.",
      );
      d.commands.push('aws iam list-open-id-connect-providers');
      d.links.console('IAM identity providers', '/iam/home#/identity_providers');
      break;
    case 'invalid-identity-token':
      d = draft(
        error,
        'STS rejected the web identity token itself (its audience, signing keys or issuer do ' +
          'not match the IAM OIDC provider).',
      );
      d.changes.push({
        account: null,
        policyType: null,
        what: 'Align the IAM OIDC provider (audiences, thumbprint) with the token.',
      });
      d.steps.push(
        "Compare the token's aud claim with the client IDs (audiences) of the IAM OIDC " +
          'provider; for GitHub Actions it is sts.amazonaws.com unless changed.',
        "Check that the issuer URL of the provider equals the token's iss claim exactly.",
      );
      d.commands.push('aws iam list-open-id-connect-providers');
      d.links.console('IAM identity providers', '/iam/home#/identity_providers');
      break;
    case 'cross-account-pass-role':
      d = draft(error, 'A role from another account cannot be passed to a service.');
      d.changes.push({
        account: principal.account,
        policyType: null,
        what: 'Pass a role that lives in the same account as the resource being configured.',
      });
      d.steps.push(
        'Create the role in the account where the service runs and pass that one; use its ' +
          'trust policy and a resource policy for cross-account access instead.',
      );
      break;
    default:
      d = draft(error, 'AWS refused the request.');
      d.steps.push(
        'Run "aws sts get-caller-identity" with the same credentials and check the identity.',
      );
      break;
  }
  return d;
}

/** Turns one parsed error into an explanation. Never throws. */
/**
 * CI logs print account ids and other secrets as "***". A star is a wildcard in IAM, so what
 * goes into statements and commands names the masked part as a placeholder instead.
 */
function unmaskedArn(value: string | null): string | null {
  if (!value?.startsWith('arn:') || !value.includes('*')) return value;
  const parts = value.split(':');
  if (parts.length < 6) return value;
  const [arn, partition, service, region, account, ...rest] = parts;
  const masked = (text: string | undefined, placeholder: string) =>
    text && /^\*{3,}$/.test(text) ? placeholder : (text ?? '');
  return [
    arn,
    partition,
    service,
    masked(region, '<region>'),
    masked(account, '<account-id>'),
    rest.join(':').replace(/\*{3,}/g, '<masked>'),
  ].join(':');
}

export function explainAccessError(input: ParsedAccessError): Explanation {
  // The principal keeps its mask: describePrincipal turns it into placeholders where needed and
  // quotes what the terminal showed where that is what the user will see.
  const error = { ...input, resource: unmaskedArn(input.resource) };
  let d: Draft;
  try {
    d =
      error.kind === 'access-denied' || error.kind === 'decoded-authorization-message'
        ? explainDenied(error)
        : explainOther(error);
    if (error.kind !== 'access-denied' && error.kind !== 'decoded-authorization-message') {
      finishCommon(d, error, describePrincipal(error.principal));
    }
  } catch {
    d = draft(error, 'AWS refused the request.');
  }
  if (
    error.service === 'organizations' &&
    /not (?:a|the) management account|delegated administrator/i.test(error.excerpt)
  ) {
    // AWS says outright which account may call: no policy of this one can allow it.
    d.changes = [
      {
        account: null,
        policyType: null,
        what:
          'Make the call with credentials of the management account or of a delegated ' +
          'administrator account for this service; no policy in this account can allow it.',
      },
    ];
    d.policyStatement = null;
  }
  const iso = isolatedPartition(error);
  if (iso) {
    d.steps.push(
      `No console links: ${iso} is an isolated partition whose console hosts are not public, ` +
        'so open its console from inside that network. The commands above still apply.',
    );
  }
  return {
    summary: d.summary,
    changes: d.changes,
    steps: [...new Set(d.steps)],
    policyStatement: d.policyStatement,
    commands: [...new Set(d.commands)],
    links: d.links.list,
    ...(d.anyOneChange ? { anyOneChange: true } : {}),
  };
}
