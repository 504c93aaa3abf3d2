import { text } from '../../../lib/format.ts';

const LABELS: Readonly<Record<string, { label: string; tone: '' | 'ok' | 'warn' | 'danger' }>> = {
  available: { label: 'Available', tone: 'ok' },
  rented: { label: 'On rent', tone: '' },
  reserved: { label: 'Reserved', tone: '' },
  maintenance: { label: 'Maintenance', tone: 'warn' },
  out_of_service: { label: 'Out of service', tone: 'danger' },
  tentative: { label: 'Tentative', tone: 'warn' },
  confirmed: { label: 'Confirmed', tone: 'ok' },
  cancelled: { label: 'Cancelled', tone: '' },
  no_show: { label: 'No-show', tone: 'danger' },
  converted: { label: 'Picked up', tone: '' },
  draft: { label: 'Draft', tone: '' },
  open: { label: 'Open', tone: 'ok' },
  returned: { label: 'Returned', tone: 'warn' },
  closed: { label: 'Closed', tone: '' },
};

/** A status of a rental vehicle, reservation or contract as a small tag. */
export function RentalStatus(props: { status: unknown; doubleBooked?: boolean }) {
  const known = LABELS[text(props.status)];
  return (
    <>
      <span className={`tag ${known?.tone ?? ''}`}>{known?.label ?? text(props.status)}</span>
      {props.doubleBooked ? <span className="tag danger"> Double-booked</span> : null}
    </>
  );
}
