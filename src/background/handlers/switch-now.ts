import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { onPanelRequest } from '../requests.js';

// "Switch now" runs in the console tab, where the console's session and CSRF value live; the
// content script there checks again that the target is an AWS sign-in host.
const SwitchNowSchema = v.object({
  type: v.literal('switch-now'),
  tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  request: v.object({
    kind: v.picklist(['form', 'json']),
    url: v.pipe(v.string(), v.url(), v.startsWith('https://'), v.maxLength(2048)),
    fields: v.optional(v.record(v.string(), v.pipe(v.string(), v.maxLength(4096)))),
    body: v.optional(v.record(v.string(), v.pipe(v.string(), v.maxLength(4096)))),
  }),
});

onPanelRequest('switch-now', SwitchNowSchema, async ({ tabId, request }) => {
  const answer = (await browser.tabs.sendMessage(
    tabId,
    { type: 'switch-now', request },
    { frameId: 0 },
  )) as { ok?: boolean; message?: string } | undefined;
  if (!answer?.ok) {
    throw new Error(answer?.message ?? 'The console tab did not answer; reload it and try again.');
  }
  return { switched: true };
});
