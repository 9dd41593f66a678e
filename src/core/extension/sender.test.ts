import { describe, expect, it } from 'vitest';
import { classifySender } from './sender.js';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('message senders', () => {
  it('accepts the extension pages and content scripts on AWS console and sign-in hosts', () => {
    expect(classifySender({ id: ID, url: `${ORIGIN}src/panel/index.html` }, ID, ORIGIN)).toBe(
      'extension-page',
    );
    expect(
      classifySender(
        { id: ID, url: 'https://us-east-1.console.aws.amazon.com/iam/home', tabId: 4 },
        ID,
        ORIGIN,
      ),
    ).toBe('content-script');
    expect(
      classifySender(
        { id: ID, url: 'https://signin.amazonaws.cn/switchrole', tabId: 4 },
        ID,
        ORIGIN,
      ),
    ).toBe('content-script');
  });

  it('refuses other extensions, web pages and look-alike hosts', () => {
    expect(
      classifySender({ id: 'other', url: 'https://console.aws.amazon.com/', tabId: 1 }, ID, ORIGIN),
    ).toBeNull();
    expect(classifySender({ id: ID, url: 'https://www.example.test/', tabId: 1 }, ID, ORIGIN)).toBe(
      null,
    );
    expect(
      classifySender(
        { id: ID, url: 'https://console.aws.amazon.com.example.test/', tabId: 1 },
        ID,
        ORIGIN,
      ),
    ).toBeNull();
    expect(
      classifySender(
        { id: ID, url: 'http://us-east-1.console.aws.amazon.com/', tabId: 1 },
        ID,
        ORIGIN,
      ),
    ).toBeNull();
    expect(
      classifySender({ id: ID, url: 'https://us-east-1.console.aws.amazon.com/' }, ID, ORIGIN),
    ).toBeNull();
    expect(classifySender({ id: ID, url: 'not a url', tabId: 1 }, ID, ORIGIN)).toBeNull();
    expect(classifySender({ id: ID }, ID, ORIGIN)).toBeNull();
  });

  it('accepts Firefox extension origins', () => {
    const origin = 'moz-extension://5f0c1e2a-7d3b-4c8e-9a61-2b4d6e8f0a13/';
    expect(
      classifySender(
        { id: 'role-doctor@x', url: `${origin}src/panel/index.html` },
        'role-doctor@x',
        origin,
      ),
    ).toBe('extension-page');
  });
});
