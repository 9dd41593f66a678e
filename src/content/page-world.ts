// Runs in the console page's own world, because two things are reachable only there: the whole
// document of an Ace editor (the DOM holds only its visible lines) and the console's CSRF value
// that its own switch-role form posts. It answers the isolated content script through DOM events
// carrying text only, and treats whatever the page says as untrusted, as the isolated side does.

const READ_EDITORS = 'role-doctor:read-editors';
const EDITOR_TEXTS = 'role-doctor:editor-texts';
const SWITCH = 'role-doctor:switch';
const SWITCH_RESULT = 'role-doctor:switch-result';

interface AceLike {
  getValue(): unknown;
}

interface SwitchRequest {
  kind: 'form' | 'json';
  url: string;
  fields?: Record<string, string>;
  body?: Record<string, string>;
}

document.addEventListener(READ_EDITORS, () => {
  const texts: string[] = [];
  for (const element of document.querySelectorAll('.ace_editor')) {
    const editor = (element as Element & { env?: { editor?: AceLike } }).env?.editor;
    if (editor && typeof editor.getValue === 'function') {
      const value = editor.getValue();
      if (typeof value === 'string') texts.push(value);
    }
  }
  document.dispatchEvent(new CustomEvent(EDITOR_TEXTS, { detail: JSON.stringify(texts) }));
});

function consoleCsrf(): string | null {
  const auth = (window as { AWSC?: { Auth?: { getMbtc?: () => unknown } } }).AWSC?.Auth;
  const value = typeof auth?.getMbtc === 'function' ? auth.getMbtc() : null;
  if (typeof value === 'string' && value) return value;
  return document.querySelector<HTMLInputElement>('input[name="csrf"]')?.value || null;
}

function answer(result: { ok: boolean; message?: string; status?: number; text?: string }): void {
  document.dispatchEvent(new CustomEvent(SWITCH_RESULT, { detail: JSON.stringify(result) }));
}

function submitForm(request: SwitchRequest, csrf: string): void {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = request.url;
  form.target = '_top';
  form.style.display = 'none';
  for (const [name, value] of Object.entries({ ...request.fields, csrf })) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  answer({ ok: true });
  form.submit();
}

async function postJson(request: SwitchRequest): Promise<void> {
  // The sessions endpoint answers with the URL of the new session. The extension checks it and
  // opens it in a new tab: a window.open here, far from the user's click, would be blocked.
  const response = await fetch(request.url, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', 'X-CSRF-PROTECTION': '1' },
    body: JSON.stringify(request.body ?? {}),
  });
  const text = (await response.text().catch(() => '')).slice(0, 64 * 1024);
  answer({ ok: true, status: response.status, text });
}

document.addEventListener(SWITCH, (event) => {
  let request: SwitchRequest;
  try {
    request = JSON.parse(String((event as CustomEvent<unknown>).detail)) as SwitchRequest;
  } catch {
    return;
  }
  if (request.kind === 'json') {
    postJson(request).catch((error: unknown) => answer({ ok: false, message: String(error) }));
    return;
  }
  const csrf = consoleCsrf();
  if (!csrf) {
    answer({
      ok: false,
      message: 'This console page does not expose its sign-in token; reload it and try again.',
    });
    return;
  }
  submitForm(request, csrf);
});
