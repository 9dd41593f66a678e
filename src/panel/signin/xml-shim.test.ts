import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { installXmlShim, ShimDOMParser, ShimElement } from './xml-shim.js';

// The STS client's browser build parses answers with DOMParser; in the service worker that is
// this shim. These tests run the client's own browser parser on top of the shim and compare it
// with the client's Node parser, on the documents STS sends.

type Parse = (xml: string) => unknown;
let browserParse: Parse;
let nodeParse: Parse;
const scope = globalThis as Record<string, unknown>;

/** The shim is global only while the client parses: the test runner has its own use of Node. */
function withShim<T>(run: () => T): T {
  const saved = { DOMParser: scope.DOMParser, Node: scope.Node };
  delete scope.DOMParser;
  delete scope.Node;
  installXmlShim();
  try {
    return run();
  } finally {
    scope.DOMParser = saved.DOMParser;
    scope.Node = saved.Node;
    if (saved.DOMParser === undefined) delete scope.DOMParser;
    if (saved.Node === undefined) delete scope.Node;
  }
}

beforeAll(async () => {
  // @ts-expect-error: a file of the STS client's XML package without its own type declaration
  const browser = (await import('@aws-sdk/xml-builder/dist-es/xml-parser.browser.js')).parseXML;
  browserParse = (xml) => withShim(() => (browser as Parse)(xml));
  nodeParse = (await import('@aws-sdk/xml-builder')).parseXML as Parse;
});

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const DOCUMENTS = {
  callerIdentity:
    `<GetCallerIdentityResponse xmlns="${NS}">\n  <GetCallerIdentityResult>\n` +
    '    <Arn>arn:aws:sts::111122223333:assumed-role/ReadOnly/alice</Arn>\n' +
    '    <UserId>AROAEXAMPLE:alice</UserId>\n    <Account>111122223333</Account>\n' +
    '  </GetCallerIdentityResult>\n  <ResponseMetadata>\n' +
    '    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n' +
    '  </ResponseMetadata>\n</GetCallerIdentityResponse>\n',
  assumeRole:
    `<?xml version="1.0" encoding="UTF-8"?>\n<AssumeRoleResponse xmlns="${NS}">` +
    '<AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId>' +
    '<Arn>arn:aws:sts::111122223333:assumed-role/R/s</Arn></AssumedRoleUser>' +
    '<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>' +
    '<SecretAccessKey>a/b+c=</SecretAccessKey><SessionToken>tok+en/==</SessionToken>' +
    '<Expiration>2026-01-01T00:00:00Z</Expiration></Credentials>' +
    '<PackedPolicySize>0</PackedPolicySize></AssumeRoleResult>' +
    '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>',
  error:
    `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>Sender</Type>\n` +
    '    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:iam::1:user/a is not ' +
    'authorized to perform: sts:AssumeRole on resource: &quot;x&quot; &amp; &lt;y&gt; ' +
    '&#233;&#x263A;</Message>\n  </Error>\n  <RequestId>r</RequestId>\n</ErrorResponse>\n',
  decoded:
    `<DecodeAuthorizationMessageResponse xmlns="${NS}"><DecodeAuthorizationMessageResult>` +
    '<DecodedMessage>{&quot;allowed&quot;:false,&quot;context&quot;:{&quot;action&quot;:' +
    '&quot;ec2:RunInstances&quot;}}</DecodedMessage></DecodeAuthorizationMessageResult>' +
    '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>' +
    '</DecodeAuthorizationMessageResponse>',
  emptyAndComment:
    '<!-- a comment --><Root a="1" b=\'two\'><Empty/><Empty></Empty>' +
    '<Data><![CDATA[<raw> & text]]></Data></Root>',
};

describe('the STS client reads STS documents through the shim as it does in Node', () => {
  for (const [name, xml] of Object.entries(DOCUMENTS)) {
    test(name, () => {
      expect(browserParse(xml)).toEqual(nodeParse(xml));
    });
  }

  test('entities and character references are decoded', () => {
    const parsed = browserParse(DOCUMENTS.error) as {
      ErrorResponse: { Error: { Message: string } };
    };
    expect(parsed.ErrorResponse.Error.Message).toContain('"x" & <y> é☺');
  });
});

describe('malformed and hostile documents', () => {
  const parser = new ShimDOMParser();
  const failed = (xml: string) =>
    parser.parseFromString(xml, 'application/xml').getElementsByTagName('parsererror').length > 0;

  test.each([
    ['', 'empty'],
    ['<a>', 'unclosed'],
    ['<a></b>', 'mismatched'],
    ['<a/><b/>', 'two roots'],
    ['text<a/>', 'text outside the root'],
    ['<a>&unknown;</a>', 'unknown entity'],
    ['<a>&amp</a>', 'entity without ;'],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 'document type declaration'],
    ['<a b=c/>', 'unquoted attribute'],
    ['<a b="<"/>', '< in an attribute'],
    ['<a><!-- never closed</a>', 'unclosed comment'],
    [`${'<a>'.repeat(300)}${'</a>'.repeat(300)}`, 'too deep'],
  ])('%s is a parse error (%s)', (xml) => {
    expect(failed(xml)).toBe(true);
  });

  test('the STS client refuses a malformed answer rather than reading half of it', () => {
    expect(() => browserParse('<a><b>')).toThrow('DOMParser XML parsing error');
  });

  test('never throws, on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(parser.parseFromString(text).documentElement).toBeInstanceOf(ShimElement);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('<a>', '</a>', '<b x="1"/>', '&amp;', 'text', '<!--', '-->'), {
          maxLength: 60,
        }),
        (parts) => {
          expect(parser.parseFromString(parts.join('')).documentElement).toBeInstanceOf(
            ShimElement,
          );
        },
      ),
    );
  });

  test('linear time on large hostile input', () => {
    const cases = [
      `<a>${'&amp;'.repeat(200_000)}</a>`,
      `<a>${'<b c="d"/>'.repeat(100_000)}</a>`,
      '<'.repeat(1_000_000),
      `<a ${'b="c" '.repeat(100_000)}/>`,
      `<a>${'<!-- -->'.repeat(100_000)}</a>`,
    ];
    for (const xml of cases) {
      const started = performance.now();
      parser.parseFromString(xml);
      expect(performance.now() - started).toBeLessThan(1500);
    }
  });
});
