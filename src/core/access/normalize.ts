// Turns text as people paste it (terminal output, CI logs, JSON bodies, console banners) into
// one line of plain words, so that the parser sees every error sentence in the same shape.
// Every pattern here is linear: bounded repetitions only, no nested quantifiers.

import { KNOWN_SERVICE_PREFIXES } from './operations.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
const ANSI_CSI = /\u001b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: OSC sequences end with BEL or ESC \
const ANSI_OSC = /\u001b\][^\u0007\u001b]{0,512}(?:\u0007|\u001b\\)?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stray ESC and other control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// Colour codes whose ESC was lost in a copy ("[31mError[0m").
const ORPHAN_SGR = /\[(?:\d{1,3};){0,4}\d{1,3}m/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

const ENTITIES: Record<string, string> = {
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: ' ',
  amp: '&',
};

/** Undoes JSON string escapes (possibly applied several times) and XML/HTML entities. */
function undoEscapes(text: string): string {
  return text
    .replace(/\\{1,8}u([0-9a-fA-F]{4})/g, (_all, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    )
    .replace(/\\{1,8}r\\{1,8}n/g, '\n')
    .replace(/\\{1,8}[nr](?![0-9a-fA-F]{4})/g, '\n')
    .replace(/\\{1,8}t/g, ' ')
    .replace(/\\{1,8}(["'/])/g, '$1')
    .replace(/&#(\d{1,7});/g, (_all, code: string) => safeChar(Number(code)))
    .replace(/&#x([0-9a-fA-F]{1,6});/g, (_all, hex: string) => safeChar(Number.parseInt(hex, 16)))
    .replace(/&(quot|apos|lt|gt|nbsp|amp);/g, (_all, name: string) => ENTITIES[name] ?? '');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

// Line decorations added by terminals and CI: box-drawing borders (Terraform), GitHub Actions
// annotations and timestamps, markdown quotes.
const LEADING_DECORATION =
  /^[ \t]{0,64}(?:\d{4}-\d\d-\d\dT[\d:.]{5,20}Z?[ \t]{1,4})?(?:##\[(?:error|warning|debug)\]|::(?:error|warning)[^:]{0,200}::)?(?:[│┃║╎╏┆┇┊┋|>][ \t]{0,8}){0,4}/;
const TRAILING_DECORATION = /(?:[ \t]{0,8}[│┃║╎╏┆┇┊┋])+[ \t]*$/;
const BOX_ONLY = /^[\s─━═┄┅┈┉╌╍╭╮╯╰┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬│┃║]*$/;

/**
 * Words of AWS error sentences. A line break that splits one of these (`polic` + `y`) is a
 * terminal wrap and is joined without a space.
 */
const VOCABULARY = new Set(
  (
    'user is not authorized to perform on resource because no allows the action with an ' +
    'explicit deny in a identity-based resource-based policy permissions boundary session ' +
    'sessions service control endpoint vpc role trust transitively through this operation ' +
    'encoded authorization failure message you are access denied accessdenied ' +
    'accessdeniedexception unauthorizedoperation security token included request expired ' +
    'invalid signature calculated does match multifactorauthentication failed requested ' +
    'durationseconds exceeds maxsessionduration set for chaining principal federated ' +
    'federation credentials assume assumed roles may be by root accounts cannot call ' +
    'getfederationtoken getsessiontoken only tokens or used login information one more fields ' +
    'openidconnect provider found your account ciphertext refers customer master key exist ' +
    'region allowed specified forbidden insufficient permission have should prohibited field ' +
    'error occurred when calling'
  ).split(' '),
);

/** Words that start the next part of a sentence: a break before them is never inside a token. */
const CONNECTORS = new Set(
  (
    'is on with because and or for encoded status user error go request service caused at ' +
    'to from in the a an'
  ).split(' '),
);

/** Lower-case words that end with a colon in error sentences and are not service prefixes. */
const COLON_WORDS = new Set(
  'perform resource message error denied exception reason code id details user'.split(' '),
);

const TOKEN_START = /^[A-Za-z0-9*/:_.@=+-]/;
const ARN_OR_ACTION_HEAD = /^["'(]?(?:arn:|[a-z0-9-]{2,40}:[A-Za-z0-9*])/;
const ACTION_HEAD = /^[a-z0-9-]{2,40}:[A-Z][A-Za-z0-9]{0,100}$/;
const ACTION_TAIL = /^([A-Za-z0-9-]{0,40}):[A-Za-z0-9*]/;

function lastWord(line: string): string {
  const at = line.lastIndexOf(' ');
  return at < 0 ? line : line.slice(at + 1);
}

function firstWord(line: string): string {
  const at = line.indexOf(' ');
  return at < 0 ? line : line.slice(0, at);
}

function bare(word: string): string {
  return word.replace(/[^A-Za-z-]+$/, '').toLowerCase();
}

/** Whether a line break between `before` and `after` sits inside one word or token. */
function isWrapInsideWord(before: string, after: string): boolean {
  const a = lastWord(before);
  const b = firstWord(after);
  if (!a || !b || !TOKEN_START.test(b) || /^(?:[-=]{2}|-?>)/.test(b)) return false;
  const nextWord = bare(b);
  // A wrapped word of the sentence itself: `polic` + `y allows`, `identity-` + `based`.
  const tail = /[A-Za-z-]{1,40}$/.exec(a)?.[0];
  const head = /^[A-Za-z]{1,40}/.exec(b)?.[0];
  if (tail && head) {
    const joined = (tail + head).toLowerCase();
    const bothWords = VOCABULARY.has(tail.toLowerCase()) && VOCABULARY.has(head.toLowerCase());
    if (VOCABULARY.has(joined) && !bothWords) return true;
  }
  if (/[.,;)]$/.test(a)) return false;
  // An ARN or action split across lines: `…:role/Terraform` + `ExecutionRole`.
  if (ARN_OR_ACTION_HEAD.test(a) && !CONNECTORS.has(nextWord) && !/^\d{4}[-/]\d\d/.test(b)) {
    return !/:$/.test(a) || !COLON_WORDS.has(bare(a));
  }
  // The start of an action cut before its colon: `cloudforma` + `tion:DescribeStacks`.
  const prefixTail = ACTION_TAIL.exec(b)?.[1];
  if (/^[A-Za-z0-9-]{1,40}$/.test(a) && prefixTail !== undefined) {
    const prefix = (a + prefixTail).toLowerCase();
    return KNOWN_SERVICE_PREFIXES.has(prefix) && !KNOWN_SERVICE_PREFIXES.has(prefixTail);
  }
  // A service prefix with its colon, then the action: `cloudformation:` + `DescribeStacks`.
  if (/^[a-z0-9-]{2,40}:$/.test(a) && KNOWN_SERVICE_PREFIXES.has(a.slice(0, -1))) {
    return /^[A-Z][A-Za-z0-9*]{0,100}$/.test(b.replace(/[.,;]$/, ''));
  }
  // The action name itself split: `cloudformation:Describe` + `Stacks`.
  return ACTION_HEAD.test(a) && /^[A-Z][a-z]/.test(b) && !CONNECTORS.has(nextWord);
}

/**
 * Cleans pasted text into a single line: colour codes, escapes, entities and line decorations
 * removed, terminal wraps inside words joined, every run of white space made one space.
 */
export function normalizeText(input: string): string {
  const text = undoEscapes(
    input
      .replace(ANSI_CSI, '')
      .replace(ANSI_OSC, '')
      .replace(ORPHAN_SGR, '')
      .replace(/\r\n?/g, '\n')
      .replace(CONTROL, ' ')
      .replace(INVISIBLE, '')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/[\u201c\u201d]/g, '"'),
  );
  const lines = text.split('\n');
  let out = '';
  let previous = '';
  let previousEndsWithSpace = true;
  for (const raw of lines) {
    if (BOX_ONLY.test(raw)) {
      previous = '';
      previousEndsWithSpace = true;
      out += ' ';
      continue;
    }
    const decoration = LEADING_DECORATION.exec(raw)?.[0] ?? '';
    const stripped = raw.slice(decoration.length).replace(TRAILING_DECORATION, '');
    // Indentation that is not a border means a new line of output, never a wrapped word.
    const indented = decoration.length > 0 && decoration.trim() === '';
    const endsWithSpace = /[ \t]$/.test(stripped);
    const line = stripped.replace(/[ \t]{1,1000}/g, ' ').trim();
    if (!line) {
      previous = '';
      previousEndsWithSpace = true;
      out += ' ';
      continue;
    }
    const joinWithoutSpace =
      out.length > 0 &&
      !previousEndsWithSpace &&
      !indented &&
      previous &&
      isWrapInsideWord(previous, line);
    out += joinWithoutSpace ? line : ` ${line}`;
    previous = line;
    previousEndsWithSpace = endsWithSpace;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}
