// Turns text as people paste it (terminal output, CI logs, JSON bodies, console banners) into
// one line of plain words, so that the parser sees every error sentence in the same shape.
// Every pattern here is linear: bounded repetitions only, no nested quantifiers.
//
// Known shortcomings: a terminal wrap is only rejoined inside words of AWS error sentences, ARNs,
// actions and known service prefixes; a wrap inside any other value (a bucket name in prose, an
// IAM name written as "policy NAME") leaves two words. A line break after a value is joined only
// when the next line goes on like an AWS message (a known follower word, punctuation or nothing
// after its first word), so a new log line is never glued to a value; a single bare word on the
// next line ("Done") is still read as the value's tail. JSON escapes are undone everywhere, so a
// literal "\n" in a Windows path becomes a line break (which no field depends on).

import { KNOWN_SERVICE_PREFIXES } from './operations.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
const ANSI_CSI = /\u001b\[[0-9;?]{0,32}[ -/]{0,4}[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: OSC sequences end with BEL or ESC \
const ANSI_OSC = /\u001b\][^\u0007\u001b]{0,512}(?:\u0007|\u001b\\)?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stray ESC, C0 and C1 terminal controls
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
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
const LEADING_DECORATION = new RegExp(
  [
    String.raw`^[ \t]{0,64}`,
    String.raw`(?:\d{4}-\d\d-\d\dT[\d:.]{5,20}Z?[ \t]{1,4})?`,
    String.raw`(?:##\[(?:error|warning|debug)\]|::(?:error|warning)[^:]{0,200}::)?`,
    String.raw`(?:[│┃║╎╏┆┇┊┋|>][ \t]{0,8}){0,4}`,
  ].join(''),
);
const TRAILING_DECORATION = /(?:[ \t]{0,8}[│┃║╎╏┆┇┊┋])+[ \t]*$/;
// Lines drawn only with box characters (Terraform's ╷ and ╵, table rules).
const BOX_ONLY = new RegExp(
  ['^[\\s', '─━═┄┅┈┉╌╍╭╮╯╰┌┐└┘', '├┤┬┴┼╔╗╚╝╠╣╦╩╬', '│┃║╷╵', ']*$'].join(''),
);

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
    'error occurred when calling anonymous'
  ).split(' '),
);

/** Words that start the next part of a sentence: a break before them is never inside a token. */
const CONNECTORS = new Set(
  (
    'is on with because and or for encoded status user error go request service caused at ' +
    'to from in the a an action'
  ).split(' '),
);

/** Lower-case words that end with a colon in error sentences and are not service prefixes. */
const COLON_WORDS = new Set(
  'perform resource message error denied exception reason code id details user'.split(' '),
);

