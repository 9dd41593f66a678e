// What the diagnose view feeds the core: what the tab shows (signed-in identity, role page, an
// error on screen or chosen in the Explain view) joined with the user's answers. Kept free of the
// DOM so it can be tested on its own.

import type { TabState } from '../../background/tab-state.js';
import type { ParsedAccessError } from '../../core/access/kinds.js';
import { parseAccessErrors } from '../../core/access/parse.js';
import {
  inputFromError,
  isAfterSwitchError,
  isAssumeRoleError,
} from '../../core/diagnose/error.js';
import type { DiagnoseInput, QuestionId, Via } from '../../core/diagnose/model.js';
import { parseAwsHost } from '../../core/partitions.js';
import { parseConsoleUrl } from '../../core/switch/console-url.js';
import { prefilledRoleArn } from '../trust/model.js';

export interface Answers {
  trustPolicy?: string;
  identityPolicy?: string;
  mfa?: boolean;
  externalId?: string;
  rolePolicy?: string;
  caller?: string;
  orgId?: string;
}

/** What the user typed over what the page gave. */
export interface Overrides {
  roleArn?: string;
  caller?: string;
  via?: Via;
}

export type Source = 'error' | 'page' | 'session' | 'typed' | 'answer' | null;

export interface Gathered {
  input: DiagnoseInput;
  error: ParsedAccessError | null;
  roleSource: Source;
  callerSource: Source;
  /** The trust policy came from the role page on screen. */
  trustFromPage: boolean;
}

/** The first AssumeRole (or after-the-switch) error among the texts, in order. */
export function findDiagnosableError(texts: readonly string[]): ParsedAccessError | null {
  let afterSwitch: ParsedAccessError | null = null;
  for (const text of texts) {
    for (const error of parseAccessErrors(text)) {
      if (isAssumeRoleError(error)) return error;
      afterSwitch ??= isAfterSwitchError(error) ? error : null;
    }
  }
  return afterSwitch;
}

/** Texts that may hold the error to diagnose, the one the user chose first. */
export function candidateTexts(state: TabState, chosen: string | null): string[] {
  const texts: string[] = [];
  const add = (text: string | null | undefined) => {
    if (text && !texts.includes(text)) texts.push(text);
  };
  add(chosen);
  if (state.focus?.kind === 'error' || state.focus?.kind === 'selection') add(state.focus.text);
  add(state.selection);
  for (const text of [...state.errors].reverse()) add(text);
  return texts;
}

function sameRole(a: string, b: string): boolean {
  const account = (arn: string) => arn.split(':')[4] ?? '';
  const leaf = (arn: string) => (arn.split('/').pop() ?? '').toLowerCase();
  return account(a) === account(b) && leaf(a) === leaf(b);
}

/**
 * The role the console's Switch Role page was asked for, when it names the account by number
 * (an alias cannot be turned into an ARN).
 */
function switchPageRole(state: TabState): string | null {
  const page = state.switchPage;
  if (!page?.account || !/^\d{12}$/.test(page.account) || !page.roleName) return null;
  let partition = 'aws';
  try {
    const host = state.url ? parseAwsHost(new URL(state.url).hostname) : undefined;
    if (host) partition = host.partition.id;
  } catch {
    // An address that does not parse leaves the commercial partition.
  }
  const name = page.roleName.replace(/^\/+/, '');
  return `arn:${partition}:iam::${page.account}:role/${name}`;
}

function regionOf(url: string | null): string | null {
  if (!url) return null;
  const parsed = parseConsoleUrl(url);
  return parsed.ok ? parsed.location.region : null;
}

export function gather(
  state: TabState,
  chosenError: string | null,
  answers: Answers,
  overrides: Overrides,
): Gathered {
  const error = findDiagnosableError(candidateTexts(state, chosenError));
  const fromError = error ? inputFromError(error) : {};
  const page = prefilledRoleArn(state.role, state.session);
  const pageArn = page && !page.builtFromName ? page.arn : null;

  let roleArn = overrides.roleArn?.trim() || null;
  let roleSource: Source = roleArn ? 'typed' : null;
  if (!roleArn && fromError.roleArn) {
    roleArn = fromError.roleArn;
    roleSource = 'error';
  }
  if (!roleArn && page) {
    roleArn = page.arn;
    roleSource = 'page';
  }
  const fromSwitchPage = roleArn ? null : switchPageRole(state);
  if (fromSwitchPage) {
    roleArn = fromSwitchPage;
    roleSource = 'page';
  }
  let caller = overrides.caller?.trim() || null;
  let callerSource: Source = caller ? 'typed' : null;
  if (!caller && fromError.caller) {
    caller = fromError.caller;
    callerSource = 'error';
  }
  if (!caller && answers.caller?.trim()) {
    caller = answers.caller.trim();
    callerSource = 'answer';
  }
  if (!caller && state.session?.sessionARN) {
    caller = state.session.sessionARN;
    callerSource = 'session';
  }
  // On a console page the path is the console unless the error came from the CLI or an SDK.
  const via: Via =
    overrides.via ?? fromError.via ?? (state.session || fromSwitchPage ? 'console' : 'cli');

  const input: DiagnoseInput = { ...fromError, roleArn, caller, via };
  const roleOnPage = state.role;
  const pageIsThisRole = Boolean(
    roleOnPage && roleArn && (pageArn ? sameRole(pageArn, roleArn) : page?.arn === roleArn),
  );
  if (pageIsThisRole && pageArn) input.roleOnRecord = { arn: pageArn };
  let trustFromPage = false;
  // The saved policy as the Trust relationships tab shows it; an editor draft is not in force.
  if (pageIsThisRole && roleOnPage?.trustSource === 'trust-tab' && roleOnPage.trustPolicy) {
    input.trustPolicy = roleOnPage.trustPolicy;
    trustFromPage = true;
  } else if (answers.trustPolicy?.trim()) {
    input.trustPolicy = answers.trustPolicy;
  }
  if (answers.identityPolicy?.trim()) input.identityPolicies = [answers.identityPolicy];
  if (answers.rolePolicy?.trim()) input.rolePolicies = [answers.rolePolicy];
  if (answers.mfa !== undefined) input.mfa = answers.mfa;
  if (answers.externalId !== undefined) input.externalId = answers.externalId;
  if (answers.orgId) input.orgId = answers.orgId;
  const region = regionOf(state.url);
  if (region) input.region = region;
  return { input, error, roleSource, callerSource, trustFromPage };
}

/** Stores an answer to a question under the right name. */
export function answer(answers: Answers, id: QuestionId, value: string | boolean): Answers {
  const next = { ...answers };
  const text = typeof value === 'string' ? value : '';
  switch (id) {
    case 'trust-policy':
      next.trustPolicy = text;
      break;
    case 'identity-policy':
      next.identityPolicy = text;
      break;
    case 'role-policy':
      next.rolePolicy = text;
      break;
    case 'mfa':
      next.mfa = value === true;
      break;
    case 'external-id':
      next.externalId = text.trim();
      break;
    case 'caller':
      next.caller = text.trim();
      break;
    case 'org-id':
      next.orgId = text.trim();
      break;
  }
  return next;
}
