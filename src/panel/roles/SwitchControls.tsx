import { useState } from 'preact/hooks';
import type { SwitchBlocker } from '../../core/switch/index.js';
import { askBackground } from '../background-client.js';
import type { PreparedSwitch } from './switching.js';

export function BlockerList({ blockers }: { blockers: readonly SwitchBlocker[] }) {
  if (blockers.length === 0) return null;
  return (
    <ul class="switch-blockers" data-testid="switch-blockers">
      {blockers.map((blocker) => (
        <li
          key={blocker.code}
          class={blocker.severity === 'blocks' ? 'bad' : 'warn'}
          data-code={blocker.code}
          data-severity={blocker.severity}
        >
          {blocker.message}
        </li>
      ))}
    </ul>
  );
}

export type SwitchStatus =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; text: string }
  | { kind: 'failed'; text: string };

/** Sends a prepared switch to the console tab, where the page's own world performs it. */
export async function sendSwitch(
  tabId: number | null,
  prepared: PreparedSwitch,
): Promise<SwitchStatus> {
  if (!prepared.ok) return { kind: 'failed', text: prepared.errors.join(' ') };
  if (tabId === null) return { kind: 'failed', text: 'No console tab to switch in.' };
  try {
    await askBackground({ type: 'switch-now', tabId, request: prepared.request });
    return {
      kind: 'done',
      text: prepared.multiSession
        ? 'Switched: the new session opens in a new tab.'
        : 'Switching: the console tab is signing in to the role.',
    };
  } catch (error) {
    return { kind: 'failed', text: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Warnings first, then the button. When the console certainly cannot switch, the button waits
 * for a second, deliberate click: the checks read the trust policy the page shows, which may be
 * a draft or out of date.
 */
export function SwitchNow({
  tabId,
  prepared,
  testId = 'switch-now',
}: {
  tabId: number | null;
  prepared: PreparedSwitch;
  testId?: string;
}) {
  const [status, setStatus] = useState<SwitchStatus>({ kind: 'idle' });
  const [override, setOverride] = useState(false);
  const blocked = prepared.blockers.some((blocker) => blocker.severity === 'blocks');
  const run = async () => {
    setStatus({ kind: 'busy' });
    setStatus(await sendSwitch(tabId, prepared));
  };
  return (
    <div class="switch-now">
      <BlockerList blockers={prepared.blockers} />
      {prepared.ok ? (
        prepared.warnings.map((warning) => (
          <p class="warn" key={warning}>
            {warning}
          </p>
        ))
      ) : (
        <ul class="bad" data-testid="switch-errors">
          {prepared.errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div class="field-row">
        <button
          type="button"
          class="primary"
          data-testid={testId}
          data-multi-session={prepared.ok && prepared.multiSession ? 'true' : 'false'}
          disabled={!prepared.ok || status.kind === 'busy' || (blocked && !override)}
          onClick={() => void run()}
        >
          {prepared.ok && prepared.multiSession ? 'Switch now (new session)' : 'Switch now'}
        </button>
        {blocked && prepared.ok && !override && (
          <button
            type="button"
            class="secondary"
            data-testid="switch-anyway"
            onClick={() => setOverride(true)}
          >
            Let me try anyway
          </button>
        )}
      </div>
      {status.kind === 'done' && (
        <p class="good" data-testid="switch-status">
          {status.text}
        </p>
      )}
      {status.kind === 'failed' && (
        <p class="bad" data-testid="switch-status">
          {status.text}
        </p>
      )}
    </div>
  );
}
