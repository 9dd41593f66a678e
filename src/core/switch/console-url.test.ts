import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionById } from '../partitions.js';
import { parseConsoleUrl, rewriteRedirect, roleRouteFromHash } from './console-url.js';

function location(url: string) {
  const parsed = parseConsoleUrl(url);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.location;
}

function partition(id: string) {
  const found = partitionById(id);
  if (!found) throw new Error(id);
  return found;
}

describe('roleRouteFromHash: every IAM role address form', () => {
  it('reads the current form with its tab', () => {
    expect(roleRouteFromHash('#/roles/details/Deploy?section=trust_relationships')).toEqual({
      roleName: 'Deploy',
      section: 'trust_relationships',
      subpage: null,
      form: 'details',
    });
  });

  it('reads the form without the leading slash and the legacy form', () => {
    expect(roleRouteFromHash('#roles/details/Deploy')).toMatchObject({
      roleName: 'Deploy',
      form: 'details-no-slash',
    });
    expect(roleRouteFromHash('#/roles/Deploy?section=permissions')).toMatchObject({
      roleName: 'Deploy',
      section: 'permissions',
      form: 'legacy',
    });
  });

  it('keeps what follows the role name and decodes encoded names', () => {
    expect(
      roleRouteFromHash('#/roles/details/Ops%2BAdmin/editPolicy/Inline?step=addPermissions'),
    ).toMatchObject({ roleName: 'Ops+Admin', subpage: 'editPolicy/Inline', section: null });
  });

  it('gives null for pages that show no role', () => {
    for (const hash of ['', '#/roles', '#/roles/', '#/roles/create', '#/users/details/bob']) {
      expect(roleRouteFromHash(hash)).toBeNull();
    }
    // A role may be called "create"; only the legacy form is ambiguous.
    expect(roleRouteFromHash('#/roles/details/create')?.roleName).toBe('create');
  });

  it('refuses names IAM would refuse and bad escapes instead of throwing', () => {
    expect(roleRouteFromHash('#/roles/details/%E0%A4%A')).toBeNull();
    expect(roleRouteFromHash('#/roles/details/<script>')).toBeNull();
    expect(roleRouteFromHash(`#/roles/details/${'a'.repeat(65)}`)).toBeNull();
    expect(roleRouteFromHash('#/roles/details/x?section=<b>')?.section).toBeNull();
  });
});

describe('parseConsoleUrl', () => {
  it('takes the working region from region= over the host (IAM lives anywhere)', () => {
    const page = location(
      'https://us-east-1.console.aws.amazon.com/iam/home?region=ap-southeast-2' +
        '#/roles/details/X?section=trust_relationships',
    );
    expect(page).toMatchObject({
      partition: 'aws',
      hostRegion: 'us-east-1',
      region: 'ap-southeast-2',
      regionSource: 'query',
      globalHost: false,
      service: 'iam',
      servicePath: '/iam/home',
      role: { roleName: 'X', section: 'trust_relationships', form: 'details' },
    });
  });

  it('reads global hosts, iamv2 and the legacy route', () => {
    expect(location('https://console.aws.amazon.com/iamv2/home#/roles/details/N')).toMatchObject({
      globalHost: true,
      region: null,
      regionSource: null,
      service: 'iamv2',
      role: { roleName: 'N' },
    });
    expect(location('https://console.aws.amazon.com/iam/home?#/roles/Old').role).toMatchObject({
      roleName: 'Old',
      form: 'legacy',
    });
  });

  it('reads each partition and the sovereign cloud', () => {
    expect(location('https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home')).toMatchObject({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      regionSource: 'host',
      role: null,
    });
    expect(location('https://console.amazonaws.cn/console/home?region=cn-northwest-1').region).toBe(
      'cn-northwest-1',
    );
    expect(
      location('https://eusc-de-east-1.console.amazonaws-eusc.eu/iam/home#/roles/details/R'),
    ).toMatchObject({ partition: 'aws-eusc', region: 'eusc-de-east-1', role: { roleName: 'R' } });
  });

  it('reads multi-session hosts and keeps their differentiator apart', () => {
    expect(
      location('https://111122223333-abcd1234.us-east-1.console.aws.amazon.com/console/home'),
    ).toMatchObject({
      sessionDifferentiator: '111122223333-abcd1234',
      hostRegion: 'us-east-1',
      region: 'us-east-1',
    });
  });

  it('ignores a region= that belongs to another partition', () => {
    const page = location('https://us-gov-east-1.console.amazonaws-us-gov.com/x?region=eu-west-1');
    expect(page.region).toBe('us-gov-east-1');
    expect(page.regionSource).toBe('host');
  });

  it('refuses what is not a console page, saying what it is', () => {
    const cases: Array<[string, RegExp]> = [
      ['not a url', /not a console address/],
      ['http://console.aws.amazon.com/', /not a console address/],
      ['https://console.aws.amazon.com.evil.example/', /not an AWS console host/],
      ['https://console.aws.amazon.com@evil.example/', /not a console address/],
      ['https://signin.aws.amazon.com/switchrole', /sign-in host/],
      ['https://us-iso-east-1.signin.c2shome.ic.gov/', /ISO/],
    ];
    for (const [url, message] of cases) {
      const parsed = parseConsoleUrl(url);
      expect(parsed.ok, url).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(message);
    }
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        parseConsoleUrl(`https://console.aws.amazon.com/iam/home#/roles/details/${text}`);
        parseConsoleUrl(text);
        roleRouteFromHash(text);
      }),
    );
  });
});

describe('rewriteRedirect', () => {
  const aws = partition('aws');

  it('moves a regional page to the new region, host and query alike', () => {
    const moved = rewriteRedirect(
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
      aws,
      'us-west-2',
    );
    expect(moved).toEqual({
      ok: true,
      url: 'https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#Instances:',
      warnings: [],
    });
  });

  it('keeps a global host and only changes its region= (S3 and IAM pages)', () => {
    const s3 = rewriteRedirect(
      'https://s3.console.aws.amazon.com/s3/buckets?region=us-east-1&bucketType=general',
      aws,
      'eu-central-1',
    );
    expect(s3.ok && s3.url).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets?region=eu-central-1&bucketType=general',
    );
    const iam = rewriteRedirect(
      'https://console.aws.amazon.com/iam/home#/roles/details/X',
      aws,
      'eu-central-1',
    );
    expect(iam.ok && iam.url).toBe('https://console.aws.amazon.com/iam/home#/roles/details/X');
  });

  it('keeps other parameters byte for byte', () => {
    const moved = rewriteRedirect(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1&q=a%20b+c',
      aws,
      'eu-west-1',
    );
    expect(moved.ok && moved.url).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1&q=a%20b+c',
    );
  });

  it('drops the multi-session prefix: the new session gets its own', () => {
    const moved = rewriteRedirect(
      'https://111122223333-abcd1234.us-east-1.console.aws.amazon.com' +
        '/console/home?region=us-east-1',
      aws,
    );
    expect(moved.ok && moved.url).toBe(
      'https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1',
    );
  });

  it('lands on the target partition console home when the page is in another one', () => {
    const moved = rewriteRedirect(
      'https://us-east-1.console.aws.amazon.com/ec2/home',
      partition('aws-cn'),
      'cn-north-1',
    );
    expect(moved).toMatchObject({
      ok: true,
      url: 'https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1',
    });
    expect(moved.ok && moved.warnings[0]).toMatch(/aws-cn/);
  });
});
