// What an access error tells a diagnosis: who called, which role, how (console or CLI), and
// whether the switch itself already worked. Kept apart from the walk so that views which only
// need to know "is this an AssumeRole error?" load little code.

import type { AccessErrorKind, ParsedAccessError } from '../access/kinds.js';
import type { DiagnoseInput, Via } from './model.js';

const ASSUME_ROLE_KINDS: ReadonlySet<AccessErrorKind> = new Set<AccessErrorKind>([
  'assume-role-failed',
  'root-cannot-assume-role',
  'duration-exceeds-max-session',
  'role-chaining-limit',
  'mfa-failed',
  'switch-role-failed',
]);

const SESSION_ARN =
  /^arn:([a-z-]{1,20}):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/(.{1,128})$/;

/** Whether the error is about assuming a role with AssumeRole (or switching in the console). */
export function isAssumeRoleError(error: ParsedAccessError): boolean {
  if (ASSUME_ROLE_KINDS.has(error.kind)) return true;
  const action = (error.action ?? '').toLowerCase();
  const operation = (error.operation ?? '').toLowerCase();
  return action === 'sts:assumerole' || (action === '' && operation === 'assumerole');
}

/** Whether the error was raised for a session of the role, i.e. after the switch worked. */
export function isAfterSwitchError(error: ParsedAccessError): boolean {
  if (error.kind !== 'access-denied' && error.kind !== 'console-permission-banner') return false;
  if (isAssumeRoleError(error)) return false;
  return SESSION_ARN.test(error.principal ?? '') && Boolean(error.action ?? error.operation);
}

/** The role ARN (without its path, which session ARNs do not show) behind a session ARN. */
export function roleOfSession(sessionArn: string): string | null {
  const match = SESSION_ARN.exec(sessionArn.trim());
  if (!match) return null;
  return `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`;
}

/** The diagnosis input the error gives by itself. */
export function inputFromError(error: ParsedAccessError): DiagnoseInput {
  const input: DiagnoseInput = { error };
  // A wrapper ("when calling the AssumeRole operation", an error code) means an SDK or the CLI;
  // the console's switch page says neither.
  const via: Via | null =
    error.kind === 'switch-role-failed'
      ? 'console'
      : error.errorCode || error.operation
        ? 'cli'
        : null;
  if (via) input.via = via;
  if (isAfterSwitchError(error) && error.principal) {
    input.roleArn = roleOfSession(error.principal);
    input.failedAction = {
      action: error.action ?? error.suggestedActions[0] ?? error.operation ?? '',
      resource: error.resource,
    };
    return input;
  }
  if (error.principal && /^arn:/.test(error.principal)) input.caller = error.principal;
  if (error.resource && /:role\//.test(error.resource)) input.roleArn = error.resource;
  return input;
}
