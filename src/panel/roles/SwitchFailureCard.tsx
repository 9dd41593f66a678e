import type { TabState } from '../../background/tab-state.js';
import { explainSwitchFailure } from '../../core/switch/index.js';

/**
 * The trust policy of the role the switch was for, when the tab showed that role's IAM page
 * just before (same leaf name and account); otherwise unknown.
 */
function knownTrustPolicy(state: TabState): string | null {
  const role = state.role;
  const wanted = state.switchPage;
  if (!role?.trustPolicy || role.editing || !wanted?.roleName) return null;
  const leaf = wanted.roleName.split('/').pop();
  const arnAccount = /^arn:[a-z-]+:iam::(\d{12}):role\//.exec(role.arn ?? '')?.[1];
  if (leaf !== role.name) return null;
  if (arnAccount && wanted.account && wanted.account.replaceAll('-', '') !== arnAccount) {
    return null;
  }
  return role.trustPolicy;
}

/** Why the switch-role page said "Invalid information in one or more fields". */
export function SwitchFailureCard({ state }: { state: TabState }) {
  const page = state.switchPage;
  const causes = explainSwitchFailure({
    account: page?.account ?? null,
    roleName: page?.roleName ?? null,
    identityArn: state.session?.sessionARN ?? null,
    trustPolicy: knownTrustPolicy(state),
  });
  return (
    <section class="card" data-testid="switch-failure">
      <h2>Why the switch failed</h2>
      <p class="muted">
        The switch-role page answers every refusal with "Invalid information in one or more fields".
        {page?.roleName ? ` It was for ${page.roleName}` : ''}
        {page?.account ? ` in account ${page.account}` : ''}
        {page?.roleName || page?.account ? '.' : ''} Likely causes, most likely first:
      </p>
      <ol class="steps" data-testid="switch-failure-causes">
        {causes.map((cause) => (
          <li key={cause.id} data-id={cause.id} data-confidence={cause.confidence}>
            <strong>{cause.title}</strong> <span class="muted">({cause.confidence})</span>
            <p>{cause.why}</p>
            <ul>
              {cause.checks.map((check) => (
                <li key={check}>{check}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
