// The values a switch is made of (account, role path and name, role ARN, colour, display name),
// each checked against the limits AWS documents, with messages that say what to do.

import { lookupPartition, type Partition } from '../partitions.js';

/** AWS: path plus role name longer than this makes the console switch fail (cookie limit). */
export const MAX_SWITCH_ROLE_NAME = 64;
/** Practical limit of the display name: longer values make the switch fail with 400. */
export const MAX_DISPLAY_NAME = 64;
/** IAM role name limit (the name alone, without the path). */
export const MAX_ROLE_NAME = 64;
/** IAM path limit. */
export const MAX_ROLE_PATH = 512;

/** The five colours the switch-role page has always offered. */
export const PRESET_COLORS: Readonly<Record<string, string>> = {
  f2b0a9: 'red',
  fbbf93: 'orange',
  fad791: 'yellow',
  b7ca9d: 'green',
  '99bce3': 'blue',
};

const ROLE_NAME_CHARS = /^[\w+=,.@-]+$/;
// IAM paths may hold any printable ASCII character except the space.
const PATH_SEGMENT_CHARS = /^[\x21-\x2e\x30-\x7e]+$/;
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ID_DASHED = /^\d{4}-\d{4}-\d{4}$/;
// Alias rules from IAM CreateAccountAlias: 3 to 63 lowercase letters, digits and single hyphens,
// starting and ending with a letter or digit.
const ACCOUNT_ALIAS = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

export type Checked<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: string };

function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * An account given as a 12-digit id (also as the console shows it, `1111-2222-3333`) or as an
 * account alias. Upper-case aliases are lowered with a warning: aliases are lower case.
 */
export function checkAccount(raw: string): Checked<string> {
  const text = raw.trim();
  if (text === '') {
    return { ok: false, error: 'The account is empty: give the 12-digit account id or its alias.' };
  }
  if (ACCOUNT_ID.test(text)) return { ok: true, value: text, warnings: [] };
  if (ACCOUNT_ID_DASHED.test(text)) {
    return { ok: true, value: text.replaceAll('-', ''), warnings: [] };
  }
  if (/^[\d\s-]+$/.test(text)) {
    const digits = text.replace(/\D/g, '').length;
    return {
      ok: false,
      error:
        `The account ${quote(text)} has ${digits} digits; an account id has exactly 12 ` +
        '(copy it from the account menu, leading zeros included).',
    };
  }
  const lower = text.toLowerCase();
  if (ACCOUNT_ALIAS.test(lower)) {
    return lower === text
      ? { ok: true, value: text, warnings: [] }
      : {
          ok: true,
          value: lower,
          warnings: [`Account aliases are lower case; using "${lower}".`],
        };
  }
  return {
    ok: false,
    error:
      `The account ${quote(text)} is neither a 12-digit account id nor an account alias ` +
      '(3 to 63 lower-case letters, digits and single hyphens, not starting or ending with a ' +
      'hyphen).',
  };
}

export interface RolePathAndName {
  /** Path and name as the switch expects them: `team/ops/Admin`, no leading slash. */
  roleName: string;
  /** IAM path with its slashes: `/team/ops/` (just `/` for none). */
  path: string;
  /** The name alone, the last segment. */
  leaf: string;
}

/**
 * A role given as `Name`, `path/Name` or `/path/Name`. The name must use IAM's characters; the
 * path may use any printable ASCII. Length limits of the switch are left to the caller (see
 * switchNameLengthProblem) because a saved role may still be used outside the console.
 */
export function checkRolePathAndName(raw: string): Checked<RolePathAndName> {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'The role name is empty: give the role name.' };
  if (/^arn:/i.test(text)) {
    return {
      ok: false,
      error: 'This looks like a role ARN; pass it as the ARN, not as the role name.',
    };
  }
  const segments = text.replace(/^\/+/, '').split('/');
  const leaf = segments.pop() ?? '';
  if (leaf === '') {
    return {
      ok: false,
      error: `The role ${quote(text)} ends with "/": add the role name after the path.`,
    };
  }
  if (leaf.length > MAX_ROLE_NAME) {
    return {
      ok: false,
      error: `The role name ${quote(leaf)} has ${leaf.length} characters; IAM allows 64.`,
    };
  }
  if (!ROLE_NAME_CHARS.test(leaf)) {
    const bad = [...new Set(leaf.replace(/[\w+=,.@-]/g, ''))].join(' ');
    return {
      ok: false,
      error:
        `The role name ${quote(leaf)} contains ${quote(bad)}; IAM role names use only letters, ` +
        'digits and + = , . @ _ - (check for a typo or a stray character).',
    };
  }
  for (const segment of segments) {
    if (segment === '' || !PATH_SEGMENT_CHARS.test(segment)) {
      return {
        ok: false,
        error:
          `The role path in ${quote(text)} is not valid: path parts are separated by single ` +
          'slashes and use printable characters without spaces.',
      };
    }
  }
  const path = segments.length > 0 ? `/${segments.join('/')}/` : '/';
  if (path.length > MAX_ROLE_PATH) {
    return { ok: false, error: `The role path has ${path.length} characters; IAM allows 512.` };
  }
  const roleName = segments.length > 0 ? `${segments.join('/')}/${leaf}` : leaf;
  return { ok: true, value: { roleName, path, leaf }, warnings: [] };
}

/** The message for a path plus name the console cannot switch to, or null when it fits. */
export function switchNameLengthProblem(roleName: string): string | null {
  if (roleName.length <= MAX_SWITCH_ROLE_NAME) return null;
  return (
    `Path plus role name "${roleName.slice(0, 40)}…" has ${roleName.length} characters; the ` +
    `console switches only to roles whose path and name together have at most ` +
    `${MAX_SWITCH_ROLE_NAME} (a limit of the cookie that stores it). Use the CLI or a role ` +
    'with a shorter path.'
  );
}

