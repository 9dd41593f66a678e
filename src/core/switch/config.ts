// Reads the role lists people already keep: the AWS CLI's ~/.aws/config and the INI format of
// aws-extend-switch-roles. Both are INI; they differ in section names and keys. Unlike the common
// readers, values keep their `=`, and `#` or `;` end a value only where they cannot be part of it.

import { checkRegion } from '../partitions.js';
import {
  checkAccount,
  checkColor,
  checkRolePathAndName,
  parseRoleArn,
  switchNameLengthProblem,
} from './names.js';
import { makeSavedRole, type SavedRole } from './saved-roles.js';

export type ConfigFormat = 'aws-config' | 'aesr';

export interface ConfigError {
  /** 1-based line number; 0 for the file as a whole. */
  line: number;
  message: string;
}

export interface ImportResult {
  roles: SavedRole[];
  errors: ConfigError[];
  /** Roles that were read but that the console cannot switch to, by line. */
  warnings: ConfigError[];
  /** The format the text was read as (detected when asked for `auto`). */
  format: ConfigFormat;
}

interface IniEntry {
  key: string;
  value: string;
  line: number;
}

type SectionKind = 'profile' | 'default' | 'sso-session' | 'plain' | 'other';

interface IniSection {
  /** Name without the `profile ` prefix. */
  name: string;
  /** The header as written between the brackets. */
  header: string;
  kind: SectionKind;
  line: number;
  entries: Map<string, IniEntry>;
}

const MAX_TEXT = 8 * 1024 * 1024;
const MAX_LINE = 16 * 1024;

// Keys whose values can never contain `#` or `;`: there a `#` or `;` starts a comment even
// without a space before it (`role_name = Admin#old`).
const STRUCTURED_KEYS = new Set([
  'role_arn',
  'source_profile',
  'region',
  'aws_account_id',
  'role_name',
  'target_role_name',
  'target_region',
  'aws_account_alias',
  'color',
  'mfa_serial',
  'external_id',
  'duration_seconds',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
  'sso_session',
  'credential_source',
  'output',
  'role_session_name',
]);

// Keys that only aws-extend-switch-roles reads. Its `color` is left out: the AWS CLI ignores
// unknown keys, so people keep colours in ~/.aws/config too.
const AESR_KEYS = new Set([
  'aws_account_id',
  'role_name',
  'target_role_name',
  'target_region',
  'aws_account_alias',
  'image',
]);
// Keys that only the AWS CLI reads, and that its reader here checks or names in messages.
const AWS_CONFIG_KEYS = new Set([
  'mfa_serial',
  'external_id',
  'duration_seconds',
  'credential_source',
  'credential_process',
  'role_session_name',
  'output',
  'aws_access_key_id',
  'sso_session',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
  'sso_start_url',
  'sso_registration_scopes',
  'web_identity_token_file',
]);
// Further settings only the AWS CLI reads; they tell the format apart but are not checked.
const AWS_CLI_SETTINGS = new Set([
  'aws_secret_access_key',
  'aws_session_token',
  'ca_bundle',
  'endpoint_url',
  'max_attempts',
  'retry_mode',
  'parameter_validation',
  'tcp_keepalive',
  'sts_regional_endpoints',
  'use_fips_endpoint',
  'use_dualstack_endpoint',
  'defaults_mode',
  'services',
  's3',
  's3api',
]);

/** Keys whose values are secrets (or may be): never repeated in a message. */
function isCredentialKey(key: string): boolean {
  return key === 'aws_access_key_id' || /secret|token|password/.test(key);
}

const KNOWN_KEYS = new Set([
  ...STRUCTURED_KEYS,
  ...AESR_KEYS,
  ...AWS_CONFIG_KEYS,
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
]);

/** A key as it may be shown: only keys Role Doctor knows, since a mangled line may be a secret. */
function shownKey(key: string): string {
  return KNOWN_KEYS.has(key) || isCredentialKey(key) ? key : 'the key on this line';
}

// A run of 40 or more base64 characters mixing upper case, lower case and digits is what secret
// access keys (40) and session tokens (hundreds) look like; names and ARNs break such runs with
// "-", "_", "." or ":".
const BASE64_RUN = /[A-Za-z0-9/+=]{40,}/g;

function isSecretShaped(run: string): boolean {
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run);
}

/** Whether text holds something that looks like a secret access key or session token. */
export function looksLikeSecret(text: string): boolean {
  for (const match of text.matchAll(BASE64_RUN)) if (isSecretShaped(match[0])) return true;
  return false;
}

/** Replaces secret-shaped runs, so a secret pasted into the wrong place never reaches output. */
function hideSecrets(text: string): string {
  return text.replace(BASE64_RUN, (run) => (isSecretShaped(run) ? '[hidden]' : run));
}

function cutAtComment(value: string, anywhere: boolean): string {
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char !== '#' && char !== ';') continue;
    if (anywhere || index === 0 || /\s/.test(value[index - 1] ?? '')) {
      return value.slice(0, index);
    }
  }
  return value;
}

