// A proposed change names one more caller; it must never let that caller in on easier terms
// than the policy already sets for the callers it trusts (MFA, ExternalId and the like).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateTrust, type TrustCaller } from './index.js';

const ROLE = 'arn:aws:iam::111122223333:role/example-role';
const NOW = new Date('2026-12-04T00:00:00Z');

interface CorpusEntry {
  id: string;
  role: string;
  policy: unknown;
  policyText?: string;
}

const corpus = JSON.parse(
  readFileSync(new URL('../../../../shared/corpus/trust-policies.json', import.meta.url), 'utf8'),
) as { entries: CorpusEntry[] };

function policy(...statements: Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement: statements };
}

const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
const EXTERNAL_ID = { StringEquals: { 'sts:ExternalId': 'vendor-issued-id' } };
const crafted: Array<[string, unknown]> = [
  [
    'mfa',
    policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Ops' },
      Action: 'sts:AssumeRole',
      Condition: MFA,
    }),
  ],
  [
    'external-id',
    policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 'sts:AssumeRole',
      Condition: EXTERNAL_ID,
    }),
  ],
  [
    'mfa-and-external-id-both-statements',
    policy(
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/Ops' },
        Action: 'sts:AssumeRole',
        Condition: { ...MFA, ...EXTERNAL_ID },
      },
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:user/bob' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { ...EXTERNAL_ID, ...MFA },
      },
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ),
  ],
  [
    'different-conditions',
    policy(
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/Ops' },
        Action: 'sts:AssumeRole',
        Condition: MFA,
      },
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'sts:AssumeRole',
        Condition: EXTERNAL_ID,
      },
    ),
  ],
];

/** The AWS principals a policy trusts, as callers that can be evaluated. */
function trustedCallers(document: unknown): string[] {
  const found = new Set<string>();
  const statements = (document as { Statement?: unknown }).Statement;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const principal = (statement as { Principal?: { AWS?: unknown } } | undefined)?.Principal;
    const aws = principal && typeof principal === 'object' ? principal.AWS : undefined;
    for (const value of Array.isArray(aws) ? aws : [aws]) {
      if (typeof value !== 'string' || value.includes('*')) continue;
      const account = /^\d{12}$/.test(value)
        ? value
        : /^arn:aws:iam::(\d{12}):root$/.exec(value)?.[1];
      if (account) found.add(`arn:aws:iam::${account}:user/probe`);
      else if (/^arn:aws:(iam|sts)::\d{12}:(user|role|assumed-role)\//.test(value))
        found.add(value);
    }
  }
  return [...found];
}

/** Ways of making the call: with or without MFA, with no, a wrong or the expected ExternalId. */
function callVariants(text: string): Array<Partial<TrustCaller>> {
  const externalIds = [...text.matchAll(/"sts:ExternalId":\s*"([^"]+)"/gi)].map((m) => m[1]);
  const variants: Array<Partial<TrustCaller>> = [];
  for (const mfa of [false, true]) {
    for (const externalId of [undefined, 'wrong-id', ...externalIds]) {
      variants.push({
        mfa,
        ...(mfa ? { mfaAgeSeconds: 60 } : {}),
        ...(externalId ? { externalId } : {}),
      });
    }
  }
  return variants;
}

const NEWCOMER = 'arn:aws:iam::999988887777:user/newcomer';

