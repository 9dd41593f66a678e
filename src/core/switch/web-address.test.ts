import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWebAddress, parseWebAddress, queryParam } from './web-address.js';

describe('parseWebAddress', () => {
  it('splits an https address into its parts', () => {
    const address = parseWebAddress(
      'https://US-East-1.Console.AWS.amazon.com./iam/home?region=eu-west-1#/roles/details/R?x=1',
    );
    expect(address).toEqual({
      hostname: 'us-east-1.console.aws.amazon.com',
      pathname: '/iam/home',
      search: '?region=eu-west-1',
      hash: '#/roles/details/R?x=1',
    });
    expect(parseWebAddress('https://console.aws.amazon.com')).toMatchObject({ pathname: '/' });
    expect(parseWebAddress('https://console.aws.amazon.com:443/x')?.hostname).toBe(
      'console.aws.amazon.com',
    );
  });

  it('refuses what could mislead about the host', () => {
    for (const text of [
      'http://console.aws.amazon.com/',
      'https://user@console.aws.amazon.com/',
      'https://console.aws.amazon.com:8443/',
      'https://console.aws.amazon.com\\@evil.example/',
      'https://[::1]/',
      'https://exa mple.com/',
      'https://ex_ample.com/',
      'javascript:alert(1)',
      '',
    ]) {
      expect(parseWebAddress(text), text).toBeNull();
    }
  });

  it('writes back what it read', () => {
    const text = 'https://console.aws.amazon.com/s3/home?region=us-east-1&a=%20b#c';
    const address = parseWebAddress(text);
    expect(address && formatWebAddress(address)).toBe(text);
  });

  it('reads query parameters, form-decoded', () => {
    expect(queryParam('?region=eu-west-1&region=x', 'region')).toBe('eu-west-1');
    expect(queryParam('a=1+2&b=%2Fc', 'a')).toBe('1 2');
    expect(queryParam('a=1&b=%2Fc', 'b')).toBe('/c');
    expect(queryParam('flag', 'flag')).toBe('');
    expect(queryParam('a=%E0%A4%A', 'a')).toBeNull();
    expect(queryParam('', 'a')).toBeNull();
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        parseWebAddress(text);
        parseWebAddress(`https://${text}`);
        queryParam(text, 'region');
      }),
    );
  });
});
