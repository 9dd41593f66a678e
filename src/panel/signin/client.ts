import { CREDENTIALS_TOO_LONG, MAX_CREDENTIALS_TEXT } from '../../core/signin/credentials.js';
import { askBackground } from '../background-client.js';
import type {
  CredentialSummary,
  DecodedMessage,
  SigninAnswer,
  SigninFailure,
  SigninLink,
} from './protocol.js';

// The sign-in requests the panel makes. A failure the background could not even answer (the
// worker gone, a malformed request) comes back as a failure like any other.

async function ask<T>(
  request: { type: string } & Record<string, unknown>,
): Promise<SigninAnswer<T>> {
  try {
    return await askBackground<SigninAnswer<T>>(request);
  } catch (error) {
    const failure: SigninFailure = {
      code: 'BackgroundError',
      message: error instanceof Error ? error.message : String(error),
    };
    return { ok: false, error: failure };
  }
}

/** Only fields the user filled in are sent. */
function filled<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== '' && value !== undefined),
  ) as Partial<T>;
}

export const signinClient = {
  status: () => ask<CredentialSummary | null>({ type: 'signin-status' }),
  forget: () => ask<null>({ type: 'signin-forget' }),
  paste: (text: string, partition: string, region: string) =>
    // Said here in the user's words: the background would refuse the request as malformed.
    text.length > MAX_CREDENTIALS_TEXT
      ? Promise.resolve<SigninAnswer<CredentialSummary>>({
          ok: false,
          error: { code: 'InvalidCredentials', message: CREDENTIALS_TOO_LONG },
        })
      : ask<CredentialSummary>({
          type: 'signin-paste',
          text,
          ...filled({ partition, region: region.trim() }),
        }),
  assumeRole: (form: {
    roleArn: string;
    sessionName: string;
    mfaSerial: string;
    mfaCode: string;
    externalId: string;
    durationSeconds?: number | undefined;
  }) => ask<CredentialSummary>({ type: 'signin-assume-role', ...filled(form) }),
  federationToken: (name: string) =>
    ask<CredentialSummary>({ type: 'signin-federation-token', ...filled({ name: name.trim() }) }),
  link: (options: {
    destination: string;
    region: string;
    sessionDuration?: number | undefined;
    open: boolean;
  }) =>
    ask<SigninLink>({
      type: 'signin-link',
      open: options.open,
      ...filled({
        destination: options.destination.trim(),
        region: options.region.trim(),
        sessionDuration: options.sessionDuration,
      }),
    }),
  decode: (message: string) => ask<DecodedMessage>({ type: 'signin-decode', message }),
};
