import type { TabState } from '../../background/tab-state.js';

export function SigninView(_props: { state: TabState }) {
  return <p class="muted">This view is not part of this build yet.</p>;
}
