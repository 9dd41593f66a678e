import { useEffect, useMemo, useState } from 'preact/hooks';
import type { TabState } from '../../background/tab-state.js';
import type { RoleOnPage } from '../../core/extension/messages.js';
import { CallerFormView } from '../trust/CallerFormView.js';
import { FindingList } from '../trust/FindingList.js';
import {
  analyse,
  type CallerForm,
  callerFromForm,
  defaultCallerForm,
  isRoleArn,
  prefilledRoleArn,
} from '../trust/model.js';
import { PolicyLines } from '../trust/PolicyLines.js';
import { VerdictView } from '../trust/VerdictView.js';

interface Props {
  state: TabState;
}

/** The policy text the page gave us whole, or null when there is none to trust. */
function readPolicy(role: RoleOnPage | null): string | null {
  if (!role?.trustPolicy) return null;
  return role.trustSource === 'trust-tab' || role.trustSource === 'editor'
    ? role.trustPolicy
    : null;
}

function SourceNote({ role }: { role: RoleOnPage | null }) {
  if (!role) {
    return (
      <p class="muted" data-testid="trust-source" data-source="none">
        Open an IAM role page to check its trust policy, or paste any trust policy below.
      </p>
    );
  }
  switch (role.trustSource) {
    case 'trust-tab':
      return (
        <p class="muted" data-testid="trust-source" data-source="trust-tab">
          The trust policy as the Trust relationships tab shows it.
        </p>
      );
    case 'editor':
      return (
        <p class="warn" data-testid="trust-source" data-source="editor">
          This is the unsaved draft in the Edit trust policy editor, not the saved policy. It was
          read whole from the editor.
        </p>
      );
    case 'unreadable':
      return (
        <div class="bad" data-testid="trust-source" data-source="unreadable">
          <p>
            Role Doctor could not read the whole trust policy on this page, and it does not guess
            from the part on screen. Paste the policy below, from the Trust relationships tab or
            from:
          </p>
          <pre>
            {`aws iam get-role --role-name ${role.name} --query ` + `Role.AssumeRolePolicyDocument`}
          </pre>
        </div>
      );
    case 'too-long':
      return (
        <div class="bad" data-testid="trust-source" data-source="too-long">
          <p>
            The trust policy {role.editing ? 'in the editor' : 'on this page'} is longer than 64 KB.
            IAM accepts at most 4,096 characters in a trust policy (2,048 unless the quota was
            raised), not counting white space, so it would refuse this one
            {role.editing ? ' when saved' : ''}. Role Doctor does not check text this long, nor a
            part of it; shorten the policy (merge statements that share a condition, list principals
            in one array), then paste it below.
          </p>
        </div>
      );
    default:
      return (
        <p class="muted" data-testid="trust-source" data-source="not-shown">
          This part of the role page does not show the trust policy. Open the Trust relationships
          tab, or paste the policy below.
        </p>
      );
  }
}

