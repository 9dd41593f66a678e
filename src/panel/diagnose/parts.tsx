import { useState } from 'preact/hooks';
import type {
  Check,
  CloudTrailGuide,
  Diagnosis,
  LinkResult,
  Question,
} from '../../core/diagnose/model.js';
import { CopyButton } from '../components/CopyButton.js';

const STATUS_LABEL: Record<LinkResult['status'], string> = {
  pass: 'passes',
  fail: 'fails',
  unknown: 'not known yet',
  'not-reached': 'not reached',
  'not-applicable': 'nothing to check',
};

export function Outcome({ diagnosis }: { diagnosis: Diagnosis }) {
  const failed = diagnosis.firstFailure;
  const position = failed ? diagnosis.links.indexOf(failed) + 1 : 0;
  const text =
    diagnosis.outcome === 'fail'
      ? `Link ${position} fails: ${failed?.title ?? ''}`
      : diagnosis.outcome === 'pass'
        ? 'Every link passes.'
        : 'More is needed to finish the diagnosis.';
  const tone =
    diagnosis.outcome === 'fail' ? 'bad' : diagnosis.outcome === 'pass' ? 'good' : 'muted';
  return (
    <p
      class={`diag-outcome ${tone}`}
      data-testid="diag-outcome"
      data-outcome={diagnosis.outcome}
      data-first-link={failed?.id ?? ''}
    >
      {text}
    </p>
  );
}

export function LinkChain({ links }: { links: LinkResult[] }) {
  return (
    <ol class="diag-links" data-testid="diag-links">
      {links.map((item) => (
        <li
          key={item.id}
          class={`diag-link status-${item.status}`}
          data-link={item.id}
          data-status={item.status}
        >
          <span class="diag-link-title">{item.title}</span>{' '}
          <span class="diag-link-status">({STATUS_LABEL[item.status]})</span>
          {item.status !== 'not-reached' && <p class="diag-link-summary">{item.summary}</p>}
          {item.status !== 'fail' && item.evidence.length > 0 && (
            <ul class="diag-evidence">
              {item.evidence.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function Commands({ commands, testId }: { commands: string[]; testId?: string }) {
  if (commands.length === 0) return null;
  const text = commands.join('\n');
  return (
    <>
      <pre data-testid={testId}>{text}</pre>
      <CopyButton text={text} label="Copy commands" />
    </>
  );
}

export function FailureCard({ link }: { link: LinkResult }) {
  const fix = link.fix;
  const policyText = fix?.policy ? JSON.stringify(fix.policy.document, null, 2) : null;
  return (
    <article class="card diag-failure" data-testid="diag-failure" data-link={link.id}>
      <h3>{link.summary}</h3>
      <ul class="diag-evidence" data-testid="diag-evidence">
        {link.evidence.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {fix && (
        <>
          <h3 data-testid="diag-fix-account" data-account={fix.account ?? ''} data-side={fix.side}>
            {fix.account ? `Fix in account ${fix.account}` : 'Fix in how the call is made'}
          </h3>
          <p>{fix.summary}</p>
          {fix.warnings && fix.warnings.length > 0 && (
            <ul class="warn" data-testid="diag-fix-warnings">
              {fix.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
          {fix.callerMustAlso && (
            <div class="warn" data-testid="diag-fix-caller-must-also">
              <p>The change alone does not admit the caller; it must also:</p>
              <ul>
                {fix.callerMustAlso.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </div>
          )}
          {fix.steps.length > 0 && (
            <ol class="steps">
              {fix.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          )}
          <Commands commands={fix.commands} testId="diag-fix-commands" />
          {policyText && (
            <>
              <h3>Policy: {fix.policy?.attachTo}</h3>
              <pre data-testid="diag-fix-policy">{policyText}</pre>
              <CopyButton text={policyText} label="Copy policy" />
            </>
          )}
          {fix.diff && (
            <>
              <h3>Change from the current policy</h3>
              <pre class="trust-diff" data-testid="diag-fix-diff">
                {fix.diff.split('\n').map((line, index) => (
                  <span
                    // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
                    key={index}
                    class={
                      line.startsWith('+')
                        ? 'diff-added'
                        : line.startsWith('-')
                          ? 'diff-removed'
                          : undefined
                    }
                  >
                    {line}
                    {'\n'}
                  </span>
                ))}
              </pre>
            </>
          )}
        </>
      )}
      <Checks checks={link.toCheck} title="Also depends on" />
    </article>
  );
}

export function Checks({ checks, title }: { checks: Check[]; title: string }) {
  if (checks.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul class="diag-checks">
        {checks.map((check) => (
          <li key={check.what}>
            <strong>{check.what}.</strong> {check.how}
            {check.commands.length > 0 && <pre>{check.commands.join('\n')}</pre>}
          </li>
        ))}
      </ul>
    </>
  );
}

export function QuestionCard({
  question,
  onAnswer,
  onDecline,
}: {
  question: Question;
  onAnswer: (value: string | boolean) => void;
  onDecline: () => void;
}) {
  const [text, setText] = useState('');
  return (
    <article class="card diag-question" data-testid="diag-question" data-question={question.id}>
      <h3>{question.prompt}</h3>
      <p class="muted">{question.help}</p>
      {question.commands.length > 0 && <pre>{question.commands.join('\n')}</pre>}
      {question.kind === 'yes-no' ? (
        <div>
          <button
            type="button"
            class="primary"
            data-testid="diag-answer-yes"
            onClick={() => onAnswer(true)}
          >
            Yes
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="diag-answer-no"
            onClick={() => onAnswer(false)}
          >
            No
          </button>
        </div>
      ) : (
        <>
          {question.kind === 'policy' ? (
            <textarea
              data-testid="diag-answer"
              value={text}
              onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
              placeholder='{"Version": "2012-10-17", "Statement": [...]}'
            />
          ) : (
            <input
              type="text"
              class="diag-input"
              data-testid="diag-answer"
              value={text}
              onInput={(event) => setText((event.target as HTMLInputElement).value)}
            />
          )}
          <button
            type="button"
            class="primary"
            data-testid="diag-answer-submit"
            disabled={question.kind === 'policy' && !text.trim()}
            onClick={() => onAnswer(text)}
          >
            {question.kind === 'policy' ? 'Check it' : 'Use this'}
          </button>
        </>
      )}
      <button type="button" class="link-button" data-testid="diag-decline" onClick={onDecline}>
        I cannot get this
      </button>
    </article>
  );
}

export function CloudTrailSection({ guide }: { guide: CloudTrailGuide }) {
  return (
    <details class="diag-cloudtrail" data-testid="diag-cloudtrail">
      <summary>Find the attempt in CloudTrail</summary>
      <ul>
        {guide.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      {guide.accounts.map((account) => (
        <section key={account.account} data-account={account.account} data-side={account.side}>
          <h3>
            {`Account ${account.account} (the ${account.side === 'caller' ? 'caller' : 'role'})`}
            {`, ${account.region}`}
          </h3>
          <ul>
            {account.links.map((item) => (
              <li key={item.url}>
                <a href={item.url} target="_blank" rel="noreferrer noopener">
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
          <Commands commands={account.commands} />
        </section>
      ))}
      <h3>If CloudTrail has nothing</h3>
      <p>{guide.ifNotEnabled.text}</p>
      <pre>{guide.ifNotEnabled.commands.join('\n')}</pre>
    </details>
  );
}
