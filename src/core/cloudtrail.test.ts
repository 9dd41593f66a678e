import { describe, expect, it } from 'vitest';
import {
  eventHistoryUrl,
  lookupEventsCommand,
  regionNote,
  whereAssumeRoleIsRecorded,
} from './cloudtrail.js';
import { PARTITIONS } from './partitions.js';

const CALLER = '111122223333';
const ROLE = '444455556666';

describe('where CloudTrail records AssumeRole', () => {
  it('a refused cross-account call: only the caller account, never the role account', () => {
    const where = whereAssumeRoleIsRecorded({
      callerAccount: CALLER,
      roleAccount: ROLE,
      outcome: 'refused',
    });
    expect(where.accounts).toEqual([{ account: CALLER, side: 'caller' }]);
    expect(where.text).toContain(`caller's account (${CALLER})`);
    expect(where.text).toContain(`does not record a refused cross-account AssumeRole`);
    expect(where.text).toContain(`role's account (${ROLE})`);
  });

  it('a successful cross-account call: both accounts, linked by sharedEventID', () => {
    const where = whereAssumeRoleIsRecorded({
      callerAccount: CALLER,
      roleAccount: ROLE,
      outcome: 'succeeded',
    });
    expect(where.accounts.map((item) => item.account)).toEqual([CALLER, ROLE]);
    expect(where.text).toContain('sharedEventID');
  });

  it('either outcome: the caller account first, the role account for successes only', () => {
    const where = whereAssumeRoleIsRecorded({
      callerAccount: CALLER,
      roleAccount: ROLE,
      outcome: 'unknown',
    });
    expect(where.accounts.map((item) => item.side)).toEqual(['caller', 'role']);
    expect(where.text).toMatch(/Look first in the caller's account \(111122223333\)/);
    expect(where.text).toContain('never when STS refuses it');
    expect(where.text).not.toMatch(/may be missing/);
  });

  it('same account: one account, allowed or refused', () => {
    for (const outcome of ['refused', 'succeeded', 'unknown'] as const) {
      const where = whereAssumeRoleIsRecorded({
        callerAccount: CALLER,
        roleAccount: CALLER,
        outcome,
      });
      expect(where.accounts).toEqual([{ account: CALLER, side: 'caller' }]);
      expect(where.text).toContain(`account ${CALLER}`);
    }
  });

  it('web identity and SAML: the role account, the caller has none', () => {
    const where = whereAssumeRoleIsRecorded({
      callerAccount: null,
      roleAccount: ROLE,
      outcome: 'refused',
      federated: true,
      eventName: 'AssumeRoleWithWebIdentity',
    });
    expect(where.accounts).toEqual([{ account: ROLE, side: 'role' }]);
    expect(where.text).toMatch(/^AssumeRoleWithWebIdentity is recorded in the role's account/);
  });
});

describe('event history links and lookup commands', () => {
  const [aws] = PARTITIONS;
  it('links the console of the Region, filtered on one attribute', () => {
    if (!aws) throw new Error('no partition');
    expect(eventHistoryUrl(aws, 'eu-west-1', 'EventName', 'AssumeRole')).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1' +
        '#/events?EventName=AssumeRole',
    );
    expect(regionNote(aws, 'eu-west-1')).toContain('us-east-1');
  });

  it('quotes what the shell would read, and names the Region', () => {
    const command = lookupEventsCommand('eu-west-1', 'AssumeRole', "it's$(x)");
    expect(command).toContain('--region eu-west-1');
    expect(command).toContain("contains(CloudTrailEvent, 'its(x)')");
  });

  it('keeps every event of the name when there is nothing to search for', () => {
    for (const term of ['', "'$`"]) {
      expect(lookupEventsCommand('eu-west-1', 'ListAccounts', term)).toContain(
        '--query "Events[].CloudTrailEvent"',
      );
    }
  });
});

describe('explain and diagnose agree', () => {
  it('both send a refused cross-account AssumeRole to the caller account only', async () => {
    const { explainText } = await import('./access/index.js');
    const { diagnose } = await import('./diagnose/index.js');
    const role = `arn:aws:iam::${ROLE}:role/Target`;
    const user = `arn:aws:iam::${CALLER}:user/alice`;
    const [item] = explainText(
      `User: ${user} is not authorized to perform: sts:AssumeRole on resource: ${role}`,
    );
    const explainWords = item?.explanation.steps.join(' ') ?? '';
    const diagnosis = diagnose({ roleArn: role, caller: user });
    const diagnoseWords = diagnosis.cloudTrail?.notes.join(' ') ?? '';
    for (const words of [explainWords, diagnoseWords]) {
      expect(words).toMatch(/caller's account \(111122223333\)/);
      expect(words).not.toMatch(/may be missing/);
    }
    expect(explainWords).toContain(
      `CloudTrail does not record a refused cross-account AssumeRole in the role's account ` +
        `(${ROLE})`,
    );
    expect(diagnoseWords).toContain(
      `The role's account (${ROLE}) also records the call when it succeeds (with the same ` +
        'sharedEventID), never when STS refuses it.',
    );
    expect(explainWords).not.toMatch(/CloudTrail of account 444455556666/);
  });
});
