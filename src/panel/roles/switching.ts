// Turns "switch to this role from this console tab" into what the tab must send: the classic
// form or the multi-session JSON request, plus the reasons the console would refuse it.

import type { TabState } from '../../background/tab-state.js';
import type { SessionData } from '../../core/extension/messages.js';
import {
  buildSwitchRoleLink,
  type Checked,
  classicSwitchForm,
  type MultiSessionSwitchBody,
  makeSavedRole,
  multiSessionSwitchRequest,
  type OpenSession,
  parseConsoleUrl,
  type SavedRole,
  type SwitchBlocker,
  type SwitchLinkResult,
  switchBlockers,
} from '../../core/switch/index.js';

/** What to switch to: a role ARN, or an account (id or alias) with a role path and name. */
export interface SwitchTargetInput {
  roleArn?: string | null;
  account?: string | null;
  roleName?: string | null;
  displayName?: string | null;
  color?: string | null;
  region?: string | null;
  trustPolicy?: string | null;
  requiresExternalId?: boolean;
  /** The partition the role lives in, when known (saved roles know it). */
  partition?: string | null;
}

export type TabSwitchRequest =
  | { kind: 'form'; url: string; fields: Record<string, string> }
  | { kind: 'json'; url: string; body: Record<string, string> };

export type PreparedSwitch =
  | {
      ok: true;
      request: TabSwitchRequest;
      multiSession: boolean;
      warnings: string[];
      blockers: SwitchBlocker[];
    }
  | { ok: false; errors: string[]; blockers: SwitchBlocker[] };

// The page's own CSRF value is added in the page's world, where it lives; the panel never sees
// it. The core checks a value is there, so a stand-in goes in and is taken out again.
const CSRF_ADDED_IN_PAGE = 'added-by-page';

function pageContext(url: string, session: SessionData | null) {
  return {
    pageUrl: url,
    signInEndpoint: session?.signInEndpoint ?? null,
    infrastructureRegion: session?.infrastructureRegion ?? null,
    sessionDifferentiator: session?.sessionDifferentiator ?? null,
    prismModeEnabled: session?.prismModeEnabled ?? null,
  };
}

/** Account and role path/name of a target, for the blocker checks. */
function accountAndRole(target: SwitchTargetInput): { account: string; roleName: string } | null {
  if (target.account && target.roleName) {
    return { account: target.account, roleName: target.roleName };
  }
  const match = /^arn:[a-z-]+:iam::(\d{12}):role\/(.{1,600})$/.exec(target.roleArn?.trim() ?? '');
  return match?.[1] && match[2] ? { account: match[1], roleName: match[2] } : null;
}

export function blockersFor(
  target: SwitchTargetInput,
  state: TabState,
  otherSessions: readonly OpenSession[] = [],
): SwitchBlocker[] {
  const parts = accountAndRole(target);
  if (!parts) return [];
  return switchBlockers({
    ...parts,
    identityArn: state.session?.sessionARN ?? null,
    trustPolicy: target.trustPolicy ?? null,
    requiresExternalId: target.requiresExternalId ?? null,
    openSessions: otherSessions,
    currentSessionDifferentiator: state.session?.sessionDifferentiator ?? null,
  });
}

/** True when the tab is a console page a switch can start from. */
export function isConsoleTab(state: TabState): boolean {
  return !!state.url && parseConsoleUrl(state.url).ok;
}

/** Multi-session when the page says so, or when its host carries a session id. */
export function isMultiSession(state: TabState): boolean {
  if (state.session?.prismModeEnabled) return true;
  const parsed = state.url ? parseConsoleUrl(state.url) : null;
  return !!(parsed?.ok && parsed.location.sessionDifferentiator);
}