export interface ParsedRoleArn {
  partition: Partition;
  account: string;
  roleName: string;
  path: string;
  leaf: string;
  arn: string;
}

/**
 * `arn:<partition>:iam::<account>:role/<path/name>`. Session ARNs (`sts … assumed-role`) are
 * refused with the role ARN they stand for, since people paste what the console shows them.
 */
export function parseRoleArn(raw: string): Checked<ParsedRoleArn> {
  const text = raw.trim();
  if (text.length > 2048)
    return { ok: false, error: 'The role ARN is longer than 2048 characters.' };
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return {
      ok: false,
      error:
        `${quote(text)} is not a role ARN; it should look like ` +
        'arn:aws:iam::123456789012:role/RoleName.',
    };
  }
  const [, partitionId = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  const found = lookupPartition(partitionId);
  if (!found.ok) return { ok: false, error: found.error };
  const sessionMatch = /^assumed-role\/([\w+=,.@-]{1,64})\/.{0,128}$/.exec(resource);
  if (service === 'sts' && sessionMatch) {
    return {
      ok: false,
      error:
        'This is the ARN of a role session, not of a role. The role is ' +
        `arn:${partitionId}:iam::${account}:role/${sessionMatch[1]} (add its path if it has one).`,
    };
  }
  if (service !== 'iam' || region !== '') {
    return {
      ok: false,
      error:
        `${quote(text)} is not an IAM role ARN: expected ` +
        `arn:${partitionId}:iam::<account>:role/<name>.`,
    };
  }
  if (!ACCOUNT_ID.test(account)) {
    return {
      ok: false,
      error: `The account in the role ARN, ${quote(account)}, must be 12 digits.`,
    };
  }
  if (!resource.startsWith('role/')) {
    const kind = resource.split('/')[0] ?? resource;
    return {
      ok: false,
      error:
        `${quote(text)} names an IAM ${kind || 'resource'}, not a role; switching needs a ` +
        `role.`,
    };
  }
  const name = checkRolePathAndName(resource.slice('role/'.length));
  if (!name.ok) return name;
  return {
    ok: true,
    value: { partition: found.partition, account, ...name.value, arn: text },
    warnings: [],
  };
}

/** A colour as `#aabbcc`, `aabbcc` or the short `#abc`; returned as 6 hex digits without `#`. */
export function checkColor(raw: string): Checked<string> {
  const text = raw.trim().replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(text)) return { ok: true, value: text, warnings: [] };
  if (/^[0-9a-f]{3}$/i.test(text)) {
    const [r = '', g = '', b = ''] = text;
    return { ok: true, value: `${r}${r}${g}${g}${b}${b}`, warnings: [] };
  }
  return {
    ok: false,
    error: `The colour ${quote(raw)} is not a hex colour; write it like ffaa00 or #ffaa00.`,
  };
}

/** Whether the colour is one the switch-role page offers as a preset. */
export function isPresetColor(hex: string): boolean {
  return hex.toLowerCase() in PRESET_COLORS;
}

/** Length in characters (code points), so that an emoji or a CJK extension counts once. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Cuts text to at most `max` characters (code points), ending with "…" when it was cut, so a
 * surrogate pair is never split.
 */
export function truncateWithEllipsis(text: string, max: number): string {
  const characters = [...text];
  if (characters.length <= max) return text;
  if (max <= 0) return '';
  return `${characters
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * The display name the console's own role history uses, `<label>  |  <account>`, kept to 64
 * characters by shortening the label (with "…") so the account always stays readable.
 */
export function composeDisplayName(label: string, account: string): string {
  const suffix = `  |  ${account}`;
  const clean = label.replace(/\s+/g, ' ').trim();
  if (characterCount(suffix) >= MAX_DISPLAY_NAME) {
    return truncateWithEllipsis(clean, MAX_DISPLAY_NAME);
  }
  if (clean === '') return account.slice(0, MAX_DISPLAY_NAME);
  return `${truncateWithEllipsis(clean, MAX_DISPLAY_NAME - characterCount(suffix))}${suffix}`;
}

/** Removes a `  |  <12 digits>` suffix (multi-session mode shows the account itself). */
export function stripAccountSuffix(displayName: string): string {
  return displayName.replace(/\s{1,8}\|\s{1,8}\d{12}$/, '');
}

// C0 and C1 control characters, and the bidirectional overrides and isolates that can make a
// name read differently from what it holds. Whitespace is collapsed before this check.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Checks a display name: whitespace runs collapse, control and direction-changing characters
 * are refused, over 64 characters (counted as characters, not UTF-16 units) is cut with a
 * warning.
 */
export function checkDisplayName(raw: string): Checked<string> {
  const clean = raw.replace(/\s+/g, ' ').trim();
  const forbidden = CONTROL_OR_BIDI.exec(clean)?.[0];
  if (forbidden !== undefined) {
    const code = forbidden.codePointAt(0) ?? 0;
    return {
      ok: false,
      error:
        `The display name contains the control character U+${code
          .toString(16)
          .toUpperCase()
          .padStart(4, '0')}; the console would show it garbled or reordered. Remove it and ` +
        'give plain text.',
    };
  }
  const length = characterCount(clean);
  if (length <= MAX_DISPLAY_NAME) return { ok: true, value: clean, warnings: [] };
  const value = truncateWithEllipsis(clean, MAX_DISPLAY_NAME);
  return {
    ok: true,
    value,
    warnings: [
      `The display name had ${length} characters; AWS accepts ${MAX_DISPLAY_NAME}, so it ` +
        `was shortened to "${value}".`,
    ],
  };
}
