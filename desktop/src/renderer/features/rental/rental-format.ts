import type { Locale } from '../../lib/format.ts';

/** Kilometres as the counter's country writes numbers ("19’250 km" in Switzerland). */
export function formatKm(value: unknown, locale: Locale): string {
  return typeof value === 'number' ? `${new Intl.NumberFormat(locale.tag).format(value)} km` : '—';
}
