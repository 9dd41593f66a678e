import { useMemo, useState } from 'preact/hooks';
import type { TabState } from '../../background/tab-state.js';
import { explainText, POLICY_TYPE_LABELS } from '../../core/access/index.js';
import { isAfterSwitchError, isAssumeRoleError } from '../../core/diagnose/error.js';
import { CopyButton } from '../components/CopyButton.js';

interface Props {
  state: TabState;
  /** Opens the Diagnose view on this error's text. */
  onDiagnose?: (text: string) => void;
}

type Explained = ReturnType<typeof explainText>[number];

function ExplanationCard({
  item,
  index,
  onDiagnose,
}: {
  item: Explained;
  index: number;
  onDiagnose?: ((text: string) => void) | undefined;
}) {
  const { error, explanation, count } = item;
  const diagnosable = isAssumeRoleError(error) || isAfterSwitchError(error);
  return (
    <article class="card" data-testid="explanation" data-kind={error.kind}>
      <h3>
        {index + 1}. {explanation.summary}
      </h3>
      {count > 1 && (
        <p class="muted" data-testid="seen-count">
          Seen {count} times
        </p>
      )}
      <dl class="facts">
        {error.principal && (
          <>
            <dt>Who</dt>
            <dd data-testid="field-principal">{error.principal}</dd>
          </>
        )}
        {(error.action ?? error.operation) && (
          <>
            <dt>What</dt>
            <dd data-testid="field-action">{error.action ?? error.operation}</dd>
          </>
        )}
        {error.resource && (
          <>
            <dt>Resource</dt>
            <dd data-testid="field-resource">{error.resource}</dd>
          </>
        )}
        {error.policyType && (
          <>
            <dt>Denied by</dt>
            <dd data-testid="field-policy-type">
              {error.deny ? `${error.deny} deny, ` : ''}
              {POLICY_TYPE_LABELS[error.policyType]}
              {error.policyArn ? ` ${error.policyArn}` : ''}
            </dd>
          </>
        )}
      </dl>
      {explanation.changes.length > 0 && (
        <>
          <h3>What must change</h3>
          <ul>
            {explanation.changes.map((change) => (
              <li key={change.what}>
                {change.account ? `Account ${change.account}: ` : ''}
                {change.what}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>How to fix it</h3>
      <ol class="steps" data-testid="fix-steps">
        {explanation.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {explanation.policyStatement && (
        <>
          <h3>Policy text for {explanation.policyStatement.attachTo}</h3>
          <pre data-testid="policy-statement">
            {JSON.stringify(explanation.policyStatement.statement, null, 2)}
          </pre>
          <CopyButton text={JSON.stringify(explanation.policyStatement.statement, null, 2)} />
        </>
      )}
      {explanation.commands.length > 0 && (
        <>
          <h3>Confirm with</h3>
          <pre>{explanation.commands.join('\n')}</pre>
        </>
      )}
      {diagnosable && onDiagnose && (
        <button
          type="button"
          class="primary"
          data-testid="diagnose-button"
          onClick={() => onDiagnose(error.excerpt)}
        >
          Diagnose both sides
        </button>
      )}
      {explanation.links.length > 0 && (
        <ul>
          {explanation.links.map((link) => (
            <li key={link.url}>
              <a href={link.url} target="_blank" rel="noreferrer noopener">
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function ExplainView({ state, onDiagnose }: Props) {
  const [pasted, setPasted] = useState('');
  const sources = useMemo(() => {
    const texts: string[] = [];
    const focused =
      state.focus?.text ?? (state.focus?.kind === 'selection' ? state.selection : null);
    if (focused) texts.push(focused);
    for (const text of state.errors) if (!texts.includes(text)) texts.push(text);
    if (state.selection && !texts.includes(state.selection)) texts.push(state.selection);
    return texts;
  }, [state.focus, state.errors, state.selection]);
  const fromPage = useMemo(() => sources.flatMap((text) => explainText(text)), [sources]);
  const fromPaste = useMemo(() => (pasted.trim() ? explainText(pasted) : []), [pasted]);
  const items = [...fromPaste, ...fromPage];

  return (
    <section>
      <label class="field">
        Paste an error from a terminal, a CI log or CloudTrail
        <textarea
          data-testid="paste-box"
          value={pasted}
          onInput={(event) => setPasted((event.target as HTMLTextAreaElement).value)}
          placeholder="User: arn:aws:iam::111122223333:user/alice is not authorized to perform: ..."
        />
      </label>
      {pasted.trim() && fromPaste.length === 0 && (
        <p class="warn" data-testid="nothing-recognised">
          No AWS authorization error recognised in the pasted text. Paste the whole message,
          starting at "User:" or at the error code.
        </p>
      )}
      {items.length === 0 && !pasted.trim() && (
        <p class="muted">No access error on this page yet.</p>
      )}
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: cards hold no state; the list is derived
        <ExplanationCard key={index} item={item} index={index} onDiagnose={onDiagnose} />
      ))}
    </section>
  );
}
