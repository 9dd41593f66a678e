// A minimal DOMParser for the extension's service worker, where Chrome provides none. The STS
// client's browser build reads every STS answer (XML) with DOMParser and Node.TEXT_NODE; this
// gives it exactly the part of the DOM it uses: elements with their attributes, child nodes and
// text content. The background installs it only where DOMParser is missing.
//
// The input comes from the network, so the parser runs in one pass over the text, refuses
// document type declarations (no entity expansion), and answers a malformed document with a
// `parsererror` element, as DOMParser does, never by throwing.

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
/** STS answers are a few kilobytes; anything far larger is refused as malformed. */
const MAX_XML = 4 * 1024 * 1024;
const MAX_DEPTH = 256;

export interface ShimAttribute {
  name: string;
  value: string;
}

export class ShimText {
  readonly nodeType = TEXT_NODE;
  readonly nodeName = '#text';
  readonly childNodes: never[] = [];
  constructor(readonly textContent: string) {}
}

export class ShimElement {
  readonly nodeType = ELEMENT_NODE;
  readonly attributes: ShimAttribute[] = [];
  readonly childNodes: Array<ShimElement | ShimText> = [];
  constructor(readonly nodeName: string) {}

  get textContent(): string {
    const parts: string[] = [];
    const pending: Array<ShimElement | ShimText> = [...this.childNodes].reverse();
    while (pending.length > 0) {
      const node = pending.pop() as ShimElement | ShimText;
      if (node instanceof ShimText) parts.push(node.textContent);
      else
        for (let i = node.childNodes.length - 1; i >= 0; i--)
          pending.push(node.childNodes[i] as ShimElement | ShimText);
    }
    return parts.join('');
  }
}

export class ShimDocument {
  constructor(
    readonly documentElement: ShimElement,
    private readonly failed: boolean,
  ) {}

  /** Only what the STS client asks: whether the document failed to parse. */
  getElementsByTagName(name: string): ShimElement[] {
    return this.failed && name === 'parsererror' ? [this.documentElement] : [];
  }
}

class Malformed extends Error {}

const NAME = /[A-Za-z_][\w.:-]{0,255}/y;
const SPACE = /[ \t\r\n]*/y;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9A-Fa-f]{1,6}|#\d{1,7}|[a-z]{2,4});?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Malformed('entity without ;');
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      if (!Number.isInteger(code) || code > 0x10ffff) throw new Malformed('bad character');
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[body];
    if (value === undefined) throw new Malformed('unknown entity');
    return value;
  });
}

function readName(xml: string, at: number): { name: string; next: number } {
  NAME.lastIndex = at;
  const match = NAME.exec(xml);
  if (!match) throw new Malformed('name expected');
  return { name: match[0], next: at + match[0].length };
}

function skipSpace(xml: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(xml);
  return SPACE.lastIndex;
}

function parse(xml: string): ShimElement {
  if (xml.length > MAX_XML) throw new Malformed('too large');
  const root = new ShimElement('#document');
  const stack: ShimElement[] = [root];
  let at = 0;
  const top = () => stack[stack.length - 1] as ShimElement;
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    const textEnd = open === -1 ? xml.length : open;
    if (textEnd > at) {
      const text = decodeEntities(xml.slice(at, textEnd));
      if (stack.length > 1) top().childNodes.push(new ShimText(text));
      else if (text.trim() !== '') throw new Malformed('text outside the root');
    }
    if (open === -1) break;
    if (xml.startsWith('<?', open)) {
      const end = xml.indexOf('?>', open + 2);
      if (end === -1) throw new Malformed('unclosed declaration');
      at = end + 2;
    } else if (xml.startsWith('<!--', open)) {
      const end = xml.indexOf('-->', open + 4);
      if (end === -1) throw new Malformed('unclosed comment');
      at = end + 3;
    } else if (xml.startsWith('<![CDATA[', open)) {
      const end = xml.indexOf(']]>', open + 9);
      if (end === -1 || stack.length === 1) throw new Malformed('bad CDATA');
      top().childNodes.push(new ShimText(xml.slice(open + 9, end)));
      at = end + 3;
    } else if (xml.startsWith('<!', open)) {
      throw new Malformed('document type declarations are refused');
    } else if (xml.startsWith('</', open)) {
      const { name, next } = readName(xml, open + 2);
      const end = skipSpace(xml, next);
      if (xml[end] !== '>' || stack.length === 1 || top().nodeName !== name) {
        throw new Malformed('mismatched end tag');
      }
      stack.pop();
      at = end + 1;
    } else {
      if (stack.length === 1 && root.childNodes.length > 0) throw new Malformed('two roots');
      if (stack.length > MAX_DEPTH) throw new Malformed('too deep');
      const { name, next } = readName(xml, open + 1);
      const element = new ShimElement(name);
      top().childNodes.push(element);
      let cursor = next;
      for (;;) {
        const afterSpace = skipSpace(xml, cursor);
        const char = xml[afterSpace];
        if (char === '>') {
          stack.push(element);
          at = afterSpace + 1;
          break;
        }
        if (char === '/' && xml[afterSpace + 1] === '>') {
          at = afterSpace + 2;
          break;
        }
        if (afterSpace === cursor) throw new Malformed('space expected before an attribute');
        const attribute = readName(xml, afterSpace);
        const equals = skipSpace(xml, attribute.next);
        if (xml[equals] !== '=') throw new Malformed('= expected');
        const quoteAt = skipSpace(xml, equals + 1);
        const quote = xml[quoteAt];
        if (quote !== '"' && quote !== "'") throw new Malformed('quoted value expected');
        const close = xml.indexOf(quote, quoteAt + 1);
        if (close === -1) throw new Malformed('unclosed attribute value');
        const raw = xml.slice(quoteAt + 1, close);
        if (raw.includes('<')) throw new Malformed('< in an attribute value');
        element.attributes.push({ name: attribute.name, value: decodeEntities(raw) });
        cursor = close + 1;
      }
    }
  }
  const documentElement = root.childNodes.find((node) => node instanceof ShimElement);
  if (stack.length !== 1 || !(documentElement instanceof ShimElement)) {
    throw new Malformed('unclosed or missing root element');
  }
  return documentElement;
}

export class ShimDOMParser {
  parseFromString(text: string, _type?: string): ShimDocument {
    try {
      return new ShimDocument(parse(String(text)), false);
    } catch {
      return new ShimDocument(new ShimElement('parsererror'), true);
    }
  }
}

/** Puts the parser where the STS client looks for DOMParser and Node, if they are missing. */
export function installXmlShim(scope: Record<string, unknown> = globalThis as never): void {
  if (typeof scope.DOMParser === 'undefined') scope.DOMParser = ShimDOMParser;
  if (typeof scope.Node === 'undefined') scope.Node = { ELEMENT_NODE, TEXT_NODE };
}
