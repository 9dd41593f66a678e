// The Condition element: every operator family, the ForAllValues:/ForAnyValue: set forms,
// ...IfExists, and three-valued results when the request context does not say whether a key is
// there ("unknown" is different from "absent").
import {
  type ContextLookup,
  type ContextScalar,
  type ContextValue,
  type KeyState,
  substituteVariables,
} from './variables.js';
import { matchPattern, type PatternPiece, patternFromText } from './wildcard.js';

export type Tri = true | false | 'unknown';

export function triAnd(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return true;
}
export function triOr(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return false;
}
export function triNot(a: Tri): Tri {
  return a === 'unknown' ? 'unknown' : !a;
}

export type OperatorFamily =
  | 'String'
  | 'Numeric'
  | 'Date'
  | 'Bool'
  | 'Binary'
  | 'Ip'
  | 'Arn'
  | 'Null';

export interface ParsedOperator {
  written: string;
  /** Canonical name without qualifier or IfExists, e.g. StringLike. */
  base: string;
  family: OperatorFamily;
  negated: boolean;
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
}

interface OperatorSpec {
  family: OperatorFamily;
  negated: boolean;
  compare: string;
}

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { family: 'String', negated: false, compare: 'equals' },
  stringnotequals: { family: 'String', negated: true, compare: 'equals' },
  stringequalsignorecase: { family: 'String', negated: false, compare: 'equalsIgnoreCase' },
  stringnotequalsignorecase: { family: 'String', negated: true, compare: 'equalsIgnoreCase' },
  stringlike: { family: 'String', negated: false, compare: 'like' },
  stringnotlike: { family: 'String', negated: true, compare: 'like' },
  numericequals: { family: 'Numeric', negated: false, compare: 'eq' },
  numericnotequals: { family: 'Numeric', negated: true, compare: 'eq' },
  numericlessthan: { family: 'Numeric', negated: false, compare: 'lt' },
  numericlessthanequals: { family: 'Numeric', negated: false, compare: 'le' },
  numericgreaterthan: { family: 'Numeric', negated: false, compare: 'gt' },
  numericgreaterthanequals: { family: 'Numeric', negated: false, compare: 'ge' },
  dateequals: { family: 'Date', negated: false, compare: 'eq' },
  datenotequals: { family: 'Date', negated: true, compare: 'eq' },
  datelessthan: { family: 'Date', negated: false, compare: 'lt' },
  datelessthanequals: { family: 'Date', negated: false, compare: 'le' },
  dategreaterthan: { family: 'Date', negated: false, compare: 'gt' },
  dategreaterthanequals: { family: 'Date', negated: false, compare: 'ge' },
  bool: { family: 'Bool', negated: false, compare: 'eq' },
  binaryequals: { family: 'Binary', negated: false, compare: 'eq' },
  ipaddress: { family: 'Ip', negated: false, compare: 'in' },
  notipaddress: { family: 'Ip', negated: true, compare: 'in' },
  arnequals: { family: 'Arn', negated: false, compare: 'like' },
  arnlike: { family: 'Arn', negated: false, compare: 'like' },
  arnnotequals: { family: 'Arn', negated: true, compare: 'like' },
  arnnotlike: { family: 'Arn', negated: true, compare: 'like' },
  null: { family: 'Null', negated: false, compare: 'null' },
};

const CANONICAL: Record<string, string> = {
  stringequals: 'StringEquals',
  stringnotequals: 'StringNotEquals',
  stringequalsignorecase: 'StringEqualsIgnoreCase',
  stringnotequalsignorecase: 'StringNotEqualsIgnoreCase',
  stringlike: 'StringLike',
  stringnotlike: 'StringNotLike',
  numericequals: 'NumericEquals',
  numericnotequals: 'NumericNotEquals',
  numericlessthan: 'NumericLessThan',
  numericlessthanequals: 'NumericLessThanEquals',
  numericgreaterthan: 'NumericGreaterThan',
  numericgreaterthanequals: 'NumericGreaterThanEquals',
  dateequals: 'DateEquals',
  datenotequals: 'DateNotEquals',
  datelessthan: 'DateLessThan',
  datelessthanequals: 'DateLessThanEquals',
  dategreaterthan: 'DateGreaterThan',
  dategreaterthanequals: 'DateGreaterThanEquals',
  bool: 'Bool',
  binaryequals: 'BinaryEquals',
  ipaddress: 'IpAddress',
  notipaddress: 'NotIpAddress',
  arnequals: 'ArnEquals',
  arnlike: 'ArnLike',
  arnnotequals: 'ArnNotEquals',
  arnnotlike: 'ArnNotLike',
  null: 'Null',
};

