import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { partitionById } from '../partitions.js';
import { checkSigninEndpoint, checkStsEndpoint, parseStsHost } from './endpoints.js';
import { resolveStsTarget } from './sts.js';

const aws = partitionById('aws');
const gov = partitionById('aws-us-gov');
const cn = partitionById('aws-cn');
const eusc = partitionById('aws-eusc');
if (!aws || !gov || !cn || !eusc) throw new Error('partition table changed');

describe('STS endpoint overrides', () => {
  test('the STS hosts of the partition pass, with the region they serve', () => {
    const cases: Array<[string, typeof aws, string, string]> = [
      [
        'https://sts.eu-west-1.amazonaws.com',
        aws,
        'https://sts.eu-west-1.amazonaws.com',
        'eu-west-1',
      ],
      ['https://sts.amazonaws.com/', aws, 'https://sts.amazonaws.com', 'us-east-1'],
      [
        'https://sts-fips.us-east-2.amazonaws.com:443',
        aws,
        'https://sts-fips.us-east-2.amazonaws.com',
        'us-east-2',
      ],
      [
        'https://vpce-0123456789abcdef0-abcdefgh.sts.us-east-1.vpce.amazonaws.com',
        aws,
        'https://vpce-0123456789abcdef0-abcdefgh.sts.us-east-1.vpce.amazonaws.com',
        'us-east-1',
      ],
      [
        'https://vpce-0123456789abcdef0-abcdefgh-us-east-1a.sts.us-east-1.vpce.amazonaws.com',
        aws,
        'https://vpce-0123456789abcdef0-abcdefgh-us-east-1a.sts.us-east-1.vpce.amazonaws.com',
        'us-east-1',
      ],
      [
        'https://sts.us-gov-west-1.amazonaws.com',
        gov,
        'https://sts.us-gov-west-1.amazonaws.com',
        'us-gov-west-1',
      ],
      [
        'https://STS.CN-NORTHWEST-1.amazonaws.com.cn',
        cn,
        'https://sts.cn-northwest-1.amazonaws.com.cn',
        'cn-northwest-1',
      ],
      [
        'https://vpce-0a1b2c3d-x1y2z3w4.sts.cn-north-1.vpce.amazonaws.com.cn',
        cn,
        'https://vpce-0a1b2c3d-x1y2z3w4.sts.cn-north-1.vpce.amazonaws.com.cn',
        'cn-north-1',
      ],
      [
        'https://sts.eusc-de-east-1.amazonaws-eusc.eu',
        eusc,
        'https://sts.eusc-de-east-1.amazonaws-eusc.eu',
        'eusc-de-east-1',
      ],
    ];
    for (const [url, partition, normalised, region] of cases) {
      expect(checkStsEndpoint(url, partition), url).toEqual({
        ok: true,
        url: normalised,
        partition,
        region,
        loopback: false,
      });
    }
  });

  test('loopback passes over http, for tests and local proxies', () => {
    for (const url of ['http://127.0.0.1:4566', 'http://localhost:8080/', 'http://[::1]:9/sts']) {
      expect(checkStsEndpoint(url, aws)).toMatchObject({ ok: true, loopback: true });
    }
  });

  test('anything else is refused with the reason', () => {
    const refused: Array<[string, RegExp]> = [
      ['http://sts.us-east-1.amazonaws.com', /over https/],
      ['https://evil.example', /not an AWS STS host/],
      ['https://sts.us-east-1.amazonaws.com.evil.example', /not an AWS STS host/],
      ['https://sts.us-east-1.amazonaws.com@evil.example', /not a plain http\(s\) URL/],
      ['https://user@sts.us-east-1.amazonaws.com', /not a plain http\(s\) URL/],
      ['https://sts.us-east-1.amazonaws.com/?x=1', /not a plain http\(s\) URL/],
      ['https://sts.us-east-1.amazonaws.com:8443', /port 443/],
      ['https://sts.us-east-1.amazonaws.com/steal', /no path/],
      ['https://s3.us-east-1.amazonaws.com', /not an AWS STS host/],
      ['https://sts.mars-1.amazonaws.com', /not an AWS STS host/],
      [
        'https://sts.us-gov-west-1.amazonaws.com',
        /AWS GovCloud \(US\) \(aws-us-gov\), but the credentials are for AWS commercial/,
      ],
      ['https://sts.cn-north-1.amazonaws.com.cn', /aws-cn\), but the credentials are for/],
      ['https://vpce-1-2.sts.us-east-1.vpce.amazonaws.com.evil.example', /not an AWS STS host/],
      ['http://127.0.0.1.evil.example', /not an AWS STS host/],
      ['http://127.0.0.2', /not an AWS STS host/],
      ['ftp://127.0.0.1', /not a plain http\(s\) URL/],
      ['javascript:alert(1)', /not a plain http\(s\) URL/],
    ];
    for (const [url, reason] of refused) {
      const checked = checkStsEndpoint(url, aws);
      expect(checked.ok, url).toBe(false);
      if (!checked.ok) {
        expect(checked.error, url).toMatch(reason);
        expect(checked.error).toMatch(/https STS hosts of AWS in the credentials' partition/);
      }
    }
  });

  test('resolveStsTarget refuses before any call and signs for the host region', () => {
    expect(resolveStsTarget({ endpoint: 'https://evil.example', region: 'eu-west-1' })).toEqual({
      error: expect.stringMatching(/is refused: the host is not an AWS STS host/),
    });
    expect(
      resolveStsTarget({
        endpoint: 'https://sts.cn-north-1.amazonaws.com.cn',
        region: 'eu-west-1',
      }),
    ).toHaveProperty('error');
    expect(
      resolveStsTarget({ endpoint: 'https://sts.eu-central-1.amazonaws.com', region: 'eu-west-1' }),
    ).toMatchObject({ region: 'eu-central-1', endpoint: 'https://sts.eu-central-1.amazonaws.com' });
    // No region and no partition: the host decides.
    expect(resolveStsTarget({ endpoint: 'https://sts.us-gov-east-1.amazonaws.com' })).toMatchObject(
      { partition: gov, region: 'us-gov-east-1' },
    );
    expect(
      resolveStsTarget({ endpoint: 'http://127.0.0.1:1', region: 'cn-north-1' }),
    ).toMatchObject({ partition: cn, region: 'cn-north-1', endpoint: 'http://127.0.0.1:1' });
  });

  test('parseStsHost stays linear and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (host) => {
        parseStsHost(host);
        checkStsEndpoint(host);
        checkSigninEndpoint(host);
      }),
    );
    const started = performance.now();
    checkStsEndpoint(`https://${'a.'.repeat(120)}${'-'.repeat(5000)}`);
    checkSigninEndpoint(`http://127.0.0.1/${'/'.repeat(50_000)}x`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('sign-in endpoint overrides', () => {
  test('sign-in hosts of the partition pass and end in /federation', () => {
    expect(checkSigninEndpoint('https://signin.aws.amazon.com', aws)).toEqual({
      ok: true,
      url: 'https://signin.aws.amazon.com/federation',
      partition: aws,
      loopback: false,
    });
    expect(checkSigninEndpoint('https://eu-west-1.signin.aws.amazon.com/federation', aws)).toEqual({
      ok: true,
      url: 'https://eu-west-1.signin.aws.amazon.com/federation',
      partition: aws,
      region: 'eu-west-1',
      loopback: false,
    });
    expect(checkSigninEndpoint('https://signin.amazonaws-us-gov.com/', gov)).toMatchObject({
      ok: true,
      url: 'https://signin.amazonaws-us-gov.com/federation',
    });
    expect(checkSigninEndpoint('http://127.0.0.1:47123/anything', aws)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:47123/anything/federation',
      loopback: true,
    });
  });

  test('other hosts, plain http and other partitions are refused', () => {
    const refused: Array<[string, RegExp]> = [
      ['http://signin.aws.amazon.com/federation', /over https/],
      ['https://evil.example/federation', /not an AWS sign-in host/],
      ['https://console.aws.amazon.com/federation', /not an AWS sign-in host/],
      ['https://signin.aws.amazon.com.evil.example', /not an AWS sign-in host/],
      ['https://signin.aws.amazon.com/oauth', /path \/federation/],
      ['https://signin.amazonaws.cn/federation', /aws-cn\), but the credentials are for/],
      ['http://192.168.1.10:8080', /not an AWS sign-in host/],
    ];
    for (const [url, reason] of refused) {
      const checked = checkSigninEndpoint(url, aws);
      expect(checked.ok, url).toBe(false);
      if (!checked.ok) expect(checked.error, url).toMatch(reason);
    }
  });
});