export function TrustView({ state }: Props) {
  const role = state.role;
  const pagePolicy = readPolicy(role);
  const [editedCaller, setEditedCaller] = useState<CallerForm | null>(null);
  const [roleArnInput, setRoleArnInput] = useState<string | null>(null);
  const [pastedText, setPastedText] = useState('');
  const [checkPasted, setCheckPasted] = useState(false);
  const [callerOpen, setCallerOpen] = useState(false);
  const [target, setTarget] = useState<{ line: number; nonce: number } | null>(null);

  // Another role on the page: its own ARN and its own policy, not the pasted one.
  const roleName = role?.name ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the role changes.
  useEffect(() => {
    setRoleArnInput(null);
    setCheckPasted(false);
    setTarget(null);
  }, [roleName]);

  const consoleIdentity = state.session?.sessionARN ?? null;
  const form = editedCaller ?? defaultCallerForm(state.session);
  const { caller, problems } = callerFromForm(form);
  const prefilled = prefilledRoleArn(role, state.session);
  const roleArn = (roleArnInput ?? prefilled?.arn ?? '').trim();
  const roleArnOk = isRoleArn(roleArn);

  // The form stays folded once it has what the verdict needs; the summary names the caller.
  // The toggle event also follows an automatic opening, so a form opened for input stays open
  // while the user types in it.
  const callerNeedsInput = !caller || !roleArnOk;
  const usingPasted = checkPasted || pagePolicy === null;
  const text = usingPasted ? (pastedText.trim() ? pastedText : null) : pagePolicy;
  const callerKey = JSON.stringify(caller ?? null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: callerKey stands for caller.
  const analysis = useMemo(
    () => (text === null ? null : analyse(text, roleArnOk ? roleArn : null, caller)),
    [text, roleArn, roleArnOk, callerKey],
  );
  const showLine = (line: number) => setTarget({ line, nonce: Date.now() });

  return (
    <div class="trust-view">
      <h2 data-testid="trust-role">{role ? role.name : 'Trust policy'}</h2>
      <SourceNote role={role} />
      {pagePolicy !== null && usingPasted && (
        <p class="warn" data-testid="checking-pasted">
          Checking the pasted policy, not the page's.{' '}
          <button type="button" class="link-button" onClick={() => setCheckPasted(false)}>
            Back to the page's policy
          </button>
        </p>
      )}

      {analysis?.verdict && (
        <VerdictView
          verdict={analysis.verdict}
          decidingLine={analysis.decidingLine}
          onShowLine={showLine}
        />
      )}

      <details
        class="card caller-card"
        open={callerOpen || callerNeedsInput}
        data-testid="caller-card"
      >
        {/* The click sets the state itself: a toggle event arrives later, also for changes the
            panel makes, and would fold the form while someone types in it. */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a summary is the details' button */}
        <summary
          onClick={(event) => {
            event.preventDefault();
            setCallerOpen(!(callerOpen || callerNeedsInput));
          }}
        >
          <strong>Caller</strong>{' '}
          <span class="muted" data-testid="caller-summary">
            {form.principal || 'none'} ({form.kind})
          </span>
        </summary>
        <label class="field">
          Role ARN
          <input
            type="text"
            spellcheck={false}
            data-testid="role-arn"
            value={roleArn}
            onInput={(event) => setRoleArnInput((event.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {!roleArnOk && (
          <p class="bad" data-testid="role-arn-problem">
            Enter the role's ARN (arn:aws:iam::ACCOUNT:role/NAME) to see whether the caller can
            assume it.
          </p>
        )}
        {roleArnOk && roleArnInput === null && prefilled?.builtFromName && (
          <p class="muted">
            Built from the role name and the signed-in account; the role's path is not known.
          </p>
        )}
        <CallerFormView
          form={form}
          onChange={setEditedCaller}
          consoleIdentity={consoleIdentity}
          problems={problems}
        />
      </details>

      {analysis && text !== null && (
        <>
          <h3>
            Findings{' '}
            <span class="muted" data-testid="finding-count">
              ({analysis.check.findings.length})
            </span>
          </h3>
          <FindingList findings={analysis.check.findings} onShowLine={showLine} />
          <h3>
            Policy{' '}
            <span class="muted">
              ({text.split(/\r\n|\r|\n/).length} lines
              {usingPasted ? ', pasted' : role?.editing ? ', unsaved draft' : ''})
            </span>
          </h3>
          <PolicyLines
            text={text}
            findings={analysis.check.findings}
            decidingLine={analysis.decidingLine}
            target={target}
          />
        </>
      )}

      <details class="card paste-box" open={pagePolicy === null || checkPasted}>
        <summary>
          <strong>Check a policy by hand</strong>
        </summary>
        <label class="field">
          Trust policy JSON
          <textarea
            spellcheck={false}
            data-testid="paste-policy"
            placeholder='{"Version": "2012-10-17", "Statement": [...]}'
            value={pastedText}
            onInput={(event) => setPastedText((event.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        {pagePolicy !== null && !checkPasted && (
          <button
            type="button"
            class="primary"
            data-testid="check-pasted"
            disabled={!pastedText.trim()}
            onClick={() => setCheckPasted(true)}
          >
            Check the pasted policy
          </button>
        )}
        <p class="muted">The Role ARN and caller above apply to the pasted policy too.</p>
      </details>
    </div>
  );
}
