import { useMemo, useState } from 'preact/hooks';
import type { TabState } from '../../background/tab-state.js';
import { explainText } from '../../core/access/index.js';
import { signinClient } from './client.js';
import { FailureView } from './FailureView.js';
import {
  type DecodedMessage,
  encodedMessageOf,
  encodedMessagesIn,
  type SigninFailure,
} from './protocol.js';

/** Encoded authorization messages in what the page showed or the user selected. */
export function messagesFromTab(state: TabState): string[] {
  const texts = [...state.errors];
  if (state.selection) texts.push(state.selection);
  if (state.focus?.text) texts.push(state.focus.text);
  const found: string[] = [];
  for (const text of texts) {
    for (const message of encodedMessagesIn(text))
      if (!found.includes(message)) found.push(message);
  }
  return found;
}

function shortened(message: string): string {
  return message.length > 48 ? `${message.slice(0, 24)}…${message.slice(-16)}` : message;
}

function DecodedView({ decoded }: { decoded: DecodedMessage }) {
  const explained = useMemo(() => explainText(decoded.text), [decoded.text]);
  return (
    <div data-testid="decoded">
      {explained.length > 0 ? (
        explained.map(({ explanation }, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: derived list without state
          <div key={index} class="card" data-testid="decoded-explanation">
            <p>{explanation.summary}</p>
            <ol class="steps">
              {explanation.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        ))
      ) : (
        <p class="muted" data-testid="decoded-unexplained">
          The explainer found no authorization error it knows in the decoded document; it is shown
          as AWS returned it.
        </p>
      )}
      <pre data-testid="decoded-json">{decoded.text}</pre>
    </div>
  );
}

/** DecodeAuthorizationMessage for messages on the page, in a selection, or pasted. */
export function DecodeSection({ state, canCall }: { state: TabState; canCall: boolean }) {
  const fromTab = useMemo(() => messagesFromTab(state), [state]);
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [decoded, setDecoded] = useState<{ message: string; value: DecodedMessage } | null>(null);
  const [failure, setFailure] = useState<SigninFailure | null>(null);
  const pastedMessage = pasted.trim() ? encodedMessageOf(pasted) : undefined;

  const decode = async (message: string) => {
    setBusy(message);
    setFailure(null);
    const answer = await signinClient.decode(message);
    setBusy(null);
    if (answer.ok) setDecoded({ message, value: answer.value });
    else {
      setDecoded(null);
      setFailure(answer.error);
    }
  };

  return (
    <article class="card" data-testid="decode-card">
      <h3>Decode an authorization failure</h3>
      {!canCall && (
        <p class="muted">
          Decoding calls STS DecodeAuthorizationMessage: paste credentials of the account that
          refused (allowed to call it) first.
        </p>
      )}
      {fromTab.length > 0 ? (
        <ul data-testid="page-encoded-messages">
          {fromTab.map((message) => (
            <li key={message}>
              <code>{shortened(message)}</code>{' '}
              <button
                type="button"
                class="secondary"
                data-testid="decode-page-message"
                disabled={!canCall || busy !== null}
                onClick={() => void decode(message)}
              >
                {busy === message ? 'Decoding…' : 'Decode'}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No encoded authorization message on this page or in a selection.</p>
      )}
      <label class="field">
        Or paste an encoded message (or the error holding one)
        <textarea
          data-testid="decode-paste"
          value={pasted}
          rows={3}
          spellcheck={false}
          onInput={(event) => setPasted((event.target as HTMLTextAreaElement).value)}
        />
      </label>
      {pasted.trim() && !pastedMessage && (
        <p class="warn">No encoded authorization message recognised in the pasted text.</p>
      )}
      <button
        type="button"
        class="secondary"
        data-testid="decode-pasted"
        disabled={!canCall || !pastedMessage || busy !== null}
        onClick={() => pastedMessage && void decode(pastedMessage)}
      >
        Decode pasted
      </button>
      {failure && <FailureView failure={failure} testId="decode-failure" />}
      {decoded && <DecodedView decoded={decoded.value} />}
    </article>
  );
}
