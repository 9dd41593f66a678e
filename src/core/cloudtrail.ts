// Where CloudTrail records role assumptions, and how to open or query those records. The access
// error explainer and the diagnosis both take their words and links from here, so that they
// always point to the same account.
//
// Facts (IAM user guide, "Logging IAM and AWS STS API calls with AWS CloudTrail"):
// - An AssumeRole call is logged in the calling account and in the account where the STS
//   operation is performed (the role's); in a cross-account call both events carry the same
//   sharedEventID, and the role's account shows the caller only as an account (type AWSAccount).
// - For cross-account role assumption, CloudTrail does not log denied STS requests in the target
//   account: a refused cross-account AssumeRole is found only in the caller's account.
// - AssumeRoleWithWebIdentity and AssumeRoleWithSAML have no calling AWS account: they are logged
//   in the role's account, but a request too malformed to be trusted may not be logged at all.
// - Events are kept per Region: the Region of the STS endpoint that was called.

import { consoleHost, type Partition } from './partitions.js';

export type LookupAttribute = 'EventName' | 'ResourceName' | 'Username';

/** Path and query of the CloudTrail console's event history, filtered on one attribute. */
export function eventHistoryPath(
  region: string,
  attribute: LookupAttribute,
  value: string,
): string {
  return (
    `/cloudtrailv2/home?region=${encodeURIComponent(region)}` +
    `#/events?${attribute}=${encodeURIComponent(value)}`
  );
}

/** Event history in the CloudTrail console, filtered on one lookup attribute. */
export function eventHistoryUrl(
  partition: Partition,
  region: string,
  attribute: LookupAttribute,
  value: string,
): string {
  return `https://${consoleHost(partition, region)}${eventHistoryPath(region, attribute, value)}`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** `aws cloudtrail lookup-events` for one event name, narrowed to events that mention `term`. */
export function lookupEventsCommand(region: string, eventName: string, term: string): string {
  // The query goes in double quotes so its JMESPath literal can use single quotes; characters
  // the shell or JMESPath would read inside them are dropped from the search term.
  const literal = term.replace(/["'`$\\]/g, '');
  // With nothing to search for, every event of that name is wanted.
  const filter = literal ? `?contains(CloudTrailEvent, '${literal}')` : '';
  return (
    `aws cloudtrail lookup-events --region ${shellQuote(region)} ` +
    `--lookup-attributes AttributeKey=EventName,AttributeValue=${shellQuote(eventName)} ` +
    `--query "Events[${filter}].CloudTrailEvent" ` +
    "--output json | jq -r '.[] | fromjson | [.eventTime, .userIdentity.arn, " +
    `(.errorCode // "no error"), (.errorMessage // "")] | @tsv'`
  );
}

export interface AssumeRoleAttempt {
  callerAccount: string | null;
  roleAccount: string | null;
  /** Whether STS refused the call; 'unknown' when looking for either outcome. */
  outcome: 'refused' | 'succeeded' | 'unknown';
  /** AssumeRoleWithWebIdentity or AssumeRoleWithSAML: the caller has no AWS account. */
  federated?: boolean;
  eventName?: string;
}

export interface AssumeRoleRecords {
  /** Accounts whose CloudTrail holds the event, in the order to look; null: not known. */
  accounts: Array<{ account: string | null; side: 'caller' | 'role' }>;
  /** The same in plain words. */
  text: string;
}

/** Which accounts' CloudTrail record an AssumeRole-family call, in plain words. */
export function whereAssumeRoleIsRecorded(attempt: AssumeRoleAttempt): AssumeRoleRecords {
  const event = attempt.eventName ?? 'AssumeRole';
  const caller = attempt.callerAccount;
  const role = attempt.roleAccount;
  const roleWords = role ? `the role's account (${role})` : "the role's account";
  const callerWords = caller ? `the caller's account (${caller})` : "the caller's account";
  if (attempt.federated) {
    return {
      accounts: [{ account: role, side: 'role' }],
      text:
        `${event} is recorded in ${roleWords}, allowed or refused; the caller is an external ` +
        'identity with no AWS account of its own (a request whose token STS cannot read at ' +
        'all may not be recorded).',
    };
  }
  if (caller && role && caller === role) {
    return {
      accounts: [{ account: caller, side: 'caller' }],
      text:
        `Caller and role are both in account ${caller}: ${event} is recorded there, allowed ` +
        'or refused.',
    };
  }
  const crossAccount = caller && role ? '' : ' when the role is in another account';
  switch (attempt.outcome) {
    case 'refused':
      return {
        accounts: [{ account: caller, side: 'caller' }],
        text:
          `Look in ${callerWords}: it records every ${event} call it makes, allowed or ` +
          `refused. CloudTrail does not record a refused cross-account ${event} in ` +
          `${roleWords}${crossAccount}, so that account has nothing to find.`,
      };
    case 'succeeded':
      return {
        accounts: [
          { account: caller, side: 'caller' },
          { account: role, side: 'role' },
        ],
        text:
          `A successful ${event} is recorded in ${callerWords} and also in ${roleWords}` +
          `${crossAccount}; the two events share one sharedEventID, and the role's account ` +
          'shows the caller only by its account ID.',
      };
    default:
      return {
        accounts: [
          { account: caller, side: 'caller' },
          { account: role, side: 'role' },
        ],
        text:
          `Look first in ${callerWords}: it records every ${event} call it makes, allowed or ` +
          `refused. ${capitalise(roleWords)} also records the call${crossAccount} when it ` +
          'succeeds (with the same sharedEventID), never when STS refuses it.',
      };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Which Region's event history holds an STS call, in plain words. */
export function regionNote(partition: Partition, region: string): string {
  return (
    'Events are kept per Region: a call to the global STS endpoint is recorded in ' +
    `${partition.homeRegion}, a call to a regional endpoint (the CLI's default) in that Region. ` +
    `The links use ${region}; change the Region in the console if the call went elsewhere.`
  );
}
