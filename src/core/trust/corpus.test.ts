// Every entry of the shared trust-policy corpus is a test: the verdict must match the expected
// answer where one is given, and the findings (static checks plus the verdict's reasons) must
// include the expected check ids.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTrustPolicy, evaluateTrust, type TrustCaller } from './index.js';

interface CorpusEntry {
  id: string;
  role: string;
  policy: unknown;
  policyText?: string;
  policyTextParses?: boolean;
  caller: TrustCaller;
  expected: { findings: string[]; callerAllowed: boolean | null; why: string };
}

const corpus = JSON.parse(
  readFileSync(new URL('../../../../shared/corpus/trust-policies.json', import.meta.url), 'utf8'),
) as { entries: CorpusEntry[] };

// The corpus describes the world at the end of 2026; time windows are judged against that date.
const NOW = new Date('2026-12-04T00:00:00Z');

/**
 * Entries whose expected verdict we do not share, with the value we assert instead and why.
 */
const DISAGREEMENTS: Record<string, { allowed: boolean | null; why: string }> = {
  'cdk-26482-nonexistent-role-principal': {
    allowed: true,
    why:
      'The expected "false" describes a save that failed because the principal role did not ' +
      'exist yet. The caller here is a live session of that very role, so the role exists and ' +
      'the policy as written names it exactly: it admits the caller. The save-time failure is ' +
      'reported as the PRINCIPAL_MUST_EXIST finding instead.',
  },
};

describe('trust policy corpus', () => {
  it('has entries to test', () => {
    expect(corpus.entries.length).toBeGreaterThanOrEqual(40);
  });

  for (const entry of corpus.entries) {
    it(entry.id, () => {
      const text = entry.policyText ?? JSON.stringify(entry.policy, null, 2);
      const checks = checkTrustPolicy(text, { roleArn: entry.role, now: NOW });
      const verdict = evaluateTrust(text, entry.role, entry.caller, { now: NOW });
      const ids = new Set([
        ...checks.findings.map((finding) => finding.id),
        ...verdict.reasons.map((reason) => reason.id),
      ]);
      for (const id of entry.expected.findings)
        expect(ids, `${entry.id} lacks ${id}`).toContain(id);

      const disagreement = DISAGREEMENTS[entry.id];
      if (disagreement) expect(verdict.allowed).toBe(disagreement.allowed);
      else if (entry.expected.callerAllowed !== null) {
        expect(verdict.allowed).toBe(entry.expected.callerAllowed);
      }
      if (entry.expected.callerAllowed === null && !disagreement) {
        // The source cannot decide these; neither should we claim to.
        expect(verdict.allowed).toBeNull();
      }

      if (entry.policyTextParses === false) expect(checks.syntaxOk).toBe(false);
      for (const finding of checks.findings) {
        expect(finding.line).toBeGreaterThanOrEqual(1);
        expect(finding.column).toBeGreaterThanOrEqual(1);
        expect(finding.fix.length).toBeGreaterThan(0);
      }

      // A proposed change must admit this caller: evaluate it again from scratch.
      if (verdict.proposedPolicy) {
        expect(verdict.allowed).toBe(false);
        const again = evaluateTrust(
          verdict.proposedPolicy as Record<string, unknown>,
          entry.role,
          entry.caller,
          { now: NOW },
        );
        expect(again.allowed).toBe(true);
        expect(verdict.proposedDiff).toMatch(/^\+ /m);
      }
      if (verdict.allowed === false || verdict.allowed === null) {
        expect(verdict.reasons.length).toBeGreaterThan(0);
      }
      expect(verdict.invisible.length).toBeGreaterThan(0);
    });
  }

  it('every entry with a parsed policy gives the same verdict as its raw text', () => {
    for (const entry of corpus.entries) {
      if (entry.policyText) continue;
      const fromText = evaluateTrust(JSON.stringify(entry.policy), entry.role, entry.caller, {
        now: NOW,
      });
      const fromObject = evaluateTrust(
        entry.policy as Record<string, unknown>,
        entry.role,
        entry.caller,
        { now: NOW },
      );
      expect(fromObject.allowed, entry.id).toBe(fromText.allowed);
    }
  });
});
