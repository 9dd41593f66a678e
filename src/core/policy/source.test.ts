// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables here
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePolicies, type PolicyDocument } from './engine.js';
import { extractPolicyText, readPolicySource, unwrapPolicyValue } from './source.js';
import { matchWildcard } from './wildcard.js';

const TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Condition": {
        "StringEquals": {"a:sub": "repo:x"},
        "StringEquals": {"a:aud": "sts"}
      }
    }
  ]
}`;

describe('readPolicySource', () => {
  it('gives 1-based line and column for every path, value and key', () => {
    const source = readPolicySource(TEXT);
    expect(source.syntaxOk).toBe(true);
    expect(source.positionOf(['Version'])).toMatchObject({
      line: 2,
      column: 14,
      keyLine: 2,
      keyColumn: 3,
    });
    expect(source.positionOf(['Statement', 0, 'Effect'])).toMatchObject({ line: 5, column: 17 });
    expect(source.positionOf(['Statement', 0, 'Condition', 'StringEquals', 'a:aud'])).toMatchObject(
      {
        line: 8,
        column: 35,
      },
    );
    expect(source.positionOf(['Nope'])).toBeUndefined();
    expect(source.locate(['Statement', 0, 'Nope', 'deeper'])).toMatchObject({ line: 4, column: 5 });
    expect(source.lineColumn(0)).toEqual({ line: 1, column: 1 });
  });

  it('keeps the last of duplicate keys, as IAM does, and reports the dropped one', () => {
    const source = readPolicySource(TEXT);
    const document = source.document as { Statement: [{ Condition: Record<string, unknown> }] };
    expect(document.Statement[0].Condition).toEqual({ StringEquals: { 'a:aud': 'sts' } });
    const duplicate = source.findings.find((finding) => finding.id === 'DUPLICATE_JSON_KEY');
    expect(duplicate).toMatchObject({ severity: 'ERROR', line: 7, column: 9 });
    expect(duplicate?.message).toContain('lines 7 and 8');
  });

  it('reports keys that differ only in case', () => {
    const source = readPolicySource(
      '{"Condition": {"StringEquals": {"aws:SourceAccount": "1", "AWS:SourceAccount": "2"}}}',
    );
    expect(source.findings.map((finding) => finding.id)).toContain(
      'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
    );
  });

  it('reports syntax errors with position and still returns what it could read', () => {
    const source = readPolicySource('{\n  "Version": "2012-10-17"\n  "Statement": []\n}');
    expect(source.syntaxOk).toBe(false);
    const error = source.findings.find((finding) => finding.id === 'JSON_SYNTAX_ERROR');
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error?.message).toContain('comma');
    expect(source.document).toEqual({ Version: '2012-10-17', Statement: [] });
    expect(readPolicySource('').syntaxOk).toBe(false);
    expect(readPolicySource('{"a": 1,}').findings[0]?.id).toBe('JSON_SYNTAX_ERROR');
    expect(readPolicySource('{"a": 1} // note').syntaxOk).toBe(false);
  });

  it('reports characters IAM rejects, such as typographic quotes and zero-width spaces', () => {
    const source = readPolicySource('{"Sid": "a\u200bb", \u201cVersion\u201d: 1}');
    const characters = source.findings.filter((finding) => finding.id === 'INVALID_CHARACTERS');
    expect(characters.map((finding) => finding.column)).toEqual([11, 16, 24]);
    expect(characters[0]?.message).toContain('U+200B');
    expect(characters[1]?.message).toContain('left double quotation mark');
    expect(readPolicySource('{"a": "caf\u00e9"}').findings).toEqual([]);
  });

  it('measures size without whitespace against the quota', () => {
    const statement =
      '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},' +
      '"Action":"sts:AssumeRole"}';
    const make = (count: number) =>
      `{"Version": "2012-10-17", "Statement": [${new Array(count).fill(statement).join(',\n')}]}`;
    const small = readPolicySource(make(10));
    expect(small.nonWhitespaceLength).toBe(make(10).replace(/[ \n]/g, '').length);
    expect(small.findings).toEqual([]);
    const warning = readPolicySource(make(25)).findings.find(
      (finding) => finding.id === 'POLICY_SIZE_EXCEEDS_TRUST_QUOTA',
    );
    expect(warning?.severity).toBe('WARNING');
    const error = readPolicySource(make(45)).findings.find(
      (finding) => finding.id === 'POLICY_SIZE_EXCEEDS_TRUST_QUOTA',
    );
    expect(error?.severity).toBe('ERROR');
    expect(readPolicySource(make(25), { quota: 4096 }).findings).toEqual([]);
  });

  it('refuses absurd nesting with a finding instead of exhausting the stack', () => {
    const source = readPolicySource('['.repeat(100_000));
    expect(source.syntaxOk).toBe(false);
    expect(source.findings[0]).toMatchObject({ id: 'JSON_SYNTAX_ERROR', line: 1, column: 101 });
    expect(readPolicySource(`${'['.repeat(50)}${']'.repeat(50)}`).syntaxOk).toBe(true);
  });

  it('treats a __proto__ key as data', () => {
    const source = readPolicySource('{"__proto__": {"polluted": true}, "Version": "2012-10-17"}');
    const document = source.document as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['__proto__', 'Version']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('byte order mark and syntax errors', () => {
  it('strips a leading byte order mark; positions are those an editor shows', () => {
    const text = '{"Version": "2012-10-17", "Statement": []}';
    const source = readPolicySource(`\uFEFF${text}`);
    expect(source.syntaxOk).toBe(true);
    expect(source.findings).toEqual([]);
    expect(source.positionOf(['Statement'])).toMatchObject({ line: 1, column: 40 });
    expect(source.nonWhitespaceLength).toBe(readPolicySource(text).nonWhitespaceLength);
    // Elsewhere it is a character IAM rejects.
    const inside = readPolicySource('{"Sid": "a\uFEFFb"}');
    expect(inside.findings.map((finding) => finding.id)).toEqual(['INVALID_CHARACTERS']);
  });

  it('reports one finding per syntax error, without repeating its position in the message', () => {
    const cases = [
      '{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole",}]}',
      '{"Statement": [1,]}',
      '{"Statement": tru}',
      '{"Statement": [}',
    ];
    for (const text of cases) {
      const errors = readPolicySource(text).findings.filter(
        (finding) => finding.id === 'JSON_SYNTAX_ERROR',
      );
      expect(errors.length, text).toBeGreaterThan(0);
      const places = errors.map((error) => `${error.line}:${error.column}`);
      expect(new Set(places).size, text).toBe(places.length);
      for (const error of errors) expect(error.message, text).not.toMatch(/line \d|column \d/);
    }
  });
});

describe('policies wrapped as AWS answers', () => {
  const DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a:b' }] };

  it('finds the document in get-role, get-role-policy and get-policy-version output', () => {
    const wrappers: Array<[unknown, string]> = [
      [{ Role: { RoleName: 'X', AssumeRolePolicyDocument: DOCUMENT } }, 'get-role'],
      [{ RoleName: 'X', PolicyName: 'p', PolicyDocument: DOCUMENT }, 'get-role-policy'],
      [{ PolicyVersion: { Document: DOCUMENT, VersionId: 'v1' } }, 'get-policy-version'],
    ];
    for (const [wrapper, form] of wrappers) {
      const text = JSON.stringify(wrapper, null, 2);
      const extracted = extractPolicyText(text);
      expect(extracted.form).toBe(form);
      expect(extracted.positionsMatch).toBe(true);
      expect(extracted.text).toHaveLength(text.length);
      const source = readPolicySource(extracted.text);
      expect(source.document).toEqual(DOCUMENT);
      // Positions are those of the text given.
      const action = source.positionOf(['Statement', 0, 'Action']);
      const line = text.split('\n')[(action?.line ?? 0) - 1] ?? '';
      expect(line.slice((action?.column ?? 0) - 1)).toMatch(/^"a:b"/);
      expect(unwrapPolicyValue(wrapper)).toEqual(DOCUMENT);
    }
  });

  it('decodes the URL-encoded form, alone or as a string inside get-role', () => {
    const encoded = encodeURIComponent(JSON.stringify(DOCUMENT));
    const alone = extractPolicyText(`  ${encoded}\n`);
    expect(alone).toMatchObject({ form: 'url-encoded', positionsMatch: false });
    expect(JSON.parse(alone.text)).toEqual(DOCUMENT);
    const wrapped = extractPolicyText(
      JSON.stringify({ Role: { AssumeRolePolicyDocument: encoded } }),
    );
    expect(wrapped).toMatchObject({ form: 'get-role', positionsMatch: false });
    expect(JSON.parse(wrapped.text)).toEqual(DOCUMENT);
    expect(unwrapPolicyValue({ Role: { AssumeRolePolicyDocument: encoded } })).toEqual(DOCUMENT);
  });

  it('leaves documents and unknown text as they are, and never throws', () => {
    const plain = JSON.stringify(DOCUMENT);
    expect(extractPolicyText(plain)).toEqual({
      text: plain,
      form: 'document',
      positionsMatch: true,
    });
    for (const text of ['%7B%E0%A4%A', '{"Role": {}}', '[]', '', 'not json', '{"Role":']) {
      expect(extractPolicyText(text).form, text).toBe('document');
      expect(extractPolicyText(text).text, text).toBe(text);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        extractPolicyText(text);
        unwrapPolicyValue(readPolicySource(text).document);
      }),
    );
  });
});

describe('hostile input never throws', () => {
  it('reader, engine and wildcard matching survive random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const source = readPolicySource(text);
        for (const finding of source.findings) {
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.column).toBeGreaterThanOrEqual(1);
        }
        evaluatePolicies([source.document as PolicyDocument], {
          action: 'sts:AssumeRole',
          principal: { kind: 'aws', id: text },
          resource: text,
          context: { [text]: text },
          policyType: 'resource',
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the engine survives random JSON shaped like policies', () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
    const condition = fc.dictionary(
      fc.constantFrom(
        'StringLike',
        'ForAllValues:StringEquals',
        'NumericLessThanIfExists',
        'Null',
        'IpAddress',
        'DateGreaterThan',
        'ArnLike',
        'Bogus',
      ),
      fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), value), scalar),
    );
    const statement = fc.record(
      {
        Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), scalar),
        Principal: fc.oneof(
          fc.constant('*'),
          fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'x'), value),
          scalar,
        ),
        Action: value,
        Resource: value,
        Condition: fc.oneof(condition, scalar),
      },
      { requiredKeys: [] },
    );
    const policy = fc.record({
      Version: fc.oneof(fc.constant('2012-10-17'), scalar),
      Statement: fc.oneof(
        fc.array(fc.oneof(statement, scalar), { maxLength: 4 }),
        statement,
        scalar,
      ),
    });
    fc.assert(
      fc.property(
        policy,
        fc.dictionary(fc.string({ maxLength: 10 }), value),
        (document, context) => {
          const result = evaluatePolicies([document as PolicyDocument], {
            action: 'sts:AssumeRole',
            resource: 'arn:aws:iam::111122223333:role/r',
            principal: { kind: 'aws', id: 'arn:aws:iam::111122223333:user/u' },
            context: context as Record<string, never>,
          });
          expect(['allowed', 'explicit-deny', 'implicit-deny', 'undecidable']).toContain(
            result.decision,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('wildcard matching stays fast on patterns built to backtrack', () => {
    const started = Date.now();
    expect(matchWildcard(`${'*a'.repeat(200)}b`, 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
