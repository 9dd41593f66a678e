import { useEffect, useState } from 'preact/hooks';
import type { TabState } from '../../background/tab-state.js';
import { signinClient } from '../signin/client.js';
import { DecodeSection } from '../signin/DecodeSection.js';
import { FailureView } from '../signin/FailureView.js';
import { IdentityCard } from '../signin/IdentityCard.js';
import { LinkForm } from '../signin/LinkForm.js';
import type { CredentialSummary, SigninFailure } from '../signin/protocol.js';
import { AssumeRoleForm, FederationTokenForm } from '../signin/StsForms.js';

const PARTITION_CHOICES = [
  ['', 'From the region (else AWS commercial)'],
  ['aws', 'AWS commercial'],
  ['aws-us-gov', 'AWS GovCloud (US)'],
  ['aws-cn', 'AWS China'],
  ['aws-eusc', 'AWS European Sovereign Cloud'],
] as const;

async function heldSummary(): Promise<CredentialSummary | null> {
  const answer = await signinClient.status();
  return answer.ok ? answer.value : null;
}

function PasteForm({
  held,
  onHeld,
}: {
  held: boolean;
  onHeld: (summary: CredentialSummary) => void;
}) {
  const [text, setText] = useState('');
  const [partition, setPartition] = useState('');
  const [region, setRegion] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<SigninFailure | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const answer = await signinClient.paste(text, partition, region);
    setBusy(false);
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    // The background holds them now; the panel keeps no copy.
    setText('');
    onHeld(answer.value);
  };
  return (
    <details class="card" open={!held} data-testid="signin-paste-card">
      <summary>{held ? 'Use other credentials' : 'Paste credentials'}</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label class="field">
          Credentials: export lines, $Env: lines, set -x, the JSON of aws sts assume-role or
          export-credentials, or a [profile] block
          <textarea
            data-testid="signin-paste"
            value={text}
            spellcheck={false}
            autoComplete="off"
            placeholder="export AWS_ACCESS_KEY_ID=ASIA…"
            onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
          />
        </label>
        <div class="field-row">
          <label class="field">
            Partition
            <select
              data-testid="signin-partition-choice"
              value={partition}
              onChange={(event) => setPartition((event.target as HTMLSelectElement).value)}
            >
              {PARTITION_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            Region (optional)
            <input
              data-testid="signin-paste-region"
              value={region}
              spellcheck={false}
              placeholder="us-east-1"
              onInput={(event) => setRegion((event.target as HTMLInputElement).value)}
            />
          </label>
        </div>
        <button
          type="submit"
          class="primary"
          data-testid="signin-check"
          disabled={busy || !text.trim()}
        >
          {busy ? 'Asking STS who these are…' : 'Check credentials'}
        </button>
      </form>
      <p class="muted">
        Role Doctor asks your credentials' partition's STS who they belong to (GetCallerIdentity).
        They stay in the extension's memory and go nowhere but to AWS STS and sign-in.
      </p>
      {failure && <FailureView failure={failure} testId="signin-paste-failure" />}
    </details>
  );
}

export function SigninView({ state }: { state: TabState }) {
  const [summary, setSummary] = useState<CredentialSummary | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    void heldSummary().then((value) => {
      if (!current) return;
      setSummary(value);
      setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, []);

  // Held credentials are dropped at their expiry: follow the background when that comes.
  const dropAt = summary ? Date.parse(summary.dropAt) : Number.NaN;
  useEffect(() => {
    if (!Number.isFinite(dropAt)) return;
    const wait = Math.min(Math.max(0, dropAt - Date.now()) + 500, 2 ** 31 - 1);
    const timer = setTimeout(() => void heldSummary().then(setSummary), wait);
    return () => clearTimeout(timer);
  }, [dropAt]);

  const held = (next: CredentialSummary) => {
    setSummary(next);
    // New credentials start the forms below afresh.
    setGeneration((value) => value + 1);
  };
  const forget = async () => {
    await signinClient.forget();
    setSummary(null);
    setGeneration((value) => value + 1);
  };

  if (!loaded) return <p class="muted">Loading…</p>;
  const refused = summary?.classification.canSignIn === false;
  // AssumeRole and GetFederationToken always start from the pasted credentials.
  const pastedKeyId = summary ? (summary.caller?.accessKeyId ?? summary.accessKeyId) : '';
  return (
    <section data-testid="signin-view">
      <PasteForm key={`paste-${generation}`} held={summary !== null} onHeld={held} />
      {summary && (
        <>
          <IdentityCard summary={summary} onForget={() => void forget()} />
          {!refused && <LinkForm key={`link-${generation}`} summary={summary} />}
          <AssumeRoleForm
            key={`assume-${generation}`}
            summary={summary}
            open={refused}
            onIssued={held}
          />
          {pastedKeyId.startsWith('AKIA') && (
            <FederationTokenForm
              key={`federation-${generation}`}
              summary={summary}
              onIssued={held}
            />
          )}
        </>
      )}
      <DecodeSection state={state} canCall={summary !== null} />
    </section>
  );
}
