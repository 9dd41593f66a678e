// Benchmarks of the pure core, run in Node (the same V8 as Chromium): parse and explain
// throughput, a 1 MB pasted log, trust checks on a policy of the maximum size, and filtering
// 5,000 saved roles. A core module that is not there (yet) is reported, not fatal.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './report.js';
import { median, timeRuns } from './stats.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = process.env.ROLE_DOCTOR_CORPUS ?? '/work/shared/corpus/access-denied.json';

type Module = Record<string, unknown>;

/**
 * The module's named exports, or why they cannot be used. The path is computed so a module
 * that does not exist yet neither breaks type checking nor the run.
 */
export async function loadExports(
  relativePath: string,
  names: readonly string[],
): Promise<Module | string> {
  let loaded: Module;
  try {
    loaded = (await import(join(ROOT, relativePath))) as Module;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return `not measured: module missing (${relativePath})`;
    return `not measured: ${relativePath} failed to load: ${String(error).slice(0, 200)}`;
  }
  const absent = names.filter((name) => typeof loaded[name] !== 'function');
  return absent.length > 0
    ? `not measured: module missing export ${absent.join(', ')} (${relativePath})`
    : loaded;
}

function notMeasured(name: string, budget: string, reason: string): Figure {
  return { name, value: null, budget, within: null, reason };
}

export function corpusMessages(): string[] {
  const entries = JSON.parse(readFileSync(CORPUS, 'utf8')) as Array<{ text?: unknown }>;
  return entries
    .map((entry) => entry.text)
    .filter((text): text is string => typeof text === 'string');
}

/** Lines a CI job prints around its errors, to pad a pasted log with realistic noise. */
const NOISE = [
  '2026-11-30T09:14:22.481Z [INFO] Step 4/12 : RUN npm ci --omit=dev',
  '#12 2.318 added 812 packages, and audited 813 packages in 14s',
  '   at processTicksAndRejections (node:internal/process/task_queues:95:5)',
  '{"level":"debug","ts":1764493962.112,"msg":"retrying request","attempt":2,"delay_ms":400}',
  'terraform: module.network.aws_vpc.main: Refreshing state... [id=vpc-0a1b2c3d4e5f67890]',
  '+ aws s3 sync ./build s3://example-artifacts-111122223333/web --delete --only-show-errors',
  'WARNING: The requested image platform (linux/amd64) does not match the host (linux/arm64)',
  'Traceback (most recent call last):\n  File "deploy.py", line 88, in <module>\n    main()',
  '::group::Run aws-actions/configure-aws-credentials@v4',
  'PASS  src/handlers/orders.test.ts (4.512 s)',
];

export function pastedLog(messages: readonly string[], targetBytes = 1024 * 1024): string {
  const parts: string[] = [];
  let bytes = 0;
  let line = 0;
  while (bytes < targetBytes) {
    const text =
      line % 25 === 24
        ? (messages[((line / 25) % messages.length) | 0] ?? '')
        : (NOISE[line % NOISE.length] ?? '');
    parts.push(text);
    bytes += Buffer.byteLength(text) + 1;
    line++;
  }
  return parts.join('\n').slice(0, targetBytes);
}

interface ExplainModule {
  explainText(text: string): unknown[];
}

