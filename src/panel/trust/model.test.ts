import { describe, expect, it } from 'vitest';
import { evaluateTrust } from '../../core/trust/index.js';
import {
  analyse,
  callerFromForm,
  defaultCallerForm,
  diffLines,
  isRoleArn,
  parseContextLines,
  prefilledRoleArn,
  sortFindings,
  statementLine,
  worstSeverityByLine,
} from './model.js';

const SESSION = {
  accountId: '111122223333',
  sessionARN: 'arn:aws:sts::111122223333:assumed-role/Developer/alice',
};
const ROLE_ARN = 'arn:aws:iam::111122223333:role/DeployRole';

const policy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4);
const allow = (aws: string | string[], extra: object = {}) => ({
  Effect: 'Allow',
  Principal: { AWS: aws },
  Action: 'sts:AssumeRole',
  ...extra,
});

describe('caller form', () => {
  it('starts from the console identity, switching roles in the console', () => {
    const form = defaultCallerForm(SESSION);
    expect(form.principal).toBe(SESSION.sessionARN);
    expect(form.kind).toBe('console-switch');
    expect(callerFromForm(form)).toEqual({
      caller: { principal: SESSION.sessionARN, type: 'console-switch' },
      problems: [],
    });
  });

  it('asks for a caller when none is known', () => {
    const result = callerFromForm(defaultCallerForm(null));
    expect(result.caller).toBeUndefined();
    expect(result.problems[0]).toMatch(/Enter the caller/);
    const service = callerFromForm({ ...defaultCallerForm(null), kind: 'service' });
    expect(service.problems[0]).toMatch(/service principal/);
  });

  it('carries MFA, its age, the ExternalId and extra keys', () => {
    const { caller, problems } = callerFromForm({
      ...defaultCallerForm(SESSION),
      kind: 'role-session',
      mfa: 'yes',
      mfaAge: ' 300 ',
      externalId: ' vendor-7f3a ',
      context: 'aws:SourceIp=203.0.113.5\n',
    });
    expect(problems).toEqual([]);
    expect(caller).toEqual({
      principal: SESSION.sessionARN,
      type: 'role-session',
      mfa: true,
      mfaAgeSeconds: 300,
      externalId: 'vendor-7f3a',
      context: { 'aws:SourceIp': '203.0.113.5' },
    });
    expect(callerFromForm({ ...defaultCallerForm(SESSION), mfa: 'no' }).caller?.mfa).toBe(false);
  });

  it('refuses an MFA age that is not a whole number of seconds', () => {
    for (const age of ['five', '-1', '1.5', '9999999999']) {
      const result = callerFromForm({ ...defaultCallerForm(SESSION), mfaAge: age });
      expect(result.caller).toBeUndefined();
      expect(result.problems).toContain('MFA age is a whole number of seconds, e.g. 300.');
    }
  });
});

