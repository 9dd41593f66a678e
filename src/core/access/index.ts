// What the panel, the content script and the CLI use to explain access errors.

import { type Explanation, explainAccessError } from './explain.js';
import type { ParsedAccessError } from './kinds.js';
import { parseAccessErrors } from './parse.js';

export { mayContainAccessError } from './detect.js';
export type { Explanation, PolicyChange, PolicyStatementSuggestion } from './explain.js';
export { explainAccessError } from './explain.js';
export type { AccessErrorKind, DenyType, ParsedAccessError, PolicyType } from './kinds.js';
export { ACCESS_ERROR_KINDS } from './kinds.js';
export { actionsForOperation, serviceOfOperation } from './operations.js';
export { parseAccessErrors } from './parse.js';

/** Every authorization error in the text, in order, each with its explanation. */
export function explainText(
  text: string,
): Array<{ error: ParsedAccessError; explanation: Explanation }> {
  return parseAccessErrors(text).map((error) => ({
    error,
    explanation: explainAccessError(error),
  }));
}
