import { useMemo, useRef, useState } from 'preact/hooks';
import type { TabState } from '../../background/tab-state.js';
import {
  filterRoles,
  groupByAccount,
  identityFromSessionArn,
  makeSavedRole,
  type OpenSession,
  PRESET_COLORS,
  type SavedRole,
} from '../../core/switch/index.js';
import { BlockerList, type SwitchStatus, sendSwitch } from './SwitchControls.js';
import { blockersFor, prepareSwitch, type SwitchTargetInput } from './switching.js';

// Rows drawn at once: enough to scroll through, few enough that each keystroke stays instant
// with thousands of roles. The filter narrows the rest.
const SHOWN = 200;

interface Props {
  roles: readonly SavedRole[];
  state: TabState;
  tabId: number | null;
  otherSessions: readonly OpenSession[];
  onChange: (roles: SavedRole[]) => Promise<void>;
}

function targetOf(role: SavedRole): SwitchTargetInput {
  return {
    account: role.account,
    roleName: role.roleName,
    displayName: role.displayName,
    color: role.color,
    region: role.region,
    partition: role.partition,
    requiresExternalId: role.requiresExternalId,
  };
}

export function SavedRolesList({ roles, state, tabId, otherSessions, onChange }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<{ id: string; status: SwitchStatus } | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const sessionArn = state.session?.sessionARN ?? null;
  const alias = state.session?.accountAlias ?? null;
  const identity = useMemo(
    () => (sessionArn ? identityFromSessionArn(sessionArn, alias) : null),
    [sessionArn, alias],
  );
  const matches = useMemo(() => filterRoles(roles, query, identity), [roles, query, identity]);
  const groups = useMemo(() => groupByAccount(matches.slice(0, SHOWN)), [matches]);
  const ordered = useMemo(() => groups.flatMap((group) => group.roles), [groups]);
  const activeIndex = Math.min(active, Math.max(ordered.length - 1, 0));
  const activeRole = ordered[activeIndex];

  const switchTo = async (role: SavedRole) => {
    const prepared = prepareSwitch(targetOf(role), state, otherSessions);
    const blocking = prepared.blockers.find((blocker) => blocker.severity === 'blocks');
    if (blocking) {
      setStatus({ id: role.id, status: { kind: 'failed', text: blocking.message } });
      return;
    }
    setStatus({ id: role.id, status: { kind: 'busy' } });
    setStatus({ id: role.id, status: await sendSwitch(tabId, prepared) });
  };

  const move = (delta: number) => {
    const next = Math.max(0, Math.min(ordered.length - 1, activeIndex + delta));
    setActive(next);
    const row = listRef.current?.querySelector(`[data-index="${next}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter' && activeRole) void switchTo(activeRole);
    else if (event.key === 'Escape' && query !== '') {
      setQuery('');
      setActive(0);
    } else return;
    event.preventDefault();
  };

  const remove = (role: SavedRole) => onChange(roles.filter((other) => other.id !== role.id));
  const replace = (updated: SavedRole) =>
    onChange(roles.map((other) => (other.id === updated.id ? updated : other)));

  let index = 0;
  return (
    <div class="saved-roles">
      <input
        type="search"
        class="role-filter"
        data-testid="role-filter"
        placeholder="Filter by name, account, alias or role; arrows and Enter to switch"
        aria-controls="saved-role-list"
        aria-activedescendant={activeRole ? `saved-role-${activeIndex}` : undefined}
        value={query}
        onInput={(event) => {
          setQuery((event.target as HTMLInputElement).value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p class="muted" data-testid="role-count" data-matches={matches.length}>
        {matches.length === roles.length
          ? `${roles.length} saved roles`
          : `${matches.length} of ${roles.length} saved roles`}
        {matches.length > SHOWN ? `; the first ${SHOWN} are shown, type to narrow` : ''}
      </p>
      <div id="saved-role-list" role="listbox" ref={listRef} data-testid="saved-role-list">
        {groups.map((group) => (
          <div class="role-group" key={group.key} data-account={group.account}>
            <h3 class="role-group-title">
              {group.account}
              {group.partition !== 'aws' ? ` (${group.partition})` : ''}
            </h3>
            {group.roles.map((role) => {
              const position = index++;
              const isActive = position === activeIndex;
              return (
                <div
                  key={role.id}
                  id={`saved-role-${position}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={isActive}
                  class={isActive ? 'saved-role active' : 'saved-role'}
                  data-index={position}
                  data-testid="saved-role"
                  data-role-id={role.id}
                >
                  <div class="saved-role-line">
                    <span
                      class="swatch"
                      style={{ background: role.color ? `#${role.color}` : 'transparent' }}
                    />
                    <span class="saved-role-name">{role.displayName}</span>{' '}
                    <span class="muted">
                      {role.roleName}
                      {role.region ? ` · ${role.region}` : ''}
                    </span>
                  </div>
                  <BlockerList
                    blockers={blockersFor(targetOf(role), state, otherSessions).filter(
                      (blocker) => blocker.code !== 'same-role',
                    )}
                  />
                  <div class="field-row">
                    <button
                      type="button"
                      class="secondary"
                      data-testid="saved-role-switch"
                      onClick={() => {
                        setActive(position);
                        void switchTo(role);
                      }}
                    >
                      Switch
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => setEditing(editing === role.id ? null : role.id)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      data-testid="saved-role-delete"
                      onClick={() => void remove(role)}
                    >
                      Delete
                    </button>
                  </div>
                  {status?.id === role.id && status.status.kind !== 'idle' && (
                    <p
                      class={status.status.kind === 'failed' ? 'bad' : 'good'}
                      data-testid="saved-role-status"
                    >
                      {status.status.kind === 'busy' ? 'Switching…' : status.status.text}
                    </p>
                  )}
                  {editing === role.id && (
                    <RoleEditor
                      role={role}
                      onDone={async (updated) => {
                        if (updated) await replace(updated);
                        setEditing(null);
                      }}
                    />
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function RoleEditor({
  role,
  onDone,
}: {
  role: SavedRole;
  onDone: (updated: SavedRole | null) => Promise<void>;
}) {
  const [displayName, setDisplayName] = useState(role.displayName);
  const [color, setColor] = useState(role.color ?? '');
  const [region, setRegion] = useState(role.region ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const made = makeSavedRole({ ...role, displayName, color, region });
    if (!made.ok) {
      setError(made.error);
      return;
    }
    void onDone(made.value);
  };
  return (
    <div class="role-editor" data-testid="role-editor">
      <label class="field">
        Display name
        <input
          value={displayName}
          data-testid="edit-display-name"
          onInput={(e) => setDisplayName((e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        Colour (six hex digits, empty for none)
        <input
          value={color}
          data-testid="edit-color"
          onInput={(e) => setColor((e.target as HTMLInputElement).value)}
        />
      </label>
      <div class="field-row">
        {Object.entries(PRESET_COLORS).map(([hex, name]) => (
          <button
            type="button"
            key={hex}
            class="swatch-button"
            title={name}
            aria-label={name}
            style={{ background: `#${hex}` }}
            onClick={() => setColor(hex)}
          />
        ))}
      </div>
      <label class="field">
        Region to land in (empty: stay in the current one)
        <input
          value={region}
          data-testid="edit-region"
          onInput={(e) => setRegion((e.target as HTMLInputElement).value)}
        />
      </label>
      {error && <p class="bad">{error}</p>}
      <div class="field-row">
        <button type="button" class="primary" data-testid="edit-save" onClick={save}>
          Save
        </button>
        <button type="button" class="secondary" onClick={() => void onDone(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
