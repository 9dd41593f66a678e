import { useEffect, useState } from 'preact/hooks';
import type { FocusKind } from '../background/tab-state.js';
import { useActiveTabId, useTabState } from './hooks.js';
import { lazyView } from './lazy.js';
import { PageView } from './views/PageView.js';

// Every view but the page summary loads when first shown (see lazy.tsx).
const ExplainView = lazyView(async () => (await import('./views/ExplainView.js')).ExplainView);
const TrustView = lazyView(async () => (await import('./views/TrustView.js')).TrustView);
const RolesView = lazyView(async () => (await import('./views/RolesView.js')).RolesView);
const SigninView = lazyView(async () => (await import('./views/SigninView.js')).SigninView);
const DiagnoseView = lazyView(async () => (await import('./views/DiagnoseView.js')).DiagnoseView);

const VIEWS = [
  { id: 'page', label: 'Page' },
  { id: 'explain', label: 'Explain' },
  { id: 'trust', label: 'Trust' },
  { id: 'roles', label: 'Roles' },
  { id: 'signin', label: 'Sign in' },
  { id: 'diagnose', label: 'Diagnose' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

const VIEW_FOR_FOCUS: Record<FocusKind, ViewId> = {
  error: 'explain',
  selection: 'explain',
  role: 'trust',
  'switch-failure': 'roles',
  page: 'page',
};

/** A request older than this when the panel sees it was made before the user moved on. */
const FRESH_REQUEST_MS = 10_000;

export function App() {
  const tabId = useActiveTabId();
  const state = useTabState(tabId);
  const [view, setView] = useState<ViewId>('page');
  // The error the Explain view sent to the Diagnose view.
  const [diagnoseError, setDiagnoseError] = useState<string | null>(null);
  const openDiagnosis = (text: string) => {
    setDiagnoseError(text);
    setView('diagnose');
  };

  // A click on an in-page control or the context menu says what the user wants to see.
  // Only a new request moves the panel: later reports about the tab, and coming back to a tab
  // whose control was clicked long ago, leave the view the user chose alone.
  const focusKind = state.focus?.kind;
  const focusAt = state.focus?.at;
  const [seenFocus] = useState(() => new Map<number, number>());
  useEffect(() => {
    if (!focusKind || !focusAt || tabId === null) return;
    const seen = seenFocus.get(tabId) ?? 0;
    seenFocus.set(tabId, Math.max(seen, focusAt));
    if (focusAt > seen && Date.now() - focusAt < FRESH_REQUEST_MS)
      setView(VIEW_FOR_FOCUS[focusKind]);
  }, [tabId, focusKind, focusAt, seenFocus]);

  return (
    <div class="app">
      <header class="app-header">
        <h1>Role Doctor</h1>
        <nav class="views" aria-label="Views">
          {VIEWS.map(({ id, label }) => (
            <button
              type="button"
              key={id}
              class={id === view ? 'view-tab current' : 'view-tab'}
              aria-current={id === view ? 'page' : undefined}
              onClick={() => setView(id)}
            >
              {label}
            </button>
          ))}
        </nav>
      </header>
      <main class="view" data-view={view}>
        {view === 'page' && <PageView state={state} onNavigate={setView} />}
        {view === 'explain' && <ExplainView state={state} onDiagnose={openDiagnosis} />}
        {view === 'trust' && <TrustView state={state} />}
        {view === 'roles' && <RolesView state={state} />}
        {view === 'signin' && <SigninView state={state} />}
        {view === 'diagnose' && <DiagnoseView state={state} errorText={diagnoseError} />}
      </main>
    </div>
  );
}
