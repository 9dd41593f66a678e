import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { TrustFinding } from '../../core/trust/index.js';
import { worstSeverityByLine } from './model.js';

interface Props {
  text: string;
  findings: readonly TrustFinding[];
  /** Line of the statement that decided the verdict. */
  decidingLine?: number | undefined;
  /** The line to bring into view; `nonce` repeats a request for the same line. */
  target: { line: number; nonce: number } | null;
}

/** The policy as numbered lines, with the lines that findings point at marked. Text only. */
export function PolicyLines({ text, findings, decidingLine, target }: Props) {
  const lines = useMemo(() => text.split(/\r\n|\r|\n/), [text]);
  const worst = useMemo(() => worstSeverityByLine(findings), [findings]);
  const countByLine = useMemo(() => {
    const counts = new Map<number, number>();
    for (const finding of findings) counts.set(finding.line, (counts.get(finding.line) ?? 0) + 1);
    return counts;
  }, [findings]);
  const container = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!target || !container.current) return;
    const element = container.current.querySelector<HTMLElement>(`[data-line="${target.line}"]`);
    if (!element) return;
    element.scrollIntoView({ block: 'center' });
    element.classList.remove('flash');
    // Restart the highlight animation when the same line is asked for again.
    void element.offsetWidth;
    element.classList.add('flash');
  }, [target]);

  return (
    <ol class="policy-lines" ref={container} data-testid="policy-lines">
      {lines.map((line, index) => {
        const number = index + 1;
        const severity = worst.get(number);
        const classes = ['policy-line'];
        if (severity) classes.push(`sev-${severity.toLowerCase()}`);
        if (number === decidingLine) classes.push('deciding');
        return (
          <li
            key={number}
            class={classes.join(' ')}
            data-line={number}
            data-severity={severity}
            title={severity ? `${countByLine.get(number)} finding(s) on this line` : undefined}
          >
            <span class="line-number" aria-hidden="true">
              {number}
            </span>
            <code class="line-text">{line || ' '}</code>
          </li>
        );
      })}
    </ol>
  );
}
