import { useEffect, useMemo, useState } from 'preact/hooks';
import type { TabState } from '../../background/tab-state.js';
import { diagnose } from '../../core/diagnose/index.js';
import type { QuestionId, Via } from '../../core/diagnose/model.js';
import { type Answers, answer, gather, type Overrides, type Source } from '../diagnose/model.js';
import {
  Checks,
  CloudTrailSection,
  FailureCard,
  LinkChain,
  Outcome,
  QuestionCard,
} from '../diagnose/parts.js';

interface Props {
  state: TabState;
  /** An error the user chose to diagnose from the Explain view. */
  errorText?: string | null;
}

const SOURCE_NOTE: Record<Exclude<Source, null>, string> = {
  error: 'from the error',
  page: 'from the role page',
  session: 'signed in to the console',
  typed: 'as typed',
  answer: 'as given',
};

const ANSWER_LABEL: Record<keyof Answers, string> = {
  trustPolicy: 'Trust policy',
  identityPolicy: 'Identity policy',
  mfa: 'MFA',
  externalId: 'ExternalId',
  rolePolicy: 'Role permission policy',
  caller: 'Caller',
  orgId: 'Organization ID',
};

export function DiagnoseView({ state, errorText = null }: Props) {
  const [answers, setAnswers] = useState<Answers>({});
  const [declined, setDeclined] = useState<QuestionId[]>([]);
  const [overrides, setOverrides] = useState<Overrides>({});

  // A new error to diagnose starts a new diagnosis.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the chosen error changes.
  useEffect(() => {
    setAnswers({});
    setDeclined([]);
    setOverrides({});
  }, [errorText]);

  const gathered = useMemo(
    () => gather(state, errorText, answers, overrides),
    [state, errorText, answers, overrides],
  );
  const diagnosis = useMemo(() => diagnose(gathered.input), [gathered]);
  const question = diagnosis.questions.find((item) => !declined.includes(item.id)) ?? null;
  const roleArn = gathered.input.roleArn ?? '';
  const caller = gathered.input.caller ?? '';
  const via = gathered.input.via ?? 'cli';
  const given = (Object.keys(answers) as Array<keyof Answers>).filter(
    (key) => answers[key] !== undefined,
  );

  return (
    <div class="diagnose-view">
      <h2>Why can't I get into the role?</h2>
      {gathered.error && (
        <p class="muted" data-testid="diag-error" data-kind={gathered.error.kind}>
          Diagnosing: {gathered.error.excerpt.slice(0, 300)}
        </p>
      )}
      <div class="field-row">
        <label class="field">
          Role {gathered.roleSource ? `(${SOURCE_NOTE[gathered.roleSource]})` : ''}
          <input
            type="text"
            class="diag-input"
            data-testid="diag-role"
            value={roleArn}
            placeholder="arn:aws:iam::999988887777:role/RoleName"
            onInput={(event) =>
              setOverrides({ ...overrides, roleArn: (event.target as HTMLInputElement).value })
            }
          />
        </label>
      </div>
      <div class="field-row">
        <label class="field">
          Caller {gathered.callerSource ? `(${SOURCE_NOTE[gathered.callerSource]})` : ''}
          <input
            type="text"
            class="diag-input"
            data-testid="diag-caller"
            value={caller}
            placeholder="arn:aws:sts::111122223333:assumed-role/Developer/alice"
            onInput={(event) =>
              setOverrides({ ...overrides, caller: (event.target as HTMLInputElement).value })
            }
          />
        </label>
      </div>
      <fieldset class="diag-via">
        <legend>Assumed through</legend>
        {(['console', 'cli'] as Via[]).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="diag-via"
              data-testid={`diag-via-${option}`}
              checked={via === option}
              onChange={() => setOverrides({ ...overrides, via: option })}
            />{' '}
            {option === 'console' ? 'Console switch role' : 'CLI or SDK (AssumeRole)'}
          </label>
        ))}
      </fieldset>
      {gathered.trustFromPage && (
        <p class="muted" data-testid="diag-trust-source">
          The trust policy is the one on the role page.
        </p>
      )}
      {diagnosis.problems.length > 0 && (
        <ul class="warn" data-testid="diag-problems">
          {diagnosis.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <Outcome diagnosis={diagnosis} />
      {diagnosis.firstFailure && <FailureCard link={diagnosis.firstFailure} />}
      {diagnosis.firstFailure && question && (
        <p class="muted" data-testid="diag-earlier-unchecked">
          An earlier link is not checked yet; it may fail as well:
        </p>
      )}
      {question && (
        <QuestionCard
          key={question.id}
          question={question}
          onAnswer={(value) => setAnswers(answer(answers, question.id, value))}
          onDecline={() => setDeclined([...declined, question.id])}
        />
      )}
      {given.length > 0 && (
        <p class="muted diag-given" data-testid="diag-given">
          Given:{' '}
          {given.map((key) => (
            <span key={key} class="diag-given-item">
              {ANSWER_LABEL[key]}{' '}
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  const next = { ...answers };
                  delete next[key];
                  setAnswers(next);
                }}
              >
                change
              </button>{' '}
            </span>
          ))}
        </p>
      )}
      <h3>The links, in order</h3>
      <LinkChain links={diagnosis.links} />
      {diagnosis.outcome === 'pass' && (
        <section data-testid="diag-invisible">
          <Checks
            checks={diagnosis.invisible}
            title="Not visible from here: check each if it still fails"
          />
        </section>
      )}
      {diagnosis.cloudTrail && <CloudTrailSection guide={diagnosis.cloudTrail} />}
    </div>
  );
}
