import { useMemo, useState } from 'preact/hooks';
import { federationNameFrom } from '../../core/signin/credentials.js';
import type { SavedRole } from '../../core/switch/index.js';
import { useSavedRoles } from '../roles/storage.js';
import { signinClient } from './client.js';
import { FailureView } from './FailureView.js';
import { type CredentialSummary, type SigninFailure, sessionNameFrom } from './protocol.js';

const inputValue = (event: Event) => (event.target as HTMLInputElement).value;

function Field(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  testId: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  autoComplete?: string;
}) {
  return (
    <label class="field">
      {props.label}
      <input
        data-testid={props.testId}
        value={props.value}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        spellcheck={false}
        onInput={(event) => props.onInput(inputValue(event))}
      />
    </label>
  );
}

/** Saved roles AssumeRole can take: of the credentials' partition, with a numeric account. */
function assumableRoles(roles: readonly SavedRole[], partition: string): SavedRole[] {
  return roles.filter((role) => role.partition === partition && /^\d{12}$/.test(role.account));
}

const roleArnOf = (role: SavedRole) =>
  `arn:${role.partition}:iam::${role.account}:role/${role.roleName}`;

interface AssumeForm {
  roleArn: string;
  sessionName: string;
  mfaSerial: string;
  mfaCode: string;
  externalId: string;
  duration: string;
}

/** AssumeRole with the pasted credentials: role, session name, MFA, ExternalId, duration. */
export function AssumeRoleForm({
  summary,
  open,
  onIssued,
}: {
  summary: CredentialSummary;
  open: boolean;
  onIssued: (summary: CredentialSummary) => void;
}) {
  const account = summary.caller ? null : summary.account;
  const [form, setForm] = useState<AssumeForm>({
    roleArn: '',
    sessionName: '',
    mfaSerial: '',
    mfaCode: '',
    externalId: '',
    duration: '',
  });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<SigninFailure | null>(null);
  const saved = useSavedRoles();
  const choices = useMemo(
    () => assumableRoles(saved.roles, summary.partition),
    [saved.roles, summary.partition],
  );
  const [picked, setPicked] = useState<SavedRole | null>(null);
  const set = (key: keyof AssumeForm) => (value: string) => setForm({ ...form, [key]: value });
  const pick = (id: string) => {
    const role = choices.find((choice) => choice.id === id) ?? null;
    setPicked(role);
    if (!role) return;
    setForm({
      ...form,
      roleArn: roleArnOf(role),
      duration: role.durationSeconds ? String(role.durationSeconds) : form.duration,
    });
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const duration = form.duration.trim() ? Number(form.duration.trim()) : undefined;
    if (duration !== undefined && !Number.isInteger(duration)) {
      setBusy(false);
      setFailure({ code: 'InvalidInput', message: 'The duration is a whole number of seconds.' });
      return;
    }
    const answer = await signinClient.assumeRole({
      roleArn: form.roleArn,
      sessionName: form.sessionName,
      mfaSerial: form.mfaSerial,
      mfaCode: form.mfaCode,
      externalId: form.externalId,
      durationSeconds: duration,
    });
    setBusy(false);
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    // The code is spent; keep the rest for the next attempt.
    setForm({ ...form, mfaCode: '' });
    onIssued(answer.value);
  };
  const rolePlaceholder = `arn:${summary.partition}:iam::${account ?? '111122223333'}:role/Name`;
  return (
    <details class="card" open={open} data-testid="assume-role-card">
      <summary>
        {summary.caller
          ? 'Assume a role with the pasted credentials'
          : 'Assume a role with these credentials'}
      </summary>
      <form onSubmit={(event) => void submit(event)}>
        {choices.length > 0 && (
          <label class="field">
            Saved role
            <select
              data-testid="assume-saved-role"
              value={picked?.id ?? ''}
              onChange={(event) => pick((event.target as HTMLSelectElement).value)}
            >
              <option value="">Choose a saved role, or give its ARN below</option>
              {choices.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.displayName} ({role.account})
                </option>
              ))}
            </select>
          </label>
        )}
        {picked?.requiresMfa && (
          <p class="warn" data-testid="assume-needs-mfa">
            This role asks for MFA: give your MFA device and its current code.
          </p>
        )}
        {picked?.requiresExternalId && (
          <p class="warn" data-testid="assume-needs-external-id">
            This role asks for an ExternalId: give the one its owner told you.
          </p>
        )}
        <Field
          label="Role ARN"
          testId="assume-role-arn"
          value={form.roleArn}
          onInput={set('roleArn')}
          placeholder={rolePlaceholder}
        />
        <div class="field-row">
          <Field
            label="MFA device (ARN or serial)"
            testId="assume-mfa-serial"
            value={form.mfaSerial}
            onInput={set('mfaSerial')}
            placeholder={`arn:${summary.partition}:iam::${account ?? '111122223333'}:mfa/name`}
          />
          <Field
            label="MFA code"
            testId="assume-mfa-code"
            value={form.mfaCode}
            onInput={set('mfaCode')}
            placeholder="123456"
            inputMode="numeric"
            autoComplete="one-time-code"
          />
        </div>
        <div class="field-row">
          <Field
            label="Session name"
            testId="assume-session-name"
            value={form.sessionName}
            onInput={set('sessionName')}
            placeholder={sessionNameFrom(summary.classification.person)}
          />
          <Field
            label="ExternalId"
            testId="assume-external-id"
            value={form.externalId}
            onInput={set('externalId')}
          />
          <Field
            label="Duration (s)"
            testId="assume-duration"
            value={form.duration}
            onInput={set('duration')}
            placeholder="3600"
            inputMode="numeric"
          />
        </div>
        <button
          type="submit"
          class="primary"
          data-testid="assume-role-submit"
          disabled={busy || !form.roleArn.trim()}
        >
          {busy ? 'Assuming…' : 'Assume role'}
        </button>
      </form>
      {failure && <FailureView failure={failure} testId="assume-role-failure" />}
    </details>
  );
}

/** GetFederationToken with long-term keys: a federated user that can open the console. */
export function FederationTokenForm({
  summary,
  onIssued,
}: {
  summary: CredentialSummary;
  onIssued: (summary: CredentialSummary) => void;
}) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<SigninFailure | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const answer = await signinClient.federationToken(name);
    setBusy(false);
    if (answer.ok) onIssued(answer.value);
    else setFailure(answer.error);
  };
  return (
    <details class="card" data-testid="federation-card">
      <summary>Sign in as a federated user (GetFederationToken)</summary>
      <form onSubmit={(event) => void submit(event)}>
        <Field
          label="Federated user name (2 to 32 of letters, digits and +=,.@_-)"
          testId="federation-name"
          value={name}
          onInput={setName}
          placeholder={federationNameFrom(summary.classification.name ?? 'role-doctor')}
        />
        <button type="submit" class="primary" data-testid="federation-submit" disabled={busy}>
          {busy ? 'Asking STS…' : 'Get federation token'}
        </button>
      </form>
      {failure && <FailureView failure={failure} testId="federation-failure" />}
    </details>
  );
}
