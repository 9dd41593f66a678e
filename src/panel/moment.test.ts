import { describe, expect, it } from 'vitest';
import { describeMoment } from './moment.js';

const NOW = Date.parse('2026-12-04T15:00:00Z');

describe('moments next to credentials', () => {
  it('names the time zone and how far away the moment is', () => {
    const text = describeMoment('2026-12-04T15:47:00Z', NOW, 'en-GB');
    // The zone the tests run in decides the clock time; the zone is always named.
    expect(text).toMatch(/\d{2}:\d{2}:\d{2} [A-Z][A-Za-z0-9+:-]+ \(in 47 minutes\)$/);
  });

  it('counts hours past two hours, and the past as ago', () => {
    expect(describeMoment('2026-12-04T20:05:00Z', NOW, 'en-GB')).toMatch(/\(in 5 h 5 min\)$/);
    expect(describeMoment('2026-12-04T14:59:00Z', NOW, 'en-GB')).toMatch(/\(1 minute ago\)$/);
    expect(describeMoment('2026-12-04T15:00:20Z', NOW, 'en-GB')).toMatch(
      /\(in less than a minute\)$/,
    );
  });

  it('gives back what it cannot read as a date', () => {
    expect(describeMoment('soon', NOW)).toBe('soon');
  });
});
