// Every text the trust checks and the evaluator show to people must read as prose: no piece of
// source code (a stray quote and `+` from a broken string concatenation) and no line break
// followed by indentation (a template literal that ran over a line). Checked over every corpus
// policy with its own caller and with callers made to miss each condition in a different way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTrustPolicy, evaluateTrust, type TrustCaller } from './index.js';

interface CorpusEntry {
  id: string;
  role: string;
  policy: unknown;
  policyText?: string;
  caller: TrustCaller;
}

const corpus = JSON.parse(
  readFileSync(new URL('../../../../shared/corpus/trust-policies.json', import.meta.url), 'utf8'),
) as { entries: CorpusEntry[] };

const NOW = new Date('2026-12-04T00:00:00Z');

/** Code that leaked into a message: a quote next to a `+`, or a line break then indentation. */
const LEAKED_CODE = /['"`]\s*\+|\+\s*['"`]|\n[ \t]/;

function otherValue<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  if (value.startsWith('repo:')) return value.replace(/^repo:[^/]*/, 'repo:other-org');
  if (value.startsWith('system:serviceaccount:')) return 'system:serviceaccount:other:other-sa';
  return `other-${value}`;
}

/** The caller as given, and variants that miss the policy in other ways. */
function callersFor(entry: CorpusEntry): TrustCaller[] {
  const caller = entry.caller;
  const context = caller.context ?? {};
  const variants: TrustCaller[] = [caller];
  variants.push({
    ...caller,
    context: Object.fromEntries(Object.entries(context).map(([k, v]) => [k, otherValue(v)])),
  });
  for (const key of Object.keys(context)) {
    const { [key]: _dropped, ...rest } = context;
    variants.push({ ...caller, context: rest });
    if (key.endsWith(':sub')) {
      for (const sub of [
        'repo:example-org/example-repo:environment:prod',
        'repo:example-org/example-repo:pull_request',
        'repo:example-org/example-repo:ref:refs/tags/v1',
        'repo:Example-Org/example-repo:ref:refs/heads/main',
        'repo:example-org-123/example-repo-456:ref:refs/heads/main',
        'repository_owner:example-org:job_workflow_ref:x',
        'system:serviceaccount:default:other',
      ]) {
        variants.push({ ...caller, context: { ...context, [key]: sub } });
      }
    }
  }
  variants.push({ ...caller, mfa: true }, { ...caller, mfa: false, externalId: 'wrong-id' });
  variants.push(
    { principal: 'arn:aws:sts::999988887777:assumed-role/Other/s', type: 'AssumedRole' },
    { principal: 'arn:aws:iam::444455556666:user/someone', type: 'IAMUser' },
    { principal: 'lambda.amazonaws.com', type: 'Service' },
  );
  return variants;
}

describe('messages read as prose', () => {
  it('no finding, fix, reason or note carries code or an indented line break', () => {
    const seen = new Set<string>();
    for (const entry of corpus.entries) {
      const text = entry.policyText ?? JSON.stringify(entry.policy, null, 2);
      const checks = checkTrustPolicy(text, { roleArn: entry.role, now: NOW });
      const texts: Array<[string, string]> = checks.findings.flatMap((finding) => [
        [finding.id, finding.message],
        [finding.id, finding.fix],
      ]);
      for (const caller of callersFor(entry)) {
        const verdict = evaluateTrust(text, entry.role, caller, { now: NOW });
        for (const reason of verdict.reasons) texts.push([reason.id, reason.message]);
        for (const note of verdict.invisible) texts.push(['invisible', note]);
      }
      for (const [id, message] of texts) {
        seen.add(id);
        expect(message, `${entry.id} ${id}`).not.toMatch(LEAKED_CODE);
      }
    }
    // The variants must reach the reasons that are only given for a missed claim.
    for (const id of ['EKS_SUB_MISMATCH', 'GITHUB_SUB_CONTEXT_MISMATCH', 'GITHUB_SUB_CASE']) {
      expect(seen).toContain(id);
    }
  });
});
