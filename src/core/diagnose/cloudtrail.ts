// Where to look in CloudTrail for an AssumeRole attempt: event history links and lookup-events
// commands for both accounts, in the partition and Region the call was recorded in.
//
// Known shortcoming: the console's event history filters on one attribute at a time, so each
// account gets one link filtered on the event name and one on the role or user; the CLI command
// combines both (the lookup attribute plus a --query filter).

import {
  eventHistoryUrl,
  lookupEventsCommand,
  regionNote,
  whereAssumeRoleIsRecorded,
} from '../cloudtrail.js';
import type { Partition } from '../partitions.js';
import type { CloudTrailAccountGuide, CloudTrailGuide, Via } from './model.js';

// The links and commands are shared with the access error explainer; re-exported for callers
// that have always taken them from here.
export { eventHistoryUrl, lookupEventsCommand };

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
          label:
            `Event history of account ${request.roleAccount}: ${main} events` +
            (request.eventName ? '' : ' (successful calls only)'),
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

  const where = request.eventName
    ? `${request.eventName}, called with the role's session, is recorded in the role's account` +
      `${request.roleAccount ? ` (${request.roleAccount})` : ''}, in the Region of the call.`
    : whereAssumeRoleIsRecorded({
        callerAccount: request.callerAccount,
        roleAccount: request.roleAccount,
        outcome: 'unknown',
        eventName: main,
      }).text;
  const notes = [
    where,
    regionNote(partition, region),
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