describe('context lines', () => {
  it('reads KEY=VALUE lines; a repeated key is multi-valued; = may appear in values', () => {
    const { context, problems } = parseContextLines(
      [
        '# tags',
        'aws:PrincipalTag/team=a',
        '',
        '  aws:PrincipalTag/team = b ',
        'aws:PrincipalTag/team=c',
        'token:sub=repo:o/r:ref=refs/heads/main',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(context).toEqual({
      'aws:PrincipalTag/team': ['a', 'b', 'c'],
      'token:sub': 'repo:o/r:ref=refs/heads/main',
    });
  });

  it('names the line that is not KEY=VALUE', () => {
    const { problems } = parseContextLines('aws:SourceIp=1.2.3.4\n=value\nnoequals');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Context line 2 /);
    expect(problems[1]).toMatch(/^Context line 3 /);
  });

  it('stays quick and bounded on hostile input', () => {
    const { problems } = parseContextLines('a=b\n'.repeat(10_000));
    expect(problems[0]).toMatch(/at most 200/);
    const long = parseContextLines(`k=${'='.repeat(100_000)}`);
    expect(long.context.k).toHaveLength(100_000);
  });
});

describe('role ARN', () => {
  it('prefers the ARN shown on the page', () => {
    expect(
      prefilledRoleArn({ name: 'Deploy', arn: 'arn:aws:iam::111122223333:role/ci/Deploy' }, null),
    ).toEqual({ arn: 'arn:aws:iam::111122223333:role/ci/Deploy', builtFromName: false });
  });

  it('builds one from the name and the signed-in account and partition otherwise', () => {
    const gov = {
      accountId: '222233334444',
      sessionARN: 'arn:aws-us-gov:sts::222233334444:assumed-role/Developer/alice',
    };
    expect(prefilledRoleArn({ name: 'Deploy', arn: null }, gov)).toEqual({
      arn: 'arn:aws-us-gov:iam::222233334444:role/Deploy',
      builtFromName: true,
    });
    expect(prefilledRoleArn({ name: 'Deploy', arn: null }, null)).toBeNull();
    expect(prefilledRoleArn(null, SESSION)).toBeNull();
  });

  it('accepts role ARNs only', () => {
    expect(isRoleArn('arn:aws-cn:iam::333344445555:role/a/b')).toBe(true);
    expect(isRoleArn('arn:aws:iam::111122223333:user/alice')).toBe(false);
    expect(isRoleArn('arn:aws:iam::1111:role/x')).toBe(false);
    expect(isRoleArn('')).toBe(false);
  });
});

describe('analysis', () => {
  const caller = { principal: SESSION.sessionARN, type: 'console-switch' as const };

  it('denies a caller the policy does not name and proposes what the evaluator proposes', () => {
    const text = policy(allow('arn:aws:iam::999988887777:role/ci-deployer'));
    const analysis = analyse(text, ROLE_ARN, caller);
    const direct = evaluateTrust(text, ROLE_ARN, caller);
    expect(analysis.verdict?.allowed).toBe(false);
    expect(analysis.verdict?.proposedPolicy).toEqual(direct.proposedPolicy);
    expect(analysis.verdict?.proposedDiff).toBe(direct.proposedDiff);
    // The proposal admits the caller's role, not its account.
    expect(JSON.stringify(analysis.verdict?.proposedPolicy)).toContain(
      'arn:aws:iam::111122223333:role/Developer',
    );
    expect(JSON.stringify(analysis.verdict?.proposedPolicy)).not.toContain(
      'arn:aws:iam::111122223333:root',
    );
  });

  it('runs the checks without a verdict when the role ARN or the caller is missing', () => {
    const text = policy(allow('AIDAJQABLZS4A3QDU576Q'));
    const noRole = analyse(text, null, caller);
    expect(noRole.verdict).toBeNull();
    expect(noRole.check.findings.map((f) => f.id)).toContain('UNIQUE_ID_PRINCIPAL');
    expect(analyse(text, ROLE_ARN, undefined).verdict).toBeNull();
  });

  it('finds the line of the deciding statement by Sid, in a long policy', () => {
    const statements = Array.from({ length: 14 }, (_, index) =>
      allow(`arn:aws:iam::999988887777:role/team-${index}`, { Sid: `Team${index}` }),
    );
    const text = policy(
      ...statements,
      allow('arn:aws:iam::111122223333:role/Developer', { Sid: 'ConsoleDevelopers' }),
    );
    const analysis = analyse(text, ROLE_ARN, caller);
    expect(analysis.verdict?.allowed).toBe(true);
    expect(analysis.verdict?.statement).toBe('ConsoleDevelopers');
    const lines = text.split('\n');
    const line = analysis.decidingLine ?? 0;
    expect(lines[line - 1]?.trim()).toBe('{');
    const block = lines.slice(line - 1, line + 8).join('\n');
    expect(block).toContain('"Sid": "ConsoleDevelopers"');
    expect(block).not.toContain('Team13');
  });

  it('finds statements by index and a lone statement object', () => {
    const text = policy(allow('arn:aws:iam::1:root'), allow('arn:aws:iam::2:root'));
    const analysis = analyse(text, ROLE_ARN, caller);
    expect(statementLine(analysis.check, 1)).toBe(text.split('\n').indexOf('        {', 4) + 1);
    expect(statementLine(analysis.check, 5)).toBeUndefined();
    const single = analyse(
      JSON.stringify({ Version: '2012-10-17', Statement: allow('arn:aws:iam::1:root') }),
      ROLE_ARN,
      caller,
    );
    expect(statementLine(single.check, 0)).toBe(1);
    expect(statementLine(analyse('{', ROLE_ARN, caller).check, 0)).toBeUndefined();
  });

  it('reports MFA as the failed condition for a caller without it', () => {
    const text = policy(
      allow('arn:aws:iam::111122223333:root', {
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
    );
    const withMfa = callerFromForm({ ...defaultCallerForm(SESSION), mfa: 'yes' }).caller;
    const without = callerFromForm({ ...defaultCallerForm(SESSION), mfa: 'no' }).caller;
    expect(analyse(text, ROLE_ARN, withMfa).verdict?.allowed).toBe(true);
    const denied = analyse(text, ROLE_ARN, without).verdict;
    expect(denied?.allowed).toBe(false);
    expect(denied?.failedCondition?.key).toBe('aws:MultiFactorAuthPresent');
  });
});

describe('presentation helpers', () => {
  const finding = (id: string, severity: 'ERROR' | 'WARNING' | 'SUGGESTION', line: number) => ({
    id,
    severity,
    line,
    column: 1,
    message: id,
    fix: '',
  });

  it('orders findings by severity, then position, and marks each line with its worst', () => {
    const findings = [
      finding('S', 'SUGGESTION', 2),
      finding('W', 'WARNING', 9),
      finding('E', 'ERROR', 9),
      finding('W2', 'WARNING', 3),
    ];
    expect(sortFindings(findings).map((f) => f.id)).toEqual(['E', 'W2', 'W', 'S']);
    expect([...worstSeverityByLine(findings)]).toEqual([
      [2, 'SUGGESTION'],
      [9, 'ERROR'],
      [3, 'WARNING'],
    ]);
  });

  it('splits a diff into kept, added and removed lines', () => {
    expect(diffLines('  {\n- "a"\n+ "b"\n  }').map((line) => line.kind)).toEqual([
      'same',
      'removed',
      'added',
      'same',
    ]);
  });
});
