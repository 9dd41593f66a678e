import { useState } from 'preact/hooks';
import type { TabState } from '../../background/tab-state.js';
import type { OpenSession, SavedRole } from '../../core/switch/index.js';
import { CopyButton } from '../components/CopyButton.js';
import { SwitchNow } from './SwitchControls.js';
import {
  prepareSwitch,
  type SwitchTargetInput,
  savedRoleFromPage,
  switchLinkFor,
} from './switching.js';

interface Props {
  state: TabState;
  tabId: number | null;
  otherSessions: readonly OpenSession[];
  onSave: (role: SavedRole) => Promise<string>;
}

/** The role the IAM page shows: its switch link, Switch now, and saving it for later. */
export function RoleOnPageCard({ state, tabId, otherSessions, onSave }: Props) {
  const [saved, setSaved] = useState<string | null>(null);
  const role = state.role;
  if (!role) return null;
  // A draft in the trust policy editor is not what AWS checks; only the saved policy counts.
  const trustPolicy = role.editing ? null : (role.trustPolicy ?? null);
  const target: SwitchTargetInput = role.arn
    ? { roleArn: role.arn, trustPolicy }
    : { account: state.session?.accountId ?? null, roleName: role.name, trustPolicy };
  const link = switchLinkFor(target, state);
  const prepared = prepareSwitch(target, state, otherSessions);
  const save = async () => {
    const made = savedRoleFromPage(state, prepared.blockers);
    setSaved(made.ok ? await onSave(made.value) : made.error);
  };
  return (
    <section class="card" data-testid="role-on-page">
      <h2>
        Role on this page: <span data-testid="role-on-page-name">{role.name}</span>
      </h2>
      {role.arn && <p class="muted">{role.arn}</p>}
      <h3>Switch link</h3>
      {link.ok ? (
        <>
          <pre class="switch-link" data-testid="switch-link">
            {link.url}
          </pre>
          <CopyButton text={link.url} label="Copy switch link" />
          {link.warnings.map((warning) => (
            <p class="warn" key={warning}>
              {warning}
            </p>
          ))}
        </>
      ) : (
        <ul class="bad" data-testid="switch-link-errors">
          {link.errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <h3>Switch in this tab</h3>
      <SwitchNow tabId={tabId} prepared={prepared} />
      <p>
        <button type="button" class="secondary" data-testid="save-role" onClick={() => void save()}>
          Save to my roles
        </button>{' '}
        {saved && <span data-testid="save-role-status">{saved}</span>}
      </p>
    </section>
  );
}
