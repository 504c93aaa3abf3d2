import type { Locale } from '../../../lib/format.ts';
import { formatMoney, minorDigits } from '../../../lib/format.ts';

/**
 * Revenue of the jobs opened on each of the last 30 days, as plain SVG bars (no chart library):
 * a rounded scale with three grid lines, a date under every fifth bar, and each bar's exact
 * figures in its tooltip. The numbers are also in the bar's accessible name.
 */
interface Day {
  readonly date: string;
  readonly jobs: number;
  readonly revenueMinor: number;
}

const WIDTH = 760;
const HEIGHT = 220;
const LEFT = 64;
const BOTTOM = 24;
const TOP = 8;
/** Room for the last date label, centred under the last bar. */
const RIGHT = 20;

/** 1, 2 or 5 times a power of ten, at least `value`: grid lines at round amounts. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

function compactMoney(minor: number, currency: string, locale: Locale): string {
  const format = new Intl.NumberFormat(locale.tag, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return format.format(minor / 10 ** minorDigits(currency));
}

function dayLabel(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale.tag, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export function DailyRevenueChart(props: { days: readonly Day[]; currency: string; locale: Locale }) {
  const { days, currency, locale } = props;
  const top = niceCeiling(Math.max(0, ...days.map((day) => day.revenueMinor)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, days.length);
  const y = (minor: number) => TOP + plotHeight - (Math.max(0, minor) / top) * plotHeight;
  const total = days.reduce((sum, day) => sum + day.revenueMinor, 0);
  return (
    <svg
      className="revenue-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`Revenue by day, ${days[0]?.date ?? ''} to ${days.at(-1)?.date ?? ''}: ${formatMoney(total, currency, locale)} in all`}
      data-testid="daily-revenue-chart"
    >
      {[0, 0.5, 1].map((share) => (
        <g key={share} className="grid">
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(top * share)} y2={y(top * share)} />
          <text x={LEFT - 6} y={y(top * share) + 4} textAnchor="end">
            {compactMoney(top * share, currency, locale)}
          </text>
        </g>
      ))}
      {days.map((day, index) => {
        const x = LEFT + index * slot;
        const barTop = y(day.revenueMinor);
        return (
          <g key={day.date} className="bar">
            <rect
              x={x + slot * 0.15}
              y={barTop}
              width={slot * 0.7}
              height={Math.max(0, TOP + plotHeight - barTop)}
              rx={2}
              aria-label={`${day.date}: ${day.jobs} jobs, ${formatMoney(day.revenueMinor, currency, locale)}`}
            >
              <title>{`${dayLabel(day.date, locale)}: ${day.jobs} job${day.jobs === 1 ? '' : 's'}, ${formatMoney(day.revenueMinor, currency, locale)}`}</title>
            </rect>
            {index % 5 === 4 || index === 0 ? (
              <text className="axis" x={x + slot / 2} y={HEIGHT - 6} textAnchor="middle">
                {dayLabel(day.date, locale)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
