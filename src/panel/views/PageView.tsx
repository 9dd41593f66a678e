import type { TabState } from '../../background/tab-state.js';
import { parseAwsHost } from '../../core/partitions.js';
import type { ViewId } from '../App.js';

interface Props {
  state: TabState;
  onNavigate: (view: ViewId) => void;
}

function describeLocation(url: string | null) {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parseAwsHost(parsed.hostname);
  if (!host) return null;
  const service = parsed.pathname.split('/').filter(Boolean)[0] ?? null;
  const region = host.region ?? parsed.searchParams.get('region');
  return { host, service, region };
}

export function PageView({ state, onNavigate }: Props) {
  const location = describeLocation(state.url);
  if (!location) {
    return (
      <section>
        <h2>Not an AWS console page</h2>
        <p class="muted">
          Open a page of the AWS console, or select the text of an error anywhere and choose
          "Explain this error" from the context menu.
        </p>
        <button type="button" class="secondary" onClick={() => onNavigate('explain')}>
          Paste an error instead
        </button>
      </section>
    );
  }
  const { host, service, region } = location;
  return (
    <section>
      <h2 data-testid="page-title">
        {host.kind === 'signin' ? 'AWS sign-in' : 'AWS console'}
        {service ? `: ${service}` : ''}
      </h2>
      <dl class="facts" data-testid="page-facts">
        <dt>Partition</dt>
        <dd>{host.partition.name}</dd>
        <dt>Region</dt>
        <dd>{region ?? 'global'}</dd>
        {host.sessionDifferentiator && (
          <>
            <dt>Session</dt>
            <dd>multi-session {host.sessionDifferentiator}</dd>
          </>
        )}
        {state.session?.sessionARN && (
          <>
            <dt>Signed in as</dt>
            <dd data-testid="signed-in-as">{state.session.sessionARN}</dd>
          </>
        )}
        {state.session?.accountId && (
          <>
            <dt>Account</dt>
            <dd>{state.session.accountId}</dd>
          </>
        )}
        {state.role && (
          <>
            <dt>Role on screen</dt>
            <dd data-testid="role-on-screen">{state.role.arn ?? state.role.name}</dd>
          </>
        )}
      </dl>
      {state.errors.length > 0 && (
        <p>
          <span class="bad">{state.errors.length} access error(s) on this page.</span>{' '}
          <button type="button" class="secondary" onClick={() => onNavigate('explain')}>
            Explain
          </button>
        </p>
      )}
      {state.role && (
        <button type="button" class="secondary" onClick={() => onNavigate('trust')}>
          Check this role's trust policy
        </button>
      )}
    </section>
  );
}
