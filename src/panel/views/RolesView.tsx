import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { TabState } from '../../background/tab-state.js';
import type { OpenSession, SavedRole } from '../../core/switch/index.js';
import { useActiveTabId } from '../hooks.js';
import { mergeRoles } from '../roles/codec.js';
import { ImportCard } from '../roles/ImportCard.js';
import { RoleOnPageCard } from '../roles/RoleOnPageCard.js';
import { SavedRolesList } from '../roles/SavedRolesList.js';
import { SwitchFailureCard } from '../roles/SwitchFailureCard.js';
import { loadRoles, saveRoles, useSavedRoles } from '../roles/storage.js';
import { ROLES_CSS } from '../roles/styles.js';
import { isConsoleTab, openSessionsFrom } from '../roles/switching.js';

/** Console sessions the other tabs are in, for the "already open elsewhere" warning. */
function useOtherSessions(state: TabState): OpenSession[] {
  const [states, setStates] = useState<TabState[]>([]);
  useEffect(() => {
    let current = true;
    const read = () =>
      void browser.storage.session.get(null).then((items) => {
        if (!current) return;
        setStates(
          Object.entries(items)
            .filter(([key]) => key.startsWith('tab:'))
            .map(([, value]) => value as TabState),
        );
      });
    read();
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'session') read();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      current = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return openSessionsFrom(states, state);
}

export function RolesView({ state }: { state: TabState }) {
  const tabId = useActiveTabId();
  const saved = useSavedRoles();
  const otherSessions = useOtherSessions(state);
  const [problem, setProblem] = useState<string | null>(null);

  const store = async (roles: SavedRole[]) => {
    try {
      await saveRoles(roles);
      setProblem(null);
    } catch (error) {
      setProblem(`The roles could not be stored: ${String(error)}`);
      throw error;
    }
  };
  const add = async (incoming: SavedRole[]): Promise<string> => {
    try {
      // Merged into what storage holds now: the list may not have loaded yet, or another panel
      // may have changed it.
      const merged = mergeRoles((await loadRoles()).roles, incoming);
      await store(merged.roles);
      return `${merged.added} added, ${merged.updated} updated.`;
    } catch (error) {
      return `Not saved: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  const showFailure = state.switchPage?.failed || state.focus?.kind === 'switch-failure';
  return (
    <section>
      <style>{ROLES_CSS}</style>
      {showFailure && <SwitchFailureCard state={state} />}
      {state.role && isConsoleTab(state) && (
        <RoleOnPageCard
          state={state}
          tabId={tabId}
          otherSessions={otherSessions}
          onSave={(role) => add([role])}
        />
      )}
      <section class="card" data-testid="saved-roles">
        <h2>My roles</h2>
        {problem && <p class="bad">{problem}</p>}
        {saved.dropped > 0 && (
          <p class="warn">
            {saved.dropped} stored roles no longer pass the checks and are not shown; import them
            again to fix them.
          </p>
        )}
        {!isConsoleTab(state) && (
          <p class="muted">Open an AWS console page in this tab to switch from here.</p>
        )}
        {!saved.loaded ? (
          <p class="muted">Loading…</p>
        ) : saved.roles.length === 0 ? (
          <p class="muted" data-testid="no-saved-roles">
            No saved roles yet: save the role on an IAM page, or import your config below.
          </p>
        ) : (
          <SavedRolesList
            roles={saved.roles}
            state={state}
            tabId={tabId}
            otherSessions={otherSessions}
            onChange={store}
          />
        )}
      </section>
      <ImportCard roles={saved.roles} onImport={add} />
    </section>
  );
}
