import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  classifyCredentials,
  credentialsFromEnvironment,
  federationNameFrom,
  isValidFederationName,
  parseCredentials,
  redactSecrets,
  roleSessionNameFor,
} from './credentials.js';

// Made-up values; the markers make any leak easy to find.
const KEY = 'ASIAQ7EXAMPLEKEY0001';
const SECRET = 'rdTestSecret/abc+DEF/0123456789abcdefghij';
const TOKEN = 'rdTestToken//FwoGZXIvYXdzEFAaDAbCdEf+ghIJ/klMnoPq==';
const EXPIRES = '2030-01-01T12:00:00Z';
const NOW = Date.parse('2029-12-31T12:00:00Z');

function expectNoSecret(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('rdTestSecret');
  expect(text).not.toContain('rdTestToken');
}

function expectParsed(text: string, format: string) {
  const result = parseCredentials(text, { now: NOW });
  if (!result.ok) throw new Error(`expected success for ${format}: ${result.error}`);
  expect(result.format).toBe(format);
  expect(result.credentials.accessKeyId).toBe(KEY);
  expect(result.credentials.secretAccessKey).toBe(SECRET);
  expect(result.credentials.sessionToken).toBe(TOKEN);
  return result;
}

describe('parseCredentials: every pasted shape', () => {
  test('bash/zsh export lines, unquoted, with expiry and region', () => {
    const result = expectParsed(
      `export AWS_ACCESS_KEY_ID=${KEY}\nexport AWS_SECRET_ACCESS_KEY=${SECRET}\n` +
        `export AWS_SESSION_TOKEN=${TOKEN}\nexport AWS_CREDENTIAL_EXPIRATION=${EXPIRES}\n` +
        'export AWS_REGION=eu-west-1\n',
      'shell-export',
    );
    expect(result.credentials.expiration).toBe('2030-01-01T12:00:00.000Z');
    expect(result.credentials.region).toBe('eu-west-1');
  });

  test('export lines with double and single quotes, comments and CRLF', () => {
    expectParsed(
      `# from the portal\r\nexport AWS_ACCESS_KEY_ID="${KEY}"\r\n` +
        `export AWS_SECRET_ACCESS_KEY='${SECRET}'\r\nexport AWS_SESSION_TOKEN="${TOKEN}"\r\n`,
      'shell-export',
    );
  });

  test('aws configure export-credentials --format env-no-export', () => {
    expectParsed(
      `AWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\nAWS_SESSION_TOKEN=${TOKEN}\n`,
      'shell-assignment',
    );
  });

  test('several assignments on one line separated by semicolons', () => {
    expectParsed(
      `export AWS_ACCESS_KEY_ID=${KEY};\nexport AWS_SECRET_ACCESS_KEY=${SECRET};\n` +
        `export AWS_SESSION_TOKEN=${TOKEN};`,
      'shell-export',
    );
  });

  test('fish set -x and set -gx', () => {
    expectParsed(
      `set -x AWS_ACCESS_KEY_ID ${KEY}\nset -gx AWS_SECRET_ACCESS_KEY "${SECRET}"\n` +
        `set --export AWS_SESSION_TOKEN '${TOKEN}'`,
      'fish',
    );
  });

  test('PowerShell $Env: assignments (export-credentials --format powershell)', () => {
    expectParsed(
      `$Env:AWS_ACCESS_KEY_ID="${KEY}"\n$env:AWS_SECRET_ACCESS_KEY = '${SECRET}'\n` +
        `$ENV:AWS_SESSION_TOKEN="${TOKEN}"`,
      'powershell',
    );
  });

  test('Windows cmd set lines, plain and quoted (export-credentials --format windows-cmd)', () => {
    expectParsed(
      `set AWS_ACCESS_KEY_ID=${KEY}\r\nset "AWS_SECRET_ACCESS_KEY=${SECRET}"\r\n` +
        `set AWS_SESSION_TOKEN=${TOKEN}`,
      'windows-cmd',
    );
  });

  test('aws sts assume-role JSON carries the role session ARN and origin', () => {
    const result = expectParsed(
      JSON.stringify({
        Credentials: {
          AccessKeyId: KEY,
          SecretAccessKey: SECRET,
          SessionToken: TOKEN,
          Expiration: '2030-01-01T12:00:00+00:00',
        },
        AssumedRoleUser: {
          AssumedRoleId: 'AROAEXAMPLE:me',
          Arn: 'arn:aws:sts::111122223333:assumed-role/Admin/me',
        },
      }),
      'sts-assume-role-json',
    );
    expect(result.ok && result.originHint).toBe('assume-role');
    expect(result.ok && result.arnHint).toBe('arn:aws:sts::111122223333:assumed-role/Admin/me');
  });

  test('aws sts get-session-token JSON is marked as session-token credentials', () => {
    const result = expectParsed(
      JSON.stringify({
        Credentials: { AccessKeyId: KEY, SecretAccessKey: SECRET, SessionToken: TOKEN },
      }),
      'sts-get-session-token-json',
    );
    expect(result.ok && result.originHint).toBe('session-token');
  });

  test('aws sts get-federation-token JSON is marked as a federation token', () => {
    const result = expectParsed(
      JSON.stringify({
        Credentials: { AccessKeyId: KEY, SecretAccessKey: SECRET, SessionToken: TOKEN },
        FederatedUser: {
          FederatedUserId: '111122223333:bob',
          Arn: 'arn:aws:sts::111122223333:federated-user/bob',
        },
        PackedPolicySize: 1,
      }),
      'sts-get-federation-token-json',
    );
    expect(result.ok && result.originHint).toBe('federation-token');
  });

  test('credential_process JSON (Version 1), which is also export-credentials default', () => {
    expectParsed(
      JSON.stringify({
        Version: 1,
        AccessKeyId: KEY,
        SecretAccessKey: SECRET,
        SessionToken: TOKEN,
        Expiration: EXPIRES,
      }),
      'credential-process-json',
    );
  });

  test('credential_process JSON with another Version is refused', () => {
    const result = parseCredentials(
      JSON.stringify({ Version: 2, AccessKeyId: KEY, SecretAccessKey: SECRET }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/Version/);
      expectNoSecret(result.error);
    }
  });

  test('IAM Identity Center get-role-credentials JSON (expiration in milliseconds)', () => {
    const result = parseCredentials(
      JSON.stringify({
        roleCredentials: {
          accessKeyId: KEY,
          secretAccessKey: SECRET,
          sessionToken: TOKEN,
          expiration: Date.parse(EXPIRES),
        },
      }),
      { now: NOW },
    );
    expect(result.ok && result.format).toBe('sso-role-credentials-json');
    expect(result.ok && result.credentials.expiration).toBe('2030-01-01T12:00:00.000Z');
  });

  test('credentials-file [profile] block, with legacy aws_security_token', () => {
    const result = expectParsed(
      `[dev]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n` +
        `aws_security_token = ${TOKEN}\nregion = us-gov-west-1\n`,
      'credentials-file',
    );
    expect(result.ok && result.profile).toBe('dev');
    expect(result.ok && result.credentials.region).toBe('us-gov-west-1');
  });

  test('credentials file with several profiles: default, a named one, or a clear refusal', () => {
    const file =
      `[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n` +
      `aws_session_token = ${TOKEN}\n\n[profile other]\n` +
      'aws_access_key_id = AKIAOTHEREXAMPLE0001\n' +
      'aws_secret_access_key = otherSecretValue0000000000000000000000000\n';
    const byDefault = parseCredentials(file);
    expect(byDefault.ok && byDefault.profile).toBe('default');
    const other = parseCredentials(file, { profile: 'other' });
    expect(other.ok && other.credentials.accessKeyId).toBe('AKIAOTHEREXAMPLE0001');
    const noDefault = parseCredentials(file.replace('[default]', '[first]'));
    expect(noDefault.ok).toBe(false);
    if (!noDefault.ok) {
      expect(noDefault.error).toContain('"first"');
      expectNoSecret(noDefault.error);
    }
    const missing = parseCredentials(file, { profile: 'nope' });
    expect(!missing.ok && missing.error).toContain('no profile "nope"');
  });

  test('long-term keys without a token are accepted', () => {
    const result = parseCredentials(
      `AWS_ACCESS_KEY_ID=AKIAQ7EXAMPLEKEY0002\nAWS_SECRET_ACCESS_KEY=${SECRET}`,
    );
    expect(result.ok && result.credentials.sessionToken).toBeUndefined();
  });

  test('the environment variables themselves', () => {
    const result = credentialsFromEnvironment(
      {
        AWS_ACCESS_KEY_ID: KEY,
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_SESSION_TOKEN: TOKEN,
        AWS_DEFAULT_REGION: 'cn-north-1',
      },
      { now: NOW },
    );
    expect(result?.ok && result.credentials.region).toBe('cn-north-1');
    expect(credentialsFromEnvironment({ HOME: '/root' })).toBeUndefined();
  });
});

