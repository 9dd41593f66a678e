import { describe, expect, it } from 'vitest';
import {
  consoleHost,
  parseAwsHost,
  partitionById,
  partitionOfRegion,
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
});
