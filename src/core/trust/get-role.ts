// The output of `aws iam get-role` carries the role's ARN next to its trust policy, so a caller
// can be evaluated without naming the role again.

import { getElement } from '../policy/engine.js';
import { extractPolicyText, readPolicySource } from '../policy/source.js';

/** Role.Arn when `text` is get-role output (whatever the ARN's shape), else undefined. */
export function roleArnOfGetRole(text: string): string | undefined {
  if (extractPolicyText(text).form !== 'get-role') return undefined;
  const arn = getElement(getElement(readPolicySource(text).document, 'Role'), 'Arn');
  return typeof arn === 'string' && arn.trim() !== '' ? arn.trim() : undefined;
}