/**
 * The value of `key = value` without its comment. Quoted values are kept whole; a colour may
 * start with `#`; structured values end at the first `#` or `;`; free text (URLs, commands) ends
 * only at a `#` or `;` after a space, so `https://x/i.png?size=150#top` survives.
 */
function cleanValue(key: string, raw: string): { value: string; problem?: string } {
  const text = raw.trim();
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    if (end < 0) return { value: text.slice(1), problem: `the ${quote} quote is not closed` };
    const after = text.slice(end + 1).trim();
    if (after !== '' && after[0] !== '#' && after[0] !== ';') {
      return { value: text.slice(1, end), problem: `text after the closing ${quote}` };
    }
    return { value: text.slice(1, end) };
  }
  if (key === 'color' && text.startsWith('#')) {
    return { value: `#${cutAtComment(text.slice(1), true).trim()}` };
  }
  if (text.startsWith('#') || text.startsWith(';')) return { value: '' };
  return { value: cutAtComment(text, STRUCTURED_KEYS.has(key)).trim() };
}

interface AwsCliValue {
  /** The value meant, without the comment or quotes the AWS CLI would keep. */
  value: string;
  /** What the AWS CLI reads instead, when it differs. */
  kept?: 'comment' | 'quotes';
}

/**
 * A value as the AWS CLI reads it. Its parser (botocore, on Python's RawConfigParser without
 * inline comment prefixes) keeps everything after `=`: `region = eu-central-1 ; note` is the
 * region "eu-central-1 ; note", and quotes stay part of the value. Only whole-line comments
 * exist. What the user meant is returned with a note of what the CLI keeps.
 */
function readAwsCliValue(key: string, raw: string): AwsCliValue {
  const text = raw.trim();
  // A colour is written with its `#` (`color = #fbbf93`), and the AWS CLI reads it so too.
  const start = key === 'color' && text.startsWith('#') ? 1 : 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char !== '#' && char !== ';') continue;
    if (index === 0 || /\s/.test(text[index - 1] ?? '')) {
      return { value: text.slice(0, index).trim(), kept: 'comment' };
    }
  }
  const quote = text[0];
  if (
    STRUCTURED_KEYS.has(key) &&
    text.length >= 2 &&
    (quote === '"' || quote === "'") &&
    text.endsWith(quote)
  ) {
    return { value: text.slice(1, -1).trim(), kept: 'quotes' };
  }
  return { value: text };
}

function sectionKind(header: string): { name: string; kind: SectionKind } {
  const profile = /^profile\s+(.+)$/i.exec(header);
  if (profile?.[1]) {
    const name = profile[1].trim();
    return { name, kind: name === 'default' ? 'default' : 'profile' };
  }
  if (header === 'default') return { name: header, kind: 'default' };
  const session = /^sso-session\s+(.+)$/.exec(header);
  if (session?.[1]) return { name: session[1].trim(), kind: 'sso-session' };
  if (/^(?:services|plugins|preview)(?:\s|$)/.test(header)) return { name: header, kind: 'other' };
  return { name: header, kind: 'plain' };
}

interface IniDocument {
  sections: IniSection[];
  errors: ConfigError[];
  warnings: ConfigError[];
}

/** The first `=` (or, for the AWS CLI, the first `=` or `:`, as its parser takes either). */
function delimiterIndex(line: string, awsCli: boolean): number {
  const equals = line.indexOf('=');
  if (!awsCli) return equals;
  const colon = line.indexOf(':');
  if (colon < 0) return equals;
  return equals < 0 ? colon : Math.min(equals, colon);
}

/**
 * Reads the INI text. `awsCli` applies the AWS CLI's own reading: `:` also separates key and
 * value, a value keeps any comment after it (reported), and a section or key given twice is an
 * error that stops the AWS CLI from reading the file at all.
 *
 * Messages never repeat text from a line that is not a setting, nor values of keys that hold
 * secrets: a mistyped `aws_secret_access_key` line is named by its number only.
 */
