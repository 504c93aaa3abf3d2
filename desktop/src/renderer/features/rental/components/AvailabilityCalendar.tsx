import { useMemo } from 'react';
import type { Locale } from '../../../lib/format.ts';
import {
  DAY_MS,
  HOUR_MS,
  layoutCalendar,
  type CalendarBar,
  type CalendarBooking,
  type CalendarVehicle,
  type CalendarWindow,
} from '../calendar-layout.ts';
import { addSiteDays, startOfSiteDay } from '../site-time.ts';
import '../rental.css';

export type CalendarView = 'day' | 'week';

const KIND_LABELS = { reservation: 'Reservation', contract: 'On rent', maintenance: 'Maintenance' } as const;

export function calendarWindow(anchorMs: number, view: CalendarView, timeZone: string): CalendarWindow {
  const startMs = startOfSiteDay(anchorMs, timeZone);
  return view === 'day' ? { startMs, slotMs: HOUR_MS, slots: 24 } : { startMs, slotMs: DAY_MS, slots: 7 };
}

function slotLabels(window: CalendarWindow, view: CalendarView, locale: Locale): string[] {
  const format =
    view === 'day'
      ? new Intl.DateTimeFormat(locale.tag, { hour: '2-digit', timeZone: locale.timeZone })
      : new Intl.DateTimeFormat(locale.tag, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          timeZone: locale.timeZone,
        });
  return Array.from({ length: window.slots }, (_, slot) =>
    format.format(new Date(window.startMs + slot * window.slotMs)),
  );
}

/**
 * Availability per site: one row per vehicle, grouped by class, one column per day (week view) or
 * hour (day view). Bars show reservations, rentals and maintenance; bars that collide on one car
 * are marked double-booked. Each class shows how many cars are free in each column.
 */
export function AvailabilityCalendar(props: {
  vehicles: readonly CalendarVehicle[];
  bookings: readonly CalendarBooking[];
  anchorMs: number;
  view: CalendarView;
  locale: Locale;
  onAnchorChange: (ms: number) => void;
  onViewChange: (view: CalendarView) => void;
  onBarClick?: (booking: CalendarBooking) => void;
}) {
  const { locale, view } = props;
  const window = useMemo(() => calendarWindow(props.anchorMs, view, locale.timeZone), [props.anchorMs, view, locale]);
  const groups = useMemo(
    () => layoutCalendar(props.vehicles, props.bookings, window),
    [props.vehicles, props.bookings, window],
  );
  const labels = slotLabels(window, view, locale);
  const step = view === 'day' ? 1 : 7;
  const title = new Intl.DateTimeFormat(locale.tag, { dateStyle: 'medium', timeZone: locale.timeZone }).format(
    window.startMs,
  );
  const columns = {
    gridTemplateColumns: `minmax(150px, 190px) repeat(${window.slots}, minmax(${view === 'day' ? 34 : 92}px, 1fr))`,
  };

  return (
    <div className="calendar" data-testid="availability-calendar">
      <div className="calendar-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Calendar view">
          {(['day', 'week'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={view === value}
              className={view === value ? 'active' : undefined}
              onClick={() => props.onViewChange(value)}
            >
              {value === 'day' ? 'Day' : 'Week'}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="button small"
          aria-label="Earlier"
          onClick={() => props.onAnchorChange(addSiteDays(window.startMs, -step, locale.timeZone))}
        >
          ‹
        </button>
        <button type="button" className="button small" onClick={() => props.onAnchorChange(Date.now())}>
          Today
        </button>
        <button
          type="button"
          className="button small"
          aria-label="Later"
          onClick={() => props.onAnchorChange(addSiteDays(window.startMs, step, locale.timeZone))}
        >
          ›
        </button>
        <strong className="calendar-title">{view === 'day' ? title : `Week from ${title}`}</strong>
        <span className="calendar-legend small">
          <span className="bar-sample bar-reservation" /> Reservation <span className="bar-sample bar-contract" /> On
          rent <span className="bar-sample bar-maintenance" /> Maintenance <span className="bar-sample bar-double" />{' '}
          Double-booked
        </span>
      </div>
      <div className="calendar-scroll">
        <div className="calendar-grid" role="grid" aria-label="Availability" style={columns}>
          <div className="calendar-corner" role="columnheader">
            Vehicle
          </div>
          {labels.map((label, slot) => (
            <div key={slot} className="calendar-head" role="columnheader">
              {label}
            </div>
          ))}
          {groups.map((group) => (
            <CalendarGroupRows key={group.className} group={group} slots={window.slots} onBarClick={props.onBarClick} />
          ))}
        </div>
      </div>
      {groups.length === 0 ? <p className="empty">No rental vehicles at this site.</p> : null}
    </div>
  );
}

function CalendarGroupRows(props: {
  group: ReturnType<typeof layoutCalendar>[number];
  slots: number;
  onBarClick: ((booking: CalendarBooking) => void) | undefined;
}) {
  const { group } = props;
  return (
    <>
      <div className="calendar-class" role="rowheader">
        {group.className}
      </div>
      {group.freePerSlot.map((free, slot) => (
        <div key={slot} className={free === 0 ? 'calendar-free none' : 'calendar-free'} title={`${free} free`}>
          {free} free
        </div>
      ))}
      {group.rows.map((row) => (
        <div
          key={row.vehicle.id}
          className="calendar-row"
          role="row"
          style={{ gridColumn: `1 / span ${props.slots + 1}` }}
        >
          <div className="calendar-vehicle" role="rowheader">
            <span className="plate">{row.vehicle.plate}</span>
            <span className="small muted">{row.vehicle.label}</span>
          </div>
          <div className="calendar-lane" style={laneStyle(props.slots, row.lanes)}>
            {row.bars.map((bar) => (
              <Bar key={bar.booking.id} bar={bar} onClick={props.onBarClick} />
            ))}
          </div>
        </div>
      ))}
    </>
  );
}

function laneStyle(slots: number, lanes: number): React.CSSProperties {
  return {
    gridTemplateColumns: `repeat(${slots}, 1fr)`,
    gridTemplateRows: `repeat(${lanes}, 24px)`,
    // The column rules in the background: rental.css reads the slot count from this variable.
    ['--slots' as string]: String(slots),
  };
}

function Bar(props: { bar: CalendarBar; onClick: ((booking: CalendarBooking) => void) | undefined }) {
  const { bar } = props;
  const classes = [
    'calendar-bar',
    `bar-${bar.booking.kind}`,
    bar.doubleBooked ? 'bar-double' : '',
    bar.booking.tentative ? 'bar-tentative' : '',
    bar.clippedStart ? 'clipped-start' : '',
    bar.clippedEnd ? 'clipped-end' : '',
  ].filter(Boolean);
  const title = `${KIND_LABELS[bar.booking.kind]}: ${bar.booking.label}${bar.doubleBooked ? ' — double-booked' : ''}${bar.booking.tentative ? ' (tentative)' : ''}`;
  return (
    <button
      type="button"
      className={classes.join(' ')}
      style={{ gridColumn: `${bar.firstSlot + 1} / span ${bar.span}`, gridRow: bar.lane + 1 }}
      title={title}
      aria-label={title}
      onClick={() => props.onClick?.(bar.booking)}
    >
      {bar.doubleBooked ? '⚠ ' : ''}
      {bar.booking.label}
    </button>
  );
}