export function prepareSwitch(
  target: SwitchTargetInput,
  state: TabState,
  otherSessions: readonly OpenSession[] = [],
): PreparedSwitch {
  const blockers = blockersFor(target, state, otherSessions);
  if (!state.url || !isConsoleTab(state)) {
    return {
      ok: false,
      errors: ['Switching starts from a console page: open any AWS console page in this tab.'],
      blockers,
    };
  }
  // The console switches only inside its own partition; the sign-in host would answer only
  // "Invalid information", which names none of the real cause.
  const page = parseConsoleUrl(state.url);
  if (target.partition && page.ok && page.location.partition !== target.partition) {
    return {
      ok: false,
      errors: [
        `This role is in the ${target.partition} partition and this console is in ` +
          `${page.location.partition}: the console switches only within one partition. Sign in ` +
          `to a console of ${target.partition} and switch from there.`,
      ],
      blockers,
    };
  }
  const input = {
    roleArn: target.account ? null : (target.roleArn ?? null),
    account: target.account ?? null,
    role: target.account ? (target.roleName ?? null) : null,
    displayName: target.displayName ?? null,
    color: target.color ?? null,
    region: target.region ?? null,
    page: pageContext(state.url, state.session),
  };
  if (isMultiSession(state)) {
    const request = multiSessionSwitchRequest(input);
    if (!request.ok) return { ok: false, errors: request.errors, blockers };
    return {
      ok: true,
      request: { kind: 'json', url: request.url, body: jsonBody(request.payload) },
      multiSession: true,
      warnings: request.warnings,
      blockers,
    };
  }
  const form = classicSwitchForm({ ...input, csrf: CSRF_ADDED_IN_PAGE });
  if (!form.ok) return { ok: false, errors: form.errors, blockers };
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries) if (name !== 'csrf') fields[name] = value;
  return {
    ok: true,
    request: { kind: 'form', url: form.action, fields },
    multiSession: false,
    warnings: form.warnings,
    blockers,
  };
}

function jsonBody(payload: MultiSessionSwitchBody): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === 'string') body[key] = value;
  }
  return body;
}

/** The shareable switch-role link for a target, landing back on the page the tab shows. */
export function switchLinkFor(target: SwitchTargetInput, state: TabState): SwitchLinkResult {
  const onConsole = isConsoleTab(state);
  return buildSwitchRoleLink({
    roleArn: target.account ? null : (target.roleArn ?? null),
    account: target.account ?? null,
    role: target.account ? (target.roleName ?? null) : null,
    displayName: target.displayName ?? null,
    color: target.color ?? null,
    region: target.region ?? null,
    redirect: onConsole ? state.url : null,
    signInEndpoint: onConsole ? (state.session?.signInEndpoint ?? null) : null,
  });
}

/** Console sessions other tabs report, for the "already open in another session" check. */
export function openSessionsFrom(states: readonly TabState[], current: TabState): OpenSession[] {
  const sessions: OpenSession[] = [];
  for (const state of states) {
    const session = state.session;
    if (!session?.sessionDifferentiator || !session.sessionARN) continue;
    if (session.sessionDifferentiator === current.session?.sessionDifferentiator) continue;
    sessions.push({
      accountId: session.accountId ?? null,
      accountAlias: session.accountAlias ?? null,
      sessionArn: session.sessionARN,
      sessionDifferentiator: session.sessionDifferentiator,
    });
  }
  return sessions;
}

/**
 * The role the tab's IAM page shows, as a saved role. Until the page shows the ARN, the role is
 * taken to be in the account and partition of the console it is shown in.
 */
export function savedRoleFromPage(
  state: TabState,
  blockers: readonly SwitchBlocker[] = [],
): Checked<SavedRole> {
  const role = state.role;
  if (!role) return { ok: false, error: 'This page shows no role.' };
  const page = state.url ? parseConsoleUrl(state.url) : null;
  return makeSavedRole({
    roleArn: role.arn ?? null,
    account: role.arn ? null : (state.session?.accountId ?? null),
    roleName: role.arn ? null : role.name,
    partition: role.arn || !page?.ok ? null : page.location.partition,
    name: role.name,
    requiresExternalId: blockers.some(
      (blocker) => blocker.code === 'external-id' && blocker.severity === 'blocks',
    ),
    origin: 'page',
  });
}