function readIni(text: string, awsCli = false): IniDocument {
  const sections: IniSection[] = [];
  const errors: ConfigError[] = [];
  const warnings: ConfigError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let current: IniSection | null = null;
  // Inside a section that was refused: its settings are dropped without further messages.
  let skipping = false;
  let lastKeyEmpty = false;
  // The AWS CLI's parser joins a line indented deeper than the setting above it to that setting.
  let option: OpenOption | null = null;
  let indentLevel = 0;
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index] ?? '';
    if (line.length > MAX_LINE) {
      errors.push({
        line: lineNumber,
        message: 'The line is longer than 16 KiB; shorten it or remove it.',
      });
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const indent = line.length - line.trimStart().length;
    if (awsCli && option && indent > indentLevel) {
      if (!option.reported) {
        option.reported = true;
        const problem = continuationProblem(option, trimmed);
        if (problem) {
          (problem.error ? errors : warnings).push({ line: lineNumber, message: problem.message });
          // The AWS CLI cannot use the value, so neither is it used here.
          if (problem.error && option.entry) option.entry.value = '';
        }
      }
      continue;
    }
    indentLevel = indent;
    option = null;
    if (trimmed.startsWith('[')) {
      lastKeyEmpty = false;
      skipping = false;
      const close = trimmed.indexOf(']');
      if (close < 0) {
        errors.push({
          line: lineNumber,
          message: 'The section header has no closing "]"; write it as [profile name].',
        });
        current = null;
        continue;
      }
      const after = trimmed.slice(close + 1).trim();
      if (after !== '' && after[0] !== '#' && after[0] !== ';') {
        errors.push({
          line: lineNumber,
          message:
            'There is text after the "]" of the section header; remove it or make it a comment.',
        });
      }
      const header = trimmed.slice(1, close).trim();
      if (header === '') {
        errors.push({ line: lineNumber, message: 'The section name is empty; name the profile.' });
        current = null;
        continue;
      }
      if (looksLikeSecret(header)) {
        errors.push({
          line: lineNumber,
          message:
            'The section name looks like a secret access key or session token, so the section ' +
            'is skipped; give the profile a name (keys belong in ~/.aws/credentials).',
        });
        current = null;
        skipping = true;
        continue;
      }
      const { name, kind } = sectionKind(header);
      current = { name, header, kind, line: lineNumber, entries: new Map() };
      sections.push(current);
      continue;
    }
    if (skipping) continue;
    // An indented line under a key with no value is a nested setting (`s3 =` + `  max_… = 10`).
    if (!awsCli && /^\s/.test(line) && lastKeyEmpty) continue;
    const delimiter = delimiterIndex(line, awsCli);
    if (delimiter < 0) {
      const firstWord = (/^[A-Za-z0-9_]{1,64}/.exec(trimmed)?.[0] ?? '').toLowerCase();
      const named = KNOWN_KEYS.has(firstWord) || isCredentialKey(firstWord);
      errors.push({
        line: lineNumber,
        message:
          `This line is not a setting: it ${named ? `starts with ${firstWord} but ` : ''}has ` +
          `no "="; write it as key = value, or start it with # to make it a comment (its ` +
          'text is not repeated here, in case it holds a secret).',
      });
      continue;
    }
    const key = line.slice(0, delimiter).trim().toLowerCase();
    if (key === '') {
      errors.push({ line: lineNumber, message: 'The setting has no key before "="; add the key.' });
      continue;
    }
    if (!current) {
      errors.push({
        line: lineNumber,
        message:
          `A setting (${shownKey(key)}) comes before any section; put it under a [profile ` +
          `name] header.`,
      });
      continue;
    }
    const rawValue = line.slice(delimiter + 1);
    option = { key, line: lineNumber, empty: rawValue.trim() === '', entry: null, reported: false };
    let value: string;
    if (awsCli) {
      const read = readAwsCliValue(key, rawValue);
      value = read.value;
      if (read.kept) {
        const problem = awsCliKeeps(key, rawValue.trim(), read.kept);
        (STRUCTURED_KEYS.has(key) || isCredentialKey(key) ? errors : warnings).push({
          line: lineNumber,
          message: problem,
        });
      }
    } else {
      const cleaned = cleanValue(key, rawValue);
      if (cleaned.problem) {
        errors.push({
          line: lineNumber,
          message: `The value of ${shownKey(key)} has ${cleaned.problem}.`,
        });
      }
      value = cleaned.value;
    }
    lastKeyEmpty = value === '';
    if (!isCredentialKey(key) && looksLikeSecret(value)) {
      errors.push({
        line: lineNumber,
        message:
          `The value of ${shownKey(key)} looks like a secret access key or session token, so ` +
          'it is ignored; check that the line was not pasted into the wrong place.',
      });
      continue;
    }
    const earlier = current.entries.get(key);
    if (earlier) {
      errors.push({
        line: lineNumber,
        message: awsCli
          ? `${shownKey(key)} is set twice in [${current.name}] (first on line ${earlier.line}); ` +
            'the AWS CLI refuses the whole file when a key repeats in a section ' +
            '(DuplicateOptionError), so every profile fails until you keep one.'
          : `${shownKey(key)} is set twice in [${current.name}] (first on line ${earlier.line}); ` +
            `keep one.`,
      });
      continue;
    }
    const entry = { key, value, line: lineNumber };
    current.entries.set(key, entry);
    option.entry = entry;
  }
  return { sections, errors, warnings };
}

/** A setting whose value indented lines below it may continue, for the AWS CLI. */
interface OpenOption {
  key: string;
  line: number;
  /** Nothing after the `=`: indented lines below are nested settings (`s3 =`). */
  empty: boolean;
  entry: IniEntry | null;
  /** Its continuation has been reported already (once per setting is enough). */
  reported: boolean;
}

