import { parseAwsHost } from '../partitions.js';
import { parseWebAddress } from '../switch/web-address.js';

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
  const origin = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  if (sender.url.startsWith(origin)) return 'extension-page';
  if (sender.tabId === undefined) return null;
  const address = parseWebAddress(sender.url);
  return address && parseAwsHost(address.hostname) ? 'content-script' : null;
}
