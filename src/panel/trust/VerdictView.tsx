import type { TrustVerdict } from '../../core/trust/index.js';
import { CopyButton } from '../components/CopyButton.js';
import { diffLines } from './model.js';

interface Props {
  verdict: TrustVerdict;
  decidingLine: number | undefined;
  onShowLine: (line: number) => void;
}

function verdictHeadline(allowed: boolean | null): { text: string; tone: string; key: string } {
  if (allowed === true) return { text: 'Allowed by the trust policy', tone: 'good', key: 'true' };
  if (allowed === false) return { text: 'Denied by the trust policy', tone: 'bad', key: 'false' };
  return { text: 'Undecidable from what is known', tone: 'warn', key: 'null' };
}

/** What the engine's deciding statement is, which depends on how the call was decided. */
function statementRole(verdict: TrustVerdict): string {
  if (verdict.allowed === true) return 'Admitting statement';
  if (verdict.allowed === null) return 'Statement that cannot be decided';
  if (verdict.actions.some((item) => item.decision === 'explicit-deny')) {
    return 'Denying statement';
  }
  return 'Closest Allow (did not apply)';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'absent from the request';
  if (value === null) return 'unknown';
  return JSON.stringify(value);
}

export function VerdictView({ verdict, decidingLine, onShowLine }: Props) {
  const headline = verdictHeadline(verdict.allowed);
  const proposedJson = verdict.proposedPolicy
    ? JSON.stringify(verdict.proposedPolicy, null, 2)
    : null;
  return (
    <section class="card verdict" data-testid="verdict" data-allowed={headline.key}>
      <h3 class={headline.tone} data-testid="verdict-headline">
        {headline.text}
      </h3>
      <ul class="verdict-reasons" data-testid="verdict-reasons">
        {verdict.reasons.map((reason) => (
          <li key={`${reason.id}:${reason.message}`} data-id={reason.id}>
            <code>{reason.id}</code> {reason.message}
          </li>
        ))}
      </ul>
      <dl class="facts">
        {verdict.statement !== null && (
          <>
            <dt>{statementRole(verdict)}</dt>
            <dd data-testid="deciding-statement">
              {typeof verdict.statement === 'number'
                ? `#${verdict.statement + 1} (no Sid)`
                : verdict.statement}
              {decidingLine !== undefined && (
                <>
                  {' '}
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => onShowLine(decidingLine)}
                  >
                    line {decidingLine}
                  </button>
                </>
              )}
            </dd>
          </>
        )}
        {verdict.failedCondition && (
          <>
            <dt>Condition not met</dt>
            <dd data-testid="failed-condition">
              <code>
                {verdict.failedCondition.operator} {verdict.failedCondition.key}
              </code>{' '}
              {`wants ${verdict.failedCondition.policyValues
                .map((value) => JSON.stringify(value))
                .join(', ')}`}
              {`; the caller's value is ${describeValue(verdict.failedCondition.callerValue)}`}
            </dd>
          </>
        )}
        {verdict.actions.length > 0 && (
          <>
            <dt>STS actions</dt>
            <dd data-testid="verdict-actions">
              {verdict.actions.map((item) => `${item.action}: ${item.decision}`).join('; ')}
            </dd>
          </>
        )}
      </dl>
      {proposedJson && verdict.proposedDiff && (
        <>
          {verdict.proposalCallerMustMeet?.length ? (
            <>
              <h3>Smallest change that names this caller</h3>
              <p class="warn" data-testid="proposal-must-meet">
                {`It keeps the conditions the policy already sets, which the caller must still ` +
                  `meet: ${verdict.proposalCallerMustMeet.join('; ')}.`}
              </p>
            </>
          ) : (
            <h3>Smallest change that admits this caller</h3>
          )}
          <pre class="trust-diff" data-testid="proposed-diff">
            {diffLines(verdict.proposedDiff).map((line) => (
              <span key={line.at} class={`diff-${line.kind}`}>
                {line.text}
                {'\n'}
              </span>
            ))}
          </pre>
          <CopyButton text={proposedJson} label="Copy the proposed policy" />
          <details>
            <summary>The whole proposed policy</summary>
            <pre data-testid="proposed-policy">{proposedJson}</pre>
          </details>
        </>
      )}
      {verdict.allowed === false && !proposedJson && (
        <p class="muted" data-testid="no-proposal">
          No change to the trust policy alone admits this caller; see the reasons above.
        </p>
      )}
      {verdict.invisible.length > 0 && (
        <>
          <h3>What the trust policy alone cannot show</h3>
          <ul class="muted" data-testid="invisible">
            {verdict.invisible.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