/** Parses an operator such as `ForAnyValue:StringLikeIfExists`; undefined when unknown. */
export function parseOperator(written: string): ParsedOperator | undefined {
  let rest = written;
  let qualifier: ParsedOperator['qualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') qualifier = 'ForAllValues';
    else if (prefix === 'foranyvalue') qualifier = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const lower = rest.toLowerCase();
  const spec = OPERATORS[lower];
  const base = CANONICAL[lower];
  if (!spec || !base) return undefined;
  return {
    written,
    base,
    family: spec.family,
    negated: spec.negated,
    ...(qualifier ? { qualifier } : {}),
    ifExists,
  };
}

export interface ConditionEvaluation {
  /** Operator as written in the policy. */
  operator: string;
  parsed?: ParsedOperator;
  /** Condition key as written in the policy. */
  key: string;
  policyValues: string[];
  /** What the request holds for the key: undefined when absent, null when unknown. */
  requestValue: ContextValue | null | undefined;
  result: Tri;
  /** Key whose value is needed to decide (the condition key or a variable's key). */
  missingKey?: string;
  /** A variable that could not be substituted because its key is absent. */
  unresolvedVariable?: string;
  /** Why the condition cannot work as written (unknown operator, malformed value). */
  problem?: string;
}

function scalarToString(value: ContextScalar): string {
  return typeof value === 'string' ? value : String(value);
}

function policyValueList(raw: unknown): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const result: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') result.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') result.push(String(item));
    else return undefined;
  }
  return result;
}

/** Parses an ISO 8601 date-time or epoch seconds; NaN when neither. */
export function parseIamDate(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d{1,15}(\.\d{1,9})?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return Number.NaN;
  return Date.parse(trimmed);
}

function parseNumber(text: string): number {
  const trimmed = text.trim();
  if (!/^[-+]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})([eE][-+]?\d{1,4})?$/.test(trimmed)) {
    return Number.NaN;
  }
  return Number(trimmed);
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  if (text.length > 64) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (!part) return [];
    const result: number[] = [];
    const items = part.split(':');
    for (let index = 0; index < items.length; index++) {
      const item = items[index] ?? '';
      if (index === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (!v4) return undefined;
        result.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        result.push(Number.parseInt(item, 16));
      }
    }
    return result;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else all = head;
  if (all.length !== 8) return undefined;
  return all.flatMap((group) => [group >> 8, group & 255]);
}

/** Parses an address or CIDR block into bytes and a prefix length. */
export function parseCidr(text: string): { bytes: number[]; prefix: number } | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const bytes = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (!bytes) return undefined;
  const bits = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  return { bytes, prefix };
}

function ipInBlock(address: string, block: { bytes: number[]; prefix: number }): boolean {
  const parsed = parseCidr(address);
  if (!parsed || parsed.bytes.length !== block.bytes.length) return false;
  let remaining = block.prefix;
  for (let index = 0; index < block.bytes.length && remaining > 0; index++) {
    const bitsHere = Math.min(8, remaining);
    const mask = (0xff << (8 - bitsHere)) & 0xff;
    if (((parsed.bytes[index] ?? 0) & mask) !== ((block.bytes[index] ?? 0) & mask)) return false;
    remaining -= bitsHere;
  }
  return true;
}

/** ARN matching as IAM does it: each of the six colon-separated parts is matched on its own. */
export function matchArnPattern(pattern: readonly PatternPiece[], value: string): boolean {
  const patternParts = splitPiecesOnColons(pattern, 6);
  const valueParts = splitArnText(value);
  if (!patternParts || !valueParts) return false;
  return patternParts.every((part, index) => matchPattern(part, valueParts[index] ?? ''));
}

function splitArnText(text: string): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  for (let index = 0; index < 5; index++) {
    const colon = rest.indexOf(':');
    if (colon < 0) return undefined;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts;
}

