import { describe, expect, it } from 'vitest';
import {
  checkRegion,
  consoleHost,
  isHomeRegion,
  isIsoHost,
  lookupPartition,
  lookupRegion,
  nearestKnownRegions,
  PARTITION_IDS,
  PARTITIONS,
  parseAwsHost,
  partitionById,
  partitionOfArn,
  partitionOfRegion,
  regionalConsoleHost,
  regionalSigninHost,
  signinHost,
  stsHost,
} from './partitions.js';

describe('partitions', () => {
  it('maps regions to partitions and refuses ISO regions with a reason', () => {
    expect(partitionOfRegion('eu-west-1')?.id).toBe('aws');
    expect(partitionOfRegion('us-gov-east-1')?.id).toBe('aws-us-gov');
    expect(partitionOfRegion('cn-northwest-1')?.id).toBe('aws-cn');
    expect(partitionOfRegion('eusc-de-east-1')?.id).toBe('aws-eusc');
    expect(partitionOfRegion('mars-1')).toBeUndefined();
    expect(() => partitionOfRegion('us-iso-east-1')).toThrow(/isolated/);
    expect(() => partitionById('aws-iso-b')).toThrow(/not public/);
  });

  it('drops the region prefix only for the home region', () => {
    const aws = partitionById('aws');
    const gov = partitionById('aws-us-gov');
    const eusc = partitionById('aws-eusc');
    if (!aws || !gov || !eusc) throw new Error('partition table incomplete');
    expect(signinHost(aws, 'us-east-1')).toBe('signin.aws.amazon.com');
    expect(signinHost(aws, 'eu-west-1')).toBe('eu-west-1.signin.aws.amazon.com');
    expect(signinHost(gov, 'us-gov-west-1')).toBe('signin.amazonaws-us-gov.com');
    expect(consoleHost(aws)).toBe('console.aws.amazon.com');
    expect(consoleHost(eusc)).toBe('eusc-de-east-1.console.amazonaws-eusc.eu');
    expect(stsHost(partitionById('aws-cn') ?? aws, 'cn-north-1')).toBe(
      'sts.cn-north-1.amazonaws.com.cn',
    );
  });

  it('recognises console, multi-session and sign-in hosts and nothing else', () => {
    expect(parseAwsHost('us-east-1.console.aws.amazon.com')).toMatchObject({
      kind: 'console',
      region: 'us-east-1',
    });
    expect(parseAwsHost('111122223333-abcd1234.us-east-1.console.aws.amazon.com')).toMatchObject({
      sessionDifferentiator: '111122223333-abcd1234',
    });
    expect(parseAwsHost('signin.amazonaws.cn')?.partition.id).toBe('aws-cn');
    expect(parseAwsHost('console.aws.amazon.com.evil.example')).toBeUndefined();
    expect(parseAwsHost('evil.us-east-1.console.aws.amazon.com')).toBeUndefined();
    expect(parseAwsHost('aws.amazon.com')).toBeUndefined();
  });

  it('has the hosts of every partition, global and regional', () => {
    const rows = PARTITIONS.map((p) => [
      p.id,
      consoleHost(p),
      signinHost(p),
      signinHost(p, p.homeRegion),
      regionalSigninHost(p, p.homeRegion),
      regionalConsoleHost(p, p.homeRegion),
    ]);
    expect(rows).toEqual([
      [
        'aws',
        'console.aws.amazon.com',
        'signin.aws.amazon.com',
        'signin.aws.amazon.com',
        'us-east-1.signin.aws.amazon.com',
        'us-east-1.console.aws.amazon.com',
      ],
      [
        'aws-us-gov',
        'console.amazonaws-us-gov.com',
        'signin.amazonaws-us-gov.com',
        'signin.amazonaws-us-gov.com',
        'us-gov-west-1.signin.amazonaws-us-gov.com',
        'us-gov-west-1.console.amazonaws-us-gov.com',
      ],
      [
        'aws-cn',
        'console.amazonaws.cn',
        'signin.amazonaws.cn',
        'signin.amazonaws.cn',
        'cn-north-1.signin.amazonaws.cn',
        'cn-north-1.console.amazonaws.cn',
      ],
      [
        'aws-eusc',
        'eusc-de-east-1.console.amazonaws-eusc.eu',
        'eusc-de-east-1.signin.amazonaws-eusc.eu',
        'eusc-de-east-1.signin.amazonaws-eusc.eu',
        'eusc-de-east-1.signin.amazonaws-eusc.eu',
        'eusc-de-east-1.console.amazonaws-eusc.eu',
      ],
    ]);
    expect(PARTITION_IDS).toEqual(['aws', 'aws-us-gov', 'aws-cn', 'aws-eusc']);
  });

  it('names the home regions and prefixes every other region', () => {
    const homes = PARTITIONS.filter((p) => p.hasGlobalHosts).map((p) => p.homeRegion);
    expect(homes).toEqual(['us-east-1', 'us-gov-west-1', 'cn-north-1']);
    const gov = partitionById('aws-us-gov');
    const cn = partitionById('aws-cn');
    if (!gov || !cn) throw new Error('partition table incomplete');
    expect(isHomeRegion(gov, 'us-gov-west-1')).toBe(true);
    expect(isHomeRegion(gov, 'us-gov-east-1')).toBe(false);
    expect(signinHost(gov, 'us-gov-east-1')).toBe('us-gov-east-1.signin.amazonaws-us-gov.com');
    expect(consoleHost(cn, 'cn-northwest-1')).toBe('cn-northwest-1.console.amazonaws.cn');
  });

  it('looks partitions and regions up without throwing, with reasons', () => {
    expect(lookupPartition('aws-cn')).toMatchObject({ ok: true, partition: { id: 'aws-cn' } });
    expect(lookupPartition('aws-iso-f')).toMatchObject({ ok: false, error: /isolated/ });
    expect(lookupPartition('azure')).toMatchObject({ ok: false, error: /aws, aws-us-gov/ });
    expect(lookupRegion('eusc-de-east-1')).toMatchObject({ ok: true });
    expect(lookupRegion('us-isof-south-1')).toMatchObject({ ok: false, error: /isolated/ });
    expect(lookupRegion('moon-1')).toMatchObject({ ok: false, error: /not an AWS region/ });
    expect(partitionOfArn('arn:aws-us-gov:iam::123456789012:role/R')?.id).toBe('aws-us-gov');
    expect(() => partitionOfArn('arn:aws-iso:iam::123456789012:role/R')).toThrow(/isolated/);
  });

  it('recognises the global-service console host of S3 and the ISO sign-in hosts', () => {
    expect(parseAwsHost('s3.console.aws.amazon.com')).toMatchObject({
      kind: 'console',
      region: null,
      serviceLabel: 's3',
    });
    expect(parseAwsHost('s3.signin.aws.amazon.com')).toBeUndefined();
    expect(parseAwsHost('us-gov-east-1.signin.amazonaws-us-gov.com')).toMatchObject({
      kind: 'signin',
      region: 'us-gov-east-1',
    });
    expect(parseAwsHost('signin.amazonaws-eusc.eu')).toBeUndefined();
    expect(isIsoHost('us-iso-east-1.signin.c2shome.ic.gov')).toBe(true);
    expect(isIsoHost('signin.aws.amazon.com')).toBe(false);
  });

  it('knows every home region, and each known region fits its own partition only', () => {
    for (const partition of PARTITIONS) {
      expect(partition.knownRegions).toContain(partition.homeRegion);
      for (const region of partition.knownRegions) {
        expect(partitionOfRegion(region)?.id, region).toBe(partition.id);
        expect(checkRegion(region)).toEqual({ ok: true, partition, region, warning: null });
      }
    }
  });

  it('refuses a region whose direction is misspelt, offering the known one', () => {
    const cases: Array<[string, string]> = [
      ['eu-wset-1', 'eu-west-1'],
      ['ap-southest-2', 'ap-southeast-2'],
      ['us-gov-wset-1', 'us-gov-west-1'],
      ['cn-nrothwest-1', 'cn-northwest-1'],
      ['eusc-de-eats-1', 'eusc-de-east-1'],
    ];
    for (const [typed, meant] of cases) {
      const checked = checkRegion(typed);
      expect(checked.ok, typed).toBe(false);
      if (checked.ok) continue;
      expect(checked.error).toContain(`"${typed}" is not an AWS region`);
      expect(checked.error).toMatch(new RegExp(`Did you mean ${meant}\\?$`));
    }
  });

  it('offers the known region for names that fit no partition', () => {
    expect(checkRegion('EU-WEST-1')).toMatchObject({
      ok: false,
      error: /Did you mean eu-west-1\?/,
    });
    expect(checkRegion('ue-west-1')).toMatchObject({
      ok: false,
      error: /Did you mean us-west-1 or eu-west-1\?/,
    });
    const far = checkRegion('moon-1');
    expect(far).toMatchObject({ ok: false, error: /not an AWS region name/ });
    expect(far.ok ? '' : far.error).not.toMatch(/Did you mean/);
  });

  it('warns about a well-formed region it does not know, since new regions appear', () => {
    const newer = checkRegion('eu-west-4');
    expect(newer).toMatchObject({ ok: true, region: 'eu-west-4', partition: { id: 'aws' } });
    expect(newer.ok && newer.warning).toMatch(
      /eu-west-4 is not among the regions of AWS commercial .* eu-west-1, eu-west-2, eu-west-3\.$/,
    );
    const gov = checkRegion(' us-gov-north-1 ');
    expect(gov).toMatchObject({
      ok: true,
      region: 'us-gov-north-1',
      partition: { id: 'aws-us-gov' },
    });
    expect(gov.ok && gov.warning).toMatch(/not among the regions of AWS GovCloud/);
  });

  it('finds the known regions a typo away, and none for far-off names', () => {
    expect(nearestKnownRegions('us-esat-2')).toEqual(['us-east-2']);
    expect(nearestKnownRegions('eu-west-1')).toEqual([]);
    expect(nearestKnownRegions('antarctica-1')).toEqual([]);
    expect(nearestKnownRegions('x'.repeat(500))).toEqual([]);
  });
});
