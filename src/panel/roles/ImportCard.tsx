import { useState } from 'preact/hooks';
import {
  type ConfigError,
  exportRolesAsAesr,
  type ImportResult,
  importRoles,
  type SavedRole,
} from '../../core/switch/index.js';
import { CopyButton } from '../components/CopyButton.js';

// Larger files are not role lists; the reader refuses them with a message too.
const MAX_FILE = 8 * 1024 * 1024;

interface Props {
  roles: readonly SavedRole[];
  onImport: (roles: SavedRole[]) => Promise<string>;
}

function ErrorLines({ title, items }: { title: string; items: readonly ConfigError[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul data-testid={title === 'Errors' ? 'import-errors' : 'import-warnings'}>
        {items.slice(0, 200).map((item) => (
          <li key={`${item.line}:${item.message}`} data-line={item.line}>
            {item.line > 0 ? `Line ${item.line}: ` : ''}
            {item.message}
          </li>
        ))}
        {items.length > 200 && <li>… and {items.length - 200} more</li>}
      </ul>
    </>
  );
}

/** Roles in from an AWS CLI config or an aws-extend-switch-roles config; out as the latter. */
export function ImportCard({ roles, onImport }: Props) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const read = async (source: string) => {
    const imported = importRoles(source);
    setResult(imported);
    const problems = imported.errors.length + imported.warnings.length;
    setSummary(
      imported.roles.length > 0
        ? `${await onImport(imported.roles)}${problems > 0 ? ' See the notes below.' : ''}`
        : problems > 0
          ? 'No roles imported from this text; see the notes below.'
          : 'No roles found in this text: it defines no profile with a role_arn or section ' +
            'with a role.',
    );
  };
  const onFile = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE) {
      setSummary('That file is over 8 MB; a role config is much smaller. Pick the config file.');
      return;
    }
    await read(await file.text());
  };
  const download = () => {
    const config = exportRolesAsAesr(roles);
    const url = URL.createObjectURL(new Blob([config], { type: 'text/plain' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = 'role-doctor-roles.ini';
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <details class="card" data-testid="import-card">
      <summary>Import or export roles</summary>
      <p class="muted">
        Paste an AWS CLI config (~/.aws/config) or an aws-extend-switch-roles config, or pick the
        file. Roles already saved under the same name are updated.
      </p>
      <textarea
        rows={8}
        data-testid="import-text"
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <div class="field-row">
        <button
          type="button"
          class="primary"
          data-testid="import-button"
          disabled={text.trim() === ''}
          onClick={() => void read(text)}
        >
          Import pasted text
        </button>
        <label class="field">
          Or a file:{' '}
          <input type="file" data-testid="import-file" onChange={(e) => void onFile(e)} />
        </label>
      </div>
      {summary && <p data-testid="import-summary">{summary}</p>}
      {result && (
        <>
          {result.roles.length > 0 && (
            <p class="muted">
              Read as {result.format === 'aesr' ? 'aws-extend-switch-roles' : 'AWS CLI'} config.
            </p>
          )}
          <ErrorLines title="Errors" items={result.errors} />
          <ErrorLines title="Worth knowing" items={result.warnings} />
        </>
      )}
      <h3>Export</h3>
      <div class="field-row">
        <button
          type="button"
          class="secondary"
          data-testid="export-show"
          disabled={roles.length === 0}
          onClick={() => setExported(exportRolesAsAesr(roles))}
        >
          Show as aws-extend-switch-roles config
        </button>
        <button type="button" class="secondary" disabled={roles.length === 0} onClick={download}>
          Download
        </button>
        {exported && <CopyButton text={exported} label="Copy config" />}
      </div>
      {exported && <pre data-testid="export-text">{exported}</pre>}
    </details>
  );
}
