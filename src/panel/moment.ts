/**
 * A moment as people read it next to credentials: local time with its zone, so a time copied
 * into a chat or a ticket stays unambiguous, and how far away it is.
 */
export function describeMoment(iso: string, now: number, locale?: string): string {
  const date = new Date(iso);
  const at = date.getTime();
  if (Number.isNaN(at)) return iso;
  const local = date.toLocaleString(locale, {
    dateStyle: 'medium',
    timeStyle: 'long',
  });
  return `${local} (${distance(at - now)})`;
}

function distance(milliseconds: number): string {
  const minutes = Math.round(Math.abs(milliseconds) / 60_000);
  const words =
    minutes < 1
      ? 'less than a minute'
      : minutes < 120
        ? `${minutes} minute${minutes === 1 ? '' : 's'}`
        : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  if (minutes < 1) return milliseconds >= 0 ? 'in less than a minute' : 'just now';
  return milliseconds >= 0 ? `in ${words}` : `${words} ago`;
}
