// Credentials in every shape people paste them, and what a given set of credentials can do.
//
// Everything here treats the secret access key and the session token as secrets: no message,
// error or field built here ever repeats them. Messages name variables, keys and formats instead.

import { type PartitionId, partitionOfArn, partitionOfRegion } from '../partitions.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When the credentials stop working, as an ISO 8601 string (UTC). */
  expiration?: string;
  region?: string;
}

export type CredentialFormat =
  | 'shell-export'
  | 'shell-assignment'
  | 'fish'
  | 'powershell'
  | 'windows-cmd'
  | 'sts-assume-role-json'
  | 'sts-get-session-token-json'
  | 'sts-get-federation-token-json'
  | 'sts-credentials-json'
  | 'credential-process-json'
  | 'sso-role-credentials-json'
  | 'credentials-file';

/** Which STS call produced the credentials, when the pasted text says so. */
export type CredentialOriginHint = 'assume-role' | 'session-token' | 'federation-token';

export type ParseCredentialsResult =
  | {
      ok: true;
      credentials: AwsCredentials;
      format: CredentialFormat;
      /** Present when the text itself shows where the credentials came from. */
      originHint?: CredentialOriginHint;
      /** Caller ARN carried by the pasted JSON (AssumedRoleUser / FederatedUser). */
      arnHint?: string;
      /** Profile whose keys were taken, for a credentials-file block. */
      profile?: string;
      warnings: string[];
    }
  | { ok: false; error: string };

export interface ParseCredentialsOptions {
  /** Current time in milliseconds since the epoch; credentials expired before it are refused. */
  now?: number;
  /** Profile to take from a credentials file holding several. */
  profile?: string;
  /**
   * How the user names a profile where the text is read (`--profile NAME` in the CLI); the
   * message for a file holding several profiles says to use it.
   */
  profileOption?: string;
}

/** Inputs larger than this are not credentials; refusing them keeps every parser linear. */
export const MAX_CREDENTIALS_TEXT = 200_000;
const MAX_INPUT = MAX_CREDENTIALS_TEXT;
export const CREDENTIALS_TOO_LONG =
  'The text is far too long to be a set of credentials; paste only the credentials.';
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const REGION_SHAPE = /^[a-z]{2,4}(?:-[a-z]{2,10}){1,3}-\d{1,2}$/;

const HOW_TO_GET =
  'Paste the output of "aws configure export-credentials", of "aws sts assume-role", or the ' +
  'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN lines.';

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

// ---------------------------------------------------------------------------------------------
// Gathering fields

interface Gathered {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  expiration?: string | number;
  region?: string;
  /** The name each value was found under, as written, for messages about it. */
  names?: Partial<Record<GatheredField, string>>;
}

type GatheredField = Exclude<keyof Gathered, 'names'>;

/** Environment variable names the AWS CLI and SDKs read, mapped to the field they fill. */
const ENV_FIELDS: Record<string, GatheredField> = {
  AWS_ACCESS_KEY_ID: 'accessKeyId',
  AWS_SECRET_ACCESS_KEY: 'secretAccessKey',
  AWS_SESSION_TOKEN: 'sessionToken',
  // Still set by some older tools instead of AWS_SESSION_TOKEN.
  AWS_SECURITY_TOKEN: 'sessionToken',
  AWS_CREDENTIAL_EXPIRATION: 'expiration',
  AWS_SESSION_EXPIRATION: 'expiration',
  AWS_REGION: 'region',
  AWS_DEFAULT_REGION: 'region',
};

const FILE_FIELDS: Record<string, GatheredField> = {
  aws_access_key_id: 'accessKeyId',
  aws_secret_access_key: 'secretAccessKey',
  aws_session_token: 'sessionToken',
  aws_security_token: 'sessionToken',
  aws_credential_expiration: 'expiration',
  region: 'region',
};

function assign(target: Gathered, field: GatheredField, value: string, name?: string): void {
  // AWS_REGION wins over AWS_DEFAULT_REGION, as in the CLI; the first region seen is kept.
  if (field === 'region' && target.region) return;
  if (field === 'sessionToken' && target.sessionToken) return;
  target[field] = value;
  if (name !== undefined) target.names = { ...target.names, [field]: name };
}

/** Removes one layer of matching quotes and the escapes shells allow inside double quotes. */
function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2) {
    const first = value[0];
    const last = value[value.length - 1];
    if (first === "'" && last === "'") return value.slice(1, -1);
    if (first === '"' && last === '"') return value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  }
  // An unquoted value ends at whitespace or a shell separator (e.g. `X=y; export Z=w`).
  const end = value.search(/[\s;]/);
  return end === -1 ? value : value.slice(0, end);
}