const TOKEN_START = /^[A-Za-z0-9*/:_.@=+-]/;
const ARN_OR_ACTION_HEAD = /^["'(]?(?:arn:|[a-z0-9-]{2,40}:[A-Za-z0-9*])/;
const ACTION_HEAD = /^[a-z0-9-]{2,40}:[A-Za-z][A-Za-z0-9]{0,100}$/;
const ACTION_TAIL = /^([A-Za-z0-9-]{0,40}):[A-Za-z0-9*]/;

function firstWord(line: string): string {
  const at = line.indexOf(' ');
  return at < 0 ? line : line.slice(0, at);
}

function bare(word: string): string {
  return word.replace(/[^A-Za-z-]+$/, '').toLowerCase();
}

/**
 * Words that go on with a message right after a value (an ARN, an action): "… role/X is not",
 * "… because no", "… could not be used", "… status code: 403".
 */
const AFTER_VALUE = new Set(
  (
    'is on with because status request service encoded go for and or not cannot could can ' +
    'was were does did has had which when while please caused error'
  ).split(' '),
);

/**
 * Whether the rest of the next line, after the word that would complete a token, goes on with an
 * error message. A wrapped value is followed by the rest of its sentence ("… because no"), by
 * punctuation, or by nothing; a new log line ("Step 8/9 : notify", "+ aws s3 cp …") is not, and
 * gluing its first word to the value would change the value.
 */
function restGoesOn(after: string, first: string): boolean {
  const rest = after.slice(first.length).trimStart();
  if (!rest || /^[.,;:"'()[\]{}]/.test(rest)) return true;
  const word = firstWord(rest);
  if (AFTER_VALUE.has(bare(word))) return true;
  // The line may itself end inside that word ("… role/X beca" + "use no …").
  if (word.length === rest.length && /^[A-Za-z]{1,40}$/.test(word)) {
    const start = word.toLowerCase();
    for (const candidate of AFTER_VALUE) if (candidate.startsWith(start)) return true;
  }
  return false;
}

/** Words that cannot follow a connector: "Configurati" + "on on resource" is one word. */
const SENTENCE_KEYWORDS = new Set(['on', 'because', 'with', 'is', 'encoded', 'status']);

/**
 * Whether a line break sits inside one word or token. `a` is the word before the break (joined
 * with earlier wrapped parts), `after` the next line.
 */
function isWrapInsideWord(a: string, after: string): boolean {
  const b = firstWord(after);
  if (!a || !b) return false;
  // Punctuation never starts a word: "perform" + ": s3:GetObject"; an opening quote never ends one.
  if (/^[:;,.)]/.test(b) || /^["'([]$/.test(a)) return true;
  if (!TOKEN_START.test(b) || /^(?:[-=]{2}|-?>)/.test(b)) return false;
  // "arn:" itself split: "a" + "rn:aws:…", "ar" + "n:aws:…".
  if (
    /(?:^|[^A-Za-z])(?:a|ar)$/.test(a) &&
    /^(?:rn|n):[a-z]/.test(b) &&
    `${a}${b}`.includes('arn:')
  ) {
    return true;
  }
  const nextWord = bare(b);
  // A wrapped word of the sentence itself: `polic` + `y allows`, `identity-` + `based`.
  const tail = /[A-Za-z-]{1,40}$/.exec(a)?.[0];
  const head = /^[A-Za-z]{1,40}/.exec(b)?.[0];
  if (tail && head) {
    const joined = (tail + head).toLowerCase();
    const bothWords = VOCABULARY.has(tail.toLowerCase()) && VOCABULARY.has(head.toLowerCase());
    if (VOCABULARY.has(joined) && !bothWords) return true;
  }
  // A sentence ends with a full stop; a dot inside a token ("@example." + "com") goes on.
  if (/[,;)]$/.test(a) || (a.endsWith('.') && !/^[a-z0-9]/.test(b))) return false;
  // A token split where its tail reads like a connector: "GetFuncti" + "on on resource".
  const wordAfter = bare(firstWord(after.slice(b.length + 1)));
  const connector = CONNECTORS.has(nextWord) && !SENTENCE_KEYWORDS.has(wordAfter);
  // An ARN or action split across lines: `…:role/Terraform` + `ExecutionRole`.
  if (ARN_OR_ACTION_HEAD.test(a) && !connector && !/^\d{4}[-/]\d\d/.test(b)) {
    return (!/:$/.test(a) || !COLON_WORDS.has(bare(a))) && restGoesOn(after, b);
  }
  // The start of an action cut before its colon: `cloudforma` + `tion:DescribeStacks`.
  const prefixTail = ACTION_TAIL.exec(b)?.[1];
  if (/^[A-Za-z0-9-]{1,40}$/.test(a) && prefixTail !== undefined) {
    const prefix = (a + prefixTail).toLowerCase();
    return KNOWN_SERVICE_PREFIXES.has(prefix) && !KNOWN_SERVICE_PREFIXES.has(prefixTail);
  }
  // A service prefix with its colon, then the action: `cloudformation:` + `DescribeStacks`.
  if (/^[a-z0-9-]{2,40}:$/.test(a) && KNOWN_SERVICE_PREFIXES.has(a.slice(0, -1))) {
    return /^[A-Z][A-Za-z0-9*]{0,100}$/.test(b.replace(/[.,;]$/, '')) && restGoesOn(after, b);
  }
  // The action name itself split: `cloudformation:Describe` + `Stacks`, `sts:Assu` + `meRole`.
  return ACTION_HEAD.test(a) && /^[A-Za-z0-9*]/.test(b) && !connector && restGoesOn(after, b);
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
  const parts: string[] = [];
  // The word before the break, with its parts from earlier wrapped lines; bounded in length.
  let lastToken = '';
  let previousEndsWithSpace = true;
  for (const raw of text.split('\n')) {
    const decoration = BOX_ONLY.test(raw) ? raw : (LEADING_DECORATION.exec(raw)?.[0] ?? '');
    const stripped = raw.slice(decoration.length).replace(TRAILING_DECORATION, '');
    // Indentation that is not a border means a new line of output, never a wrapped word; so
    // does a CI annotation marker (##[error], ::error::), which starts a message of its own.
    const indented =
      (decoration.length > 0 && decoration.trim() === '') ||
      /##\[|::(?:error|warning)/.test(decoration);
    const line = stripped.replace(/[ \t]{1,1000}/g, ' ').trim();
    if (!line) {
      previousEndsWithSpace = true;
      lastToken = '';
      continue;
    }
    const joined =
      parts.length > 0 && !previousEndsWithSpace && !indented && isWrapInsideWord(lastToken, line);
    parts.push(joined ? line : ` ${line}`);
    const space = line.lastIndexOf(' ');
    lastToken = (space >= 0 ? line.slice(space + 1) : (joined ? lastToken : '') + line).slice(
      -2048,
    );
    previousEndsWithSpace = /[ \t]$/.test(stripped);
  }
  const out = parts.join('');
  return out.replace(/ {2,}/g, ' ').trim();
}
