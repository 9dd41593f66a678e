import { useMemo } from 'preact/hooks';
import { explainText } from '../../core/access/index.js';
import type { SigninFailure } from './protocol.js';

/** A failed step: what AWS or Role Doctor said, and the access-error explanation when one fits. */
export function FailureView({ failure, testId }: { failure: SigninFailure; testId: string }) {
  const explained = useMemo(
    () => (failure.explainable ? explainText(failure.explainable) : []),
    [failure.explainable],
  );
  return (
    <div class="card" data-testid={testId} data-code={failure.code}>
      <p class="bad" data-testid="failure-message">
        {failure.code !== 'InvalidCredentials' && failure.code !== 'InvalidInput'
          ? `${failure.code}: `
          : ''}
        {failure.message}
      </p>
      {explained.map(({ explanation }, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: derived list without state
        <div key={index} data-testid="failure-explanation">
          <p>{explanation.summary}</p>
          {explanation.steps.length > 0 && (
            <ol class="steps">
              {explanation.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          )}
        </div>
      ))}
    </div>
  );
}
