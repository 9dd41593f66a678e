import type { TrustCallerKind } from '../../core/trust/index.js';
import { CALLER_KINDS, type CallerForm, type MfaChoice } from './model.js';

interface Props {
  form: CallerForm;
  onChange: (form: CallerForm) => void;
  /** The console identity the form started from, offered back after edits. */
  consoleIdentity: string | null;
  problems: readonly string[];
}

const inputValue = (event: Event): string => (event.currentTarget as HTMLInputElement).value;

export function CallerFormView({ form, onChange, consoleIdentity, problems }: Props) {
  const set = (change: Partial<CallerForm>) => onChange({ ...form, ...change });
  const principalLabel =
    form.kind === 'service'
      ? 'Service principal'
      : form.kind === 'saml' || form.kind === 'web-identity'
        ? 'Identity provider (ARN or domain)'
        : 'Caller ARN';
  return (
    <form
      class="caller-form"
      data-testid="caller-form"
      onSubmit={(event) => event.preventDefault()}
    >
      <label class="field">
        {principalLabel}
        <input
          type="text"
          spellcheck={false}
          data-testid="caller-principal"
          value={form.principal}
          onInput={(event) => set({ principal: inputValue(event) })}
        />
      </label>
      {consoleIdentity && form.principal.trim() !== consoleIdentity && (
        <button
          type="button"
          class="secondary"
          onClick={() => set({ principal: consoleIdentity, kind: 'console-switch' })}
        >
          Use the console identity
        </button>
      )}
      <label class="field">
        How the caller assumes the role
        <select
          data-testid="caller-type"
          value={form.kind}
          onChange={(event) => set({ kind: inputValue(event) as TrustCallerKind })}
        >
          {CALLER_KINDS.map(({ kind, label }) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <div class="field-row">
        <label class="field">
          MFA used
          <select
            data-testid="caller-mfa"
            value={form.mfa}
            onChange={(event) => set({ mfa: inputValue(event) as MfaChoice })}
          >
            <option value="unknown">Unknown</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </label>
        <label class="field">
          MFA age (seconds)
          <input
            type="text"
            inputMode="numeric"
            data-testid="caller-mfa-age"
            value={form.mfaAge}
            onInput={(event) => set({ mfaAge: inputValue(event) })}
          />
        </label>
      </div>
      <label class="field">
        ExternalId sent
        <input
          type="text"
          spellcheck={false}
          data-testid="caller-external-id"
          value={form.externalId}
          onInput={(event) => set({ externalId: inputValue(event) })}
        />
      </label>
      <label class="field">
        Other condition keys (KEY=VALUE, one a line; repeat a key for several values)
        <textarea
          spellcheck={false}
          data-testid="caller-context"
          placeholder={'aws:SourceIp=203.0.113.5\naws:PrincipalOrgID=o-a1b2c3d4e5'}
          value={form.context}
          onInput={(event) => set({ context: inputValue(event) })}
        />
      </label>
      {problems.length > 0 && (
        <ul class="bad" data-testid="caller-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
