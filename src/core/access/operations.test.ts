import { describe, expect, it } from 'vitest';
import { actionsForOperation, serviceOfOperation } from './operations.js';

describe('operations', () => {
  it('maps operations whose IAM action has another name', () => {
    expect(actionsForOperation('ListObjectsV2')).toEqual(['s3:ListBucket']);
    expect(actionsForOperation('HeadObject')).toEqual(['s3:GetObject']);
    expect(actionsForOperation('GetObjectLockConfiguration')).toEqual([
      's3:GetBucketObjectLockConfiguration',
    ]);
    expect(actionsForOperation('ConverseStream')).toEqual([
      'bedrock:InvokeModelWithResponseStream',
    ]);
    expect(actionsForOperation('Invoke')).toEqual(['lambda:InvokeFunction']);
    expect(actionsForOperation('CopyObject')).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('maps same-named operations to their service', () => {
    expect(actionsForOperation('AssumeRole')).toEqual(['sts:AssumeRole']);
    expect(actionsForOperation('GetObject')).toEqual(['s3:GetObject']);
    expect(serviceOfOperation('CreateRole')).toBe('iam');
    expect(serviceOfOperation('RunInstances')).toBe('ec2');
  });

  it('says nothing about names shared by several services unless the service is known', () => {
    expect(serviceOfOperation('GetPolicy')).toBeNull();
    expect(actionsForOperation('GetPolicy')).toEqual([]);
    expect(actionsForOperation('GetPolicy', 'lambda')).toEqual(['lambda:GetPolicy']);
  });

  it('follows the same-name convention for unknown operations of a known service only', () => {
    expect(actionsForOperation('DescribeWidgets', 'ec2')).toEqual(['ec2:DescribeWidgets']);
    expect(actionsForOperation('DescribeWidgets')).toEqual([]);
    expect(actionsForOperation('not an operation', 'ec2')).toEqual([]);
  });

  it('knows that GetCallerIdentity needs no permission', () => {
    expect(actionsForOperation('GetCallerIdentity')).toEqual([]);
    expect(serviceOfOperation('GetCallerIdentity')).toBe('sts');
  });
});