describe('parseCredentials: shell syntax around the assignments', () => {
  // Each shell's statement separators, trailing semicolons, several assignments on a line and
  // assignments in front of a command: what people copy from scripts, READMEs and terminals.
  const cases: Array<[string, string, string]> = [
    [
      'bash/zsh: quoted values ending in ;',
      `export AWS_ACCESS_KEY_ID="${KEY}";\nexport AWS_SECRET_ACCESS_KEY="${SECRET}";\n` +
        `export AWS_SESSION_TOKEN='${TOKEN}';`,
      'shell-export',
    ],
    [
      'bash/zsh: three exports on one line, separated by ; and &&',
      `export AWS_ACCESS_KEY_ID="${KEY}"; export AWS_SECRET_ACCESS_KEY=${SECRET} && ` +
        `export AWS_SESSION_TOKEN="${TOKEN}"`,
      'shell-export',
    ],
    [
      'bash/zsh: one export naming all three',
      `export AWS_ACCESS_KEY_ID=${KEY} AWS_SECRET_ACCESS_KEY="${SECRET}" ` +
        `AWS_SESSION_TOKEN='${TOKEN}'`,
      'shell-export',
    ],
    [
      'bash/zsh: assignments in front of a command',
      `AWS_ACCESS_KEY_ID=${KEY} AWS_SECRET_ACCESS_KEY=${SECRET} AWS_SESSION_TOKEN="${TOKEN}" ` +
        'aws s3 ls s3://bucket --region eu-west-1',
      'shell-assignment',
    ],
    [
      'env in front of a command, with a trailing comment',
      `env AWS_ACCESS_KEY_ID=${KEY} AWS_SECRET_ACCESS_KEY=${SECRET} AWS_SESSION_TOKEN=${TOKEN} ` +
        'aws sts get-caller-identity # check',
      'shell-assignment',
    ],
    [
      'fish: set -gx with ; on one line',
      `set -gx AWS_ACCESS_KEY_ID "${KEY}"; set -gx AWS_SECRET_ACCESS_KEY '${SECRET}';\n` +
        `set -x AWS_SESSION_TOKEN ${TOKEN};`,
      'fish',
    ],
    [
      'fish: statements joined with ; and and',
      `set -x AWS_ACCESS_KEY_ID ${KEY}; and set -x AWS_SECRET_ACCESS_KEY ${SECRET}; ` +
        `and set -x AWS_SESSION_TOKEN "${TOKEN}"`,
      'fish',
    ],
    [
      'PowerShell: several $env: assignments on one line, ending in ;',
      `$env:AWS_ACCESS_KEY_ID="${KEY}"; $env:AWS_SECRET_ACCESS_KEY = '${SECRET}'; ` +
        `$env:AWS_SESSION_TOKEN="${TOKEN}";`,
      'powershell',
    ],
    [
      'Windows cmd: set commands joined with & and &&',
      `set AWS_ACCESS_KEY_ID=${KEY}& set "AWS_SECRET_ACCESS_KEY=${SECRET}" && ` +
        `set AWS_SESSION_TOKEN=${TOKEN}`,
      'windows-cmd',
    ],
  ];
  for (const [name, text, format] of cases) {
    test(name, () => {
      expectParsed(text, format);
    });
  }

  test('the command after the assignments is not read as credentials', () => {
    const result = parseCredentials(
      `AWS_ACCESS_KEY_ID=${KEY} AWS_SECRET_ACCESS_KEY=${SECRET} AWS_SESSION_TOKEN=${TOKEN} ` +
        'aws --region=eu-west-1 AWS_REGION=us-east-1 s3 ls',
      { now: NOW },
    );
    expect(result.ok && result.credentials.region).toBeUndefined();
  });

  test('a separator or # inside quotes stays part of the value', () => {
    const result = parseCredentials(
      `export AWS_ACCESS_KEY_ID=${KEY}; export AWS_SECRET_ACCESS_KEY="${SECRET}"\n` +
        `export AWS_SESSION_TOKEN="${TOKEN}"; export AWS_REGION="eu-west-1"\n` +
        'export AWS_CREDENTIAL_EXPIRATION="2030-01-01T12:00:00Z # not a comment; still one value"',
      { now: NOW },
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.credentials.region).toBe('eu-west-1');
    // The whole quoted text is the value, which is no date: the one warning says so.
    expect(result.ok && result.warnings).toEqual([
      'The expiration time could not be read; it is ignored.',
    ]);
  });
});

