import type { Route } from '../../../app/navigation.ts';
import { useDeps } from '../../../app/context.tsx';
import { ContractDetail } from './ContractDetail.tsx';
import { FleetVehicleDetail } from './FleetVehicleDetail.tsx';
import { PickupScreen } from './PickupScreen.tsx';
import { RentalHome } from './RentalHome.tsx';
import { RenterDetail } from './RenterDetail.tsx';
import { RenterForm } from './RenterForm.tsx';
import { ReservationDetail } from './ReservationDetail.tsx';
import { ReservationForm } from './ReservationForm.tsx';
import { ReturnScreen } from './ReturnScreen.tsx';

export const RENTAL_ROUTES: ReadonlyArray<Route['name']> = [
  'rental',
  'fleet-vehicle',
  'renter',
  'renter-new',
  'reservation',
  'reservation-new',
  'contract',
  'pickup',
  'return',
];

/** The rental screen for a rental route (Screen.tsx hands every rental route here). */
export function RentalScreen(props: { route: Route }) {
  const { nav } = useDeps();
  const { route } = props;
  switch (route.name) {
    case 'rental':
      return <RentalHome tab={route.tab ?? 'calendar'} />;
    case 'fleet-vehicle':
      return <FleetVehicleDetail key={route.id} id={route.id} />;
    case 'renter':
      return <RenterDetail key={route.id} id={route.id} />;
    case 'renter-new':
      return (
        <section className="screen">
          <header className="screen-head">
            <h1>New renter</h1>
          </header>
          <div className="panel">
            <RenterForm
              renter={null}
              onDone={(id) => nav.getState().navigate(id ? { name: 'renter', id } : { name: 'rental', tab: 'renters' })}
            />
          </div>
        </section>
      );
    case 'reservation':
      return <ReservationDetail key={route.id} id={route.id} />;
    case 'reservation-new':
      return (
        <ReservationForm
          key={`${route.vehicleId}-${route.renterId}`}
          {...(route.vehicleId ? { vehicleId: route.vehicleId } : {})}
          {...(route.renterId ? { renterId: route.renterId } : {})}
        />
      );
    case 'contract':
      return <ContractDetail key={route.id} id={route.id} />;
    case 'pickup':
      return <PickupScreen key={route.reservationId} reservationId={route.reservationId} />;
    case 'return':
      return <ReturnScreen key={route.contractId} contractId={route.contractId} />;
    default:
      return null;
  }
}
