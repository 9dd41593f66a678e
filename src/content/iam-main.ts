// Runs in the page's own world on IAM pages, because Ace keeps only the visible lines in the
// DOM: the whole document is reachable only through the editor object the page created.
// It answers one question, with text only; the isolated script treats the answer as page content.

const REQUEST = 'role-doctor:read-editors';
const ANSWER = 'role-doctor:editor-texts';

interface AceLike {
  getValue(): unknown;
}

document.addEventListener(REQUEST, () => {
  const texts: string[] = [];
  for (const element of document.querySelectorAll('.ace_editor')) {
    const editor = (element as Element & { env?: { editor?: AceLike } }).env?.editor;
    if (editor && typeof editor.getValue === 'function') {
      const value = editor.getValue();
      if (typeof value === 'string') texts.push(value);
    }
  }
  document.dispatchEvent(new CustomEvent(ANSWER, { detail: JSON.stringify(texts) }));
});
