import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mayContainAccessError } from './detect.js';
import { parseAccessErrors } from './parse.js';

const corpus = JSON.parse(
  readFileSync(new URL('../../../../shared/corpus/access-denied.json', import.meta.url), 'utf8'),
) as Array<{ id: string; text: string }>;

// Text that console pages show when nothing is wrong.
const ORDINARY = [
  'Roles (42) Info An IAM role is an identity you can create that has specific permissions ' +
    'with credentials that are valid for short durations. Create role Delete',
  'Permissions policies (3) Info You can attach up to 10 managed policies. Add permissions',
  'Trust relationships Trusted entities Entities that can assume this role under specified ' +
    'conditions. Edit trust policy',
  'Instances (2) Info Instance state Running Stopped Launch instances Connect Actions',
  'Amazon S3 > Buckets General purpose buckets Objects Properties Permissions Metrics ' +
    'Management Access Points',
  'Switch Role Account Role Display Name Display Color Switch Role Cancel',
  'CloudTrail Event history Lookup attributes Read-only Event name Event time User name',
  'Sign in as IAM user Account ID (12 digits) or account alias IAM user name Password',
  'Bucket policy The bucket policy, written in JSON, provides access to the objects stored in ' +
    "the bucket. Bucket policies don't apply to objects owned by other accounts.",
];

describe('mayContainAccessError', () => {
  it('is true for every text of the access-denied collection', () => {
    const missed = corpus.filter((entry) => !mayContainAccessError(entry.text));
    expect(missed.map((entry) => entry.id)).toEqual([]);
  });

  it('is false for ordinary console text', () => {
    for (const text of ORDINARY) expect(mayContainAccessError(text)).toBe(false);
  });

  it('never drops text the parser would explain', () => {
    for (const text of ORDINARY) expect(parseAccessErrors(text)).toEqual([]);
  });

  it('stays small enough to bundle into every console page', () => {
    const source = readFileSync(new URL('./detect.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import /m);
    const pattern = /new RegExp\(|\/[^\n]+\/i/.exec(source);
    expect(pattern).not.toBeNull();
    const code = source.replace(/^\s*\/\/.*$/gm, '').replace(/\s+/g, ' ');
    expect(code.length).toBeLessThan(800);
  });
});
