// Tolerant reading of raw policy text. JSON.parse hides what matters for IAM: it keeps the last
// of two equal keys without a word, accepts characters IAM rejects, and says nothing of size or
// of where things are. jsonc-parser gives offsets and keeps going after errors.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

export type Severity = 'ERROR' | 'DENY' | 'SECURITY' | 'WARNING' | 'SUGGESTION';

export interface PolicyFinding {
  /** Stable check id (see the trust checks reference). */
  id: string;
  severity: Severity;
  message: string;
  /** 1-based line and column of the text the finding is about (1, 1 when not located). */
  line: number;
  column: number;
  fix: string;
}

export type JsonPath = ReadonlyArray<string | number>;

export interface SourceSpan {
  /** 0-based offset and length of the value in the text. */
  offset: number;
  length: number;
  line: number;
  column: number;
  /** Where the property name starts, for values that are object members. */
  keyLine?: number;
  keyColumn?: number;
}

export interface SourceOptions {
  /** Non-whitespace character quota the document is measured against. */
  quota?: number;
  /** Largest quota the account can be raised to; beyond it the document can never be saved. */
  maxQuota?: number;
}

export interface PolicySource {
  text: string;
  /** The document as IAM reads it (last of equal keys wins); undefined when unreadable. */
  document: unknown;
  /** True when the text is valid JSON. */
  syntaxOk: boolean;
  findings: PolicyFinding[];
  /** Number of characters that are not whitespace (what the size quota counts). */
  nonWhitespaceLength: number;
  /** Where the value at a path is; falls back to the nearest located ancestor. */
  locate(path: JsonPath): SourceSpan;
  /** Exact position of a path, or undefined when that path does not exist. */
  positionOf(path: JsonPath): SourceSpan | undefined;
  /** 1-based line and column of an offset. */
  lineColumn(offset: number): { line: number; column: number };
}

/** Role trust policy quota: 2,048 non-whitespace characters by default, 4,096 at most. */
export const TRUST_POLICY_DEFAULT_QUOTA = 2048;
export const TRUST_POLICY_MAX_QUOTA = 4096;

const MAX_REPORTED_CHARACTER_FINDINGS = 20;
const BYTE_ORDER_MARK = '\uFEFF';

function withoutByteOrderMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}
const MAX_NESTING = 100;

/** Offset where bracket nesting (outside strings) first exceeds `limit`, if it does. */
function nestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92) index++;
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      depth++;
      if (depth > limit) return index;
    } else if (code === 125 || code === 93) depth--;
  }
  return undefined;
}

export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) starts.push(index + 1);
    else if (code === 13 && text.charCodeAt(index + 1) !== 10) starts.push(index + 1);
  }
  return starts;
}

function toLineColumn(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

function isAllowedCharacter(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xff);
}

function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const names: Record<number, string> = {
    8216: 'left single quotation mark',
    8217: 'right single quotation mark',
    8220: 'left double quotation mark',
    8221: 'right double quotation mark',
    8203: 'zero-width space',
    65279: 'byte order mark',
    8211: 'en dash',
    8212: 'em dash',
  };
  const name = names[code];
  return name ? `U+${hex} (${name})` : `U+${hex}`;
}

const SYNTAX_HINTS: Record<string, string> = {
  CommaExpected: 'a comma is missing between two members or array items',
  PropertyNameExpected: 'a property name is expected here (is there a trailing comma?)',
  ValueExpected: 'a value is expected here (is there a trailing comma or an empty entry?)',
  ColonExpected: 'a colon is expected between a property name and its value',
  CloseBraceExpected: 'a closing brace } is missing',
  CloseBracketExpected: 'a closing bracket ] is missing',
  EndOfFileExpected: 'text continues after the end of the policy',
  InvalidSymbol:
    'this is not valid JSON (unquoted text, a typographic quote or a template left in?)',
  InvalidCommentToken: 'JSON policies cannot contain comments',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidCharacter: 'a control character is not allowed inside a string',
};

function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== '__proto__') {
    target[key] = value;
    return;
  }
  // A key named __proto__ must become a plain member, never the prototype.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Reads policy text. Never throws; everything wrong is a finding with a line and a column.
 */
