import { vehiclesDue } from '@forecourt/shared/domain/rental/fleet-mutations';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDate, formatMoney, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';
import { formatKm } from '../rental-format.ts';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';
import { rentalTable } from '../rental-rows.ts';
import { EvLinkPanel } from './EvLinkPanel.tsx';
import { RentalStatus } from './RentalStatus.tsx';

const amount = (value: unknown) => (typeof value === 'number' ? value : null);

/** A fleet car: its state, the rates that apply (its own, else its class's) and whether a service is due. */
export function FleetVehicleDetail(props: { id: string }) {
  const { nav, now } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { locale, currency, siteName } = useReference();
  const vehicle = useRow(rentalTable('vehicles'), props.id).row;
  const rentalClass = useRow(rentalTable('classes'), text(vehicle?.class_id) || null).row;
  const maintenance = useRows(rentalTable('maintenance'), {
    where: { vehicle_id: props.id },
    orderBy: 'starts_at',
    descending: true,
  }).rows;
  if (!vehicle) return <section className="screen" aria-busy="true" />;
  const money = (value: unknown) => formatMoney(amount(value), currency, locale);
  const due = vehiclesDue([vehicle], new Date(now()).toISOString())[0];
  const every = [
    typeof vehicle.service_every_km === 'number' ? `every ${formatKm(vehicle.service_every_km, locale)}` : '',
    typeof vehicle.service_every_months === 'number' ? `every ${vehicle.service_every_months} months` : '',
  ].filter(Boolean);

  return (
    <section className="screen">
      <header className="screen-head">
        <button
          type="button"
          className="button ghost"
          onClick={() => nav.getState().navigate({ name: 'rental', tab: 'fleet' })}
        >
          ← Fleet
        </button>
        <h1>
          <span className="plate plate-large">{text(vehicle.plate)}</span>
        </h1>
        <RentalStatus status={vehicle.status} />
        <div className="actions">
          {canRun(role, RENTAL_MUTATIONS.reserve) ? (
            <button
              type="button"
              className="button primary"
              onClick={() => nav.getState().navigate({ name: 'reservation-new', vehicleId: vehicle.id })}
            >
              Reserve this car
            </button>
          ) : null}
        </div>
      </header>
      <div className="rental-grid">
        <dl className="facts panel">
          <dt>Vehicle</dt>
          <dd>
            {text(vehicle.make)} {text(vehicle.model)} {text(vehicle.year)}
          </dd>
          <dt>Class</dt>
          <dd>{text(rentalClass?.name) || '—'}</dd>
          <dt>VIN</dt>
          <dd className="mono">{text(vehicle.vin) || '—'}</dd>
          <dt>Fuel</dt>
          <dd>
            {text(vehicle.fuel_type) === 'ev' ? 'electric' : text(vehicle.fuel_type) || '—'}
            {typeof vehicle.battery_kwh === 'number' ? ` · ${vehicle.battery_kwh} kWh` : ''}
          </dd>
          <dt>Odometer</dt>
          <dd>{formatKm(vehicle.odometer_km, locale)}</dd>
          <dt>Home site</dt>
          <dd>{siteName(vehicle.site_id)}</dd>
        </dl>
        <dl className="facts panel" aria-label="Rates">
          <dt>Day</dt>
          <dd>{money(vehicle.daily_minor ?? rentalClass?.daily_minor)}</dd>
          <dt>Week</dt>
          <dd>{money(rentalClass?.weekly_minor)}</dd>
          <dt>Month</dt>
          <dd>{money(rentalClass?.monthly_minor)}</dd>
          <dt>Included</dt>
          <dd>
            {typeof rentalClass?.included_km_per_day === 'number'
              ? `${formatKm(rentalClass.included_km_per_day, locale)} a day`
              : 'unlimited'}
          </dd>
          <dt>Extra km</dt>
          <dd>{money(rentalClass?.extra_km_minor)}</dd>
          <dt>Deposit</dt>
          <dd>{money(vehicle.deposit_minor ?? rentalClass?.deposit_minor)}</dd>
        </dl>
        <dl className="facts panel" aria-label="Maintenance">
          <dt>Service</dt>
          <dd>{every.length ? every.join(' or ') : 'No interval set'}</dd>
          <dt>Last service</dt>
          <dd>
            {formatKm(vehicle.last_service_km, locale)} · {formatDate(vehicle.last_service_at, locale)}
          </dd>
          <dt>Due</dt>
          <dd>{due ? <span className="tag warn">{due.reason}</span> : 'Not yet'}</dd>
          <dt>Blocks</dt>
          <dd>
            {maintenance.length
              ? maintenance.slice(0, 5).map((row) => (
                  <div key={row.id}>
                    {formatDate(row.starts_at, locale)} – {formatDate(row.ends_at, locale)}: {text(row.reason)}
                    {row.completed_at ? ' (done)' : ''}
                  </div>
                ))
              : 'None planned'}
          </dd>
        </dl>
        {role === 'owner' && text(vehicle.fuel_type) === 'ev' ? <EvLinkPanel vehicle={vehicle} /> : null}
      </div>
    </section>
  );
}
