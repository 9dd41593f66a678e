// Saved roles live in browser.storage.local only: they stay on this machine and are never
// synced (sync storage also caps items at 8 KB, which a few hundred roles exceed).

import { useEffect, useState } from 'preact/hooks';
import browser, { type Storage } from 'webextension-polyfill';
import { prepareRoleSearch, type SavedRole } from '../../core/switch/index.js';
import { decodeRoles, encodeRoles, STORAGE_KEY } from './codec.js';

export interface SavedRolesState {
  loaded: boolean;
  roles: SavedRole[];
  /** Stored entries that no longer pass the checks and were left out. */
  dropped: number;
}

export async function loadRoles(): Promise<SavedRolesState> {
  const items = await browser.storage.local.get(STORAGE_KEY);
  const { roles, dropped } = decodeRoles(items[STORAGE_KEY]);
  prepareRoleSearch(roles);
  return { loaded: true, roles, dropped };
}

export async function saveRoles(roles: readonly SavedRole[]): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEY]: encodeRoles(roles) });
}

/** The saved roles, kept current when another panel (sidebar, window) changes them. */
export function useSavedRoles(): SavedRolesState {
  const [state, setState] = useState<SavedRolesState>({ loaded: false, roles: [], dropped: 0 });
  useEffect(() => {
    let current = true;
    const reload = () =>
      void loadRoles().then(
        (loaded) => current && setState(loaded),
        () => current && setState({ loaded: true, roles: [], dropped: 0 }),
      );
    reload();
    const onChanged = (changes: Record<string, Storage.StorageChange>, area: string) => {
      if (area === 'local' && changes[STORAGE_KEY]) reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      current = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return state;
}
