// Policy variables: ${aws:username}, ${aws:PrincipalTag/team}, ${key, 'default'} and the
// escapes ${*}, ${?}, ${$}. IAM substitutes them only in policies with Version 2012-10-17.
import type { PatternPiece } from './wildcard.js';

export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];

/** What the request context says about one key. */
export type KeyState =
  | { state: 'present'; value: ContextValue }
  | { state: 'absent' }
  | { state: 'unknown' };

export type ContextLookup = (key: string) => KeyState;

export type Substitution =
  | { kind: 'resolved'; pieces: PatternPiece[]; variables: string[] }
  | { kind: 'absent'; key: string }
  | { kind: 'unknown'; key: string };

// A variable body longer than this is not a variable: keeps scanning linear on hostile input.
const MAX_VARIABLE_LENGTH = 256;

export function containsVariable(text: string): boolean {
  return text.includes('${');
}

function parseBody(body: string): { key: string; fallback?: string } | undefined {
  const comma = body.indexOf(',');
  if (comma < 0) return { key: body.trim() };
  const key = body.slice(0, comma).trim();
  const rest = body.slice(comma + 1).trim();
  if (rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
    return { key, fallback: rest.slice(1, -1) };
  }
  return undefined;
}

/**
 * Replaces the variables in a policy value. Text outside variables keeps its wildcards; text that
 * a variable produced is literal. A variable whose key is absent (without a default) makes the
 * whole value unusable, as in IAM.
 */
export function substituteVariables(
  text: string,
  lookup: ContextLookup,
  wildcards: boolean,
): Substitution {
  const pieces: PatternPiece[] = [];
  const variables: string[] = [];
  const pushLiteral = (literal: string) => {
    if (!literal) return;
    const last = pieces[pieces.length - 1];
    if (last && 'literal' in last) last.literal += literal;
    else pieces.push({ literal });
  };
  const pushText = (raw: string) => {
    if (!wildcards) {
      pushLiteral(raw);
      return;
    }
    let literal = '';
    for (const character of raw) {
      if (character === '*' || character === '?') {
        pushLiteral(literal);
        literal = '';
        pieces.push({ wildcard: character });
      } else literal += character;
    }
    pushLiteral(literal);
  };
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    if (start < 0) {
      pushText(text.slice(index));
      break;
    }
    const end = text.indexOf('}', start + 2);
    if (end < 0 || end - start > MAX_VARIABLE_LENGTH) {
      pushText(text.slice(index, start + 2));
      index = start + 2;
      continue;
    }
    pushText(text.slice(index, start));
    const body = text.slice(start + 2, end);
    index = end + 1;
    if (body === '*' || body === '?' || body === '$') {
      pushLiteral(body);
      continue;
    }
    const parsed = parseBody(body);
    if (!parsed?.key) {
      pushText(text.slice(start, end + 1));
      continue;
    }
    variables.push(parsed.key);
    const state = lookup(parsed.key);
    if (state.state === 'unknown') return { kind: 'unknown', key: parsed.key };
    if (state.state === 'present' && !Array.isArray(state.value)) {
      pushLiteral(String(state.value));
      continue;
    }
    // Multi-valued keys are not substituted by IAM; treat them like an absent key.
    if (parsed.fallback !== undefined) {
      pushLiteral(parsed.fallback);
      continue;
    }
    return { kind: 'absent', key: parsed.key };
  }
  return { kind: 'resolved', pieces, variables };
}

export function piecesToText(pieces: readonly PatternPiece[]): string {
  return pieces.map((piece) => ('literal' in piece ? piece.literal : piece.wildcard)).join('');
}