type LineStyle = 'shell-export' | 'shell-assignment' | 'fish' | 'powershell' | 'windows-cmd';

const FISH_OPTION = '(?:[ \\t]{1,16}(?:-[a-zA-Z]{1,4}|--export|--global))';

// Each pattern is anchored and every repetition bounded, so matching a statement is linear.
const FISH_SET = new RegExp(
  // `set -x`, `set -gx`, `set --export --global`: one or two option words, name, value.
  `^set${FISH_OPTION}${FISH_OPTION}?[ \\t]{1,16}([A-Za-z_]\\w{0,127})[ \\t]{1,16}(.*)$`,
);
const POWERSHELL_ENV = /^\$env:([A-Za-z_]\w{0,127})[ \t]{0,16}=[ \t]{0,16}(.*)$/i;
const CMD_SET = /^set[ \t]{1,16}"?([A-Za-z_]\w{0,127})=(.*)$/i;
const NAME_VALUE = /^([A-Za-z_]\w{0,127})=/;
// Fish joins commands with `; and …` and `; or …`.
const FISH_JOINER = /^(?:and|or)[ \t]{1,16}(?=set[ \t])/;
// Words before the assignments of a POSIX shell line: `export A=1 B=2`, `env A=1 cmd`.
const SHELL_KEYWORDS = new Map<string, LineStyle>([
  ['export', 'shell-export'],
  ['declare', 'shell-export'],
  ['typeset', 'shell-export'],
  ['env', 'shell-assignment'],
]);

/**
 * Splits a pasted line into its statements at `;`, `&`, `&&`, `|` and `||` outside quotes, and
 * drops a trailing `# comment`. No AWS key, secret or token contains these characters, so a
 * separator is never taken out of a value.
 */
function statementsOf(line: string): string[] {
  const statements: string[] = [];
  let current = '';
  let previous = '';
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const character = line[index] ?? '';
    if (quote) {
      if (character === '\\' && quote === '"' && index + 1 < line.length) {
        current += character + (line[++index] ?? '');
      } else {
        if (character === quote) quote = undefined;
        current += character;
      }
    } else if (character === ';' || character === '&' || character === '|') {
      statements.push(current);
      current = '';
    } else if (character === '#' && (previous === '' || /[\s;&|]/.test(previous))) {
      break;
    } else {
      if (character === '"' || character === "'") quote = character;
      current += character;
    }
    // Kept apart: reading the end of a string built by appending copies it each time.
    previous = line[index] ?? '';
  }
  statements.push(current);
  return statements
    .map((statement) => statement.trim().replace(FISH_JOINER, ''))
    .filter((statement) => statement !== '');
}

interface ShellWord {
  /** As written, quotes included. */
  raw: string;
  /** After the shell's quote removal. */
  value: string;
}

