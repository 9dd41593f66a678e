// Wildcard patterns as IAM reads them: `*` is any run of characters, `?` exactly one. Text that
// came from a policy variable is literal even if it contains `*` or `?`, so a pattern is a list of
// pieces rather than a string. Matching uses the two-pointer method (no regular expressions, no
// exponential backtracking).

export type PatternPiece = { literal: string } | { wildcard: '*' | '?' };

export function patternFromText(text: string): PatternPiece[] {
  const pieces: PatternPiece[] = [];
  let literal = '';
  for (const character of text) {
    if (character === '*' || character === '?') {
      if (literal) pieces.push({ literal });
      literal = '';
      pieces.push({ wildcard: character });
    } else literal += character;
  }
  if (literal) pieces.push({ literal });
  return pieces;
}

export function hasWildcard(pieces: readonly PatternPiece[]): boolean {
  return pieces.some((piece) => 'wildcard' in piece);
}

type Token = { char: string } | { star: true } | { any: true };

function tokens(pieces: readonly PatternPiece[], foldCase: boolean): Token[] {
  const result: Token[] = [];
  for (const piece of pieces) {
    if ('wildcard' in piece) {
      const last = result[result.length - 1];
      if (piece.wildcard === '*') {
        if (!(last && 'star' in last)) result.push({ star: true });
      } else result.push({ any: true });
    } else {
      const text = foldCase ? piece.literal.toLowerCase() : piece.literal;
      for (const char of text) result.push({ char });
    }
  }
  return result;
}

/** Whether `value` matches the pattern; `foldCase` compares without regard to case. */
export function matchPattern(
  pieces: readonly PatternPiece[],
  value: string,
  foldCase = false,
): boolean {
  const pattern = tokens(pieces, foldCase);
  const chars = Array.from(foldCase ? value.toLowerCase() : value);
  let p = 0;
  let v = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (v < chars.length) {
    const token = pattern[p];
    if (token && 'char' in token && token.char === chars[v]) {
      p++;
      v++;
    } else if (token && 'any' in token) {
      p++;
      v++;
    } else if (token && 'star' in token) {
      starAt = p;
      resumeAt = v;
      p++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      resumeAt++;
      v = resumeAt;
    } else return false;
  }
  while (p < pattern.length) {
    const token = pattern[p];
    if (!(token && 'star' in token)) return false;
    p++;
  }
  return true;
}

/** Convenience for plain text patterns where every `*` and `?` is a wildcard. */
export function matchWildcard(pattern: string, value: string, foldCase = false): boolean {
  return matchPattern(patternFromText(pattern), value, foldCase);
}
