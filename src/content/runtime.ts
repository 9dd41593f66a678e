// Content scripts stay small (they load on every console page), so they talk to the extension
// through the native namespace instead of bundling webextension-polyfill: Firefox has `browser`,
// Chrome's `chrome.runtime.sendMessage` returns a promise in MV3.

import type { ContentMessage } from '../core/extension/messages.js';

interface MinimalRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(
      listener: (message: unknown, sender: unknown, respond: (answer: unknown) => void) => boolean,
    ): void;
  };
}

const extensionApi = (globalThis as { browser?: { runtime: MinimalRuntime } }).browser ?? chrome;

export function sendToExtension(message: ContentMessage): void {
  // The background may be asleep or reloading; a lost report is replaced by the next one.
  extensionApi.runtime.sendMessage(message).catch(() => undefined);
}

/** Reads the console's session meta tag as raw text; the background parses and bounds it. */
export function sessionMetaText(): string | null {
  const meta = document.querySelector('meta[name="awsc-session-data"]');
  return meta?.getAttribute('content') ?? null;
}

/** Answers messages from this extension (browsers deliver no others to a content script). */
export function onExtensionMessage(
  handle: (message: unknown) => Promise<unknown> | undefined,
): void {
  // The callback form works in every browser; returning true keeps the channel open.
  extensionApi.runtime.onMessage.addListener((message, _sender, respond) => {
    const answer = handle(message);
    if (!answer) return false;
    answer.then(respond, (error: unknown) => respond({ ok: false, message: String(error) }));
    return true;
  });
}