async function accessFigures(): Promise<Figure[]> {
  const throughputName = 'parse and explain throughput (corpus messages)';
  const logName = 'parse and explain a 1 MB pasted log';
  const loaded = await loadExports('src/core/access/index.ts', ['explainText']);
  if (typeof loaded === 'string') {
    return [
      notMeasured(throughputName, '≥ 10,000 messages/s', loaded),
      notMeasured(logName, '< 200 ms', loaded),
    ];
  }
  const { explainText } = loaded as unknown as ExplainModule;
  const messages = corpusMessages();
  const explained = messages.filter((message) => explainText(message).length > 0).length;
  // Enough repetitions that one run takes a few hundred milliseconds.
  const repeats = 40;
  const explainAll = () => {
    for (let round = 0; round < repeats; round++) for (const m of messages) explainText(m);
  };
  explainAll();
  const rates = timeRuns(7, explainAll).map((ms) => (messages.length * repeats * 1000) / ms);
  const rate = median(rates);

  const log = pastedLog(messages);
  const found = explainText(log).length;
  const logTimes = timeRuns(7, () => explainText(log));
  const logMs = median(logTimes);
  return [
    {
      name: throughputName,
      value: `${Math.round(rate).toLocaleString('en-US')} messages/s`,
      budget: '≥ 10,000 messages/s',
      within: rate >= 10_000,
      detail:
        `${messages.length} messages from the corpus (${explained} yield an explanation), ` +
        `${repeats} rounds per run, median of 7 runs ` +
        `(range ${fmt(Math.min(...rates), 0)}–${fmt(Math.max(...rates), 0)})`,
    },
    {
      name: logName,
      value: `${fmt(logMs, 1)} ms`,
      budget: '< 200 ms',
      within: logMs < 200,
      detail:
        `${Buffer.byteLength(log).toLocaleString('en-US')} bytes, real messages every 25th ` +
        `line among CI noise, ${found} errors found; median of 7 runs ` +
        `(range ${fmt(Math.min(...logTimes), 1)}–${fmt(Math.max(...logTimes), 1)} ms)`,
    },
  ];
}

const ROLE_ARN = 'arn:aws:iam::111122223333:role/DeployRole';
const CALLER_ARN = 'arn:aws:sts::444455556666:assumed-role/ci-deployer/build-4512';

