// Content scripts stay small (they load on every console page), so they talk to the extension
// through the native namespace instead of bundling webextension-polyfill: Firefox has `browser`,
// Chrome's `chrome.runtime.sendMessage` returns a promise in MV3.

import type { ContentMessage } from '../core/extension/messages.js';

interface MinimalRuntime {
  sendMessage(message: unknown): Promise<unknown>;
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
