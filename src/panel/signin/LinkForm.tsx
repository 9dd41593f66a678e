import { useState } from 'preact/hooks';
import { LOGIN_LINK_NOTICE, SERVICE_SHORTCUTS } from '../../core/signin/federation.js';
import { describeMoment } from '../moment.js';
import { signinClient } from './client.js';
import { FailureView } from './FailureView.js';
import type { CredentialSummary, SigninFailure, SigninLink } from './protocol.js';

const SHORTCUTS = Object.keys(SERVICE_SHORTCUTS).sort();

/** Destination and region, then "Open console" or "Copy sign-in link". */
export function LinkForm({ summary }: { summary: CredentialSummary }) {
  const [destination, setDestination] = useState('home');
  const [region, setRegion] = useState(summary.region ?? '');
  const [duration, setDuration] = useState('');
  const [busy, setBusy] = useState<'open' | 'copy' | null>(null);
  const [failure, setFailure] = useState<SigninFailure | null>(null);
  const [link, setLink] = useState<SigninLink | null>(null);
  const [copyState, setCopyState] = useState<'copied' | 'failed' | null>(null);

  const ask = async (open: boolean) => {
    const seconds = duration.trim() ? Number(duration.trim()) : undefined;
    if (seconds !== undefined && !Number.isInteger(seconds)) {
      setFailure({ code: 'InvalidInput', message: 'The duration is a whole number of seconds.' });
      return;
    }
    setBusy(open ? 'open' : 'copy');
    setFailure(null);
    setCopyState(null);
    const answer = await signinClient.link({
      destination,
      region,
      sessionDuration: seconds,
      open,
    });
    setBusy(null);
    if (!answer.ok) {
      setLink(null);
      setFailure(answer.error);
      return;
    }
    setLink(answer.value);
    if (!open && answer.value.url) {
      try {
        await navigator.clipboard.writeText(answer.value.url);
        setCopyState('copied');
      } catch {
        setCopyState('failed');
      }
    }
  };

  const partitionHint =
    summary.partition === 'aws' ? 'eu-west-1' : summary.partition === 'aws-cn' ? 'cn-north-1' : '';
  return (
    <article class="card" data-testid="signin-link-card">
      <h3>Open the console</h3>
      <div class="field-row">
        <label class="field">
          Destination (service or console URL)
          <input
            data-testid="signin-destination"
            list="signin-shortcuts"
            value={destination}
            spellcheck={false}
            onInput={(event) => setDestination((event.target as HTMLInputElement).value)}
          />
          <datalist id="signin-shortcuts">
            {SHORTCUTS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <label class="field">
          Region
          <input
            data-testid="signin-region"
            value={region}
            placeholder={partitionHint || 'default'}
            spellcheck={false}
            onInput={(event) => setRegion((event.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      {summary.origin === 'assume-role' && (
        <label class="field">
          Console session length in seconds (900 to 43200, optional)
          <input
            data-testid="signin-duration"
            value={duration}
            inputMode="numeric"
            onInput={(event) => setDuration((event.target as HTMLInputElement).value)}
          />
        </label>
      )}
      <button
        type="button"
        class="primary"
        data-testid="signin-open"
        disabled={busy !== null}
        onClick={() => void ask(true)}
      >
        {busy === 'open' ? 'Opening…' : 'Open console'}
      </button>
      <button
        type="button"
        class="secondary"
        data-testid="signin-copy"
        disabled={busy !== null}
        onClick={() => void ask(false)}
      >
        {busy === 'copy' ? 'Creating…' : 'Copy sign-in link'}
      </button>
      {failure && <FailureView failure={failure} testId="signin-link-failure" />}
      {link && (
        <div data-testid="signin-link-result" data-tab-opened={String(link.tabOpened)}>
          <p class="muted">
            {link.tabOpened ? 'Opened ' : 'Sign-in link for '}
            {link.destination} through {link.federationHost}.
          </p>
          {link.url && (
            <>
              <textarea
                readOnly
                data-testid="signin-link-url"
                value={link.url}
                rows={3}
                onFocus={(event) => (event.target as HTMLTextAreaElement).select()}
              />
              {copyState === 'copied' && <p class="good">Copied to the clipboard.</p>}
              {copyState === 'failed' && (
                <p class="warn">The clipboard refused; select the link above and copy it.</p>
              )}
              <p class="warn" data-testid="signin-link-notice">
                {link.notice}
              </p>
              <p class="muted">Valid until {describeMoment(link.linkExpiresAt, Date.now())}.</p>
            </>
          )}
          {link.notes.map((note) => (
            <p key={note} class="muted" data-testid="signin-link-note">
              {note}
            </p>
          ))}
        </div>
      )}
      {!link?.url && (
        <p class="muted" data-testid="signin-link-notice-before">
          {LOGIN_LINK_NOTICE}
        </p>
      )}
    </article>
  );
}