/**
 * What an indented line means to the AWS CLI, which reads it as part of the setting above
 * (Python's configparser). After an empty value botocore reads the lines as nested `name = value`
 * settings and refuses the whole file when one has no `=`; after a value it joins them to it.
 */
function continuationProblem(
  option: OpenOption,
  text: string,
): { error: boolean; message: string } | null {
  const key = shownKey(option.key);
  const known = KNOWN_KEYS.has(option.key) || isCredentialKey(option.key);
  if (option.empty) {
    if (!text.includes('=')) {
      return {
        error: true,
        message:
          `This indented line continues ${key} from line ${option.line}, whose value is empty; ` +
          'the AWS CLI reads such lines as nested settings (name = value), and as this one has ' +
          'no "=" it refuses the whole file ("Unable to parse config file"). Put the value on ' +
          `line ${option.line} after "${key} =" and remove this line.`,
      };
    }
    if (!known) return null;
    return {
      error: true,
      message:
        `${key} on line ${option.line} has no value and indented lines below it, which the AWS ` +
        `CLI reads as a group of nested settings, not as one value; write ${key} = value on ` +
        `line ${option.line}, and remove the indentation of lines that are settings of their own.`,
    };
  }
  const joined =
    known && !isCredentialKey(option.key) && option.entry
      ? ` as ${JSON.stringify(`${option.entry.value.slice(0, 40)}\n${text.slice(0, 40)}`)}`
      : ' across both lines';
  return {
    error: known,
    message:
      `This indented line continues ${key} from line ${option.line}: the AWS CLI joins an ` +
      `indented line to the setting above it, so it reads ${key}${joined}. Remove the ` +
      'indentation if this line is a setting of its own, or put the whole value on one line.',
  };
}

/** What to say about a value the AWS CLI reads with its comment or quotes. */
function awsCliKeeps(key: string, raw: string, kept: 'comment' | 'quotes'): string {
  if (isCredentialKey(key)) {
    const what = kept === 'comment' ? 'a comment after it' : 'quotes around it';
    return (
      `The value of ${key} has ${what}, which the AWS CLI reads as part of the value; ` +
      'remove it.'
    );
  }
  const shown = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
  if (kept === 'quotes') {
    return (
      `The AWS CLI keeps quotes as part of a value: it reads ${key} as ${shown}, quotes ` +
      'included; remove them.'
    );
  }
  return (
    `The AWS CLI does not strip comments after a value: it reads ${shownKey(key)} as ${shown}, ` +
    'comment included; put the comment on a line of its own.'
  );
}

