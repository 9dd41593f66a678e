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