export function readPolicySource(text: string, options: SourceOptions = {}): PolicySource {
  // Windows editors and PowerShell start files with a byte order mark. It is not part of the
  // policy and editors do not count it as a column, so it goes before anything is measured.
  const source = withoutByteOrderMark(typeof text === 'string' ? text : String(text));
  const starts = lineStarts(source);
  const lineColumn = (offset: number) =>
    toLineColumn(starts, Math.max(0, Math.min(offset, source.length)));
  const findings: PolicyFinding[] = [];
  const spans = new Map<string, SourceSpan>();
  const at = (offset: number) => lineColumn(offset);

  const errors: ParseError[] = [];
  let root: Node | undefined;
  const tooDeep = nestingBeyond(source, MAX_NESTING);
  if (tooDeep !== undefined) {
    // The parser recurses per level; refuse absurd nesting instead of exhausting the stack.
    const { line, column } = at(tooDeep);
    findings.push({
      id: 'JSON_SYNTAX_ERROR',
      severity: 'ERROR',
      message:
        `Nesting deeper than ${MAX_NESTING} levels at line ${line}, column ${column}; no ` +
        `policy nests like this.`,
      line,
      column,
      fix: 'Check that the text is the policy and that brackets are balanced.',
    });
  } else {
    try {
      root = parseTree(source, errors, {
        disallowComments: true,
        allowTrailingComma: false,
        allowEmptyContent: false,
      });
    } catch {
      // jsonc-parser does not throw on bad input; this only guards against the unexpected.
      root = undefined;
    }
  }

  // The parser can report several codes for one fault at one place (an unexpected symbol, then
  // the value it expected there): one finding per place.
  const reportedOffsets = new Set<number>();
  const distinctErrors = errors.filter((error) => {
    if (reportedOffsets.has(error.offset)) return false;
    reportedOffsets.add(error.offset);
    return true;
  });
  for (const error of distinctErrors.slice(0, 10)) {
    const code = printParseErrorCode(error.error);
    const { line, column } = at(error.offset);
    findings.push({
      id: 'JSON_SYNTAX_ERROR',
      severity: 'ERROR',
      message: `Not valid JSON: ${SYNTAX_HINTS[code] ?? code}.`,
      line,
      column,
      fix: 'Correct the JSON at this position; IAM rejects a policy that does not parse.',
    });
  }

  // Build the document the way IAM reads it and record where every path is.
  // The key of a child path, built from its parent's: the same text as pathKey of the whole
  // path, without copying the path at every level.
  const childKey = (parentKey: string, segment: string | number) =>
    parentKey === '[]'
      ? `[${JSON.stringify(segment)}]`
      : `${parentKey.slice(0, -1)},${JSON.stringify(segment)}]`;
  const build = (node: Node, key: string, depth: number): unknown => {
    const position = at(node.offset);
    const span: SourceSpan = { offset: node.offset, length: node.length, ...position };
    const parent = node.parent;
    if (parent?.type === 'property' && parent.children?.[0]) {
      const keyPosition = at(parent.children[0].offset);
      span.keyLine = keyPosition.line;
      span.keyColumn = keyPosition.column;
    }
    spans.set(key, span);
    if (depth > 200) return undefined;
    switch (node.type) {
      case 'object': {
        const result: Record<string, unknown> = {};
        const seen = new Map<string, Node>();
        const seenFolded = new Map<string, string>();
        for (const property of node.children ?? []) {
          const keyNode = property.children?.[0];
          const valueNode = property.children?.[1];
          if (!keyNode || typeof keyNode.value !== 'string') continue;
          const name = keyNode.value;
          const earlier = seen.get(name);
          if (earlier) {
            const first = at(earlier.offset);
            const second = at(keyNode.offset);
            findings.push({
              id: 'DUPLICATE_JSON_KEY',
              severity: 'ERROR',
              message:
                `"${name}" appears twice in the same object (lines ${first.line} and ` +
                `${second.line}); IAM keeps only the last one, so everything in the first ` +
                'is silently ignored.',
              line: first.line,
              column: first.column,
              fix: `Merge both "${name}" blocks into one.`,
            });
          } else {
            const folded = name.toLowerCase();
            const sameButCase = seenFolded.get(folded);
            if (sameButCase !== undefined && sameButCase !== name) {
              const position = at(keyNode.offset);
              findings.push({
                id: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
                severity: 'ERROR',
                message:
                  `"${name}" and "${sameButCase}" differ only in case; IAM treats them as ` +
                  `the same key.`,
                line: position.line,
                column: position.column,
                fix: `Keep one spelling and merge the values of "${name}" and "${sameButCase}".`,
              });
            }
            seenFolded.set(folded, name);
          }
          seen.set(name, keyNode);
          const value = valueNode ? build(valueNode, childKey(key, name), depth + 1) : undefined;
          setMember(result, name, value);
        }
        return result;
      }
      case 'array':
        return (node.children ?? []).map((child, index) =>
          build(child, childKey(key, index), depth + 1),
        );
      case 'property':
        return undefined;
      default:
        return node.value;
    }
  };
  const document = root ? build(root, pathKey([]), 0) : undefined;

  let nonWhitespaceLength = 0;
  let reportedCharacters = 0;
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) nonWhitespaceLength++;
    if (!isAllowedCharacter(code)) {
      if (reportedCharacters < MAX_REPORTED_CHARACTER_FINDINGS) {
        const codePoint = source.codePointAt(index) ?? code;
        const character = String.fromCodePoint(codePoint);
        const { line, column } = at(index);
        findings.push({
          id: 'INVALID_CHARACTERS',
          severity: 'ERROR',
          message:
            `Character ${describeCharacter(character)} at line ${line}, column ${column} is ` +
            'outside what IAM accepts in a policy (printable Latin-1, tab and line breaks).',
          line,
          column,
          fix: 'Retype it as plain ASCII (straight quotes, normal spaces).',
        });
      }
      reportedCharacters++;
    }
  }
  if (reportedCharacters > MAX_REPORTED_CHARACTER_FINDINGS) {
    const extra = reportedCharacters - MAX_REPORTED_CHARACTER_FINDINGS;
    findings.push({
      id: 'INVALID_CHARACTERS',
      severity: 'ERROR',
      message: `${extra} more characters IAM rejects were not listed one by one.`,
      line: 1,
      column: 1,
      fix: 'Retype the policy in plain ASCII.',
    });
  }

  const quota = options.quota ?? TRUST_POLICY_DEFAULT_QUOTA;
  const maxQuota = options.maxQuota ?? TRUST_POLICY_MAX_QUOTA;
  if (nonWhitespaceLength > quota) {
    const overMax = nonWhitespaceLength > maxQuota;
    findings.push({
      id: 'POLICY_SIZE_EXCEEDS_TRUST_QUOTA',
      severity: overMax ? 'ERROR' : 'WARNING',
      message:
        `The policy has ${nonWhitespaceLength} characters besides whitespace; the quota is ` +
        `${quota}${overMax ? ` and no account can raise it above ${maxQuota}` : ''}.`,
      line: 1,
      column: 1,
      fix: overMax
        ? 'Shorten it: merge statements and principal lists, or trust the account and restrict ' +
          'with aws:PrincipalOrgID or ArnLike aws:PrincipalArn.'
        : `Shorten it, or ask for a quota increase (up to ${maxQuota}).`,
    });
  }

  const positionOf = (path: JsonPath) => spans.get(pathKey(path));
  const locate = (path: JsonPath): SourceSpan => {
    for (let length = path.length; length >= 0; length--) {
      const span = spans.get(pathKey(path.slice(0, length)));
      if (span) return span;
    }
    return { offset: 0, length: 0, line: 1, column: 1 };
  };

  return {
    text: source,
    document,
    syntaxOk: errors.length === 0 && root !== undefined && tooDeep === undefined,
    findings,
    nonWhitespaceLength,
    locate,
    positionOf,
    lineColumn,
  };
}