/** A statement cut into words the way POSIX shells and fish do: quotes and backslashes. */
function shellWords(statement: string): ShellWord[] {
  const words: ShellWord[] = [];
  let raw = '';
  let value = '';
  let inWord = false;
  let quote: string | undefined;
  for (let index = 0; index < statement.length; index++) {
    const character = statement[index] ?? '';
    if (quote === "'") {
      raw += character;
      if (character === "'") quote = undefined;
      else value += character;
      continue;
    }
    if (quote === '"') {
      raw += character;
      const next = statement[index + 1] ?? '';
      if (character === '\\' && /["\\$`]/.test(next)) {
        raw += next;
        value += next;
        index++;
      } else if (character === '"') {
        quote = undefined;
      } else {
        value += character;
      }
      continue;
    }
    if (/\s/.test(character)) {
      if (inWord) words.push({ raw, value });
      raw = '';
      value = '';
      inWord = false;
      continue;
    }
    inWord = true;
    raw += character;
    if (character === "'" || character === '"') {
      quote = character;
    } else if (character === '\\' && index + 1 < statement.length) {
      const next = statement[++index] ?? '';
      raw += next;
      value += next;
    } else {
      value += character;
    }
  }
  if (inWord) words.push({ raw, value });
  return words;
}

interface Assignment {
  name: string;
  value: string;
}

/** The assignments of one statement, and how they were written; undefined when none. */
function assignmentsOf(
  statement: string,
): { style: LineStyle; assignments: Assignment[] } | undefined {
  const powershell = POWERSHELL_ENV.exec(statement);
  if (powershell) {
    const value = unquote(powershell[2] ?? '');
    return { style: 'powershell', assignments: [{ name: powershell[1] ?? '', value }] };
  }
  const fish = FISH_SET.exec(statement);
  if (fish) {
    // Fish sets a list; credentials are one word, the first.
    const value = shellWords(fish[2] ?? '')[0]?.value ?? '';
    return { style: 'fish', assignments: [{ name: fish[1] ?? '', value }] };
  }
  const cmd = CMD_SET.exec(statement);
  if (cmd) {
    // `set "X=value"` quotes the whole assignment; `set X=value` keeps everything literally.
    const rest = cmd[2] ?? '';
    const value = statement.includes('"') && rest.endsWith('"') ? rest.slice(0, -1) : rest.trim();
    return { style: 'windows-cmd', assignments: [{ name: cmd[1] ?? '', value }] };
  }
  const words = shellWords(statement);
  let style: LineStyle = 'shell-assignment';
  let index = 0;
  const keyword = SHELL_KEYWORDS.get(words[0]?.raw ?? '');
  if (keyword) {
    style = keyword;
    index = 1;
    while ((words[index]?.raw ?? '').startsWith('-')) index++;
  }
  const assignments: Assignment[] = [];
  for (; index < words.length; index++) {
    const word = words[index] as ShellWord;
    const name = NAME_VALUE.exec(word.raw)?.[1];
    if (name) {
      assignments.push({ name, value: word.value.slice(name.length + 1) });
    } else if (style !== 'shell-export') {
      // The command the assignments are for (`A=1 B=2 aws s3 ls`): its words are not ours.
      break;
    }
  }
  return assignments.length > 0 ? { style, assignments } : undefined;
}

/** The same secret-bearing name given twice with different values, by line number. */
interface Conflict {
  name: string;
  lines: [number, number];
}

/** Fields where two different values leave it unknown which credentials were meant. */
const CONFLICTING_FIELDS = new Set<GatheredField>([
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
]);

/**
 * Records a value by name; gives the conflict when the name came before with another value.
 * `key` is the name as compared (case folded), `written` as the text has it.
 */
function noteRepeat(
  seen: Map<string, { line: number; value: string }>,
  key: string,
  field: GatheredField,
  value: string,
  line: number,
  written: string = key,
): Conflict | undefined {
  if (!CONFLICTING_FIELDS.has(field)) return undefined;
  const earlier = seen.get(key);
  if (!earlier) {
    seen.set(key, { line, value: value.trim() });
    return undefined;
  }
  return earlier.value === value.trim()
    ? undefined
    : { name: written, lines: [earlier.line, line] };
}

function conflictMessage(conflict: Conflict, where: string): string {
  const [first, second] = conflict.lines;
  return (
    `${conflict.name} is given twice${where} with different values (lines ${first} and ` +
    `${second}), so it is unclear which credentials are meant; keep only the lines of one set.`
  );
}

function parseEnvLines(
  text: string,
  firstLine = 1,
): { gathered: Gathered; style: LineStyle; unknownLines: number; conflict?: Conflict } | undefined {
  const gathered: Gathered = {};
  const seen = new Map<string, { line: number; value: string }>();
  let conflict: Conflict | undefined;
  let style: LineStyle | undefined;
  let unknownLines = 0;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#') || /^rem\b/i.test(line) || line.startsWith('::')) {
      continue;
    }
    let matched = false;
    for (const statement of statementsOf(line)) {
      const found = assignmentsOf(statement);
      if (!found) continue;
      matched = true;
      for (const { name, value } of found.assignments) {
        const key = name.toUpperCase();
        const field = ENV_FIELDS[key];
        if (!field) continue;
        conflict ??= noteRepeat(seen, key, field, value, firstLine + index, name);
        assign(gathered, field, value, name);
        style ??= found.style;
      }
    }
    if (!matched) unknownLines += 1;
  }
  if (!style) return undefined;
  return { gathered, style, unknownLines, ...(conflict ? { conflict } : {}) };
}