function splitPiecesOnColons(
  pieces: readonly PatternPiece[],
  count: number,
): PatternPiece[][] | undefined {
  const parts: PatternPiece[][] = [[]];
  for (const piece of pieces) {
    if ('wildcard' in piece || parts.length === count) {
      parts[parts.length - 1]?.push(piece);
      continue;
    }
    let rest = piece.literal;
    while (rest.length > 0) {
      const colon = parts.length < count ? rest.indexOf(':') : -1;
      if (colon < 0) {
        parts[parts.length - 1]?.push({ literal: rest });
        break;
      }
      if (colon > 0) parts[parts.length - 1]?.push({ literal: rest.slice(0, colon) });
      parts.push([]);
      rest = rest.slice(colon + 1);
    }
  }
  return parts.length === count ? parts : undefined;
}

interface ValueMatcher {
  /** Whether one request value satisfies this policy value (before negation). */
  test(requestValue: string): Tri;
  missingKey?: string;
  unresolvedVariable?: string;
  problem?: string;
}

function buildMatcher(
  operator: ParsedOperator,
  policyValue: string,
  lookup: ContextLookup,
  variablesEnabled: boolean,
): ValueMatcher {
  const family = operator.family;
  const compare = OPERATORS[operator.base.toLowerCase()]?.compare;
  if (family === 'String' || family === 'Arn') {
    const wildcards = compare === 'like';
    let pieces: PatternPiece[];
    if (variablesEnabled) {
      const substitution = substituteVariables(policyValue, lookup, wildcards);
      if (substitution.kind === 'unknown') {
        return { test: () => 'unknown', missingKey: substitution.key };
      }
      if (substitution.kind === 'absent') {
        return { test: () => false, unresolvedVariable: substitution.key };
      }
      pieces = substitution.pieces;
    } else pieces = wildcards ? patternFromText(policyValue) : [{ literal: policyValue }];
    if (family === 'Arn') return { test: (value) => matchArnPattern(pieces, value) };
    if (compare === 'like') return { test: (value) => matchPattern(pieces, value) };
    const literal = pieces.map((piece) => ('literal' in piece ? piece.literal : '')).join('');
    if (compare === 'equalsIgnoreCase') {
      return { test: (value) => value.toLowerCase() === literal.toLowerCase() };
    }
    return { test: (value) => value === literal };
  }
  if (family === 'Numeric' || family === 'Date') {
    const parse = family === 'Numeric' ? parseNumber : parseIamDate;
    const expected = parse(policyValue);
    if (Number.isNaN(expected)) {
      return {
        test: () => false,
        problem: `"${policyValue}" is not a valid ${family === 'Numeric' ? 'number' : 'date'}`,
      };
    }
    return {
      test: (value) => {
        const actual = parse(value);
        if (Number.isNaN(actual)) return false;
        switch (compare) {
          case 'lt':
            return actual < expected;
          case 'le':
            return actual <= expected;
          case 'gt':
            return actual > expected;
          case 'ge':
            return actual >= expected;
          default:
            return actual === expected;
        }
      },
    };
  }
  if (family === 'Bool') {
    const expected = policyValue.toLowerCase();
    if (expected !== 'true' && expected !== 'false') {
      return { test: () => false, problem: `Bool needs "true" or "false", not "${policyValue}"` };
    }
    return { test: (value) => value.toLowerCase() === expected };
  }
  if (family === 'Binary') return { test: (value) => value === policyValue };
  if (family === 'Ip') {
    const block = parseCidr(policyValue);
    if (!block) {
      return { test: () => false, problem: `"${policyValue}" is not an IP address or CIDR block` };
    }
    return { test: (value) => ipInBlock(value, block) };
  }
  return { test: () => false };
}

function anyMatcher(matchers: ValueMatcher[], requestValue: string): Tri {
  let result: Tri = false;
  for (const matcher of matchers) {
    result = triOr(result, matcher.test(requestValue));
    if (result === true) return true;
  }
  return result;
}

