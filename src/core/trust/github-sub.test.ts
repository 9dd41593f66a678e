import { describe, expect, it } from 'vitest';
import { evaluateTrust } from './index.js';

const ROLE = 'arn:aws:iam::111122223333:role/deploy';
const PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const SUB = 'token.actions.githubusercontent.com:sub';

function verdictFor(operator: string, policySub: string | string[], tokenSub: string) {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          [operator]: { [SUB]: policySub },
        },
      },
    ],
  };
  return evaluateTrust(JSON.stringify(policy), ROLE, {
    principal: PROVIDER,
    tokenClaims: { aud: 'sts.amazonaws.com', sub: tokenSub },
  });
}

function onlyReason(operator: string, policySub: string | string[], tokenSub: string) {
  const verdict = verdictFor(operator, policySub, tokenSub);
  expect(verdict.allowed).toBe(false);
  expect(verdict.reasons).toHaveLength(1);
  return verdict.reasons[0] as { id: string; message: string };
}

/** Words that belong only to a reason about the sub's form. */
const FORM_TALK = /\b(custom|customised|form|forms|template)\b/i;

describe('GitHub sub reasons', () => {
  it('a token of another repository is told so, whatever the pattern admits after it', () => {
    for (const [policySub, admitted] of [
      ['repo:my-org/*', 'my-org/*'],
      ['repo:org/app:*', 'org/app'],
      ['repo:org/app:ref:refs/heads/*', 'org/app'],
    ]) {
      const reason = onlyReason(
        'StringLike',
        policySub as string,
        'repo:other-org/x:ref:refs/heads/main',
      );
      expect(reason.id, policySub).toBe('CONDITION_VALUE_MISMATCH');
      expect(reason.message, policySub).toContain(
        `token is for other-org/x; the policy admits ${admitted} (`,
      );
      expect(reason.message, policySub).not.toMatch(FORM_TALK);
      expect(reason.message, policySub).not.toContain('either');
    }
  });

  it('names the context as well when neither the repository nor the context is admitted', () => {
    const reason = onlyReason(
      'StringEquals',
      'repo:org/app:environment:prod',
      'repo:other/app:ref:refs/heads/main',
    );
    expect(reason.id).toBe('CONDITION_VALUE_MISMATCH');
    expect(reason.message).toContain('is for other/app; the policy admits org/app');
    expect(reason.message).toContain('and not on the branch main either');
  });

  it('speaks of the form when the repository is admitted and the form differs', () => {
    const cases: Array<[string, string, string, string]> = [
      [
        'repo:org/app:ref:refs/heads/*',
        'repo:org/app:environment:prod',
        'in the environment prod',
        'branch',
      ],
      [
        'repo:org/app:ref:refs/heads/main',
        'repo:org/app:pull_request',
        'for a pull request',
        'branch',
      ],
      [
        'repo:org/app:ref:refs/tags/v*',
        'repo:org/app:ref:refs/heads/main',
        'on the branch main',
        'tag',
      ],
      [
        'repo:org/app:environment:prod',
        'repo:org/app:ref:refs/tags/v1',
        'for the tag v1',
        'environment',
      ],
      [
        'repo:org/*:pull_request',
        'repo:org/app:ref:refs/heads/main',
        'on the branch main',
        'pull request',
      ],
    ];
    for (const [policySub, tokenSub, ran, admits] of cases) {
      const reason = onlyReason('StringLike', policySub, tokenSub);
      expect(reason.id, policySub).toBe('GITHUB_SUB_CONTEXT_MISMATCH');
      expect(reason.message, policySub).toContain(`The job ran ${ran}`);
      expect(reason.message, policySub).toContain(`the policy admits only ${admits} subs`);
    }
  });

  it('another value of the same form is a value mismatch, not a form mismatch', () => {
    const reason = onlyReason(
      'StringEquals',
      'repo:org/app:ref:refs/heads/main',
      'repo:org/app:ref:refs/heads/dev',
    );
    expect(reason.id).toBe('CONDITION_VALUE_MISMATCH');
    expect(reason.message).toContain(
      'The job ran on the branch dev; for org/app the policy admits only ref:refs/heads/main',
    );
    expect(reason.message).not.toMatch(FORM_TALK);
  });

  it('only the values that admit the repository decide whether the form differs', () => {
    const reason = onlyReason(
      'StringLike',
      ['repo:org/app:ref:refs/heads/main', 'repo:org/lib:environment:prod'],
      'repo:org/app:environment:prod',
    );
    expect(reason.id).toBe('GITHUB_SUB_CONTEXT_MISMATCH');
    expect(reason.message).toContain('for org/app the policy admits only branch subs');
  });

  it('a customised sub template on either side is named as such', () => {
    const tokenCustom = onlyReason(
      'StringLike',
      'repo:org/app:ref:refs/heads/main',
      'repo:org/app:environment:prod:job_workflow_ref:org/wf/.github/workflows/x.yml@refs/tags/v1',
    );
    expect(tokenCustom.id).toBe('GITHUB_SUB_CONTEXT_MISMATCH');
    expect(tokenCustom.message).toContain('follows a customised template');
    const ownerOnly = onlyReason('StringLike', 'repo:org/*', 'repository_owner:org');
    expect(ownerOnly.id).toBe('GITHUB_SUB_CONTEXT_MISMATCH');
    expect(ownerOnly.message).toContain('not repo:OWNER/REPO');
    const policyCustom = onlyReason(
      'StringLike',
      'repository_owner:org:*',
      'repo:org/app:ref:refs/heads/main',
    );
    expect(policyCustom.id).toBe('GITHUB_SUB_CONTEXT_MISMATCH');
    expect(policyCustom.message).toContain("GitHub's default sub");
    expect(policyCustom.message).toContain(
      'expects a customised template (repository_owner:org:*)',
    );
  });

  it('immutable owner-id/repo-id names only when the names without ids would match', () => {
    const renamed = onlyReason(
      'StringLike',
      'repo:octo/app:*',
      'repo:octo-123/app-456:ref:refs/heads/main',
    );
    expect(renamed.id).toBe('GITHUB_SUB_IMMUTABLE_FORMAT');
    // The policy already uses the immutable names: only the branch differs.
    const branch = onlyReason(
      'StringEquals',
      'repo:octo-123/app-456:ref:refs/heads/main',
      'repo:octo-123/app-456:ref:refs/heads/dev',
    );
    expect(branch.id).toBe('CONDITION_VALUE_MISMATCH');
    expect(branch.message).toContain('on the branch dev');
    // Another repository altogether, though named with ids.
    const other = onlyReason(
      'StringLike',
      'repo:octo/app:*',
      'repo:team-1/web-2:ref:refs/heads/main',
    );
    expect(other.id).toBe('CONDITION_VALUE_MISMATCH');
    expect(other.message).toContain('is for team-1/web-2; the policy admits octo/app');
  });

  it('letter case, literal wildcards and exclusions get their own reasons', () => {
    expect(onlyReason('StringLike', 'repo:Org/*', 'repo:org/app:ref:refs/heads/main').id).toBe(
      'GITHUB_SUB_CASE',
    );
    const literal = onlyReason('StringEquals', 'repo:org/*', 'repo:org/app:ref:refs/heads/main');
    expect(literal.id).toBe('WILDCARD_WITHOUT_LIKE');
    expect(literal.message).toContain('StringEquals compares "repo:org/*" literally');
    const excluded = onlyReason(
      'StringNotLike',
      'repo:org/app:pull_request',
      'repo:org/app:pull_request',
    );
    expect(excluded.id).toBe('CONDITION_VALUE_MISMATCH');
    expect(excluded.message).toContain('StringNotLike excludes');
  });
});
