import { describe, expect, it } from 'vitest';
import { parseContentMessage, parseSessionData } from './messages.js';

describe('content messages', () => {
  it('accepts a well-formed page report', () => {
    const message = {
      type: 'page-report',
      url: 'https://us-east-1.console.aws.amazon.com/s3/home',
      documentId: 'k3j4h5g6',
      sessionJson: '{"accountId":"111122223333"}',
      errors: ['User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:GetObject'],
    };
    expect(parseContentMessage(message)).toEqual(message);
  });

  it('refuses unknown types, missing fields and oversized page text', () => {
    expect(parseContentMessage({ type: 'steal-credentials' })).toBeNull();
    expect(parseContentMessage({ type: 'page-report', url: 'x' })).toBeNull();
    expect(
      parseContentMessage({
        type: 'page-report',
        url: 'x',
        documentId: 'd',
        errors: ['a'.repeat(16 * 1024 + 1)],
      }),
    ).toBeNull();
    expect(
      parseContentMessage({
        type: 'page-report',
        url: 'x',
        documentId: 'd',
        errors: Array(21).fill('e'),
      }),
    ).toBeNull();
    expect(parseContentMessage({ type: 'open-panel', focus: 'everything' })).toBeNull();
    expect(parseContentMessage(null)).toBeNull();
    expect(parseContentMessage('open-panel')).toBeNull();
  });

  it('accepts a role report with its trust policy source', () => {
    const message = {
      type: 'role-report',
      role: { name: 'Deploy', arn: null, trustSource: 'editor', trustPolicy: '{}', editing: true },
    };
    expect(parseContentMessage(message)).toEqual(message);
    expect(
      parseContentMessage({ ...message, role: { ...message.role, trustSource: 'guessed' } }),
    ).toBeNull();
  });
});

describe('console session data', () => {
  it('keeps the known fields and drops the rest', () => {
    const parsed = parseSessionData(
      JSON.stringify({
        accountId: '111122223333',
        sessionARN: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
        prismModeEnabled: 'true',
        sessionDifferentiator: '111122223333-abcd1234',
        csrfToken: 'must-not-travel',
      }),
    );
    expect(parsed).toMatchObject({
      accountId: '111122223333',
      sessionARN: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
      prismModeEnabled: true,
      sessionDifferentiator: '111122223333-abcd1234',
    });
    expect(JSON.stringify(parsed)).not.toContain('must-not-travel');
  });

  it('gives null for text that is not a JSON object', () => {
    expect(parseSessionData('not json')).toBeNull();
    expect(parseSessionData('[1,2]')).toBeNull();
    expect(parseSessionData('null')).toBeNull();
  });

  it('ignores fields of the wrong type', () => {
    expect(parseSessionData('{"accountId": 111122223333}')?.accountId).toBeNull();
  });
});
