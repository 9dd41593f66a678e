import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { parseAwsHost } from '../../core/partitions.js';
import { parseMultiSessionAnswer } from '../../core/switch/form.js';
import { parseWebAddress } from '../../core/switch/web-address.js';
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
  )) as { ok?: boolean; message?: string; status?: unknown; text?: unknown } | undefined;
  if (!answer?.ok) {
    throw new Error(answer?.message ?? 'The console tab did not answer; reload it and try again.');
  }
  if (request.kind === 'form') return { switched: true };
  // Multi-session: the new session opens in a tab beside the console tab, and only at an AWS
  // console address of the same partition (the page's answer is untrusted).
  const address = parseWebAddress(request.url);
  const partition = address ? parseAwsHost(address.hostname)?.partition.id : undefined;
  if (!partition) throw new Error('The switch went to a host that is not an AWS sign-in host.');
  const status = typeof answer.status === 'number' ? answer.status : 0;
  const opened = parseMultiSessionAnswer(status, String(answer.text ?? ''), partition);
  if (!opened.ok) throw new Error(opened.error);
  await browser.tabs.create({ url: opened.destination, openerTabId: tabId });
  return { switched: true, destination: opened.destination };
});
