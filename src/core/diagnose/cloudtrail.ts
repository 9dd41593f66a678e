// Where to look in CloudTrail for an AssumeRole attempt: event history links and lookup-events
// commands for both accounts, in the partition and Region the call was recorded in.
//
// Known shortcoming: the console's event history filters on one attribute at a time, so each
// account gets one link filtered on the event name and one on the role or user; the CLI command
// combines both (the lookup attribute plus a --query filter).

import { consoleHost, type Partition } from '../partitions.js';
import type { CloudTrailAccountGuide, CloudTrailGuide, Via } from './model.js';

export interface CloudTrailRequest {
  partition: Partition;
  region: string;
  roleArn: string;
  roleAccount: string | null;
  roleName: string;
  callerAccount: string | null;
  /** What event history shows as "User name" for the caller (user name or session name). */
  callerUserName: string | null;
  via: Via;
  /** The operation that failed, when it was not AssumeRole itself. */
  eventName?: string;
}

/** Event history in the CloudTrail console, filtered on one lookup attribute. */
export function eventHistoryUrl(
  partition: Partition,
  region: string,
  attribute: 'EventName' | 'ResourceName' | 'Username',
  value: string,
): string {
  const host = consoleHost(partition, region);
  return (
    `https://${host}/cloudtrailv2/home?region=${encodeURIComponent(region)}` +
    `#/events?${attribute}=${encodeURIComponent(value)}`
  );
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** `aws cloudtrail lookup-events` for one event name, narrowed to events that mention `term`. */
export function lookupEventsCommand(region: string, eventName: string, term: string): string {
  // The query goes in double quotes so its JMESPath literal can use single quotes; characters
  // the shell or JMESPath would read inside them are dropped from the search term.
  const literal = term.replace(/["'`$\\]/g, '');
  return (
    `aws cloudtrail lookup-events --region ${shellQuote(region)} ` +
    `--lookup-attributes AttributeKey=EventName,AttributeValue=${shellQuote(eventName)} ` +
    `--query "Events[?contains(CloudTrailEvent, '${literal}')].CloudTrailEvent" ` +
    "--output json | jq -r '.[] | fromjson | [.eventTime, .userIdentity.arn, " +
    `(.errorCode // "no error"), (.errorMessage // "")] | @tsv'`
  );
}

export function cloudTrailGuide(request: CloudTrailRequest): CloudTrailGuide {
  const { partition, region } = request;
  const eventNames = request.eventName
    ? [request.eventName]
    : request.via === 'console'
      ? ['AssumeRole', 'SwitchRole']
      : ['AssumeRole'];
  const main = eventNames[0] ?? 'AssumeRole';
  const accounts: CloudTrailAccountGuide[] = [];
  const callerTerm = request.callerUserName ?? request.roleName;
  if (request.callerAccount) {
    const links = eventNames.map((name) => ({
      label: `Event history of account ${request.callerAccount}: ${name} events`,
      url: eventHistoryUrl(partition, region, 'EventName', name),
    }));
    if (request.callerUserName) {
      links.push({
        label:
          `Event history of account ${request.callerAccount}: ` +
          `events of ${request.callerUserName}`,
        url: eventHistoryUrl(partition, region, 'Username', request.callerUserName),
      });
    }
    accounts.push({
      account: request.callerAccount,
      side: 'caller',
      region,
      links,
      commands: eventNames.map((name) => lookupEventsCommand(region, name, callerTerm)),
    });
  }
  if (request.roleAccount && request.roleAccount !== request.callerAccount) {
    accounts.push({
      account: request.roleAccount,
      side: 'role',
      region,
      links: [
        {
          label: `Event history of account ${request.roleAccount}: ${main} events`,
          url: eventHistoryUrl(partition, region, 'EventName', main),
        },
        {
          label: `Event history of account ${request.roleAccount}: events on ${request.roleName}`,
          url: eventHistoryUrl(partition, region, 'ResourceName', request.roleArn),
        },
      ],
      commands: [lookupEventsCommand(region, main, request.roleName)],
    });
  } else if (request.roleAccount && accounts[0]) {
    accounts[0].links.push({
      label: `Event history of account ${request.roleAccount}: events on ${request.roleName}`,
      url: eventHistoryUrl(partition, region, 'ResourceName', request.roleArn),
    });
  }

  const home = partition.homeRegion;
  const callerNote = request.callerAccount ? ` (${request.callerAccount})` : '';
  const roleNote =
    request.roleAccount && request.roleAccount !== request.callerAccount
      ? ` (${request.roleAccount})`
      : '';
  const notes = [
    `Look first in the caller's account${callerNote}: every AssumeRole call, allowed or ` +
      'refused, is recorded in the account that made it. A call that reaches a role in another ' +
      `account is also recorded in the role's account${roleNote} with the same sharedEventID, ` +
      'though a refused call may be missing there.',
    `Events are kept per Region: a call to the global STS endpoint is recorded in ${home}, a ` +
      `call to a regional endpoint (the CLI's default) in that Region. The links use ${region}; ` +
      'change the Region in the console if the call went elsewhere.',
    ...(request.via === 'console'
      ? [
          'A switch in the console is also recorded as a sign-in event named SwitchRole ' +
            '(event source signin.amazonaws.com).',
        ]
      : []),
    'Event history keeps management events, AssumeRole among them, for 90 days, with no trail ' +
      'needed and nothing to turn on; older events exist only where a trail or a CloudTrail Lake ' +
      'event data store kept them.',
    'Open an event and read errorCode (AccessDenied, ValidationError…) and errorMessage; an ' +
      'event without errorCode succeeded. In the console, add the "Error code" column through ' +
      'the preferences (gear) of the event list; the commands above print errorCode for each ' +
      'event (they need jq).',
  ];
  const ifNotEnabled = {
    text:
      'If nothing turns up older than 90 days, or in other Regions and accounts, create a ' +
      'multi-Region trail (an organization trail from the management account covers every ' +
      'account) that logs management events to an S3 bucket, then start logging. Event history ' +
      'itself cannot be switched off.',
    commands: [
      'aws cloudtrail create-trail --name role-access-trail --s3-bucket-name <bucket> ' +
        '--is-multi-region-trail',
      'aws cloudtrail start-logging --name role-access-trail',
      'aws cloudtrail get-trail-status --name role-access-trail',
    ],
  };
  return { eventNames, accounts, notes, ifNotEnabled };
}
