// What the panel, the content script and the CLI use to explain access errors.

import { type Explanation, explainAccessError } from './explain.js';
import type { ParsedAccessError } from './kinds.js';
import { parseAccessErrors } from './parse.js';

export { mayContainAccessError } from './detect.js';
export type { Explanation, PolicyChange, PolicyStatementSuggestion } from './explain.js';
export { explainAccessError } from './explain.js';
export type { AccessErrorKind, DenyType, ParsedAccessError, PolicyType } from './kinds.js';
export { ACCESS_ERROR_KINDS, ACCESS_ERROR_TITLES, POLICY_TYPE_LABELS } from './kinds.js';
export { actionsForOperation, serviceOfOperation } from './operations.js';
export { parseAccessErrors } from './parse.js';

export interface ExplainedError {
  error: ParsedAccessError;
  explanation: Explanation;
  /** How many times the same error (same kind and fields) appears in the text. */
  count: number;
}

/** What makes two parsed errors the same error: every field but the excerpt around it. */
function sameErrorKey(error: ParsedAccessError): string {
  const { excerpt: _excerpt, ...fields } = error;
  return JSON.stringify(fields);
}

/**
 * Every authorization error in the text, in order of first appearance, each with its explanation
 * and how often it appears: retries in a log give one entry with a count, not one per retry.
 */
export function explainText(text: string): ExplainedError[] {
  const items = new Map<string, ExplainedError>();
  for (const error of parseAccessErrors(text)) {
    const key = sameErrorKey(error);
    const seen = items.get(key);
    if (seen) seen.count++;
    else items.set(key, { error, explanation: explainAccessError(error), count: 1 });
  }
  return [...items.values()];
}