describe('proposals never weaken the policy', () => {
  const documents: Array<[string, unknown]> = [
    ...corpus.entries.map((entry): [string, unknown] => [entry.id, entry.policy]),
    ...crafted,
  ];

  it('a caller not yet named gets in only on terms some trusted caller already meets', () => {
    let checked = 0;
    for (const [id, document] of documents) {
      if (!document || typeof document !== 'object') continue;
      const trusted = trustedCallers(document);
      if (trusted.length === 0) continue;
      const text = JSON.stringify(document);
      const variants = callVariants(text);
      const someoneTrusted = variants.map((variant) =>
        trusted.some(
          (principal) =>
            evaluateTrust(text, ROLE, { principal, ...variant }, { now: NOW }).allowed === true,
        ),
      );
      for (const asked of variants) {
        const proposed = evaluateTrust(
          text,
          ROLE,
          { principal: NEWCOMER, ...asked },
          { now: NOW },
        ).proposedPolicy;
        if (!proposed) continue;
        checked++;
        const proposedText = JSON.stringify(proposed);
        variants.forEach((variant, index) => {
          const admitted = evaluateTrust(
            proposedText,
            ROLE,
            { principal: NEWCOMER, ...variant },
            { now: NOW },
          ).allowed;
          if (admitted === true) {
            expect(someoneTrusted[index], `${id} ${JSON.stringify(variant)}`).toBe(true);
          }
        });
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('an MFA-only policy: the new statement requires MFA and says the caller lacks it', () => {
    const text = JSON.stringify(crafted[0]?.[1]);
    const alice = 'arn:aws:sts::111122223333:assumed-role/Admin/alice';
    const verdict = evaluateTrust(text, ROLE, alice, { now: NOW });
    expect(verdict.allowed).toBe(false);
    const statements = (verdict.proposedPolicy as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Admin' },
      Action: 'sts:AssumeRole',
      Condition: MFA,
    });
    expect(verdict.proposalCallerMustMeet).toEqual(['Bool aws:MultiFactorAuthPresent ["true"]']);
    const kept = verdict.reasons.find((reason) => reason.id === 'PROPOSAL_KEEPS_CONDITIONS');
    expect(kept?.message).toContain('keeps Bool aws:MultiFactorAuthPresent true');
    expect(kept?.message).toContain('role chaining');
    // With MFA passed on the call the same proposal admits Alice, and nothing else is needed.
    const withMfa = evaluateTrust(text, ROLE, { principal: alice, mfa: true }, { now: NOW });
    expect(withMfa.proposedPolicy).toEqual(verdict.proposedPolicy);
    expect(withMfa.proposalCallerMustMeet).toBeUndefined();
    const proposedText = JSON.stringify(verdict.proposedPolicy);
    expect(evaluateTrust(proposedText, ROLE, { principal: alice, mfa: true }).allowed).toBe(true);
    expect(evaluateTrust(proposedText, ROLE, alice).allowed).toBe(false);
  });

  it('where statements set different conditions, one set is kept whole and the rest named', () => {
    const text = JSON.stringify(crafted[3]?.[1]);
    const added = (verdict: ReturnType<typeof evaluateTrust>) =>
      (verdict.proposedPolicy as { Statement: Record<string, unknown>[] }).Statement[2];
    // Meeting neither: the first statement's MFA is kept, the ExternalId named as the other way.
    const neither = evaluateTrust(text, ROLE, NEWCOMER, { now: NOW });
    expect(added(neither)?.Condition).toEqual(MFA);
    const kept = neither.reasons.find((reason) => reason.id === 'PROPOSAL_KEEPS_CONDITIONS');
    expect(kept?.message).toContain(
      'takes those of statement 1 (Bool aws:MultiFactorAuthPresent true)',
    );
    expect(kept?.message).toContain('statement 2 (StringEquals sts:ExternalId vendor-issued-id)');
    expect(neither.proposalCallerMustMeet).toEqual(['Bool aws:MultiFactorAuthPresent ["true"]']);
    // Passing the ExternalId: the second statement's terms are kept, and they admit the caller.
    const withId = evaluateTrust(
      text,
      ROLE,
      { principal: NEWCOMER, externalId: 'vendor-issued-id' },
      { now: NOW },
    );
    expect(added(withId)?.Condition).toEqual(EXTERNAL_ID);
    expect(withId.proposalCallerMustMeet).toBeUndefined();
    expect(
      evaluateTrust(JSON.stringify(withId.proposedPolicy), ROLE, NEWCOMER, { now: NOW }).allowed,
    ).toBe(false);
  });

  it('a console switch cannot meet a kept ExternalId, and is told so', () => {
    const text = JSON.stringify(crafted[1]?.[1]);
    const verdict = evaluateTrust(
      text,
      ROLE,
      { principal: NEWCOMER, type: 'console-switch' },
      { now: NOW },
    );
    expect(JSON.stringify(verdict.proposedPolicy)).toContain('vendor-issued-id');
    const kept = verdict.reasons.find((reason) => reason.id === 'PROPOSAL_KEEPS_CONDITIONS');
    expect(kept?.message).toContain("console's Switch role cannot send");
  });
});