describe('parseCredentials: variable names in messages read as written', () => {
  test.each([
    [
      'credentials file',
      `[dev]\naws_access_key_id = ${KEY}\naws_session_token = ${TOKEN}\n`,
      'aws_secret_access_key is missing',
    ],
    [
      'credentials file written in upper case',
      `[dev]\nAWS_ACCESS_KEY_ID = ${KEY}\nAWS_SESSION_TOKEN = ${TOKEN}\n`,
      'aws_secret_access_key is missing',
    ],
    [
      'environment lines',
      `export AWS_ACCESS_KEY_ID=${KEY}\nexport AWS_SESSION_TOKEN=${TOKEN}`,
      'AWS_SECRET_ACCESS_KEY is missing',
    ],
    [
      'Identity Center JSON',
      JSON.stringify({ roleCredentials: { accessKeyId: KEY, sessionToken: TOKEN } }),
      'secretAccessKey is missing',
    ],
    [
      'a mangled key id in a credentials file, by the name it was given',
      `[dev]\nAws_Access_Key_Id = asia-x\naws_secret_access_key = ${SECRET}\n`,
      'Aws_Access_Key_Id does not look like an AWS access key id',
    ],
    [
      'a PowerShell name in lower case, and the canonical name for the one not given',
      `$env:aws_access_key_id="${KEY}"\n$env:aws_secret_access_key="${SECRET}"`,
      'AWS_SESSION_TOKEN is missing',
    ],
    [
      'a mangled key id under a lower-case PowerShell name',
      `$env:aws_access_key_id="asia-x"; $env:aws_secret_access_key="${SECRET}"`,
      'aws_access_key_id does not look like an AWS access key id',
    ],
    [
      'a token with white space under the older name',
      `AWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\nAWS_SECURITY_TOKEN="a b"`,
      'AWS_SECURITY_TOKEN contains white space',
    ],
  ])('%s', (_, text, message) => {
    const result = parseCredentials(text, { now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain(message);
    expect(result.error).not.toMatch(/aws_[A-Z]|AWS_[a-z]/);
    expectNoSecret(result.error);
  });
});

describe('parseCredentials: clear refusals that never repeat a secret', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '   ', /No credentials/],
    [
      'secret missing',
      `export AWS_ACCESS_KEY_ID=${KEY}\nexport AWS_SESSION_TOKEN=${TOKEN}`,
      /AWS_SECRET_ACCESS_KEY.*missing/,
    ],
    [
      'key id missing',
      `AWS_SECRET_ACCESS_KEY=${SECRET}\nAWS_SESSION_TOKEN=${TOKEN}`,
      /AWS_ACCESS_KEY_ID.*missing/,
    ],
    [
      'ASIA without token',
      `AWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}`,
      /session token/,
    ],
    [
      'JSON without secret',
      JSON.stringify({ Credentials: { AccessKeyId: KEY, SessionToken: TOKEN } }),
      /SecretAccessKey/,
    ],
    ['broken JSON', `{"AccessKeyId": "${KEY}", "SecretAccessKey": "${SECRET}"`, /not valid JSON/],
    ['not credentials', `hello ${SECRET} ${TOKEN}`, /No credentials were recognised/],
    [
      'key id mangled',
      `AWS_ACCESS_KEY_ID=asia-${SECRET}\nAWS_SECRET_ACCESS_KEY=${SECRET}`,
      /does not look like/,
    ],
    [
      'secret with a space',
      `{"AccessKeyId":"${KEY}","SecretAccessKey":"${SECRET} x","SessionToken":"${TOKEN}"}`,
      /white space/,
    ],
  ];
  for (const [name, text, message] of cases) {
    test(name, () => {
      const result = parseCredentials(text, { now: NOW });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toMatch(message);
        expectNoSecret(result.error);
      }
    });
  }

  test('expired relative to the injected clock, with when and what to do', () => {
    const text =
      `AWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n` +
      `AWS_SESSION_TOKEN=${TOKEN}\nAWS_CREDENTIAL_EXPIRATION=${EXPIRES}`;
    const later = parseCredentials(text, { now: Date.parse('2030-01-01T14:00:00Z') });
    expect(later.ok).toBe(false);
    if (!later.ok) {
      expect(later.error).toContain('expired at 2030-01-01T12:00:00.000Z (2 hours ago)');
      expect(later.error).toMatch(/fresh/);
      expectNoSecret(later.error);
    }
    const before = parseCredentials(text, { now: Date.parse('2030-01-01T11:58:00Z') });
    expect(before.ok).toBe(true);
    expect(before.ok && before.warnings.join(' ')).toMatch(/expire in 2 minutes/);
  });

  test('AKIA with a token is accepted with a warning', () => {
    const result = parseCredentials(
      `AWS_ACCESS_KEY_ID=AKIAQ7EXAMPLEKEY0002\nAWS_SECRET_ACCESS_KEY=${SECRET}\n` +
        `AWS_SESSION_TOKEN=${TOKEN}`,
    );
    expect(result.ok && result.warnings.join(' ')).toMatch(/long-term/);
    expect(result.ok && result.warnings.join(' ')).not.toContain(TOKEN);
  });

  test('never throws, never echoes the input, on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('', '{', 'export ', '[p]\n'),
        (body, prefix) => {
          const text = `${prefix}${body}${SECRET}`;
          const result = parseCredentials(text);
          if (!result.ok) expectNoSecret(result.error);
          else for (const warning of result.warnings) expectNoSecret(warning);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('stays fast on adversarial input', () => {
    const started = Date.now();
    parseCredentials(`set -x ${'-x '.repeat(30_000)}`);
    parseCredentials(`export ${'A'.repeat(150_000)}`);
    parseCredentials(`[${'profile '.repeat(20_000)}`);
    parseCredentials('{'.repeat(100_000));
    parseCredentials(`A=b${'#'.repeat(150_000)}`);
    parseCredentials(`export A="${'\\"'.repeat(60_000)}`);
    parseCredentials(`${'A=1 '.repeat(40_000)}`);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('parseCredentials: repeated keys and several profiles', () => {
  const OTHER = 'rdTestSecret/zzz+ZZZ/9999999999zzzzzzzzzz';

  test('two different secret keys are refused by line, without either value', () => {
    for (const [text, lines] of [
      [
        `\n\nAWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n` +
          `AWS_SESSION_TOKEN=${TOKEN}\nAWS_SECRET_ACCESS_KEY=${OTHER}`,
        'lines 4 and 6',
      ],
      [
        `export AWS_SECRET_ACCESS_KEY="${OTHER}"\nexport AWS_ACCESS_KEY_ID=${KEY}\nexport ` +
          `AWS_SECRET_ACCESS_KEY="${SECRET}"`,
        'lines 1 and 3',
      ],
    ] as const) {
      const result = parseCredentials(text, { now: NOW });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error).toMatch(
        new RegExp(`AWS_SECRET_ACCESS_KEY is given twice with different values \\(${lines}\\)`),
      );
      expectNoSecret(result.error);
      expect(result.error).not.toContain('rdTestSecret/zzz');
    }
    // The same line pasted twice is not ambiguous.
    const twice =
      `AWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n` +
      `AWS_SESSION_TOKEN=${TOKEN}\nAWS_SECRET_ACCESS_KEY=${SECRET}`;
    expect(parseCredentials(twice, { now: NOW }).ok).toBe(true);
  });

  test('a credentials-file profile with two secrets is refused, other profiles still work', () => {
    const file = [
      '[default]', // 1
      `aws_access_key_id = ${KEY}`,
      `aws_secret_access_key = ${SECRET}`, // 3
      `aws_secret_access_key = ${OTHER}`, // 4
      `aws_session_token = ${TOKEN}`,
      '[prod]', // 6
      'aws_access_key_id = AKIAPRODEXAMPLE00001',
      `aws_secret_access_key = ${SECRET}`,
    ].join('\n');
    const result = parseCredentials(file, { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(
        /aws_secret_access_key is given twice in profile "default" with different values /,
      );
      expect(result.error).toMatch(/ \(lines 3 and 4\)/);
      expectNoSecret(result.error);
    }
    const prod = parseCredentials(file, { now: NOW, profile: 'prod' });
    expect(prod.ok && prod.credentials.accessKeyId).toBe('AKIAPRODEXAMPLE00001');
  });

  test('several profiles without a default: the message says how to choose', () => {
    const file =
      `[first]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n` +
      `[second]\naws_access_key_id = AKIAOTHEREXAMPLE0001\naws_secret_access_key = ${SECRET}\n`;
    const cli = parseCredentials(file, { profileOption: '--profile NAME' });
    expect(!cli.ok && cli.error).toMatch(
      /several profiles with keys \("first", "second"\) .*choose one with --profile NAME\./,
    );
    const plain = parseCredentials(file);
    expect(!plain.ok && plain.error).toMatch(/choose one\.$/);
  });
});

describe('classifyCredentials', () => {
  test('long-term keys alone: offer GetFederationToken or AssumeRole', () => {
    const result = classifyCredentials({ accessKeyId: 'AKIAQ7EXAMPLEKEY0002' });
    expect(result.keyKind).toBe('long-term');
    expect(result.canSignIn).toBe(false);
    expect(result.nextSteps.map((step) => step.action)).toEqual([
      'get-federation-token',
      'assume-role',
    ]);
    expect(result.nextSteps[0]?.description).toMatch(/32 characters/);
  });

  test('temporary keys alone: unknown until GetCallerIdentity', () => {
    const result = classifyCredentials({ accessKeyId: KEY, sessionToken: TOKEN });
    expect(result.keyKind).toBe('temporary');
    expect(result.canSignIn).toBe('unknown');
  });

  test('role session', () => {
    const result = classifyCredentials(
      { accessKeyId: KEY, sessionToken: TOKEN },
      'arn:aws-us-gov:sts::222233334444:assumed-role/Ops/alice',
    );
    expect(result).toMatchObject({
      principal: 'role-session',
      name: 'Ops',
      partition: 'aws-us-gov',
      account: '222233334444',
      canSignIn: true,
      sessionDurationAllowed: true,
    });
  });

  test('federated user signs in without a session duration', () => {
    const result = classifyCredentials(
      { accessKeyId: KEY, sessionToken: TOKEN },
      'arn:aws:sts::111122223333:federated-user/bob',
    );
    expect(result).toMatchObject({
      principal: 'federated-user',
      canSignIn: true,
      sessionDurationAllowed: false,
    });
  });

  test('IAM user with GetSessionToken credentials cannot sign in: offer AssumeRole only', () => {
    const result = classifyCredentials(
      { accessKeyId: KEY, sessionToken: TOKEN },
      'arn:aws:iam::111122223333:user/team/alice',
    );
    expect(result.principal).toBe('iam-user-session');
    expect(result.name).toBe('alice');
    expect(result.canSignIn).toBe(false);
    expect(result.summary).toMatch(/GetSessionToken/);
    expect(result.nextSteps.map((step) => step.action)).toEqual(['assume-role']);
  });

  test('IAM user long-term keys and root keys', () => {
    expect(
      classifyCredentials(
        { accessKeyId: 'AKIAQ7EXAMPLEKEY0002' },
        'arn:aws-cn:iam::333344445555:user/bob',
      ),
    ).toMatchObject({ principal: 'iam-user', partition: 'aws-cn', canSignIn: false });
    const root = classifyCredentials(
      { accessKeyId: 'AKIAQ7EXAMPLEKEY0002' },
      'arn:aws:iam::111122223333:root',
    );
    expect(root.principal).toBe('root');
    expect(root.nextSteps.map((step) => step.action)).toEqual(['get-federation-token']);
  });
});

describe('GetFederationToken names (aws-vault #350)', () => {
  // The reference gives the user name first.lastname@example.com.au as 36 characters; it has 29,
  // so AWS would accept it as it is. A longer name of the same shape shows the truncation.
  test('an e-mail user name longer than 32 characters becomes a valid 32-character name', () => {
    const name = federationNameFrom('first.lastname@example.com.au');
    expect(name).toBe('first.lastname@example.com.au');
    const long = federationNameFrom('first.lastname@example-company.com.au');
    expect(long).toHaveLength(32);
    expect(isValidFederationName(long)).toBe(true);
  });

  test('any text gives a valid name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(isValidFederationName(federationNameFrom(text))).toBe(true);
      }),
    );
  });
});

describe('RoleSessionName for a role assumed with these credentials', () => {
  // CloudTrail shows the session name: it should name the person, not the role they came from.
  test.each([
    ['arn:aws:sts::111122223333:assumed-role/Dev/alice', 'alice'],
    [
      'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/' +
        'alice.smith@example.com',
      'alice.smith@example.com',
    ],
    ['arn:aws:iam::111122223333:user/team/bob', 'bob'],
    [
      'arn:aws:iam::111122223333:user/first.lastname@example-company.com.au',
      'first.lastname@example-company.com.au',
    ],
    ['arn:aws:sts::111122223333:federated-user/carol', 'carol'],
    ['arn:aws:iam::111122223333:root', 'role-doctor'],
    [undefined, 'role-doctor'],
  ])('%s → %s', (arn, expected) => {
    const classified = classifyCredentials({ accessKeyId: KEY, sessionToken: TOKEN }, arn);
    expect(roleSessionNameFor(classified.person)).toBe(expected);
  });

  test('within the rules of RoleSessionName: 2 to 64 of [\\w+=,.@-]', () => {
    expect(roleSessionNameFor('x'.repeat(80))).toBe('x'.repeat(64));
    expect(roleSessionNameFor('first last/ü')).toBe('firstlast');
    expect(roleSessionNameFor('é')).toBe('role-doctor');
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        expect(roleSessionNameFor(text)).toMatch(/^[\w+=,.@-]{2,64}$/);
      }),
    );
  });
});

test('redactSecrets removes raw and URL-encoded secrets', () => {
  const text = `a ${SECRET} b ${encodeURIComponent(TOKEN)} c`;
  const redacted = redactSecrets(text, { secretAccessKey: SECRET, sessionToken: TOKEN });
  expectNoSecret(redacted);
  expect(redacted).not.toContain(encodeURIComponent(TOKEN));
  expect(redacted).toContain('[redacted]');
});
