import { useMemo } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { text } from '../../../lib/format.ts';
import { freeVehicles } from '../calendar-layout.ts';
import { useBookings, useFleet } from '../use-rental-data.ts';

/** A reservation for a class gets its car at pickup: the free cars of the class for the period. */
export function ChooseVehicle(props: { reservation: Row; onChoose: (vehicleId: string) => void }) {
  const { vehicles } = useFleet();
  const bookings = useBookings();
  const { reservation } = props;
  const free = useMemo(() => {
    const ofClass = vehicles.filter((vehicle) => vehicle.classId === text(reservation.class_id));
    const period = { startMs: Date.parse(text(reservation.starts_at)), endMs: Date.parse(text(reservation.ends_at)) };
    return freeVehicles(ofClass, bookings, ofClass[0]?.className ?? '', period, reservation.id);
  }, [vehicles, bookings, reservation]);
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Pickup: choose the car</h1>
      </header>
      <div className="panel">
        {free.length ? (
          <div className="actions">
            {free.map((vehicle) => (
              <button key={vehicle.id} type="button" className="button" onClick={() => props.onChoose(vehicle.id)}>
                <span className="plate">{vehicle.plate}</span> {vehicle.label}
              </button>
            ))}
          </div>
        ) : (
          <p className="empty">No car of the class is free for the whole period.</p>
        )}
      </div>
    </section>
  );
}
