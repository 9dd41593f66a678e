import type { Page as PuppeteerPage } from 'puppeteer-core';

export const CONSOLE_HOSTS = {
  aws: 'us-east-1.console.aws.amazon.com',
  'aws-us-gov': 'us-gov-west-1.console.amazonaws-us-gov.com',
  'aws-cn': 'cn-north-1.console.amazonaws.cn',
  multiSession: '111122223333-abcd1234.us-east-1.console.aws.amazon.com',
} as const;

export function rolePageUrl(host: string, role: string, section = 'trust_relationships'): string {
  const region = host.split('.').at(-5) ?? 'us-east-1';
  return `https://${host}/iam/home?region=${region}#/roles/details/${role}?section=${section}`;
}

export function servicePageUrl(host: string, service: string, errorKey?: string): string {
  const error = errorKey ? `&rdError=${errorKey}` : '';
  return `https://${host}/${service}/home?region=us-east-1${error}`;
}

/** Polls a puppeteer page until the text of `selector` satisfies a predicate. */
export async function waitForText(
  page: PuppeteerPage,
  selector: string,
  predicate: (text: string) => boolean,
  timeout = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await page
      .$$eval(selector, (elements) => elements.map((e) => e.textContent ?? '').join('\n'))
      .catch(() => '');
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`"${selector}" never matched; last text: ${last.slice(0, 500)}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until `accept` takes the value; names `what` and the last value if it never does. */
export async function pollUntil<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeout = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await Promise.resolve(read()).catch(() => undefined as T);
    if (last !== undefined && accept(last)) return last;
    await sleep(150);
  }
  throw new Error(`${what} never came; last: ${JSON.stringify(last)?.slice(0, 400)}`);
}

/** Types into a panel field the way input events reach Preact. */
export async function setField(
  panel: PuppeteerPage,
  selector: string,
  value: string,
): Promise<void> {
  await panel.$eval(
    selector,
    (element, text) => {
      const field = element as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
      const prototype = Object.getPrototypeOf(field) as object;
      Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, text);
      field.dispatchEvent(
        new Event(field instanceof HTMLSelectElement ? 'change' : 'input', {
          bubbles: true,
        }),
      );
    },
    value,
  );
}
