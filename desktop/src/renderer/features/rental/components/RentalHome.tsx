import { useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import type { RentalTab } from '../../../app/navigation.ts';
import { useReference } from '../../../app/reference.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useBookings, useFleet } from '../use-rental-data.ts';
import { AvailabilityCalendar, type CalendarView } from './AvailabilityCalendar.tsx';
import { ContractList, FleetList, RenterList, ReservationList } from './RentalLists.tsx';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';

const TABS: ReadonlyArray<{ tab: RentalTab; label: string }> = [
  { tab: 'calendar', label: 'Calendar' },
  { tab: 'reservations', label: 'Reservations' },
  { tab: 'contracts', label: 'On rent' },
  { tab: 'fleet', label: 'Fleet' },
  { tab: 'renters', label: 'Renters' },
];

/** The rental counter's home: the availability calendar and the lists, one tab each. */
export function RentalHome(props: { tab: RentalTab }) {
  const { nav } = useDeps();
  const role = useSession((state) => state.user?.role);
  const go = nav.getState().navigate;
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Rental</h1>
        <div className="segmented" role="tablist" aria-label="Rental">
          {TABS.map((entry) => (
            <button
              key={entry.tab}
              type="button"
              role="tab"
              aria-selected={props.tab === entry.tab}
              className={props.tab === entry.tab ? 'active' : undefined}
              onClick={() => go({ name: 'rental', tab: entry.tab })}
            >
              {entry.label}
            </button>
          ))}
        </div>
        <div className="actions">
          {canRun(role, RENTAL_MUTATIONS.renterCreate) ? (
            <button type="button" className="button" onClick={() => go({ name: 'renter-new' })}>
              New renter
            </button>
          ) : null}
          {canRun(role, RENTAL_MUTATIONS.reserve) ? (
            <button type="button" className="button primary" onClick={() => go({ name: 'reservation-new' })}>
              New reservation
            </button>
          ) : null}
        </div>
      </header>
      {props.tab === 'calendar' ? <CalendarTab /> : null}
      {props.tab === 'reservations' ? <ReservationList /> : null}
      {props.tab === 'contracts' ? <ContractList /> : null}
      {props.tab === 'fleet' ? <FleetList /> : null}
      {props.tab === 'renters' ? <RenterList /> : null}
    </section>
  );
}

function CalendarTab() {
  const { nav, now } = useDeps();
  const { locale } = useReference();
  const { vehicles } = useFleet();
  const bookings = useBookings();
  const [anchorMs, setAnchorMs] = useState(() => now());
  const [view, setView] = useState<CalendarView>('week');
  return (
    <AvailabilityCalendar
      vehicles={vehicles}
      bookings={bookings}
      anchorMs={anchorMs}
      view={view}
      locale={locale}
      onAnchorChange={setAnchorMs}
      onViewChange={setView}
      onBarClick={(booking) => {
        if (booking.kind === 'reservation') nav.getState().navigate({ name: 'reservation', id: booking.id });
        if (booking.kind === 'contract') nav.getState().navigate({ name: 'contract', id: booking.id });
        if (booking.kind === 'maintenance') nav.getState().navigate({ name: 'fleet-vehicle', id: booking.vehicleId });
      }}
    />
  );
}
