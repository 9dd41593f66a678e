// Finds every AWS authorization error (and the errors people take for one) in pasted text.
//
// The text is first cleaned into one line (normalize.ts). Detectors then report "hits": strong
// hits are error messages in their own right; prefix and suffix hits are the wrappers around
// them (error codes, operation names, encoded messages, CloudTrail fields). Neighbouring hits are
// grouped, each group with at most one strong hit, and every group that names an error becomes
// one ParsedAccessError. Every scan is bounded, so the work stays linear in the input size.
//
// Known shortcomings:
// - A bare "Access Denied" with no error code, exception name or CloudTrail field around it is
//   not reported: the words are too common in ordinary text.
// - Decoded authorization messages do not name the policy type, so policyType stays null.
// - Several policy types can deny one request; AWS names one, and so does the result.
// - For a CloudTrail record the resource comes from requestParameters only for the services whose
//   parameters make the ARN obvious (S3, DynamoDB, Lambda, SQS, KMS key ids, SSM parameters, IAM
//   roles and users, and any parameter that is an ARN); other records keep no resource.

import {
  ACCESS_ERROR_KINDS,
  type AccessErrorKind,
  type DenyType,
  type ParsedAccessError,
  type PolicyType,
} from './kinds.js';
import { normalizeText } from './normalize.js';
import { actionsForOperation, serviceOfOperation } from './operations.js';

export type { AccessErrorKind, DenyType, ParsedAccessError, PolicyType };
export { ACCESS_ERROR_KINDS };

interface Fields {
  principal?: string;
  action?: string;
  operation?: string;
  resource?: string;
  deny?: DenyType;
  policyType?: PolicyType;
  policyArn?: string;
  /** A service named outright (Go/Java SDK wrapper, XML namespace, CloudTrail eventSource). */
  service?: string;
  authorizationId?: string;
  encodedMessage?: string;
  errorCode?: string;
  region?: string;
  truncated?: boolean;
}

interface Hit {
  start: number;
  end: number;
  role: 'strong' | 'prefix' | 'suffix';
  /** How far (in characters) the hit may sit from the hit it belongs to. */
  reach: number;
  kind?: AccessErrorKind;
  fields: Fields;
  /** Where the message's sentence ends, for the excerpt (the hit itself may end earlier). */
  tailEnd?: number;
}

const MAX_TOKEN = 2048;
const MAX_EXCERPT = 4000;

// ---------------------------------------------------------------------------------------------
// Tokens

const TOKEN_STOP = new Set([' ', '"', "'", '`', '<', '>']);

function readTokenForward(text: string, from: number): { token: string; end: number } {
  let end = from;
  const limit = Math.min(text.length, from + MAX_TOKEN);
  while (end < limit && !TOKEN_STOP.has(text.charAt(end))) end++;
  return { token: text.slice(from, end), end };
}

function readTokenBackward(text: string, before: number): { token: string; start: number } {
  let start = before;
  const limit = Math.max(0, before - MAX_TOKEN);
  while (start > limit && !TOKEN_STOP.has(text.charAt(start - 1))) start--;
  return { token: text.slice(start, before), start };
}