function parseCredentialsFile(
  text: string,
  wanted: string | undefined,
  firstLine = 1,
  profileOption?: string,
): { gathered: Gathered; profile: string } | { error: string } | undefined {
  const sections = new Map<string, Gathered>();
  const repeats = new Map<Gathered, Map<string, { line: number; value: string }>>();
  const conflicts = new Map<Gathered, Conflict>();
  let current: Gathered | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[[ \t]{0,8}(?:profile[ \t]{1,8})?([^\]]{1,200})\][ \t]{0,8}(?:[#;].*)?$/.exec(
      line,
    );
    if (header) {
      const name = (header[1] ?? '').trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    const pair = /^([A-Za-z_]\w{0,127})[ \t]{0,16}=[ \t]{0,16}(.*)$/.exec(line);
    const written = pair?.[1] ?? '';
    const key = written.toLowerCase();
    const field = pair ? FILE_FIELDS[key] : undefined;
    if (pair && field && current) {
      const value = unquote(pair[2] ?? '');
      const seen = repeats.get(current) ?? new Map<string, { line: number; value: string }>();
      repeats.set(current, seen);
      const conflict = noteRepeat(seen, key, field, value, firstLine + index, written);
      if (conflict && !conflicts.has(current)) conflicts.set(current, conflict);
      assign(current, field, value, written);
    }
  }
  const pick = (gathered: Gathered, profile: string) => {
    const conflict = conflicts.get(gathered);
    return conflict
      ? { error: conflictMessage(conflict, ` in profile "${profile}"`) }
      : { gathered, profile };
  };
  if (sections.size === 0) return undefined;
  const withKeys = [...sections].filter(([, fields]) => fields.accessKeyId);
  if (wanted !== undefined) {
    const chosen = sections.get(wanted);
    if (!chosen) {
      return { error: `The credentials file has no profile "${wanted}".` };
    }
    return pick(chosen, wanted);
  }
  if (withKeys.length === 1) {
    const [name, gathered] = withKeys[0] as [string, Gathered];
    return pick(gathered, name);
  }
  const fallback = sections.get('default');
  if (fallback?.accessKeyId) return pick(fallback, 'default');
  if (withKeys.length === 0) {
    return { error: 'The credentials file has no profile with aws_access_key_id.' };
  }
  const names = withKeys.map(([name]) => `"${name}"`).join(', ');
  const how = profileOption ? ` with ${profileOption}` : '';
  return {
    error:
      `The credentials file holds several profiles with keys (${names}) and none of them is ` +
      `[default]; choose one${how}.`,
  };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(object: JsonObject, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = object[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function fromCredentialsObject(object: JsonObject): Gathered {
  const gathered: Gathered = {};
  const take = (field: 'accessKeyId' | 'secretAccessKey' | 'sessionToken', names: string[]) => {
    for (const name of names) {
      const value = object[name];
      if (typeof value === 'string') return assign(gathered, field, value, name);
    }
  };
  take('accessKeyId', ['AccessKeyId', 'accessKeyId']);
  take('secretAccessKey', ['SecretAccessKey', 'secretAccessKey']);
  take('sessionToken', ['SessionToken', 'sessionToken']);
  const expiration = object.Expiration ?? object.expiration;
  if (typeof expiration === 'string' || typeof expiration === 'number') {
    gathered.expiration = expiration;
  }
  const region = stringField(object, 'Region', 'region');
  if (region !== undefined) gathered.region = region;
  return gathered;
}

interface JsonParsed {
  gathered: Gathered;
  format: CredentialFormat;
  originHint?: CredentialOriginHint;
  arnHint?: string;
}

function parseJson(text: string): JsonParsed | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: `The text starts like JSON but is not valid JSON. ${HOW_TO_GET}` };
  }
  if (!isObject(value)) return { error: `The JSON is not an object. ${HOW_TO_GET}` };
  if (isObject(value.Credentials)) {
    const gathered = fromCredentialsObject(value.Credentials);
    const assumed = isObject(value.AssumedRoleUser) ? value.AssumedRoleUser : undefined;
    const federated = isObject(value.FederatedUser) ? value.FederatedUser : undefined;
    if (assumed) {
      const arn = stringField(assumed, 'Arn');
      return {
        gathered,
        format: 'sts-assume-role-json',
        originHint: 'assume-role',
        ...(arn ? { arnHint: arn } : {}),
      };
    }
    if (federated) {
      const arn = stringField(federated, 'Arn');
      return {
        gathered,
        format: 'sts-get-federation-token-json',
        originHint: 'federation-token',
        ...(arn ? { arnHint: arn } : {}),
      };
    }
    // A bare {"Credentials": …} is what get-session-token prints; other calls add a user block.
    return { gathered, format: 'sts-get-session-token-json', originHint: 'session-token' };
  }
  if (isObject(value.roleCredentials)) {
    const gathered = fromCredentialsObject(value.roleCredentials);
    return { gathered, format: 'sso-role-credentials-json', originHint: 'assume-role' };
  }
  if ('Version' in value) {
    if (value.Version !== 1) {
      return {
        error:
          'This credential_process output has a "Version" other than 1; only Version 1 is ' +
          'defined by AWS.',
      };
    }
    return { gathered: fromCredentialsObject(value), format: 'credential-process-json' };
  }
  if ('AccessKeyId' in value || 'accessKeyId' in value) {
    return { gathered: fromCredentialsObject(value), format: 'sts-credentials-json' };
  }
  return {
    error: `The JSON holds no AccessKeyId, Credentials or roleCredentials object. ${HOW_TO_GET}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Checking what was gathered

function normaliseExpiration(raw: string | number): number | undefined {
  if (typeof raw === 'number') {
    // SSO prints milliseconds; a value this small can only be seconds.
    const ms = raw < 1e11 ? raw * 1000 : raw;
    return Number.isFinite(ms) ? ms : undefined;
  }
  const trimmed = raw.trim();
  if (trimmed.length > 40) return undefined;
  if (/^\d{9,13}$/.test(trimmed)) return normaliseExpiration(Number(trimmed));
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed.replace(' ', 'T'));
  return Number.isNaN(parsed) ? undefined : parsed;
}

function describeAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'moments';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

type Naming = 'environment' | 'file' | 'json' | 'sso-json';

/** Names for values the text does not hold, in the spelling of the format it is in. */
const CANONICAL_NAMES: Record<
  Naming,
  Record<'accessKeyId' | 'secretAccessKey' | 'sessionToken', string>
> = {
  environment: {
    accessKeyId: 'AWS_ACCESS_KEY_ID',
    secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
    sessionToken: 'AWS_SESSION_TOKEN',
  },
  file: {
    accessKeyId: 'aws_access_key_id',
    secretAccessKey: 'aws_secret_access_key',
    sessionToken: 'aws_session_token',
  },
  json: {
    accessKeyId: 'AccessKeyId',
    secretAccessKey: 'SecretAccessKey',
    sessionToken: 'SessionToken',
  },
  'sso-json': {
    accessKeyId: 'accessKeyId',
    secretAccessKey: 'secretAccessKey',
    sessionToken: 'sessionToken',
  },
};

function namingOf(format: CredentialFormat): Naming {
  if (format === 'credentials-file') return 'file';
  if (format === 'sso-role-credentials-json') return 'sso-json';
  return format.endsWith('json') ? 'json' : 'environment';
}

function finish(
  gathered: Gathered,
  format: CredentialFormat,
  options: ParseCredentialsOptions,
  extra: { originHint?: CredentialOriginHint; arnHint?: string; profile?: string },
): ParseCredentialsResult {
  const canonical = CANONICAL_NAMES[namingOf(format)];
  const idName = gathered.names?.accessKeyId ?? canonical.accessKeyId;
  const secretName = gathered.names?.secretAccessKey ?? canonical.secretAccessKey;
  const tokenName = gathered.names?.sessionToken ?? canonical.sessionToken;
  const accessKeyId = gathered.accessKeyId?.trim() ?? '';
  const secretAccessKey = gathered.secretAccessKey?.trim() ?? '';
  const sessionToken = gathered.sessionToken?.trim() ?? '';
  const missing: string[] = [];
  if (!accessKeyId) missing.push(idName);
  if (!secretAccessKey) missing.push(secretName);
  if (missing.length > 0) {
    return fail(
      `The credentials are incomplete: ${missing.join(' and ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} missing or empty. ${HOW_TO_GET}`,
    );
  }
  if (!ACCESS_KEY_ID.test(accessKeyId)) {
    return fail(
      `${idName} does not look like an AWS access key id (16 to 128 upper-case letters and ` +
        'digits, such as AKIA… or ASIA…). Check that the value was copied whole.',
    );
  }
  if (/\s/.test(secretAccessKey)) {
    return fail(`${secretName} contains white space; copy the value again without line breaks.`);
  }
  if (/\s/.test(sessionToken)) {
    return fail(`${tokenName} contains white space; copy the value again without line breaks.`);
  }
  const warnings: string[] = [];
  if (accessKeyId.startsWith('ASIA') && !sessionToken) {
    return fail(
      `The access key id starts with ASIA, so these are temporary credentials, but ${tokenName} ` +
        'is missing. Temporary credentials only work together with their session token: ' +
        'paste all three values.',
    );
  }
  if (accessKeyId.startsWith('AKIA') && sessionToken) {
    warnings.push(
      `The access key id starts with AKIA (a long-term key) but a ${tokenName} is present; ` +
        'AWS will reject the pair. The token probably belongs to other credentials.',
    );
  }
  const credentials: AwsCredentials = { accessKeyId, secretAccessKey };
  if (sessionToken) credentials.sessionToken = sessionToken;
  if (gathered.expiration !== undefined && gathered.expiration !== '') {
    const expiresAt = normaliseExpiration(gathered.expiration);
    if (expiresAt === undefined) {
      warnings.push('The expiration time could not be read; it is ignored.');
    } else {
      credentials.expiration = new Date(expiresAt).toISOString();
      const now = options.now ?? Date.now();
      if (expiresAt <= now) {
        return fail(
          `These credentials expired at ${credentials.expiration} ` +
            `(${describeAge(now - expiresAt)} ago). Get fresh ones, for example by running ` +
            'the same "aws sts" or "aws configure export-credentials" command again.',
        );
      }
      if (expiresAt - now < 5 * 60_000) {
        warnings.push(
          `These credentials expire in ${describeAge(expiresAt - now)} ` +
            `(${credentials.expiration}); a console session made from them ends then too.`,
        );
      }
    }
  }
  const region = gathered.region?.trim();
  if (region) {
    if (REGION_SHAPE.test(region)) credentials.region = region;
    else warnings.push('The region given with the credentials is not a region name; ignored.');
  }
  return {
    ok: true,
    credentials,
    format,
    ...(extra.originHint ? { originHint: extra.originHint } : {}),
    ...(extra.arnHint ? { arnHint: extra.arnHint } : {}),
    ...(extra.profile ? { profile: extra.profile } : {}),
    warnings,
  };
}

/**
 * Reads credentials from pasted text in any common shape. Never throws; on failure the message
 * says what is wrong and never contains the secret access key or the session token.
 */
export function parseCredentials(
  text: string,
  options: ParseCredentialsOptions = {},
): ParseCredentialsResult {
  if (typeof text !== 'string') return fail(`No credentials were given. ${HOW_TO_GET}`);
  if (text.length > MAX_INPUT) {
    return fail(CREDENTIALS_TOO_LONG);
  }
  const unmarked = text.replace(/^\uFEFF/, '');
  const trimmed = unmarked.trim();
  if (trimmed === '') return fail(`No credentials were given. ${HOW_TO_GET}`);
  // Line numbers in messages count from the text as given, blank lines before it included.
  const leading = unmarked.slice(0, unmarked.length - unmarked.trimStart().length);
  const firstLine = 1 + (leading.match(/\r\n|\n/g)?.length ?? 0);
  try {
    if (trimmed.startsWith('{')) {
      const parsed = parseJson(trimmed);
      if ('error' in parsed) return fail(parsed.error);
      return finish(parsed.gathered, parsed.format, options, parsed);
    }
    if (/^\[/m.test(trimmed) && /^[ \t]{0,8}aws_access_key_id[ \t]{0,8}=/im.test(trimmed)) {
      const file = parseCredentialsFile(trimmed, options.profile, firstLine, options.profileOption);
      if (file && 'error' in file) return fail(file.error);
      if (file) {
        return finish(file.gathered, 'credentials-file', options, { profile: file.profile });
      }
    }
    const lines = parseEnvLines(trimmed, firstLine);
    if (lines?.conflict) return fail(conflictMessage(lines.conflict, ''));
    if (lines) return finish(lines.gathered, lines.style, options, {});
    return fail(`No credentials were recognised in the text. ${HOW_TO_GET}`);
  } catch {
    // Defensive: nothing above should throw, and a crash must not echo the input.
    return fail(`The credentials could not be read. ${HOW_TO_GET}`);
  }
}

/** Reads credentials from environment variables (AWS_ACCESS_KEY_ID and the rest). */
export function credentialsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  options: ParseCredentialsOptions = {},
): ParseCredentialsResult | undefined {
  const gathered: Gathered = {};
  for (const name of Object.keys(ENV_FIELDS)) {
    const value = env[name];
    const field = ENV_FIELDS[name];
    if (value && field) assign(gathered, field, value, name);
  }
  if (!gathered.accessKeyId && !gathered.secretAccessKey) return undefined;
  return finish(gathered, 'shell-assignment', options, {});
}

// ---------------------------------------------------------------------------------------------
// Classification

export type KeyKind = 'long-term' | 'temporary' | 'unknown';

export type PrincipalKind =
  | 'role-session'
  | 'federated-user'
  | 'iam-user'
  | 'iam-user-session'
  | 'root'
  | 'root-session'
  | 'unknown';

export interface NextStep {
  action: 'sign-in' | 'assume-role' | 'get-federation-token';
  description: string;
}

export interface CredentialClass {
  keyKind: KeyKind;
  principal: PrincipalKind;
  /** Partition from the caller ARN; absent when unknown or not supported (ISO). */
  partition?: PartitionId;
  account?: string;
  /** Role name, federated user name or IAM user name from the caller ARN. */
  name?: string;
  /**
   * Who acts through the credentials, to name the role sessions they open after: the session
   * name of an assumed-role ARN (usually the person who assumed the role), else the federated
   * or IAM user name.
   */
  person?: string;
  /** Whether getSigninToken accepts these credentials as they are. */
  canSignIn: boolean | 'unknown';
  /** Whether SessionDuration may be sent to getSigninToken with these credentials. */
  sessionDurationAllowed: boolean;
  summary: string;
  nextSteps: NextStep[];
}

/** GetFederationToken's Name: 2 to 32 characters of letters, digits and `+=,.@_-`. */
export const FEDERATION_NAME_MAX = 32;

/**
 * A GetFederationToken name derived from any text (typically an IAM user name): characters AWS
 * refuses are dropped and the result cut to 32, as AWS would otherwise answer ValidationError.
 */
export function federationNameFrom(text: string): string {
  const cleaned = text.replace(/[^\w+=,.@-]/g, '').slice(0, FEDERATION_NAME_MAX);
  return cleaned.length >= 2 ? cleaned : `${cleaned}role-doctor`.slice(0, FEDERATION_NAME_MAX);
}

export function isValidFederationName(name: string): boolean {
  return /^[\w+=,.@-]{2,32}$/.test(name);
}

/**
 * A RoleSessionName (2 to 64 characters of letters, digits and `+=,.@_-`) from the person behind
 * the caller, so that CloudTrail shows who opened the session; `role-doctor` when nothing is
 * left of it.
 */
export function roleSessionNameFor(person: string | undefined): string {
  const cleaned = (person ?? '').replace(/[^\w+=,.@-]/g, '').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'role-doctor';
}

interface ArnParts {
  partition: string;
  service: string;
  account: string;
  resource: string;
}

function splitArn(arn: string): ArnParts | undefined {
  const match = /^arn:([a-z-]{1,20}):(iam|sts)::(\d{12}):(.{1,2048})$/.exec(arn.trim());
  if (!match) return undefined;
  return {
    partition: match[1] ?? '',
    service: match[2] ?? '',
    account: match[3] ?? '',
    resource: match[4] ?? '',
  };
}

const OFFER_ASSUME_ROLE: NextStep = {
  action: 'assume-role',
  description:
    'Assume a role with these credentials (AssumeRole, with MFA if the role asks for it) and ' +
    'sign in with the role credentials it returns.',
};

const OFFER_FEDERATION_TOKEN: NextStep = {
  action: 'get-federation-token',
  description:
    'Call GetFederationToken with these long-term keys (name at most 32 characters of ' +
    'letters, digits and +=,.@_-) and sign in with the federated user credentials; the ' +
    'console then allows what both the user and the session policy allow.',
};

const SIGN_IN: NextStep = {
  action: 'sign-in',
  description: 'Open the console with these credentials (getSigninToken, then the login link).',
};

/**
 * Says what credentials are and what they can do. Without the caller ARN only the key prefix is
 * known; with GetCallerIdentity's ARN the principal is known too.
 */
export function classifyCredentials(
  credentials: Pick<AwsCredentials, 'accessKeyId' | 'sessionToken'>,
  callerIdentityArn?: string,
): CredentialClass {
  const id = credentials.accessKeyId;
  const keyKind: KeyKind = id.startsWith('AKIA')
    ? 'long-term'
    : id.startsWith('ASIA')
      ? 'temporary'
      : credentials.sessionToken
        ? 'temporary'
        : 'unknown';
  const arn = callerIdentityArn ? splitArn(callerIdentityArn) : undefined;
  let partition: PartitionId | undefined;
  try {
    partition = arn && callerIdentityArn ? partitionOfArn(callerIdentityArn)?.id : undefined;
  } catch {
    partition = undefined;
  }
  const base = {
    keyKind,
    ...(partition ? { partition } : {}),
    ...(arn ? { account: arn.account } : {}),
  };
  if (!arn) {
    if (keyKind === 'long-term') {
      return {
        ...base,
        principal: 'unknown',
        canSignIn: false,
        sessionDurationAllowed: false,
        summary:
          'Long-term access keys (AKIA…) of an IAM user or the root user. The console does not ' +
          'accept them directly.',
        nextSteps: [OFFER_FEDERATION_TOKEN, OFFER_ASSUME_ROLE],
      };
    }
    return {
      ...base,
      principal: 'unknown',
      canSignIn: 'unknown',
      sessionDurationAllowed: false,
      summary:
        'Temporary credentials (ASIA…). Whether the console accepts them depends on the STS ' +
        'call that made them: role and federation credentials work, GetSessionToken ones do not.',
      nextSteps: [SIGN_IN, OFFER_ASSUME_ROLE],
    };
  }
  const resource = arn.resource;
  if (arn.service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, role = '', session = ''] = resource.split('/');
    return {
      ...base,
      principal: 'role-session',
      name: role,
      ...(session ? { person: session } : {}),
      canSignIn: true,
      sessionDurationAllowed: true,
      summary: `A session of the role ${role} in account ${arn.account}; the console accepts it.`,
      nextSteps: [SIGN_IN, OFFER_ASSUME_ROLE],
    };
  }
  if (arn.service === 'sts' && resource.startsWith('federated-user/')) {
    const name = resource.slice('federated-user/'.length);
    return {
      ...base,
      principal: 'federated-user',
      name,
      person: name,
      canSignIn: true,
      sessionDurationAllowed: false,
      summary:
        `Federated user ${name} (GetFederationToken) in account ${arn.account}; the console ` +
        'accepts it, but without a chosen session duration.',
      nextSteps: [SIGN_IN],
    };
  }
  const isRoot = arn.service === 'iam' && resource === 'root';
  const userName = resource.startsWith('user/') ? (resource.split('/').pop() ?? '') : undefined;
  if (isRoot || userName !== undefined) {
    const who = isRoot ? `the root user of account ${arn.account}` : `IAM user ${userName}`;
    if (keyKind === 'temporary') {
      return {
        ...base,
        principal: isRoot ? 'root-session' : 'iam-user-session',
        ...(userName ? { name: userName, person: userName } : {}),
        canSignIn: false,
        sessionDurationAllowed: false,
        summary:
          `Session credentials of ${who}, made by GetSessionToken. The console refuses them ` +
          '("Only federation tokens or assume role tokens may be used for federated login"), ' +
          'and GetFederationToken cannot be called with them.',
        nextSteps: [OFFER_ASSUME_ROLE],
      };
    }
    return {
      ...base,
      principal: isRoot ? 'root' : 'iam-user',
      ...(userName ? { name: userName, person: userName } : {}),
      canSignIn: false,
      sessionDurationAllowed: false,
      summary: `Long-term access keys of ${who}. The console does not accept them directly.`,
      nextSteps: isRoot ? [OFFER_FEDERATION_TOKEN] : [OFFER_FEDERATION_TOKEN, OFFER_ASSUME_ROLE],
    };
  }
  return {
    ...base,
    principal: 'unknown',
    canSignIn: 'unknown',
    sessionDurationAllowed: false,
    summary: `Credentials of ${callerIdentityArn}, a kind of principal Role Doctor does not know.`,
    nextSteps: [SIGN_IN],
  };
}

/** The partition implied by a region, or undefined (also for ISO regions, which are refused). */
export function partitionIdOfRegion(region: string | undefined): string | undefined {
  if (!region) return undefined;
  try {
    return partitionOfRegion(region)?.id;
  } catch {
    return undefined;
  }
}

/**
 * Replaces every occurrence of the secret access key and session token in a text, so text that
 * came back from elsewhere (an endpoint, an exception) can be shown safely.
 */
export function redactSecrets(
  text: string,
  credentials: Pick<AwsCredentials, 'secretAccessKey' | 'sessionToken'> | undefined,
): string {
  if (!credentials) return text;
  let out = text;
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
    // Also the URL-encoded form, which is how a secret would sit inside a link or query.
    const encoded = secret ? encodeURIComponent(secret) : '';
    if (encoded && encoded !== secret) out = out.split(encoded).join('[redacted]');
  }
  return out;
}