/** Evaluates one operator/key pair of a Condition element. */
export function evaluateCondition(
  operatorText: string,
  key: string,
  rawValues: unknown,
  lookup: ContextLookup,
  variablesEnabled: boolean,
): ConditionEvaluation {
  const operator = parseOperator(operatorText);
  const policyValues = policyValueList(rawValues);
  const state: KeyState = lookup(key);
  const requestValue =
    state.state === 'present' ? state.value : state.state === 'unknown' ? null : undefined;
  const base: ConditionEvaluation = {
    operator: operatorText,
    key,
    policyValues: policyValues ?? [],
    requestValue,
    result: false,
  };
  if (!operator) return { ...base, problem: `unknown condition operator "${operatorText}"` };
  base.parsed = operator;
  if (!policyValues) {
    return { ...base, problem: 'condition values must be strings, numbers or booleans' };
  }
  if (operator.family === 'Null') {
    const wanted = (policyValues[0] ?? '').toLowerCase();
    if (state.state === 'unknown') return { ...base, result: 'unknown', missingKey: key };
    const absent = state.state === 'absent';
    if (wanted !== 'true' && wanted !== 'false') {
      return { ...base, problem: 'Null needs "true" or "false"' };
    }
    return { ...base, result: wanted === 'true' ? absent : !absent };
  }
  if (state.state === 'unknown') return { ...base, result: 'unknown', missingKey: key };
  const values: string[] =
    state.state === 'present'
      ? (Array.isArray(state.value) ? state.value : [state.value as ContextScalar]).map(
          scalarToString,
        )
      : [];
  const absent = state.state === 'absent' || (operator.qualifier && values.length === 0);

  if (absent) {
    if (operator.qualifier === 'ForAllValues') return { ...base, result: true };
    if (operator.qualifier === 'ForAnyValue') return { ...base, result: false };
    if (operator.ifExists) return { ...base, result: true };
    return { ...base, result: operator.negated };
  }

  const matchers = policyValues.map((value) =>
    buildMatcher(operator, value, lookup, variablesEnabled),
  );
  const missing = matchers.find((matcher) => matcher.missingKey)?.missingKey;
  const unresolved = matchers.find((matcher) => matcher.unresolvedVariable)?.unresolvedVariable;
  const problem = matchers.find((matcher) => matcher.problem)?.problem;
  const extra = {
    ...(missing ? { missingKey: missing } : {}),
    ...(unresolved ? { unresolvedVariable: unresolved } : {}),
    ...(problem ? { problem } : {}),
  };
  // Per request value: a positive operator needs some policy value to match; a negated one
  // needs none to match.
  const perValue = (value: string): Tri => {
    const matched = anyMatcher(matchers, value);
    return operator.negated ? triNot(matched) : matched;
  };
  let result: Tri;
  if (operator.qualifier === 'ForAllValues') {
    result = true;
    for (const value of values) result = triAnd(result, perValue(value));
  } else if (operator.qualifier === 'ForAnyValue') {
    result = false;
    for (const value of values) result = triOr(result, perValue(value));
  } else if (operator.negated) {
    // A multi-valued key under a plain negated operator: no value may match.
    result = true;
    for (const value of values) result = triAnd(result, perValue(value));
  } else {
    result = false;
    for (const value of values) result = triOr(result, perValue(value));
  }
  return { ...base, ...extra, result };
}

/** Evaluates a whole Condition element: every operator and every key must hold. */
export function evaluateConditionBlock(
  condition: unknown,
  lookup: ContextLookup,
  variablesEnabled: boolean,
): { result: Tri; evaluations: ConditionEvaluation[]; problem?: string } {
  if (condition === undefined) return { result: true, evaluations: [] };
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return { result: false, evaluations: [], problem: 'Condition must be an object' };
  }
  const evaluations: ConditionEvaluation[] = [];
  let result: Tri = true;
  for (const [operatorText, block] of Object.entries(condition as Record<string, unknown>)) {
    if (block === null || typeof block !== 'object' || Array.isArray(block)) {
      evaluations.push({
        operator: operatorText,
        key: '',
        policyValues: [],
        requestValue: undefined,
        result: false,
        problem: `"${operatorText}" must map condition keys to values`,
      });
      result = false;
      continue;
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const evaluation = evaluateCondition(operatorText, key, values, lookup, variablesEnabled);
      evaluations.push(evaluation);
      result = triAnd(result, evaluation.result);
    }
  }
  return { result, evaluations };
}
