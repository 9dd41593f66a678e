import type { TrustFinding } from '../../core/trust/index.js';
import { sortFindings } from './model.js';

interface Props {
  findings: readonly TrustFinding[];
  onShowLine: (line: number) => void;
}

export function FindingList({ findings, onShowLine }: Props) {
  if (findings.length === 0) {
    return (
      <p class="good" data-testid="no-findings">
        No problems found in the policy text.
      </p>
    );
  }
  return (
    <ul class="trust-findings" data-testid="findings">
      {sortFindings(findings).map((finding) => (
        <li
          key={`${finding.id}:${finding.line}:${finding.column}:${finding.message}`}
          class={`finding trust-finding sev-${finding.severity.toLowerCase()}`}
          data-testid="finding"
          data-id={finding.id}
          data-severity={finding.severity}
          data-line={finding.line}
        >
          <button
            type="button"
            class="finding-head"
            onClick={() => onShowLine(finding.line)}
            title="Show this line in the policy"
          >
            <span class="severity">{finding.severity}</span> <code>{finding.id}</code>{' '}
            <span class="muted">
              line {finding.line}, column {finding.column}
            </span>
          </button>
          <p class="finding-message">{finding.message}</p>
          {finding.fix && (
            <p class="finding-fix">
              <strong>Fix:</strong> {finding.fix}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
