import * as v from 'valibot';

// Every message between the extension's contexts, validated on receipt. Content scripts run on
// pages we do not control, so what they send is page content: bounded, typed, and never trusted
// beyond its shape.

const MAX_TEXT = 64 * 1024;
const boundedText = (max = MAX_TEXT) => v.pipe(v.string(), v.maxLength(max));
const optionalText = (max = 2048) => v.optional(v.nullable(boundedText(max)));

/** What the console's `awsc-session-data` meta tag says about the signed-in identity. */
export const SessionDataSchema = v.object({
  accountId: optionalText(64),
  accountAlias: optionalText(128),
  displayName: optionalText(256),
  sessionARN: optionalText(2048),
  infrastructureRegion: optionalText(64),
  signInEndpoint: optionalText(256),
  prismModeEnabled: v.optional(v.nullable(v.boolean())),
  sessionDifferentiator: optionalText(128),
});
export type SessionData = v.InferOutput<typeof SessionDataSchema>;

export const RoleOnPageSchema = v.object({
  name: boundedText(128),
  arn: optionalText(2048),
  /** Where the trust policy text came from, or why it could not be read. */
  trustSource: v.picklist(['trust-tab', 'editor', 'unreadable', 'not-shown', 'too-long']),
  trustPolicy: optionalText(MAX_TEXT),
  /** The page is the Edit trust policy page: the text is a draft, not the saved policy. */
  editing: v.boolean(),
});
export type RoleOnPage = v.InferOutput<typeof RoleOnPageSchema>;

/** From the script on every console page (and its frames): where we are and what errors show. */
export const PageReportSchema = v.object({
  type: v.literal('page-report'),
  url: boundedText(8192),
  /** Random per loaded document: a reload of the same address starts a new list of errors. */
  documentId: boundedText(64),
  /** Raw content of the `awsc-session-data` meta tag; parsed by the receiver. */
  sessionJson: optionalText(16 * 1024),
  /** Texts of authorization errors shown in this frame, oldest first. */
  errors: v.pipe(v.array(boundedText(16 * 1024)), v.maxLength(20)),
  /** Errors this frame reported before and no longer shows (a banner re-rendered in place). */
  withdrawn: v.optional(v.pipe(v.array(boundedText(16 * 1024)), v.maxLength(20))),
});
export type PageReport = v.InferOutput<typeof PageReportSchema>;

/** From the script on IAM pages: the role on screen, or null when the page shows no role. */
export const RoleReportSchema = v.object({
  type: v.literal('role-report'),
  role: v.nullable(RoleOnPageSchema),
});
export type RoleReport = v.InferOutput<typeof RoleReportSchema>;

/** From the script on the sign-in switch-role page. */
export const SwitchPageReportSchema = v.object({
  type: v.literal('switch-page-report'),
  failed: v.boolean(),
  account: optionalText(128),
  roleName: optionalText(256),
});
export type SwitchPageReport = v.InferOutput<typeof SwitchPageReportSchema>;

export const OpenPanelSchema = v.object({
  type: v.literal('open-panel'),
  focus: v.picklist(['error', 'role', 'switch-failure', 'page']),
  /** The error text the user clicked Explain on, when focus is error. */
  text: optionalText(16 * 1024),
});
export type OpenPanel = v.InferOutput<typeof OpenPanelSchema>;

export const ContentMessageSchema = v.variant('type', [
  PageReportSchema,
  RoleReportSchema,
  SwitchPageReportSchema,
  OpenPanelSchema,
]);
export type ContentMessage = v.InferOutput<typeof ContentMessageSchema>;

export function parseContentMessage(message: unknown): ContentMessage | null {
  const result = v.safeParse(ContentMessageSchema, message);
  return result.success ? result.output : null;
}

/** A part of the console session data meta tag, parsed leniently: unknown fields are dropped. */
export function parseSessionData(json: string): SessionData | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const record = raw as Record<string, unknown>;
  const pick = (key: string) => (typeof record[key] === 'string' ? record[key] : null);
  const prism = record.prismModeEnabled;
  const result = v.safeParse(SessionDataSchema, {
    accountId: pick('accountId'),
    accountAlias: pick('accountAlias'),
    displayName: pick('displayName'),
    sessionARN: pick('sessionARN'),
    infrastructureRegion: pick('infrastructureRegion'),
    signInEndpoint: pick('signInEndpoint'),
    prismModeEnabled: prism === true || prism === 'true',
    sessionDifferentiator: pick('sessionDifferentiator'),
  });
  return result.success ? result.output : null;
}
