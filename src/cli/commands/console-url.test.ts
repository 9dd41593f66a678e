import { describe, expect, it } from 'vitest';
import type { StsError } from '../../core/signin/sts.js';
import { describeStsError } from './console-url.js';

function denied(operation: StsError['operation']): StsError {
  const message = 'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:X';
  return {
    code: 'AccessDenied',
    message,
    operation,
    explainableText:
      `An error occurred (AccessDenied) when calling the ${operation} operation: ` + message,
  };
}

describe('STS failures in words', () => {
  it('an AccessDenied hint fits the call that was refused', () => {
    const decode = describeStsError(denied('DecodeAuthorizationMessage'), true);
    expect(decode).toContain('sts:DecodeAuthorizationMessage allowed in their identity policy');
    expect(decode).not.toMatch(/trust policy/);
    const assume = describeStsError(denied('AssumeRole'), true);
    expect(assume).toContain('The role trust policy must trust the caller');
    const federation = describeStsError(denied('GetFederationToken'), true);
    expect(federation).toContain('must allow sts:GetFederationToken');
    expect(describeStsError(denied('GetCallerIdentity'), true)).not.toMatch(/trust policy/);
  });
});
