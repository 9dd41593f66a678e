import type { TabState } from '../../background/tab-state.js';
import { parseAwsHost, partitionById } from '../../core/partitions.js';
import { parseConsoleUrl } from '../../core/switch/console-url.js';
import { parseWebAddress } from '../../core/switch/web-address.js';
import type { ViewId } from '../App.js';

interface Props {
  state: TabState;
  onNavigate: (view: ViewId) => void;
}

interface PageLocation {
  kind: 'console' | 'signin';
  partitionName: string;
  region: string | null;
  service: string | null;
  sessionDifferentiator: string | null;
}

function describeLocation(url: string | null): PageLocation | null {
  if (!url) return null;
  const parsed = parseConsoleUrl(url);
  if (parsed.ok) {
    const { location } = parsed;
    return {
      kind: 'console',
      partitionName: partitionById(location.partition)?.name ?? location.partition,
      region: location.region,
      service: location.service,
      sessionDifferentiator: location.sessionDifferentiator,
    };
  }
  const address = parseWebAddress(url);
  const host = address ? parseAwsHost(address.hostname) : undefined;
  if (!host || !address) return null;
  return {
    kind: host.kind,
    partitionName: host.partition.name,
    region: host.region,
    service: address.pathname.split('/').filter(Boolean)[0] ?? null,
    sessionDifferentiator: host.sessionDifferentiator,
  };
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
  const { service, region } = location;
  return (
    <section>
      <h2 data-testid="page-title">
        {location.kind === 'signin' ? 'AWS sign-in' : 'AWS console'}
        {service ? `: ${service}` : ''}
      </h2>
      <dl class="facts" data-testid="page-facts">
        <dt>Partition</dt>
        <dd>{location.partitionName}</dd>
        <dt>Region</dt>
        <dd>{region ?? 'global'}</dd>
        {location.sessionDifferentiator && (
          <>
            <dt>Session</dt>
            <dd>multi-session {location.sessionDifferentiator}</dd>
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
