import { parseAwsHost } from '../partitions.js';

/** The parts of a message sender (runtime.MessageSender) that decide whether to trust it. */
export interface SenderFacts {
  id?: string | undefined;
  url?: string | undefined;
  /** Set when the message comes from a content script in a tab. */
  tabId?: number | undefined;
}

export type SenderKind = 'extension-page' | 'content-script';

/**
 * Classifies a sender: only this extension's own pages and its content scripts on AWS console or
 * sign-in hosts are accepted; anything else (another extension, a web page, a content script on a
 * host we never inject into) gets null and its message is dropped.
 */
export function classifySender(
  sender: SenderFacts,
  extensionId: string,
  extensionOrigin: string,
): SenderKind | null {
  if (sender.id !== extensionId || !sender.url) return null;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return null;
  }
  const origin = extensionOrigin.replace(/\/$/, '');
  if (url.origin === origin || `${url.protocol}//${url.host}` === origin) {
    return 'extension-page';
  }
  if (sender.tabId === undefined || url.protocol !== 'https:') return null;
  return parseAwsHost(url.hostname) ? 'content-script' : null;
}