/** How a policy was given: the document itself, or wrapped as an AWS CLI or API answer. */
export type PolicyTextForm =
  | 'document'
  | 'get-role'
  | 'get-role-policy'
  | 'get-policy-version'
  | 'url-encoded';

export interface PolicyText {
  /** The policy document's text. */
  text: string;
  form: PolicyTextForm;
  /**
   * True when lines and columns in `text` are those of the text given (the document is a JSON
   * object inside it); false when it had to be decoded from a URL-encoded string.
   */
  positionsMatch: boolean;
}

/** Where AWS answers carry a policy document, outermost name first. */
const POLICY_WRAPPERS: ReadonlyArray<{ path: readonly string[]; form: PolicyTextForm }> = [
  { path: ['Role', 'AssumeRolePolicyDocument'], form: 'get-role' },
  { path: ['PolicyDocument'], form: 'get-role-policy' },
  { path: ['PolicyVersion', 'Document'], form: 'get-policy-version' },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The member name as written, matched without case as IAM matches element names. */
function memberName(object: unknown, name: string): string | undefined {
  if (!isRecord(object)) return undefined;
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) found = key;
  return found;
}

function hasStatement(value: unknown): boolean {
  return memberName(value, 'Statement') !== undefined;
}

/** IAM APIs return policy documents URL-encoded (RFC 3986); undefined when it is not. */
export function decodePolicyText(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function looksUrlEncoded(text: string): boolean {
  return /^%7B/i.test(text) && !text.includes('{');
}

/** Keeps only `offset`..`offset + length`; everything else becomes spaces, line breaks stay. */
function keepOnly(text: string, offset: number, length: number): string {
  const blank = (part: string) => part.replace(/[^\r\n]/g, ' ');
  return (
    blank(text.slice(0, offset)) +
    text.slice(offset, offset + length) +
    blank(text.slice(offset + length))
  );
}

/**
 * Finds the policy document in text as people paste it: the document itself, the URL-encoded
 * string IAM APIs return, or the output of `aws iam get-role`, `get-role-policy` or
 * `get-policy-version` (with the document as an object or as an encoded string). Never throws;
 * text it does not recognise comes back unchanged as a document for the checks to report on.
 */
export function extractPolicyText(text: string): PolicyText {
  const given = withoutByteOrderMark(typeof text === 'string' ? text : String(text));
  const trimmed = given.trim();
  if (looksUrlEncoded(trimmed)) {
    const decoded = decodePolicyText(trimmed);
    if (decoded !== undefined) return { text: decoded, form: 'url-encoded', positionsMatch: false };
  }
  const asIs: PolicyText = { text: given, form: 'document', positionsMatch: true };
  if (!trimmed.startsWith('{')) return asIs;
  // Every wrapper names one of these members: without them there is nothing to unwrap, and the
  // text need not be parsed twice.
  if (!/PolicyDocument|PolicyVersion/i.test(given)) return asIs;
  const source = readPolicySource(given);
  const document = source.document;
  if (!isRecord(document) || hasStatement(document)) return asIs;
  for (const wrapper of POLICY_WRAPPERS) {
    const path: string[] = [];
    let value: unknown = document;
    for (const name of wrapper.path) {
      const key = memberName(value, name);
      if (key === undefined) break;
      path.push(key);
      value = (value as Record<string, unknown>)[key];
    }
    if (path.length !== wrapper.path.length) continue;
    if (typeof value === 'string') {
      const decoded = decodePolicyText(value);
      if (decoded === undefined) continue;
      return { text: decoded, form: wrapper.form, positionsMatch: false };
    }
    const span = source.positionOf(path);
    if (isRecord(value) && span) {
      return {
        text: keepOnly(given, span.offset, span.length),
        form: wrapper.form,
        positionsMatch: true,
      };
    }
  }
  return asIs;
}

/**
 * The policy document in an already parsed value: the document itself, or one wrapped as
 * `extractPolicyText` describes. Undefined when there is none.
 */
export function unwrapPolicyValue(value: unknown, depth = 0): Record<string, unknown> | undefined {
  if (!isRecord(value) || depth > 3) return undefined;
  if (hasStatement(value)) return value;
  for (const wrapper of POLICY_WRAPPERS) {
    let nested: unknown = value;
    for (const name of wrapper.path) {
      const key = memberName(nested, name);
      nested = key === undefined ? undefined : (nested as Record<string, unknown>)[key];
    }
    if (typeof nested === 'string') {
      const decoded = decodePolicyText(nested);
      if (decoded === undefined) continue;
      const inner = unwrapPolicyValue(readPolicySource(decoded).document, depth + 1);
      if (inner) return inner;
    } else if (nested !== undefined) {
      const inner = unwrapPolicyValue(nested, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}