// A key with no value followed by indented settings (`s3 =` / `  max_concurrent_requests = 20`):
// nested settings, which only the AWS CLI has.
const NESTED_SETTINGS = /^[^\s#;[=][^=\n]*=[ \t]*\r?\n[ \t]+[^\s#;=][^=\n]*=/gm;

/** Whether only the AWS CLI reads a key; it reads every sso_ and cli_ setting there is. */
function onlyAwsCliReads(key: string): boolean {
  return AWS_CONFIG_KEYS.has(key) || AWS_CLI_SETTINGS.has(key) || /^(?:sso|cli)_/.test(key);
}

/**
 * Which of the two formats a text most likely is. Only what one format uses and the other does
 * not counts as firm evidence: the AWS CLI's own keys and sections against the extension's
 * account and role keys. The two share role_arn, source_profile and region, the extension also
 * takes [profile name] headers, and the AWS CLI ignores a color key; those decide only when the
 * firm evidence is even. Even after that, the text is taken as an AWS CLI config, by far the more
 * common file, whose reader keeps the roles of [profile name] sections with shared keys just
 * the same.
 */
export function detectConfigFormat(text: string): ConfigFormat {
  const { sections } = readIni(text.slice(0, MAX_TEXT));
  const firm = { aesr: 0, aws: 0 };
  const weak = { aesr: 0, aws: 0 };
  for (const section of sections) {
    // A bare [name] is a profile to the extension; the AWS CLI skips it in ~/.aws/config.
    if (section.kind === 'plain') weak.aesr++;
    else if (section.kind === 'profile') weak.aws++;
    else firm.aws++; // [default], [sso-session name], [services name], [plugins], [preview]
    for (const key of section.entries.keys()) {
      if (AESR_KEYS.has(key)) firm.aesr++;
      else if (onlyAwsCliReads(key)) firm.aws++;
      else if (key === 'color') weak.aesr++;
    }
  }
  firm.aws += text.slice(0, MAX_TEXT).match(NESTED_SETTINGS)?.length ?? 0;
  if (firm.aesr !== firm.aws) return firm.aesr > firm.aws ? 'aesr' : 'aws-config';
  return weak.aesr > weak.aws ? 'aesr' : 'aws-config';
}

/** Reads roles from either format; `auto` (the default) detects which one the text is. */
export function importRoles(text: string, format: 'auto' | ConfigFormat = 'auto'): ImportResult {
  if (text.length > MAX_TEXT) {
    return {
      roles: [],
      errors: [{ line: 0, message: 'The file is larger than 8 MiB; import a smaller part.' }],
      warnings: [],
      format: format === 'auto' ? 'aws-config' : format,
    };
  }
  const chosen = format === 'auto' ? detectConfigFormat(text) : format;
  const document = readIni(text, chosen === 'aws-config');
  const result = chosen === 'aesr' ? readAesr(document.sections) : readAwsConfig(document.sections);
  const scrub = (problem: ConfigError) => ({ ...problem, message: hideSecrets(problem.message) });
  const errors = [...document.errors, ...result.errors].sort((a, b) => a.line - b.line).map(scrub);
  const warnings = [...document.warnings, ...result.warnings]
    .sort((a, b) => a.line - b.line)
    .map(scrub);
  return { roles: result.roles, errors, warnings, format: chosen };
}

/**
 * The region a role is saved with. A region that does not exist, or that is in another partition
 * than the role, is reported on its line and left out: the role itself can still be switched to,
 * and the console then opens in its default region.
 */
function keptRegion(
  entry: IniEntry,
  rolePartition: string | null,
  errors: ConfigError[],
  warnings: ConfigError[],
): string | null {
  const found = checkRegion(entry.value);
  let problem: string | null = null;
  if (!found.ok) problem = found.error;
  else if (rolePartition && found.partition.id !== rolePartition) {
    problem =
      `${entry.key} ${entry.value} is in ${found.partition.id}, but role_arn is in ` +
      `${rolePartition}; use a region of ${rolePartition}.`;
  }
  if (problem) {
    const saved =
      entry.key === 'target_region'
        ? 'The roles that take their region from it are imported without one'
        : 'The role is imported without a region';
    errors.push({ line: entry.line, message: `${problem} ${saved} until this is fixed.` });
    return null;
  }
  if (found.ok && found.warning) warnings.push({ line: entry.line, message: found.warning });
  return entry.value;
}

/** What stops the console from switching to a role that is otherwise fine to keep. */
function consoleWarnings(role: SavedRole, section: IniSection): ConfigError[] {
  const warnings: ConfigError[] = [];
  const tooLong = switchNameLengthProblem(role.roleName);
  if (tooLong) {
    const line = section.entries.get('role_arn')?.line ?? section.entries.get('role_name')?.line;
    warnings.push({ line: line ?? section.line, message: `[${section.name}]: ${tooLong}` });
  }
  if (role.requiresExternalId) {
    warnings.push({
      line: section.entries.get('external_id')?.line ?? section.line,
      message:
        `[${section.name}] needs an ExternalId, which the console cannot send; switch to it ` +
        'with the CLI instead.',
    });
  }
  return warnings;
}

// ---------------------------------------------------------------------------------------------
// AWS CLI ~/.aws/config

function firstDuplicateSections(
  sections: IniSection[],
  errors: ConfigError[],
  awsCli: boolean,
): IniSection[] {
  const seen = new Map<string, IniSection>();
  const kept: IniSection[] = [];
  for (const section of sections) {
    // The AWS CLI's parser compares headers as written; the extension compares names.
    const key = awsCli
      ? section.header
      : `${section.kind === 'sso-session' ? 'sso:' : ''}${section.name}`;
    const earlier = seen.get(key);
    if (earlier) {
      errors.push({
        line: section.line,
        message: awsCli
          ? `[${section.header}] is defined twice ` +
            `(first on line ${earlier.line}); the AWS CLI refuses the whole file when a ` +
            'section repeats (DuplicateSectionError), so every profile fails until you rename ' +
            'one or merge them.'
          : `[${section.name}] is defined twice (first on line ${earlier.line}); rename one or ` +
            `merge them.`,
      });
      continue;
    }
    seen.set(key, section);
    kept.push(section);
  }
  return kept;
}

function entryValue(section: IniSection, key: string): string | null {
  const value = section.entries.get(key)?.value;
  return value === undefined || value === '' ? null : value;
}

function lineOf(section: IniSection, key: string): number {
  return section.entries.get(key)?.line ?? section.line;
}

interface ReadResult {
  roles: SavedRole[];
  errors: ConfigError[];
  warnings: ConfigError[];
}

function readAwsConfig(all: IniSection[]): ReadResult {
  const errors: ConfigError[] = [];
  const warnings: ConfigError[] = [];
  const sections = firstDuplicateSections(all, errors, true);
  const profiles = new Map<string, IniSection>();
  const ssoSessions = new Set<string>();
  for (const section of sections) {
    if (section.kind === 'profile' || section.kind === 'default') {
      profiles.set(section.name, section);
    } else if (section.kind === 'sso-session') ssoSessions.add(section.name);
    else if (section.kind === 'plain') {
      errors.push({
        line: section.line,
        message:
          `The AWS CLI ignores [${section.name}] in ~/.aws/config; write [profile ` +
          `${section.name}] (bare names belong in ~/.aws/credentials).`,
      });
    }
  }

  for (const profile of profiles.values()) {
    for (const key of ['sso_account_id']) {
      const value = entryValue(profile, key);
      if (value && !/^\d{12}$/.test(value)) {
        errors.push({
          line: lineOf(profile, key),
          message: `${key} "${value.slice(0, 40)}" must be a 12-digit account id.`,
        });
      }
    }
    const session = entryValue(profile, 'sso_session');
    if (session && !ssoSessions.has(session)) {
      errors.push({
        line: lineOf(profile, 'sso_session'),
        message:
          `sso_session names "${session}", but there is no [sso-session ${session}] ` +
          `section; add it or fix the name.`,
      });
    }
    const startUrl = entryValue(profile, 'sso_start_url');
    if (startUrl && !/^https:\/\/\S+$/.test(startUrl)) {
      errors.push({
        line: lineOf(profile, 'sso_start_url'),
        message: 'sso_start_url must be an https:// address (the AWS access portal URL).',
      });
    }
  }

  /** Account and role the source profile signs in as, when the config says. */
  function sourceIdentity(name: string): { account: string | null; role: string | null } {
    const source = profiles.get(name);
    if (!source) return { account: null, role: null };
    const arnText = entryValue(source, 'role_arn');
    if (arnText) {
      const arn = parseRoleArn(arnText);
      if (arn.ok) return { account: arn.value.account, role: arn.value.leaf };
    }
    return {
      account: entryValue(source, 'sso_account_id'),
      role: entryValue(source, 'sso_role_name'),
    };
  }

  const roles: SavedRole[] = [];
  const sourcesElsewhere = new Map<string, { line: number; profiles: string[] }>();
  const identityCenterOnly: IniSection[] = [];
  for (const profile of profiles.values()) {
    const arnText = entryValue(profile, 'role_arn');
    if (!arnText) {
      if (entryValue(profile, 'sso_role_name')) identityCenterOnly.push(profile);
      continue;
    }
    const arn = parseRoleArn(arnText);
    if (!arn.ok) {
      errors.push({ line: lineOf(profile, 'role_arn'), message: arn.error });
      continue;
    }
    const sourceName = entryValue(profile, 'source_profile');
    const credentialProblem = credentialSourceProblem(profile);
    if (credentialProblem) {
      const { error, ...problem } = credentialProblem;
      (error ? errors : warnings).push(problem);
    }
    if (sourceName) {
      if (!profiles.has(sourceName)) {
        // Keys usually live in ~/.aws/credentials, which this file cannot show: only a note.
        const users = sourcesElsewhere.get(sourceName);
        if (users) users.profiles.push(profile.name);
        else {
          sourcesElsewhere.set(sourceName, {
            line: lineOf(profile, 'source_profile'),
            profiles: [profile.name],
          });
        }
      } else if (loops(profiles, profile.name)) {
        errors.push({
          line: lineOf(profile, 'source_profile'),
          message:
            `Following source_profile from [profile ${profile.name}] goes round in a loop; ` +
            `make one profile in the chain use credentials of its own.`,
        });
      }
    }
    const regionEntry = profile.entries.get('region');
    const region = regionEntry?.value
      ? keptRegion(regionEntry, arn.value.partition.id, errors, warnings)
      : null;
    const durationText = entryValue(profile, 'duration_seconds');
    let durationSeconds: number | null = null;
    if (durationText) {
      const duration = /^\d{1,6}$/.test(durationText) ? Number(durationText) : Number.NaN;
      if (!(duration >= 900 && duration <= 43200)) {
        errors.push({
          line: lineOf(profile, 'duration_seconds'),
          message:
            `duration_seconds "${durationText.slice(0, 20)}" must be a whole number from ` +
            `900 to 43200 (15 minutes to 12 hours).`,
        });
      } else durationSeconds = duration;
    }
    const colorText = entryValue(profile, 'color');
    let color: string | null = null;
    if (colorText) {
      const checked = checkColor(colorText);
      if (checked.ok) color = checked.value;
      else errors.push({ line: lineOf(profile, 'color'), message: checked.error });
    }
    const source = sourceName ? sourceIdentity(sourceName) : { account: null, role: null };
    const made = makeSavedRole({
      name: profile.name,
      roleArn: arn.value.arn,
      displayName: profile.name,
      color,
      region,
      sourceProfile: sourceName,
      sourceAccount: source.account,
      sourceRoleName: source.role,
      requiresExternalId: entryValue(profile, 'external_id') !== null,
      requiresMfa: entryValue(profile, 'mfa_serial') !== null,
      durationSeconds,
      origin: 'aws-config',
    });
    if (made.ok) {
      roles.push(made.value);
      warnings.push(...consoleWarnings(made.value, profile));
    } else errors.push({ line: profile.line, message: made.error });
  }
  for (const [name, use] of sourcesElsewhere) {
    warnings.push({
      line: use.line,
      message:
        `source_profile "${name}" (used by ${namesInBrief(use.profiles)}) is not in this file; ` +
        `the AWS CLI also reads it from ~/.aws/credentials, so make sure [${name}] is there ` +
        `or add [${name === 'default' ? 'default' : `profile ${name}`}] here.`,
    });
  }
  const first = identityCenterOnly[0];
  if (first) {
    warnings.push({
      line: first.line,
      message:
        `${namesInBrief(identityCenterOnly.map((profile) => profile.name))} ` +
        `${identityCenterOnly.length === 1 ? 'signs' : 'sign'} in through IAM Identity ` +
        'Center (sso_role_name, no role_arn) and so ' +
        `${identityCenterOnly.length === 1 ? 'is' : 'are'} not imported: switch role cannot ` +
        'reach an Identity Center role; open it from the AWS access portal. Profiles that ' +
        'assume a role from them (role_arn with source_profile) are imported.',
    });
  }
  return { roles, errors, warnings };
}

/**
 * Where the AWS CLI takes the credentials that assume a profile's role from: exactly one of
 * source_profile and credential_source (web_identity_token_file makes it a web identity profile
 * instead). Without one the CLI stops with "Partial credentials found in assume-role"; with
 * both it refuses the profile. The console switch needs neither: it starts from whoever is
 * signed in, so the missing source is only a warning.
 */
function credentialSourceProblem(profile: IniSection): (ConfigError & { error: boolean }) | null {
  if (entryValue(profile, 'web_identity_token_file')) return null;
  const label = profile.name === 'default' ? '[default]' : `[profile ${profile.name}]`;
  const hasSource = entryValue(profile, 'source_profile') !== null;
  const hasCredentialSource = entryValue(profile, 'credential_source') !== null;
  if (hasSource && hasCredentialSource) {
    return {
      error: true,
      line: lineOf(profile, 'credential_source'),
      message:
        `${label} has both source_profile (line ${lineOf(profile, 'source_profile')}) and ` +
        'credential_source, and the AWS CLI refuses a profile with both; keep source_profile ' +
        "to assume the role with another profile's credentials, or credential_source to use " +
        "this machine's own (Environment, Ec2InstanceMetadata or EcsContainer).",
    };
  }
  if (hasSource || hasCredentialSource) return null;
  return {
    error: false,
    line: lineOf(profile, 'role_arn'),
    message:
      `${label} has role_arn but no source_profile, credential_source or ` +
      'web_identity_token_file, so the AWS CLI cannot assume the role (it stops with "Partial ' +
      'credentials found in assume-role"). Switching in the console still works from whoever ' +
      'is signed in; for the CLI, add source_profile = <a profile with credentials>.',
  };
}

/** Up to three names and how many more, for messages about many profiles. */
function namesInBrief(names: string[]): string {
  const shown = names
    .slice(0, 3)
    .map((name) => (name === 'default' ? '[default]' : `[profile ${name}]`));
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** Whether following source_profile from `start` ever reaches a profile twice. */
function loops(profiles: Map<string, IniSection>, start: string): boolean {
  const seen = new Set<string>();
  let name: string | null = start;
  while (name) {
    if (seen.has(name)) return true;
    seen.add(name);
    const profile = profiles.get(name);
    name = profile ? entryValue(profile, 'source_profile') : null;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// aws-extend-switch-roles

/**
 * The image address of a section when it is an https URL; anything else (javascript:, data:,
 * plain http that would leak the user's IP address to a tracker) is left out with a warning.
 */
function checkedImage(section: IniSection, warnings: ConfigError[]): string | null {
  const image = entryValue(section, 'image');
  if (!image) return null;
  // Host of letters, digits, dots and hyphens (so no user@ part), then a path without spaces,
  // quotes or backslashes.
  const safe = /^https:\/\/[a-z0-9.-]{1,253}(?::\d{1,5})?(?:[/?#][^\s"'<>\\`]{0,2000})?$/i.test(
    image,
  );
  if (safe) return image;
  warnings.push({
    line: lineOf(section, 'image'),
    message:
      `[${section.name}]: image must be an https:// address of a picture; this one is left ` +
      'out. Give an https URL or remove the line.',
  });
  return null;
}

function readAesr(all: IniSection[]): ReadResult {
  const errors: ConfigError[] = [];
  const warnings: ConfigError[] = [];
  const sections = firstDuplicateSections(
    all.map((section) =>
      section.kind === 'sso-session' || section.kind === 'other'
        ? section
        : { ...section, kind: 'profile' as const },
    ),
    errors,
    false,
  ).filter((section) => section.kind === 'profile');
  const profiles = new Map(sections.map((section) => [section.name, section]));

  // Empty values are mistakes in this format (the extension refuses them too).
  for (const section of sections) {
    for (const entry of section.entries.values()) {
      if (entry.value === '') {
        errors.push({
          line: entry.line,
          message: `${entry.key} has no value; give one or remove the line.`,
        });
      }
    }
  }

  const bases = new Set<string>();
  for (const section of sections) {
    const source = entryValue(section, 'source_profile');
    if (!source) continue;
    if (!profiles.has(source)) {
      // The role itself is fine: only which sign-in the extension lists it under is unknown.
      warnings.push({
        line: lineOf(section, 'source_profile'),
        message:
          `source_profile names "${source}", which is not defined in this file; ` +
          `aws-extend-switch-roles lists [${section.name}] only when signed in as that base ` +
          `profile, so add a [${source}] section or fix the name. The role is imported without ` +
          'a source account.',
      });
    } else bases.add(source);
  }

  interface Target {
    account: string;
    roleName: string | null;
    partition: string | null;
  }
  function accountAndRole(section: IniSection): Target | null {
    const arnText = entryValue(section, 'role_arn');
    const accountText = entryValue(section, 'aws_account_id');
    const roleText = entryValue(section, 'role_name');
    if (arnText) {
      if (accountText || roleText) {
        errors.push({
          line: lineOf(section, 'role_arn'),
          message:
            `[${section.name}] has role_arn and also ` +
            `${accountText ? 'aws_account_id' : 'role_name'}; ` +
            'keep either role_arn or aws_account_id with role_name.',
        });
        return null;
      }
      const arn = parseRoleArn(arnText);
      if (!arn.ok) {
        errors.push({ line: lineOf(section, 'role_arn'), message: arn.error });
        return null;
      }
      return {
        account: arn.value.account,
        roleName: arn.value.roleName,
        partition: arn.value.partition.id,
      };
    }
    if (!accountText) {
      errors.push({
        line: section.line,
        message: `[${section.name}] has neither aws_account_id nor role_arn; add one of them.`,
      });
      return null;
    }
    const account = checkAccount(accountText);
    if (!account.ok) {
      errors.push({ line: lineOf(section, 'aws_account_id'), message: account.error });
      return null;
    }
    let roleName: string | null = null;
    if (roleText) {
      const role = checkRolePathAndName(roleText);
      if (!role.ok) {
        errors.push({ line: lineOf(section, 'role_name'), message: role.error });
        return null;
      }
      roleName = role.value.roleName;
    }
    return { account: account.value, roleName, partition: null };
  }

  // A base's target_region serves each of its targets: its problems are reported once.
  const regionErrors: ConfigError[] = [];
  const regionWarnings: ConfigError[] = [];

  const identities = new Map<string, Target | null>();
  for (const section of sections) identities.set(section.name, accountAndRole(section));

  const roles: SavedRole[] = [];
  for (const section of sections) {
    const source = entryValue(section, 'source_profile');
    const isBase = bases.has(section.name);
    if (!source && isBase) continue; // a sign-in identity, not a switch target
    const target = identities.get(section.name);
    if (!target) continue;
    const base = source ? profiles.get(source) : undefined;
    const baseIdentity = source ? identities.get(source) : null;
    let roleName = target.roleName;
    if (!roleName && base) {
      const inherited = entryValue(base, 'target_role_name');
      if (inherited) {
        const role = checkRolePathAndName(inherited);
        if (role.ok) roleName = role.value.roleName;
        else errors.push({ line: lineOf(base, 'target_role_name'), message: role.error });
      }
    }
    if (!roleName) {
      errors.push({
        line: section.line,
        message:
          `[${section.name}] names no role; add role_name (or target_role_name to its ` +
          `source profile).`,
      });
      continue;
    }
    const regionEntry = section.entries.get('region') ?? base?.entries.get('target_region');
    const region = regionEntry?.value
      ? keptRegion(regionEntry, target.partition, regionErrors, regionWarnings)
      : null;
    const colorText = entryValue(section, 'color');
    let color: string | null = null;
    if (colorText) {
      const checked = checkColor(colorText);
      if (!checked.ok) {
        errors.push({ line: lineOf(section, 'color'), message: checked.error });
      } else color = checked.value;
    }
    const image = checkedImage(section, warnings);
    // aws_account_id may hold an alias in this format; an alias goes in the alias field.
    const baseAccount = baseIdentity?.account ?? null;
    const baseIsId = baseAccount !== null && /^\d{12}$/.test(baseAccount);
    const made = makeSavedRole({
      name: section.name,
      account: target.account,
      roleName,
      partition: target.partition,
      displayName: section.name,
      color,
      region,
      sourceProfile: source,
      sourceAccount: baseIsId ? baseAccount : null,
      sourceAccountAlias:
        (base ? entryValue(base, 'aws_account_alias') : null) ?? (baseIsId ? null : baseAccount),
      sourceRoleName: baseIdentity?.roleName ?? null,
      image,
      origin: 'aesr',
    });
    if (made.ok) {
      roles.push(made.value);
      warnings.push(...consoleWarnings(made.value, section));
    } else errors.push({ line: section.line, message: made.error });
  }
  errors.push(...distinct(regionErrors));
  warnings.push(...distinct(regionWarnings));
  return { roles, errors, warnings };
}

function distinct(problems: ConfigError[]): ConfigError[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.line}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
