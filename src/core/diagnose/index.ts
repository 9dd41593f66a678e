// "Why can't I get into the other account?": walks the links of a role assumption in order,
// stops at the first that fails, and says what to change in which account, what remains
// invisible, and where CloudTrail recorded the attempt.

import { cloudTrailGuide } from './cloudtrail.js';
import { buildContext, type Context } from './context.js';
import {
  afterSwitchLink,
  boundaryCheck,
  callerPolicyLink,
  callerQuestion,
  idealTrust,
  pathLink,
  rcpCheck,
  roleArnLink,
  scpCheck,
  sessionLink,
  sessionPolicyCheck,
  trustLink,
} from './links.js';
import {
  type Check,
  type DiagnoseInput,
  type Diagnosis,
  LINK_TITLES,
  type LinkId,
  type LinkResult,
  type Question,
} from './model.js';

export { cloudTrailGuide, eventHistoryUrl, lookupEventsCommand } from './cloudtrail.js';
export { orgIdProblem, parseCaller, policyKindProblem, readPolicies } from './context.js';
export {
  inputFromError,
  isAfterSwitchError,
  isAssumeRoleError,
  roleOfSession,
} from './error.js';
export * from './model.js';
export type { MisplacedPolicy, PolicyKind, WhereGiven } from './policy-kind.js';
export { describeMisplaced, misplacedPolicy } from './policy-kind.js';

function invisibleChecks(ctx: Context): Check[] {
  return [
    scpCheck(ctx.callerAccount, "the caller's"),
    rcpCheck(ctx.roleAccount),
    boundaryCheck(ctx.caller, ctx.callerAccount),
    sessionPolicyCheck(ctx.caller),
  ];
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const ctx = buildContext(input);
  const ideal = idealTrust(ctx);
  const walk: Array<[LinkId, () => LinkResult]> = [
    ['role-arn', () => roleArnLink(ctx)],
    ['trust', () => trustLink(ctx, ideal)],
    ['caller-policy', () => callerPolicyLink(ctx, ideal)],
    ['path', () => pathLink(ctx, ideal)],
    ['session', () => sessionLink(ctx)],
    ['after-switch', () => afterSwitchLink(ctx)],
  ];
  const links: LinkResult[] = [];
  let firstFailure: LinkResult | null = null;
  for (const [id, step] of walk) {
    if (firstFailure) {
      links.push({
        id,
        title: LINK_TITLES[id],
        status: 'not-reached',
        summary: 'Not checked: an earlier link fails.',
        evidence: [],
        toCheck: [],
      });
      continue;
    }
    const result = step();
    links.push(result);
    if (result.status === 'fail') firstFailure = result;
  }

  const questions: Question[] = [];
  if (!ctx.caller && !ctx.switchSucceeded) questions.push(callerQuestion());
  for (const item of links) {
    if (item.question && !questions.some((question) => question.id === item.question?.id)) {
      questions.push(item.question);
    }
  }
  const problems = [
    ctx.roleProblem,
    ctx.switchSucceeded ? null : ctx.callerProblem,
    ctx.trustProblem,
    ctx.orgIdProblem,
    ctx.identityProblem,
    ctx.rolePolicyProblem,
  ].filter((problem): problem is string => Boolean(problem));
  const outcome = firstFailure
    ? 'fail'
    : links.some((item) => item.status === 'unknown')
      ? 'needs-input'
      : 'pass';
  const roleName = ctx.role?.leaf ?? (ctx.roleArnText.split('/').pop() || 'role');
  const caller = ctx.caller;
  const cloudTrail = ctx.partition
    ? cloudTrailGuide({
        partition: ctx.partition,
        region: ctx.region,
        roleArn: ctx.role?.arn ?? ctx.roleArnText,
        roleAccount: ctx.roleAccount,
        roleName,
        callerAccount: ctx.callerAccount,
        callerUserName:
          caller?.kind === 'user' ? caller.name : (caller?.sessionName ?? caller?.name ?? null),
        via: ctx.via,
        ...(ctx.switchSucceeded && ctx.error?.operation ? { eventName: ctx.error.operation } : {}),
      })
    : null;
  return {
    outcome,
    roleArn: ctx.role?.arn ?? ctx.roleArnText,
    caller: ctx.callerText,
    via: ctx.via,
    roleAccount: ctx.roleAccount,
    callerAccount: ctx.callerAccount,
    partition: ctx.partition?.id ?? null,
    crossAccount: ctx.crossAccount,
    links,
    firstFailure,
    questions,
    invisible: invisibleChecks(ctx),
    cloudTrail,
    problems,
  };
}