/** A trust policy with as many realistic statements as fit the maximum quota. */
export function maximumTrustPolicy(limit = 4096): string {
  const statements: unknown[] = [];
  const render = (list: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: list });
  const nonWhitespace = (text: string) => text.replace(/\s/g, '').length;
  for (let index = 0; ; index++) {
    const account = String(200000000000 + index * 7919).padStart(12, '0');
    const candidate =
      index % 3 === 2
        ? {
            Sid: `GitHubDeploy${index}`,
            Effect: 'Allow',
            Principal: {
              Federated:
                'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
            },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              StringLike: {
                'token.actions.githubusercontent.com:sub': `repo:example-org/service-${index}:*`,
              },
            },
          }
        : {
            Sid: `Partner${index}`,
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:role/deployer-${index}` },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: {
              StringEquals: { 'sts:ExternalId': `partner-${index}-external` },
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            },
          };
    // The caller of the benchmark matches only the last statement: every statement is evaluated.
    const last = {
      Sid: 'CiDeployer',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:role/ci-deployer' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    };
    if (nonWhitespace(render([...statements, candidate, last])) > limit) {
      let text = JSON.stringify(
        { Version: '2012-10-17', Statement: [...statements, last] },
        null,
        2,
      );
      // Pad the last Sid up to exactly the limit so the policy is of the maximum size.
      const spare = limit - nonWhitespace(text);
      if (spare > 0) text = text.replace('"CiDeployer"', `"CiDeployer${'X'.repeat(spare)}"`);
      return text;
    }
    statements.push(candidate);
  }
}

interface TrustModule {
  checkTrustPolicy(text: string, options?: { roleArn?: string; quota?: number }): unknown;
  evaluateTrust(policy: string, roleArn: string, caller: unknown): { allowed?: unknown };
}

async function trustFigures(): Promise<Figure[]> {
  const name = 'trust checks plus verdict, policy of the maximum size';
  const loaded = await loadExports('src/core/trust/index.ts', [
    'checkTrustPolicy',
    'evaluateTrust',
  ]);
  if (typeof loaded === 'string') return [notMeasured(name, '< 2 ms', loaded)];
  const { checkTrustPolicy, evaluateTrust } = loaded as unknown as TrustModule;
  const policy = maximumTrustPolicy();
  const caller = {
    principal: CALLER_ARN,
    type: 'role-session',
    context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
  };
  let verdict: unknown;
  const once = () => {
    checkTrustPolicy(policy, { roleArn: ROLE_ARN, quota: 4096 });
    verdict = evaluateTrust(policy, ROLE_ARN, caller);
  };
  const cold = timeRuns(1, once)[0] ?? Number.NaN;
  for (let warm = 0; warm < 50; warm++) once();
  const times = timeRuns(301, once);
  const ms = median(times);
  const statementCount = (JSON.parse(policy) as { Statement: unknown[] }).Statement.length;
  const allowed = (verdict as { allowed?: unknown } | undefined)?.allowed;
  return [
    {
      name,
      value: `${fmt(ms, 3)} ms`,
      budget: '< 2 ms',
      within: ms < 2,
      detail:
        `${policy.replace(/\s/g, '').length} non-whitespace characters, ${statementCount} ` +
        `statements, caller matched by the last one (verdict allowed: ${String(allowed)}); ` +
        `median of 301 runs after warm-up; first, cold run ${fmt(cold, 2)} ms`,
    },
  ];
}

interface SwitchModule {
  makeSavedRole(draft: Record<string, unknown>): { ok: boolean; value?: unknown };
  filterRoles(roles: readonly unknown[], query: string): unknown[];
  prepareRoleSearch?: (roles: readonly unknown[]) => void;
}

const TEAMS = ['platform', 'payments', 'search', 'data', 'identity', 'mobile', 'ml', 'edge'];
const STAGES = ['dev', 'test', 'staging', 'prod', 'sandbox'];
const ROLES = ['Admin', 'ReadOnly', 'Deploy', 'Developer', 'Billing', 'SecurityAudit'];

export function savedRoleDrafts(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => {
    const team = TEAMS[index % TEAMS.length];
    const stage = STAGES[Math.floor(index / TEAMS.length) % STAGES.length];
    const role = ROLES[Math.floor(index / 40) % ROLES.length];
    const account = String(100000000000 + index * 104729).slice(0, 12);
    return {
      name: `${team}-${stage}-${index}`,
      roleArn: `arn:aws:iam::${account}:role/${role}`,
      displayName: `${team} ${stage} ${role} ${index}`,
      sourceProfile: index % 2 === 0 ? 'sso-root' : null,
      origin: 'aws-config',
    };
  });
}

async function switchFigures(): Promise<Figure[]> {
  const name = 'filter over 5,000 saved roles, per keystroke';
  const loaded = await loadExports('src/core/switch/index.ts', ['makeSavedRole', 'filterRoles']);
  if (typeof loaded === 'string') return [notMeasured(name, '< 16 ms', loaded)];
  const { makeSavedRole, filterRoles, prepareRoleSearch } = loaded as unknown as SwitchModule;
  const roles = savedRoleDrafts(5000)
    .map((draft) => makeSavedRole(draft))
    .filter((checked) => checked.ok)
    .map((checked) => checked.value);
  const typed = 'prod deploy 12';
  const keystrokes = Array.from({ length: typed.length }, (_, i) => typed.slice(0, i + 1));
  // The panel prepares the search keys when it loads the saved roles, before any keystroke.
  const preparation =
    typeof prepareRoleSearch === 'function'
      ? `preparing the search keys at load ` +
        `${fmt(timeRuns(1, () => prepareRoleSearch(roles))[0] ?? 0, 2)} ms, then `
      : 'no prepareRoleSearch, so ';
  const firstKeystroke = timeRuns(1, () => filterRoles(roles, keystrokes[0] ?? ''))[0] ?? 0;
  const perKeystroke: number[] = [];
  let shown = 0;
  for (let round = 0; round < 15; round++) {
    for (const query of keystrokes) {
      const start = performance.now();
      shown = filterRoles(roles, query).length;
      perKeystroke.push(performance.now() - start);
    }
  }
  const ms = median(perKeystroke);
  const worst = Math.max(...perKeystroke);
  return [
    {
      name,
      value: `${fmt(ms, 2)} ms`,
      budget: '< 16 ms',
      within: ms < 16 && worst < 16 && firstKeystroke < 16,
      detail:
        `${roles.length} roles, typing "${typed}" ${15} times (${perKeystroke.length} ` +
        `keystrokes, ${shown} roles left); slowest ${fmt(worst, 2)} ms; ${preparation}` +
        `the first keystroke ${fmt(firstKeystroke, 2)} ms`,
    },
  ];
}

export function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export async function coreFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const measure of [accessFigures, trustFigures, switchFigures]) {
    try {
      figures.push(...(await measure()));
    } catch (error) {
      figures.push(notMeasured(measure.name, '', `failed: ${String(error).slice(0, 300)}`));
    }
  }
  return figures;
}
