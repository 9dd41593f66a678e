import { describeMoment } from '../moment.js';
import type { CredentialSummary } from './protocol.js';

const SOURCE_LABEL: Record<CredentialSummary['source'], string> = {
  pasted: 'pasted',
  'assume-role': 'AssumeRole',
  'federation-token': 'GetFederationToken',
};

/** Who the held credentials belong to and what they can do. */
export function IdentityCard({
  summary,
  onForget,
}: {
  summary: CredentialSummary;
  onForget: () => void;
}) {
  const { classification } = summary;
  const canSignIn = classification.canSignIn;
  return (
    <article class="card" data-testid="signin-identity" data-principal={classification.principal}>
      <h3>Credentials</h3>
      <dl class="facts">
        <dt>Identity</dt>
        <dd data-testid="signin-arn">{summary.arn ?? 'unknown'}</dd>
        {summary.account && (
          <>
            <dt>Account</dt>
            <dd data-testid="signin-account">{summary.account}</dd>
          </>
        )}
        <dt>Partition</dt>
        <dd data-testid="signin-partition" data-partition={summary.partition}>
          {summary.partitionName}
        </dd>
        <dt>Access key</dt>
        <dd>
          {summary.accessKeyId} ({classification.keyKind}, {SOURCE_LABEL[summary.source]})
        </dd>
        {summary.caller && (
          <>
            <dt>Made from</dt>
            <dd data-testid="signin-caller">{summary.caller.arn ?? summary.caller.accessKeyId}</dd>
          </>
        )}
        <dt>{summary.dropAtIsExpiry ? 'Expires' : 'Forgotten'}</dt>
        <dd data-testid="signin-drop-at">
          {describeMoment(summary.dropAt, Date.now())}
          {summary.dropAtIsExpiry
            ? ''
            : summary.caller
              ? ' (with the pasted credentials that made them)'
              : ' (their expiry is unknown, so they are kept an hour)'}
        </dd>
      </dl>
      <p
        data-testid="signin-summary"
        class={canSignIn === false ? 'warn' : canSignIn === true ? 'good' : ''}
      >
        {classification.summary}
      </p>
      {classification.nextSteps.length > 0 && (
        <ul data-testid="signin-next-steps">
          {classification.nextSteps.map((step) => (
            <li key={step.action} data-action={step.action}>
              {step.description}
            </li>
          ))}
        </ul>
      )}
      {summary.warnings.map((warning) => (
        <p key={warning} class="warn">
          {warning}
        </p>
      ))}
      <button type="button" class="secondary" data-testid="signin-forget" onClick={onForget}>
        Forget credentials
      </button>
      <p class="muted">
        Held in memory only, never written to disk, and forgotten when they expire or the browser
        closes.
      </p>
    </article>
  );
}
