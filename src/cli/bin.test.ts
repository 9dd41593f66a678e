import { STSClient } from '@aws-sdk/client-sts';
import { state } from '@aws-sdk/core/client';
import { afterEach, expect, test, vi } from 'vitest';

// bin.ts runs the command line when imported; here it runs nothing.
vi.mock('./main.js', () => ({ runCli: async () => 0 }));

const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const saved = process.env[SWITCH];

afterEach(() => {
  vi.restoreAllMocks();
  if (saved === undefined) delete process.env[SWITCH];
  else process.env[SWITCH] = saved;
});

/** The warnings making an STS client emits, as the CLI makes one for every STS call. */
function sdkWarnings(): string[] {
  const seen: string[] = [];
  vi.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
    seen.push(String(warning));
  });
  state.warningEmitted = false;
  const client = new STSClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' },
  });
  client.destroy();
  return seen.filter((text) => text.includes('NodeVersionSupportWarning'));
}

test("the SDK's Node version warning is switched off for the CLI's process", async () => {
  const major = Number(process.versions.node.split('.')[0]);
  delete process.env[SWITCH];
  // Under Node 20 the SDK warns by default; this is what the CLI must not show.
  expect(sdkWarnings()).toHaveLength(major < 22 ? 1 : 0);
  await import('./bin.js');
  expect(process.env[SWITCH]).toBe('true');
  expect(sdkWarnings()).toEqual([]);
});
