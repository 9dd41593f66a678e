// Every entry of the shared access-denied collection is a test: the parser must find exactly one
// error in each text and read the same fields the collection records.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainAccessError } from './explain.js';
import { ACCESS_ERROR_KINDS } from './kinds.js';
import { parseAccessErrors } from './parse.js';

interface CorpusEntry {
  id: string;
  text: string;
  kind: string;
  expected: Record<string, unknown>;
}

const corpus = JSON.parse(
  readFileSync(new URL('../../../../shared/corpus/access-denied.json', import.meta.url), 'utf8'),
) as CorpusEntry[];

/**
 * Where the collection's reading differs from ours, with the reason. The test asserts our value.
 */
const DISAGREEMENTS: Record<string, Record<string, unknown>> = {
  // "No OpenIDConnect provider found in your account" is only ever returned by STS
  // (AssumeRoleWithWebIdentity, error code InvalidIdentityToken), just as
  // "MultiFactorAuthentication failed" is, which the collection does record as sts: the message
  // identifies the service, so "null when nothing identifies it" does not apply.
  'oidc-provider-missing': { service: 'sts' },
};

describe('access-denied collection', () => {
  it('is the collection this suite was written against', () => {
    expect(corpus.length).toBe(82);
  });

  for (const entry of corpus) {
    it(`${entry.id} (${entry.kind})`, () => {
      const errors = parseAccessErrors(entry.text);
      expect(errors).toHaveLength(1);
      const [error] = errors;
      if (!error) return;
      const expected = { ...entry.expected, ...DISAGREEMENTS[entry.id] };
      const actual = Object.fromEntries(
        Object.keys(expected).map((key) => [key, error[key as keyof typeof error]]),
      );
      expect(actual).toEqual(expected);
      expect(Object.keys(ACCESS_ERROR_KINDS)).toContain(error.kind);
      const explanation = explainAccessError(error);
      expect(explanation.summary.length).toBeGreaterThan(20);
      expect(explanation.steps.length).toBeGreaterThan(0);
    });
  }

  it('reads every entry the same way inside a log, twice, between unrelated lines', () => {
    const noise = [
      '2026-11-30T09:14:22.481Z [INFO] Step 4/12 : RUN npm ci --omit=dev',
      'Traceback (most recent call last):\n  File "deploy.py", line 88, in <module>\n    main()',
      '::group::Run aws-actions/configure-aws-credentials@v4',
      'PASS  src/handlers/orders.test.ts (4.512 s)',
    ].join('\n');
    for (const entry of corpus) {
      const [alone] = parseAccessErrors(entry.text);
      const framed = parseAccessErrors(
        `${noise}\n${entry.text}\n${noise}\n${entry.text}\n${noise}`,
      );
      const fields = (error: typeof alone) => error && { ...error, excerpt: undefined };
      expect({ id: entry.id, errors: framed.map(fields) }).toEqual({
        id: entry.id,
        errors: [fields(alone), fields(alone)],
      });
    }
  });
});
