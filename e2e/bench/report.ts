// BENCHMARKS.md: every figure next to its budget, with the machine and the date.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, type as osType, release, totalmem } from 'node:os';

export interface Figure {
  name: string;
  /** The formatted median, or null when it was not measured. */
  value: string | null;
  budget: string;
  /** Within budget, over it, or null when there is no verdict (not measured, informational). */
  within: boolean | null;
  /** How it was measured: runs, spread, inputs. */
  detail?: string;
  /** Why it was not measured. */
  reason?: string;
}

export interface Section {
  title: string;
  figures: Figure[];
  /** The method, in a paragraph or two. */
  method?: string;
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release)?.[1];
    if (pretty) return `${pretty} (${osType()} ${releaseOf()})`;
  } catch {
    // Not Linux, or no os-release: the kernel name is enough.
  }
  return `${osType()} ${releaseOf()}`;
}

function releaseOf(): string {
  return release();
}

export function chromiumVersion(executable: string): string {
  try {
    return execFileSync(executable, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine(chromium: string): Array<[string, string]> {
  const cpuList = cpus();
  return [
    ['CPU', cpuList[0]?.model.trim() ?? 'unknown'],
    ['Cores', String(cpuList.length)],
    ['Memory', `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`],
    ['OS', osName()],
    ['Node', process.version],
    ['Chromium', chromium],
  ];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function verdict(figure: Figure): string {
  if (figure.value === null) return 'not measured';
  if (figure.within === null) return 'reported';
  return figure.within ? 'within' : '**over**';
}

export function renderReport(sections: Section[], machineRows: Array<[string, string]>): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (scripts/bench.mjs, e2e/bench/). Every time is the median of',
    'repeated runs; times are reported here and never asserted in tests. Sizes are deterministic',
    'and checked in CI with `node scripts/bench.mjs --sizes-only`.',
    '',
    `Measured on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}.`,
    '',
    '| Machine | |',
    '| --- | --- |',
    ...machineRows.map(([key, value]) => `| ${key} | ${cell(value)} |`),
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '');
    lines.push(
      '| Figure | Measured (median) | Budget | Verdict | How |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const figure of section.figures) {
      lines.push(
        `| ${cell(figure.name)} | ${figure.value ?? '—'} | ${cell(figure.budget)} | ` +
          `${verdict(figure)} | ${cell(figure.reason ?? figure.detail ?? '')} |`,
      );
    }
    lines.push('');
    if (section.method) lines.push(section.method.trim(), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
