import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classifyCredentials } from '../../core/signin/index.js';
import {
  dropTime,
  encodedMessagesIn,
  partitionForCall,
  sessionNameFrom,
  signinOrigin,
  UNKNOWN_EXPIRY_HOLD_MS,
} from './protocol.js';

const TEMPORARY = { accessKeyId: 'ASIAEXAMPLEEXAMPLE00', sessionToken: 'token' };
const LONG_TERM = { accessKeyId: 'AKIAEXAMPLEEXAMPLE00' };

describe('partition to call STS in', () => {
  test('a region decides, then the chosen partition, then an ARN, then commercial', () => {
    const id = (choice: Parameters<typeof partitionForCall>[0]) => {
      const result = partitionForCall(choice);
      return result.ok ? result.partition.id : result.error;
    };
    expect(id({ region: 'us-gov-east-1' })).toBe('aws-us-gov');
    expect(id({ region: 'cn-northwest-1', partition: 'aws-cn' })).toBe('aws-cn');
    expect(id({ partition: 'aws-eusc' })).toBe('aws-eusc');
    expect(id({ arnHint: 'arn:aws-cn:sts::333344445555:assumed-role/R/s' })).toBe('aws-cn');
    expect(id({ partition: 'aws-us-gov', arnHint: 'arn:aws:sts::1:x' })).toBe('aws-us-gov');
    expect(id({})).toBe('aws');
  });

  test('a region of another partition than the one chosen is refused, saying both', () => {
    const result = partitionForCall({ region: 'eu-west-1', partition: 'aws-us-gov' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('eu-west-1');
      expect(result.error).toContain('GovCloud');
    }
  });

  test('no region name, and ISO regions, are refused with a message', () => {
    const bad = partitionForCall({ region: 'mars-north-1' });
    expect(bad.ok ? '' : bad.error).toContain('not an AWS region name');
    const iso = partitionForCall({ region: 'us-iso-east-1' });
    expect(iso.ok ? '' : iso.error).toMatch(/isolated/);
  });
});

describe('sign-in origin from the classification', () => {
  test.each([
    ['arn:aws:sts::111122223333:assumed-role/ReadOnly/s', 'assume-role'],
    ['arn:aws:sts::111122223333:federated-user/bob', 'federation-token'],
    ['arn:aws:iam::111122223333:user/alice', 'session-token'],
    ['arn:aws:iam::111122223333:root', 'session-token'],
  ] as const)('temporary credentials of %s sign in as %s', (arn, origin) => {
    expect(signinOrigin(classifyCredentials(TEMPORARY, arn))).toBe(origin);
  });

  test('long-term keys are long-term whatever the hint', () => {
    const arn = 'arn:aws:iam::111122223333:user/alice';
    expect(signinOrigin(classifyCredentials(LONG_TERM, arn), 'assume-role')).toBe('long-term');
  });

  test('an unknown principal takes the hint from the pasted text, else unknown', () => {
    const unknown = classifyCredentials(TEMPORARY);
    expect(signinOrigin(unknown)).toBe('unknown');
    expect(signinOrigin(unknown, 'federation-token')).toBe('federation-token');
  });
});

describe('when held credentials are dropped', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  test('at their expiry when they have one', () => {
    expect(dropTime('2026-01-01T00:30:00Z', now)).toEqual({
      at: Date.parse('2026-01-01T00:30:00Z'),
      isExpiry: true,
    });
  });

  test('an hour after they were given when their expiry is unknown or unreadable', () => {
    expect(dropTime(undefined, now)).toEqual({ at: now + UNKNOWN_EXPIRY_HOLD_MS, isExpiry: false });
    expect(dropTime('soon', now)).toEqual({ at: now + UNKNOWN_EXPIRY_HOLD_MS, isExpiry: false });
  });
});

describe('session names', () => {
  test('taken from the caller name, cleaned of characters STS refuses', () => {
    expect(sessionNameFrom('alice')).toBe('alice');
    expect(sessionNameFrom('first last@example.com')).toBe('firstlast@example.com');
    expect(sessionNameFrom('x'.repeat(80))).toHaveLength(64);
    expect(sessionNameFrom('é')).toBe('role-doctor');
    expect(sessionNameFrom(undefined)).toBe('role-doctor');
  });

  test('always valid for AssumeRole', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (name) => {
        expect(sessionNameFrom(name)).toMatch(/^[\w+=,.@-]{2,64}$/);
      }),
    );
  });
});

describe('encoded authorization messages in page text', () => {
  const encoded = 'AbC-123_xyz'.repeat(10);

  test('found after the marker, each once, in order', () => {
    const text =
      'You are not authorized to perform this operation. Encoded authorization failure ' +
      `message: ${encoded}\nagain: Encoded authorization failure message:\n${encoded}\n` +
      `Encoded authorization failure message: ${encoded}Z`;
    expect(encodedMessagesIn(text)).toEqual([encoded, `${encoded}Z`]);
  });

  test('nothing without the marker, and nothing in hostile input of a megabyte', () => {
    expect(encodedMessagesIn(encoded)).toEqual([]);
    const started = performance.now();
    const hostile = 'encoded authorization failure message: '.repeat(4_500);
    expect(encodedMessagesIn(hostile)).toEqual([]);
    expect(encodedMessagesIn('a'.repeat(1_000_000))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        expect(
          Array.isArray(encodedMessagesIn(`Encoded authorization failure message: ${text}`)),
        ).toBe(true);
      }),
    );
  });
});