/** Strips the punctuation and quotes that surround a value in prose, JSON or logs. */
export function cleanToken(token: string): string {
  let value = token.replace(/^[("'`[{<]{1,8}/, '');
  for (let guard = 0; guard < 16; guard++) {
    const next = value.replace(/[.,;:"'`}>\]]$/, '');
    const unbalancedParen =
      next.endsWith(')') && (next.match(/\(/g)?.length ?? 0) < (next.match(/\)/g)?.length ?? 0);
    const trimmed = unbalancedParen ? next.slice(0, -1) : next;
    if (trimmed === value) break;
    value = trimmed;
  }
  return value;
}

const ACTION = /^[A-Za-z0-9-]{1,64}:[A-Za-z0-9*]{1,128}$/;

function accountOf(arn: string | null): string | null {
  if (!arn) return null;
  const account = /^arn:[a-z-]{1,20}:[a-z0-9-]{0,64}:[a-z0-9-]{0,32}:(\d{12}):/.exec(arn)?.[1];
  return account ?? null;
}

function serviceOfArn(arn: string | null): string | null {
  if (!arn) return null;
  return /^arn:[a-z-]{1,20}:([a-z0-9-]{1,64}):/.exec(arn)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------
// The main sentence: "User: <principal> is not authorized to perform: <action> on resource: …"

const POLICY_PHRASES: ReadonlyArray<readonly [string, PolicyType]> = [
  ['identity-based policy', 'identity'],
  ['identity-based policies', 'identity'],
  ['resource-based policy', 'resource'],
  ['role trust policy', 'trust'],
  ['trust policy', 'trust'],
  ['permissions boundary', 'boundary'],
  ['permission boundary', 'boundary'],
  ['sessions policy', 'session'],
  ['session policy', 'session'],
  ['service control policy', 'scp'],
  ['service control policies', 'scp'],
  ['resource control policy', 'rcp'],
  ['resource control policies', 'rcp'],
  ['vpc endpoint policy', 'vpce'],
];

/** Non-ARN resource names IAM prints: `policy NAME`, `role NAME`, `access key AKIA…`. */
const IAM_RESOURCE_WORDS = new Set(['policy', 'role', 'user', 'group', 'instance-profile']);

function matchPolicyPhrase(lower: string, at: number): { type: PolicyType; length: number } | null {
  for (const [phrase, type] of POLICY_PHRASES) {
    if (lower.startsWith(phrase, at)) return { type, length: phrase.length };
  }
  return null;
}

function isPrincipalLike(value: string): boolean {
  return (
    /^(?:arn|aws):/.test(value) ||
    /^\*{1,8}$/.test(value) ||
    value === 'anonymous' ||
    /^[a-z0-9-]{1,64}\.amazonaws\.com(?:\.cn)?$/.test(value)
  );
}

function parseSentence(text: string, anchor: number, anchorEnd: number): Hit | null {
  const fields: Fields = {};
  let start = anchor;
  const before = anchor > 0 && text.charAt(anchor - 1) === ' ' ? anchor - 1 : anchor;
  const { token: principalToken, start: principalStart } = readTokenBackward(text, before);
  const principal = cleanToken(principalToken);
  const labelled = /\bUser: ?$/i.test(text.slice(Math.max(0, principalStart - 8), principalStart));
  if (principal && !principal.endsWith(':') && (labelled || isPrincipalLike(principal))) {
    fields.principal = principal;
    start = labelled ? text.lastIndexOf('User', principalStart) : principalStart;
  } else if (/^user:$/i.test(principalToken)) {
    start = principalStart;
  }

  let pos = anchorEnd;
  const next = text.slice(pos, pos + 40);
  const perform = /^ to perform:? ?/i.exec(next);
  const access = /^ to access(?: this resource| the resource| resource)?/i.exec(next);
  if (perform) {
    pos += perform[0].length;
    const { token, end } = readTokenForward(text, pos);
    const value = cleanToken(token);
    if (ACTION.test(value)) {
      fields.action = value;
      pos = end;
    } else if (/^[a-z0-9-]{1,64}$/i.test(value) && value !== 'this') {
      // Cut off after the service prefix: "perform: sts (truncated...)".
      const after = text.slice(end, end + 16);
      if (end >= text.length || /^ ?(?:\(truncated|\[truncated|\.\.\.|…)/i.test(after)) {
        fields.service = value.toLowerCase();
        fields.truncated = true;
        pos = end;
      }
    } else if (!token) {
      fields.truncated = true;
    }
  } else if (access) {
    pos += access[0].length;
  } else if (!fields.principal) {
    return null;
  } else if (pos >= text.length - 12 && ' to perform'.startsWith(next.trimEnd() || ' ')) {
    fields.truncated = true;
    pos = text.length;
  }

  pos = parseResource(text, pos, fields);
  pos = parseReason(text, pos, fields);
  // Prose such as "if a user is not authorized to perform an action" names neither.
  if (!fields.principal && !fields.action && !fields.service && !fields.truncated) return null;
  return { start, end: pos, role: 'strong', reach: 0, kind: 'access-denied', fields };
}

function parseResource(text: string, from: number, fields: Fields): number {
  const head = text.slice(from, from + 40);
  const withheld = /^ on (?:this|the specified) resource/i.exec(head);
  if (withheld) return from + withheld[0].length;
  const named = /^ on resource:? ?/i.exec(head);
  if (!named) return from;
  let pos = from + named[0].length;
  if (text.charAt(pos) === '"' || text.charAt(pos) === "'") {
    const quote = text.charAt(pos);
    const close = text.indexOf(quote, pos + 1);
    if (close > pos && close - pos <= MAX_TOKEN) {
      fields.resource = cleanToken(text.slice(pos + 1, close));
      return close + 1;
    }
    pos += 1;
  }
  const first = readTokenForward(text, pos);
  const word = first.token.toLowerCase();
  if (IAM_RESOURCE_WORDS.has(word) || word === 'access') {
    // IAM names some resources in words: "policy NAME", "access key AKIA…".
    let end = first.end;
    let words = 1;
    const wanted = word === 'access' ? 3 : 2;
    while (words < wanted && text.charAt(end) === ' ') {
      const more = readTokenForward(text, end + 1);
      if (!more.token || /^(?:because|with)$/i.test(more.token)) break;
      end = more.end;
      words++;
    }
    if (words === wanted) {
      fields.resource = cleanToken(text.slice(pos, end));
      return end;
    }
  }
  const value = cleanToken(first.token);
  if (value) fields.resource = value;
  if (
    first.end >= text.length ||
    /^ ?(?:\(truncated|\[truncated|\.\.\.)/.test(text.slice(first.end, first.end + 16))
  ) {
    if (first.token.endsWith('...')) fields.truncated = true;
  }
  return first.end;
}

/** KMS's newer reason, naming three causes without saying which (lower case, as read). */
export const KMS_THREE_CAUSES =
  'because the resource does not exist in this region, no resource-based policies allow ' +
  'access, or a resource-based policy explicitly denies access';

function parseReason(text: string, from: number, fields: Fields): number {
  const lower = text.slice(from, from + 240).toLowerCase();
  let at = lower.startsWith(' ') ? 1 : 0;
  // KMS lists three causes without choosing: kept in the excerpt, no policy type claimed.
  if (lower.startsWith(KMS_THREE_CAUSES, at)) return from + at + KMS_THREE_CAUSES.length;
  if (lower.startsWith('because no ', at)) {
    fields.deny = 'implicit';
    at += 'because no '.length;
    const phrase = matchPolicyPhrase(lower, at);
    if (!phrase) return from + at;
    fields.policyType = phrase.type;
    at += phrase.length;
    const allows = /^ allows the [^ ]{1,200} action/.exec(lower.slice(at));
    if (allows) at += allows[0].length;
    else if (from + at >= text.length || lower.length === at) fields.truncated = true;
    return from + at;
  }
  if (!lower.startsWith('with an explicit deny', at)) return from;
  fields.deny = 'explicit';
  at += 'with an explicit deny'.length;
  const typed = /^ in (?:an?|the) /.exec(lower.slice(at));
  if (!typed) return from + at;
  at += typed[0].length;
  const phrase = matchPolicyPhrase(lower, at);
  if (!phrase) return from + at;
  fields.policyType = phrase.type;
  at += phrase.length;
  // "a VPC endpoint policy transitively through a service control policy": the SCP is what
  // has to change, so the SCP is reported.
  const through = /^ transitively through (?:an?|the) /.exec(lower.slice(at));
  if (through) {
    const inner = matchPolicyPhrase(lower, at + through[0].length);
    if (inner) {
      fields.policyType = inner.type;
      at += through[0].length + inner.length;
    }
  }
  const arnStart = /^:? ?(?=arn:)/.exec(text.slice(from + at, from + at + 8));
  if (arnStart) {
    const { token, end } = readTokenForward(text, from + at + arnStart[0].length);
    fields.policyArn = cleanToken(token);
    return end;
  }
  return from + at;
}

// ---------------------------------------------------------------------------------------------
// Other strong messages

/** A case-insensitive global pattern for any of the literal phrases. */
function phrases(...list: string[]): RegExp {
  const escaped = list.map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(escaped.join('|'), 'gi');
}

/** A pattern written in pieces, so that long ones stay readable. */
function pattern(flags: string, ...pieces: string[]): RegExp {
  return new RegExp(pieces.join(''), flags);
}

interface MessageRule {
  pattern: RegExp;
  /** Lower-case words without which the pattern cannot match: a cheap test before the scan. */
  probes: readonly string[];
  kind: AccessErrorKind;
  fields?: (match: RegExpExecArray) => Fields;
}

const MESSAGE_RULES: readonly MessageRule[] = [
  {
    pattern: /security token included in the request is expired|\btoken (?:has )?expired\b/gi,
    kind: 'expired-token',
    probes: ['expired'],
  },
  {
    pattern: phrases(
      'security token included in the request is invalid',
      'access key id you provided does not exist in our records',
    ),
    kind: 'invalid-token',
    probes: ['security token', 'access key id'],
  },
  {
    pattern: /request signature we calculated does not match the signature you provided/gi,
    kind: 'signature-mismatch',
    probes: ['signature we calculated'],
  },
  {
    pattern: phrases(
      'could not load credentials from any providers',
      'unable to locate credentials',
      'no valid providers in chain',
    ),
    kind: 'missing-credentials',
    probes: ['credentials', 'providers in chain'],
  },
  {
    pattern: /MultiFactorAuthentication failed/gi,
    kind: 'mfa-failed',
    probes: ['multifactorauthentication'],
  },
  {
    pattern: /Roles may not be assumed by root accounts/gi,
    kind: 'root-cannot-assume-role',
    probes: ['root accounts'],
  },
  {
    pattern: /exceeds the 1 hour session limit for roles assumed by role chaining/gi,
    kind: 'role-chaining-limit',
    probes: ['role chaining'],
  },
  {
    pattern: phrases(
      'requested DurationSeconds exceeds the MaxSessionDuration',
      "'durationSeconds' failed to satisfy constraint",
    ),
    kind: 'duration-exceeds-max-session',
    probes: ['durationseconds'],
  },
  {
    pattern: /Invalid principal in policy/gi,
    kind: 'invalid-principal-in-policy',
    probes: ['invalid principal'],
  },
  {
    pattern: /Has prohibited field|Policy document should not specify a principal/gi,
    kind: 'prohibited-policy-field',
    probes: ['prohibited field', 'should not specify a principal'],
  },
  {
    pattern: /Cannot call (GetFederationToken|GetSessionToken) with session credentials/gi,
    kind: 'session-credentials-not-allowed',
    fields: (match) => (match[1] ? { operation: match[1] } : {}),
    probes: ['with session credentials'],
  },
  {
    pattern: /Only federation tokens or assume role tokens may be used for federated login/gi,
    kind: 'federation-token-required',
    probes: ['federated login'],
  },
  {
    pattern: /Invalid information in one or more fields/gi,
    kind: 'switch-role-failed',
    probes: ['one or more fields'],
  },
  {
    pattern: /No OpenIDConnect provider found in your account/gi,
    kind: 'oidc-provider-missing',
    probes: ['openidconnect'],
  },
  {
    pattern:
      /Incorrect token audience|Couldn't retrieve verification key from your identity provider/gi,
    kind: 'invalid-identity-token',
    probes: ['token audience', 'verification key'],
  },
  {
    pattern: /The ciphertext refers to a customer master key that does not exist/gi,
    kind: 'kms-key-inaccessible',
    probes: ['ciphertext refers'],
  },
  {
    pattern: phrases(
      'Your account is not authorized to invoke this API operation',
      "You don't have access to the model with the specified model ID",
    ),
    kind: 'model-access-not-enabled',
    probes: ['not authorized to invoke', 'access to the model'],
  },
  {
    pattern: phrases(
      'You must be logged in to the server (Unauthorized)',
      'the server has asked for the client to provide credentials',
    ),
    kind: 'eks-unauthorized',
    probes: ['logged in to the server', 'provide credentials'],
  },
  {
    // kubectl: `pods is forbidden: User "arn:…" cannot list resource "pods" in API group "" …`
    pattern: pattern(
      'g',
      String.raw`\b[a-z0-9.-]{1,253}(?: "[^"\n]{0,253}")? is forbidden: User "([^"\n]{1,2048})" `,
      String.raw`cannot [a-z]{1,32} resource "[^"\n]{1,253}"`,
      String.raw`(?: in API group "[^"\n]{0,253}")?`,
      String.raw`(?: in the namespace "[^"\n]{1,253}"| at the cluster scope)?`,
    ),
    kind: 'kubernetes-forbidden',
    fields: (match) => ({ principal: match[1] ?? '' }),
    probes: ['is forbidden: user'],
  },
  {
    // AWS Organizations saying which account may call: kept in the excerpt for the explainer.
    pattern: /\bnot (?:a|the) management account(?: or (?:a )?delegated administrator)?/gi,
    kind: 'opaque-access-denied',
    probes: ['management account'],
  },
  {
    pattern: /\bSTS is not activated in this region\b/gi,
    kind: 'region-disabled',
    probes: ['not activated in this region'],
  },
  {
    pattern: /Cross-account pass role is not allowed/gi,
    kind: 'cross-account-pass-role',
    probes: ['pass role is not allowed'],
  },
  {
    pattern:
      /(?<!\bis )\bnot authori[sz]ed to perform:? ?([A-Za-z0-9-]{1,64}:[A-Za-z0-9*]{1,128})/gi,
    kind: 'access-denied',
    fields: (match) => ({ action: match[1] ?? '' }),
    probes: ['not authori'],
  },
  {
    pattern: pattern(
      'gi',
      String.raw`\bdoes(?:n't| not) have (?:the )?permissions? to (?:call|perform) `,
      '([A-Za-z0-9-]{1,64}:[A-Za-z0-9*]{1,128})',
    ),
    kind: 'access-denied',
    fields: (match) => ({ action: match[1] ?? '' }),
    probes: ['have permission', 'have the permission'],
  },
  {
    pattern: /\bPrincipal \[([^\]\s]{1,2048})\] is not allowed to execute \[([^\]\s]{1,256})\]/g,
    kind: 'access-denied',
    fields: (match) => ({ principal: match[1] ?? '', action: match[2] ?? '' }),
    probes: ['is not allowed to execute'],
  },
  {
    pattern: pattern(
      'gi',
      String.raw`\bAccess to the resource ([^\s"'<>]{1,2048}) is denied`,
      String.raw`|\bNot authorized to access resource ([^\s"'<>]{1,2048})`,
    ),
    kind: 'opaque-access-denied',
    fields: (match) => ({ resource: cleanToken(match[1] ?? match[2] ?? '') }),
    probes: ['access to the resource', 'access resource'],
  },
];

/** Console banners in the console's own words: they name the permission, not the principal. */
const BANNER = pattern(
  'gi',
  String.raw`\b(?:You don't have permissions? to|You do not have permissions? to`,
  String.raw`|Insufficient permissions? to|You need permissions?\b)`,
);
const BANNER_ACTION =
  /(?:\ballow (?:the )?|^ ?|permissions? (?:to|for) )([a-z0-9-]{1,64}:[A-Za-z0-9*]{1,128})/i;

function bannerHits(text: string, hits: Hit[]): void {
  for (const match of text.matchAll(BANNER)) {
    const start = match.index;
    const from = start + match[0].length;
    const window = text.slice(from, from + 400);
    const action = BANNER_ACTION.exec(window);
    const fields: Fields = {};
    let end = from;
    if (action?.[1]) {
      fields.action = cleanToken(action[1]);
      end = from + action.index + action[0].length;
      hits.push({
        start,
        end,
        role: 'strong',
        reach: 0,
        kind: 'console-permission-banner',
        fields,
      });
    } else {
      // A heading without the permission ("You need permissions"): the service sentence that
      // usually follows it tells more, so the heading only introduces it.
      hits.push({
        start,
        end,
        role: 'prefix',
        reach: 300,
        kind: 'console-permission-banner',
        fields,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// DecodeAuthorizationMessage output

const AWS_SERVICE_CONDITION = pattern(
  '',
  String.raw`"aws:Service" ?, ?"values" ?: ?\{ ?"items" ?: ?\[ ?\{ ?"value" ?: ?`,
  '"([a-z0-9-]{1,64})"',
);

function decodedMessageHits(text: string, hits: Hit[]): void {
  const triggers = [...text.matchAll(/"(?:allowed|explicitDeny)" ?: ?(true|false)/g)];
  let claimedUntil = 0;
  let next = 0;
  for (const match of triggers) {
    const at = match.index;
    if (at < claimedUntil) continue;
    if (/^"allowed" ?: ?true/.test(match[0])) {
      // A decoded message that allowed the request: skip its explicitDeny field too.
      claimedUntil = at + 400;
      continue;
    }
    // One message's fields lie before the next message starts; searching no further keeps the
    // work linear when triggers repeat.
    while (next < triggers.length && (triggers[next]?.index ?? 0) <= at + 400) next++;
    const limit = Math.min(at + 40000, triggers[next]?.index ?? text.length);
    const window = text.slice(at, limit);
    const explicit = /"explicitDeny" ?: ?(true|false)/.exec(window.slice(0, 400))?.[1];
    const principal = /"principal" ?: ?\{[^{}]{0,2000}?"arn" ?: ?"([^"]{1,2048})"/.exec(window);
    const action = /"action" ?: ?"([^"]{1,256})"/.exec(window);
    const resource = /"resource" ?: ?"([^"]{1,4096})"/.exec(window);
    if (!principal && !action && !resource) {
      // Nothing in this window: later triggers inside it would search the same text again.
      claimedUntil = at + window.length;
      continue;
    }
    const fields: Fields = { deny: explicit === 'true' ? 'explicit' : 'implicit' };
    if (principal?.[1]) fields.principal = principal[1];
    if (resource?.[1]) fields.resource = resource[1];
    const actionValue = action?.[1];
    if (actionValue && ACTION.test(actionValue)) {
      fields.action = actionValue;
    } else if (actionValue && /^[A-Za-z0-9]{1,128}$/.test(actionValue)) {
      // EC2 records the bare operation; the service comes from the ARN or aws:Service.
      fields.operation = actionValue;
      const service =
        serviceOfArn(fields.resource ?? null) ?? AWS_SERVICE_CONDITION.exec(window)?.[1];
      if (service) fields.action = `${service}:${actionValue}`;
    }
    const ends = [principal, action, resource].map((found) =>
      found ? found.index + found[0].length : 0,
    );
    const end = at + Math.max(...ends);
    const before = text.slice(Math.max(0, at - 120), at);
    const label = before.lastIndexOf('"DecodedMessage"');
    const start = label >= 0 ? at - before.length + label : at;
    hits.push({
      start,
      end,
      role: 'strong',
      reach: 0,
      kind: 'decoded-authorization-message',
      fields,
    });
    claimedUntil = end;
  }
}

// ---------------------------------------------------------------------------------------------
// Wrappers: error codes, operations, services, encoded messages, authorization ids

const CODE_KIND: Record<string, AccessErrorKind> = {
  AccessDenied: 'opaque-access-denied',
  AccessDeniedException: 'opaque-access-denied',
  // `aws s3` prints the HTTP status for bodiless HEAD responses: "An error occurred (403)".
  '403': 'opaque-access-denied',
  Forbidden: 'opaque-access-denied',
  AuthorizationError: 'opaque-access-denied',
  AuthorizationErrorException: 'opaque-access-denied',
  KMSAccessDeniedException: 'opaque-access-denied',
  KMSAccessDenied: 'opaque-access-denied',
  UnauthorizedOperation: 'encoded-authorization-failure',
  'Client.UnauthorizedOperation': 'encoded-authorization-failure',
  ExpiredToken: 'expired-token',
  ExpiredTokenException: 'expired-token',
  InvalidClientTokenId: 'invalid-token',
  UnrecognizedClientException: 'invalid-token',
  InvalidAccessKeyId: 'invalid-token',
  SignatureDoesNotMatch: 'signature-mismatch',
  InvalidIdentityToken: 'invalid-identity-token',
  IDPRejectedClaim: 'invalid-identity-token',
  RegionDisabledException: 'region-disabled',
  // IAM Identity Center (GetRoleCredentials) and API Gateway say ForbiddenException.
  ForbiddenException: 'opaque-access-denied',
};

/** When only wrappers are found, the most telling one names the error. */
const WEAK_KIND_RANK: Partial<Record<AccessErrorKind, number>> = {
  'region-disabled': 5,
  'encoded-authorization-failure': 5,
  'expired-token': 4,
  'invalid-token': 4,
  'signature-mismatch': 4,
  'invalid-identity-token': 4,
  'assume-role-failed': 3,
  'opaque-access-denied': 2,
  'console-permission-banner': 1,
};

const CODE_WORDS = [...Object.keys(CODE_KIND), 'ValidationError', 'MalformedPolicyDocument']
  .map((code) => code.replace('.', '\\.'))
  .join('|');

const CODE_PROBES = [...Object.keys(CODE_KIND), 'ValidationError', 'MalformedPolicyDocument'].map(
  (code) => code.toLowerCase(),
);

/** Service names as SDK wrappers print them, reduced to IAM service prefixes. */
function servicePrefixFromName(name: string): string | null {
  const reduced = name
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^(?:amazon|aws)/, '')
    .replace(/v\d$/, '');
  const aliases: Record<string, string> = {
    securitytokenservice: 'sts',
    identitymanagement: 'iam',
    simplesystemsmanagement: 'ssm',
    keymanagementservice: 'kms',
    bedrockruntime: 'bedrock',
    cloudwatchlogs: 'logs',
    sfn: 'states',
    elasticloadbalancing: 'elasticloadbalancing',
    eventbridge: 'events',
    cognitoidentityprovider: 'cognito-idp',
    cognitoidentity: 'cognito-identity',
  };
  const prefix = aliases[reduced] ?? reduced;
  return /^[a-z0-9-]{2,40}$/.test(prefix) ? prefix : null;
}

interface WrapperRule {
  pattern: RegExp;
  /** Lower-case words without which the pattern cannot match: a cheap test before the scan. */
  probes: readonly string[];
  role: 'prefix' | 'suffix';
  reach: number;
  read: (match: RegExpExecArray) => Fields & { kind?: AccessErrorKind };
}

function codeFields(code: string | undefined): Fields & { kind?: AccessErrorKind } {
  if (!code) return {};
  const kind = CODE_KIND[code];
  return kind ? { errorCode: code, kind } : { errorCode: code };
}

const WRAPPER_RULES: readonly WrapperRule[] = [
  {
    // AWS CLI v2 / boto: "An error occurred (Code) when calling the Op operation:"
    pattern: pattern(
      'g',
      String.raw`\bAn error occurred \(([A-Za-z0-9._]{1,64})\)(?: \([^)]{0,80}\))?`,
      String.raw`(?: when calling the ([A-Za-z0-9]{1,64}) operation)?(?: \([^)]{0,80}\))?:?`,
    ),
    role: 'prefix',
    reach: 60,
    read: (m) => ({ ...codeFields(m[1]), ...(m[2] ? { operation: m[2] } : {}) }),
    probes: ['an error occurred'],
  },
  {
    // AWS CLI v1: "A client error (Code) occurred when calling the Op operation:"
    pattern: pattern(
      'g',
      String.raw`\bA client error \(([A-Za-z0-9._]{1,64})\) occurred`,
      '(?: when calling the ([A-Za-z0-9]{1,64}) operation)?:?',
    ),
    role: 'prefix',
    reach: 60,
    read: (m) => ({ ...codeFields(m[1]), ...(m[2] ? { operation: m[2] } : {}) }),
    probes: ['a client error'],
  },
  {
    // Go SDK v2: "operation error STS: AssumeRole, https response error …"
    pattern: /\boperation error ([A-Za-z0-9 ]{1,40}?): ([A-Za-z0-9]{1,64}),/g,
    role: 'prefix',
    reach: 600,
    read: (m) => {
      const service = servicePrefixFromName(m[1] ?? '');
      return { ...(service ? { service } : {}), ...(m[2] ? { operation: m[2] } : {}) };
    },
    probes: ['operation error'],
  },
  {
    pattern: /\bapi error ([A-Za-z0-9.]{1,64}):/g,
    role: 'prefix',
    reach: 60,
    read: (m) => codeFields(m[1]),
    probes: ['api error'],
  },
  {
    // Go SDK v1, ECS, .NET and others print "Code: message".
    pattern: new RegExp(`\\b(${CODE_WORDS}):(?= )`, 'g'),
    role: 'prefix',
    reach: 60,
    read: (m) => codeFields(m[1]),
    probes: CODE_PROBES,
  },
  {
    // Java SDK: "(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; …)"
    pattern: pattern(
      'g',
      String.raw`\(Service: ([A-Za-z0-9 ]{1,60}?)[;,] Status Code: (\d{3})[;,]`,
      '(?: Error Code: ([A-Za-z0-9.]{1,64})[;,)])?',
    ),
    role: 'suffix',
    reach: 60,
    read: (m) => {
      const service = servicePrefixFromName(m[1] ?? '');
      // Java SDK v2 prints no error code: a 403 is still a refusal.
      const refused = !m[3] && m[2] === '403' ? { kind: 'opaque-access-denied' as const } : {};
      return { ...codeFields(m[3]), ...refused, ...(service ? { service } : {}) };
    },
    probes: ['(service: '],
  },
  {
    pattern: /<Code>([A-Za-z0-9.]{1,64})<\/Code>/g,
    role: 'prefix',
    reach: 300,
    read: (m) => codeFields(m[1]),
    probes: ['<code>'],
  },
  {
    // Only S3 puts a HostId (its extended request id) in an XML error body.
    pattern: /<HostId>/g,
    role: 'suffix',
    reach: 300,
    read: () => ({ service: 's3' }),
    probes: ['<hostid>'],
  },
  {
    pattern: /xmlns="https?:\/\/([a-z0-9-]{1,40})\.amazonaws\.com\/doc\//g,
    role: 'prefix',
    reach: 300,
    read: (m) => (m[1] ? { service: m[1] } : {}),
    probes: ['xmlns='],
  },
  {
    pattern: /"(?:__type|[Cc]ode)" ?: ?"(?:[A-Za-z0-9.:]{0,100}#)?([A-Za-z0-9.]{1,64})"/g,
    role: 'prefix',
    reach: 300,
    read: (m) => codeFields(m[1]),
    probes: ['"__type"', '"code"'],
  },
  {
    // "error" keys hold anything (Step Functions: "States.TaskFailed"); only known codes count.
    pattern: new RegExp(`"error" ?: ?"(${CODE_WORDS})"`, 'g'),
    role: 'prefix',
    reach: 300,
    read: (m) => codeFields(m[1]),
    probes: ['"error"'],
  },
  {
    // s3cmd and others: "403 (AccessDenied): Access Denied".
    pattern: new RegExp(`\\((${CODE_WORDS})\\)`, 'g'),
    role: 'prefix',
    reach: 60,
    read: (m) => codeFields(m[1]),
    probes: CODE_PROBES,
  },
  {
    // .NET and Java exception names: "Amazon.S3.AmazonS3Exception: Access Denied", Java SDK v2
    // "software.amazon.awssdk.services.s3.model.S3Exception: Access Denied".
    pattern: /\b(?:Amazon)?([A-Za-z0-9]{1,40}?)Exception: Access Denied\b/g,
    role: 'prefix',
    reach: 60,
    read: (m) => {
      const name = m[1] ?? '';
      // Generic SDK exception classes (SdkClientException, AwsServiceException) name no service.
      const service = /AccessDenied|^(?:Aws|Sdk)/i.test(name) ? null : servicePrefixFromName(name);
      return { kind: 'opaque-access-denied', ...(service ? { service } : {}) };
    },
    probes: ['exception: access denied'],
  },
  {
    pattern: /You are not authori[sz]ed to perform this operation\.?/g,
    role: 'prefix',
    reach: 60,
    read: () => ({ kind: 'encoded-authorization-failure' }),
    probes: ['perform this operation'],
  },
  {
    pattern: /Encoded authorization failure message:? ?([A-Za-z0-9_\-+/=]{1,20000})?(\.\.\.|…)?/g,
    role: 'suffix',
    reach: 60,
    read: (m) => ({
      kind: 'encoded-authorization-failure',
      ...(m[1] ? { encodedMessage: m[1] } : {}),
      ...(m[2] ? { truncated: true } : {}),
    }),
    probes: ['encoded authorization failure'],
  },
  {
    pattern: /#\/authorization-details\/([A-Za-z0-9]{1,128})/g,
    role: 'suffix',
    reach: 200,
    read: (m) => (m[1] ? { authorizationId: m[1] } : {}),
    probes: ['authorization-details'],
  },
  {
    pattern: /\bauthorization id:? ([A-Za-z0-9]{1,128})/gi,
    role: 'suffix',
    reach: 200,
    read: (m) => (m[1] ? { authorizationId: m[1] } : {}),
    probes: ['authorization id'],
  },
  {
    pattern: /\bError calling AssumeRole for role (arn:[^\s"'<>]{1,2048})/g,
    role: 'prefix',
    reach: 300,
    read: (m) => ({ kind: 'assume-role-failed', resource: cleanToken(m[1] ?? '') }),
    probes: ['error calling assumerole'],
  },
  {
    pattern: /\bfailed to assume role:? ["']?(arn:[^\s"'<>]{1,2048})/gi,
    role: 'prefix',
    reach: 150,
    read: (m) => ({ kind: 'assume-role-failed', resource: cleanToken(m[1] ?? '') }),
    probes: ['failed to assume role'],
  },
  {
    pattern: /\bIAM Role \((arn:[^\s()]{1,2048})\) cannot be assumed/g,
    role: 'prefix',
    reach: 1500,
    read: (m) => ({ kind: 'assume-role-failed', resource: cleanToken(m[1] ?? '') }),
    probes: ['cannot be assumed'],
  },
  {
    pattern: /\bcould not be used to assume ["']?(arn:[^\s"'<>]{1,2048})/gi,
    role: 'prefix',
    reach: 300,
    read: (m) => ({ kind: 'assume-role-failed', resource: cleanToken(m[1] ?? '') }),
    probes: ['used to assume'],
  },
  {
    // configure-aws-credentials echoes its inputs before its error: the role it tried to assume.
    pattern: /\brole-to-assume: ["']?(arn:[a-z-]{1,20}:iam::[^\s"':]{1,32}:role\/[^\s"']{1,512})/g,
    role: 'prefix',
    reach: 600,
    read: (m) => ({ resource: cleanToken(m[1] ?? '') }),
    probes: ['role-to-assume:'],
  },
  {
    // GitHub's configure-aws-credentials names the way it tried to assume the role.
    pattern: /\bCould not assume role with (?:OIDC|user credentials|web identity)\b:?/gi,
    role: 'prefix',
    reach: 60,
    read: () => ({}),
    probes: ['could not assume role with'],
  },
  {
    pattern: /\bcalling ([a-z0-9-]{1,64}:[A-Z][A-Za-z0-9]{1,127})/g,
    role: 'prefix',
    reach: 120,
    read: (m) => (m[1] ? { action: m[1] } : {}),
    probes: ['calling '],
  },
];

/** CloudTrail records: the caller, event and source sit in fields around errorCode. */
function cloudTrailHits(text: string, hits: Hit[]): void {
  const pattern = /"errorCode" ?: ?"([A-Za-z0-9.]{1,64})"/g;
  let previousEnd = 0;
  for (const match of text.matchAll(pattern)) {
    const code = match[1] ?? '';
    const at = match.index;
    const end = at + match[0].length;
    const recordStart = Math.max(previousEnd, at - 8000);
    previousEnd = end;
    const kind = CODE_KIND[code];
    if (!kind) continue;
    // The record's own fields: after the last record start before errorCode, and up to the next.
    let before = text.slice(recordStart, at);
    const ownStart = before.lastIndexOf('"eventVersion"');
    if (ownStart > 0) before = before.slice(ownStart);
    let after = text.slice(end, end + 4000);
    const nextRecord = after.search(/"eventVersion"|"errorCode"/);
    if (nextRecord >= 0) after = after.slice(0, nextRecord);
    const record = `${before} ${after}`;

    const fields: Fields = { errorCode: code };
    const identity = before.lastIndexOf('"userIdentity"');
    if (identity >= 0) {
      const arn = /"arn" ?: ?"(arn:[^"]{1,2048})"/.exec(before.slice(identity));
      if (arn?.[1]) fields.principal = arn[1];
    }
    const eventName = /"eventName" ?: ?"([A-Za-z0-9]{1,64})"/.exec(record);
    if (eventName?.[1]) fields.operation = eventName[1];
    const source = /"eventSource" ?: ?"([a-z0-9-]{1,64})\.amazonaws\.com"/.exec(record);
    if (source?.[1]) fields.service = source[1];
    const region = /"awsRegion" ?: ?"([a-z]{2}(?:-[a-z]{2,10}){1,3}-\d{1,2})"/.exec(record);
    if (region?.[1]) fields.region = region[1];
    const parameters = /"requestParameters" ?: ?\{([^{}]{0,4000})\}/.exec(record)?.[1];
    if (parameters) {
      const resource = resourceOfRequest(parameters, fields, record);
      if (resource) fields.resource = resource;
    }
    hits.push({ start: at, end, role: 'prefix', reach: 300, kind, fields });
  }
}

function parameter(parameters: string, name: string): string | null {
  const value = new RegExp(`"${name}" ?: ?"([^"]{1,1024})"`).exec(parameters)?.[1];
  return value ?? null;
}

/**
 * The ARN of what a CloudTrail request worked on, from its requestParameters: an ARN given
 * outright (roleArn, topicArn…), or one built from the names services log. Null when the record
 * does not make it obvious.
 */
function resourceOfRequest(parameters: string, fields: Fields, record: string): string | null {
  const given = /"[A-Za-z]{1,40}(?:Arn|ARN)" ?: ?"(arn:[^"]{1,2048})"/.exec(parameters)?.[1];
  if (given) return given;
  const partition = /^arn:([a-z-]{1,20}):/.exec(fields.principal ?? '')?.[1] ?? 'aws';
  const account =
    /"recipientAccountId" ?: ?"(\d{12})"/.exec(record)?.[1] ??
    /"accountId" ?: ?"(\d{12})"/.exec(record)?.[1] ??
    null;
  const region = fields.region ?? null;
  const inRegion = region && account ? `${region}:${account}` : null;
  const named = (key: string) => {
    const value = parameter(parameters, key);
    return value && !/[\s*]/.test(value) ? value : null;
  };
  switch (fields.service) {
    case 's3': {
      const bucket = named('bucketName');
      if (!bucket) return null;
      const key = parameter(parameters, 'key');
      return `arn:${partition}:s3:::${bucket}${key ? `/${key}` : ''}`;
    }
    case 'dynamodb': {
      const table = named('tableName');
      return table && inRegion ? `arn:${partition}:dynamodb:${inRegion}:table/${table}` : null;
    }
    case 'lambda': {
      const fn = named('functionName');
      if (fn?.startsWith('arn:')) return fn;
      return fn && inRegion ? `arn:${partition}:lambda:${inRegion}:function:${fn}` : null;
    }
    case 'sqs': {
      const url = /^https:\/\/[a-z0-9.-]{1,100}\/(\d{12})\/([A-Za-z0-9_.-]{1,80})$/.exec(
        named('queueUrl') ?? '',
      );
      return url && region ? `arn:${partition}:sqs:${region}:${url[1]}:${url[2]}` : null;
    }
    case 'kms': {
      const key = named('keyId');
      if (key?.startsWith('arn:')) return key;
      return key && /^[0-9a-f-]{36}$/.test(key) && inRegion
        ? `arn:${partition}:kms:${inRegion}:key/${key}`
        : null;
    }
    case 'ssm': {
      const name = named('name');
      return name && inRegion
        ? `arn:${partition}:ssm:${inRegion}:parameter/${name.replace(/^\//, '')}`
        : null;
    }
    case 'iam': {
      const role = named('roleName');
      const user = named('userName');
      if (!account) return null;
      if (role) return `arn:${partition}:iam::${account}:role/${role}`;
      return user ? `arn:${partition}:iam::${account}:user/${user}` : null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Collecting and grouping

/**
 * End of the sentence around `from` and of the one after it (which often says more, such as
 * "Please verify your MFA serial number"), looking at most 400 characters ahead.
 */
function sentenceEnd(text: string, from: number): number {
  const window = text.slice(from, from + 400);
  const stops = /^[^.!?]{0,400}[.!?](?: |$)(?:[^.!?]{0,400}[.!?](?: |$))?/.exec(window);
  return from + (stops ? stops[0].length : window.length);
}

function collectHits(text: string): Hit[] {
  const hits: Hit[] = [];
  // Most texts hold few of the phrases: a substring test spares most of the pattern scans.
  const lower = text.toLowerCase();
  const mentions = (probes: readonly string[]) => probes.some((probe) => lower.includes(probe));
  if (lower.includes('is not authori')) {
    for (const match of text.matchAll(/\bis not authori[sz]ed\b/gi)) {
      const hit = parseSentence(text, match.index, match.index + match[0].length);
      if (hit) hits.push(hit);
    }
  }
  for (const rule of MESSAGE_RULES) {
    if (!mentions(rule.probes)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const fields = rule.fields ? rule.fields(match) : {};
      const end = match.index + match[0].length;
      hits.push({
        start: match.index,
        end,
        role: 'strong',
        reach: 0,
        kind: rule.kind,
        fields,
        tailEnd: sentenceEnd(text, end),
      });
    }
  }
  if (mentions(['permission'])) bannerHits(text, hits);
  if (mentions(['"allowed"', '"explicitdeny"'])) decodedMessageHits(text, hits);
  for (const rule of WRAPPER_RULES) {
    if (!mentions(rule.probes)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const { kind, ...fields } = rule.read(match);
      hits.push({
        start: match.index,
        end: match.index + match[0].length,
        role: rule.role,
        reach: rule.reach,
        ...(kind ? { kind } : {}),
        fields,
      });
    }
  }
  if (mentions(['"errorcode"'])) cloudTrailHits(text, hits);
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return hits;
}

interface Group {
  hits: Hit[];
  strong: Hit | null;
  end: number;
  /** Kinds named by the group's hits so far. */
  kinds: Set<AccessErrorKind>;
}

function groupHits(hits: Hit[]): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  const open = (hit: Hit): Group => {
    const group: Group = {
      hits: [hit],
      strong: hit.role === 'strong' ? hit : null,
      end: hit.end,
      kinds: new Set(hit.kind ? [hit.kind] : []),
    };
    groups.push(group);
    return group;
  };
  for (const hit of hits) {
    if (!current) {
      current = open(hit);
      continue;
    }
    const last = current.hits[current.hits.length - 1] as Hit;
    const gap = hit.start - current.end;
    let joins: boolean;
    if (hit.role === 'strong') {
      // Two detectors may read the same words; overlapping strong hits are one error.
      joins = current.strong
        ? hit.start < current.strong.end
        : gap <= 0 || (last.role === 'prefix' && gap <= last.reach);
    } else if (hit.role === 'prefix') {
      // The same kind of wrapper again, not touching the last hit, is the next error: two CDK
      // warnings one after the other are two errors, not one.
      const reach = hit.kind && current.kinds.has(hit.kind) ? 60 : last.reach;
      joins = current.strong
        ? hit.start < current.strong.end
        : gap <= 0 || (last.role === 'prefix' && gap <= Math.min(reach, last.reach));
    } else {
      joins = gap <= hit.reach;
    }
    if (joins) {
      current.hits.push(hit);
      if (hit.role === 'strong' && !current.strong) current.strong = hit;
      current.end = Math.max(current.end, hit.end);
      if (hit.kind) current.kinds.add(hit.kind);
    } else {
      current = open(hit);
    }
  }
  return groups;
}

/** Service implied by the kind of message when nothing else in the text names one. */
const KIND_SERVICE: Partial<Record<AccessErrorKind, string>> = {
  'federated-assume-denied': 'sts',
  'assume-role-failed': 'sts',
  'encoded-authorization-failure': 'ec2',
  'kms-key-inaccessible': 'kms',
  'model-access-not-enabled': 'bedrock',
  'mfa-failed': 'sts',
  'root-cannot-assume-role': 'sts',
  'duration-exceeds-max-session': 'sts',
  'role-chaining-limit': 'sts',
  'invalid-principal-in-policy': 'iam',
  'prohibited-policy-field': 'iam',
  'session-credentials-not-allowed': 'sts',
  'federation-token-required': 'sts',
  'oidc-provider-missing': 'sts',
  'invalid-identity-token': 'sts',
  'cross-account-pass-role': 'iam',
  'region-disabled': 'sts',
  'identity-center-no-access': 'sso',
  'eks-unauthorized': 'eks',
  'kubernetes-forbidden': 'eks',
};

function groupKind(group: Group): AccessErrorKind | null {
  if (group.strong?.kind) return group.strong.kind;
  let best: AccessErrorKind | null = null;
  for (const hit of group.hits) {
    if (!hit.kind) continue;
    if (!best || (WEAK_KIND_RANK[hit.kind] ?? 0) > (WEAK_KIND_RANK[best] ?? 0)) best = hit.kind;
  }
  return best;
}

function toError(text: string, group: Group, limit: number): ParsedAccessError | null {
  let kind = groupKind(group);
  if (!kind) return null;
  const merged: Fields = { ...(group.strong?.fields ?? {}) };
  for (const hit of group.hits) {
    if (hit === group.strong) continue;
    for (const [key, value] of Object.entries(hit.fields) as [keyof Fields, never][]) {
      if (merged[key] === undefined && value !== undefined) merged[key] = value;
    }
  }
  const action = merged.action ?? null;
  const operation = merged.operation ?? null;
  // "Not authorized to perform sts:TagSession" on AssumeRoleWithWebIdentity: the caller is an
  // external identity, so this is the federated family whichever action was named.
  const federated = /^(?:sts:)?AssumeRoleWith(?:WebIdentity|SAML)$/i;
  if (
    kind === 'access-denied' &&
    !merged.principal &&
    (federated.test(action ?? '') || federated.test(operation ?? ''))
  ) {
    kind = 'federated-assume-denied';
  }
  if (kind === 'opaque-access-denied' && operation === 'GetRoleCredentials') {
    kind = 'identity-center-no-access';
  }
  const resource = merged.resource || null;
  const service =
    (action ? (action.split(':')[0] ?? '').toLowerCase() : null) ??
    merged.service ??
    (operation ? serviceOfOperation(operation) : null) ??
    KIND_SERVICE[kind] ??
    serviceOfArn(resource) ??
    null;
  // Hits are sorted by start; loops instead of spreads, since a group can hold many hits.
  const start = group.hits[0]?.start ?? 0;
  let tail = group.end;
  for (const hit of group.hits) tail = Math.max(tail, Math.min(hit.tailEnd ?? 0, limit));
  const excerpt = text.slice(start, Math.min(tail, start + MAX_EXCERPT)).trim();
  const principal = merged.principal || null;
  return {
    kind,
    principal,
    action,
    operation,
    suggestedActions: operation ? actionsForOperation(operation, service) : [],
    resource,
    deny: merged.deny ?? null,
    policyType: merged.policyType ?? null,
    policyArn: merged.policyArn || null,
    service,
    authorizationId: merged.authorizationId ?? null,
    encodedMessage: merged.encodedMessage ?? null,
    principalAccount: accountOf(principal),
    resourceAccount: accountOf(resource),
    region: merged.region ?? null,
    errorCode: merged.errorCode ?? null,
    truncated:
      merged.truncated === true || /\(truncated|\[truncated\]|\.\.\. ?$/i.test(excerpt.slice(-40)),
    excerpt,
  };
}

/**
 * Every AWS authorization error in the text, in order of appearance. Never throws; the work is
 * linear in the length of the text.
 */
export function parseAccessErrors(text: string): ParsedAccessError[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    const normalized = normalizeText(text);
    const errors: ParsedAccessError[] = [];
    const groups = groupHits(collectHits(normalized));
    groups.forEach((group, index) => {
      const next = groups[index + 1];
      const limit = next?.hits[0]?.start ?? normalized.length;
      const error = toError(normalized, group, limit);
      if (error) errors.push(error);
    });
    return errors;
  } catch {
    // A parser bug must not take down a console page or the panel; the tests hunt such bugs
    // with generated input, this only keeps a missed one from escaping.
    return [];
  }
}
