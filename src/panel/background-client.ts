import browser from 'webextension-polyfill';
import type { PanelAnswer } from '../background/requests.js';

/** Sends a request to the background and returns its value, or throws with its error message. */
export async function askBackground<T>(
  request: { type: string } & Record<string, unknown>,
): Promise<T> {
  const answer = (await browser.runtime.sendMessage(request)) as PanelAnswer | undefined;
  if (!answer) throw new Error('The extension background did not answer; reload the panel.');
  if (!answer.ok) throw new Error(answer.error);
  return answer.value as T;
}
