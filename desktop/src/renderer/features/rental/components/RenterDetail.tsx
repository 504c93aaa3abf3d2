import { useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDate, formatDateTime, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow } from '../../../lib/use-rows.ts';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';
import { rentalTable } from '../rental-rows.ts';
import { RenterExportButtons } from './RenterExportButtons.tsx';
import { RenterForm } from './RenterForm.tsx';
import { RenterWarnings } from './RenterWarnings.tsx';

export function RenterDetail(props: { id: string }) {
  const { nav, confirm } = useDeps();
  const { run, busy } = useMutation();
  const role = useSession((state) => state.user?.role);
  const { locale, userName } = useReference();
  const renter = useRow(rentalTable('renters'), props.id).row;
  const [editing, setEditing] = useState(false);
  if (!renter) return <section className="screen" aria-busy="true" />;
  const erase = async () => {
    const answer = await confirm.getState().ask({
      title: `Erase ${text(renter.name)}’s personal data?`,
      body:
        'Name, birth date, contact details, ID and licence are blanked on every counter. Bookings, ' +
        'contracts and payments stay for the accounting records (10 years) without the person. ' +
        'Export the data first if the person asked for a copy. This cannot be undone.',
      confirmLabel: 'Erase personal data',
      danger: true,
    });
    if (answer.confirmed) await run(RENTAL_MUTATIONS.renterErase, { customerId: renter.id }, 'Personal data erased.');
  };
  const documents = (parts: unknown[]) => parts.map(text).filter(Boolean).join(' · ') || '—';
  return (
    <section className="screen">
      <header className="screen-head">
        <button
          type="button"
          className="button ghost"
          onClick={() => nav.getState().navigate({ name: 'rental', tab: 'renters' })}
        >
          ← Renters
        </button>
        <h1>{text(renter.name)}</h1>
        <div className="actions">
          {role === 'owner' || role === 'manager' ? <RenterExportButtons renterId={renter.id} /> : null}
          {canRun(role, RENTAL_MUTATIONS.renterUpdate) && !editing && !renter.erased_at ? (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
          {canRun(role, RENTAL_MUTATIONS.renterErase) && !renter.erased_at ? (
            <button type="button" className="button danger-outline" disabled={busy} onClick={() => void erase()}>
              Erase personal data
            </button>
          ) : null}
          {canRun(role, RENTAL_MUTATIONS.reserve) && !renter.erased_at ? (
            <button
              type="button"
              className="button primary"
              onClick={() => nav.getState().navigate({ name: 'reservation-new', renterId: renter.id })}
            >
              New reservation
            </button>
          ) : null}
        </div>
      </header>
      <RenterWarnings renter={renter} at="renter" />
      {editing ? (
        <div className="panel">
          <RenterForm renter={renter} onDone={() => setEditing(false)} />
        </div>
      ) : (
        <dl className="facts panel">
          <dt>Born</dt>
          <dd>{formatDate(renter.birth_date, locale)}</dd>
          <dt>Mobile</dt>
          <dd className="mono">{text(renter.phone) || '—'}</dd>
          <dt>Email</dt>
          <dd>{text(renter.email) || '—'}</dd>
          <dt>Address</dt>
          <dd>{text(renter.address) || '—'}</dd>
          <dt>ID</dt>
          <dd>
            {documents([
              renter.id_doc_type,
              renter.id_doc_number,
              renter.id_doc_country,
              renter.id_doc_expires && `until ${formatDate(renter.id_doc_expires, locale)}`,
            ])}
          </dd>
          <dt>Licence</dt>
          <dd>
            {documents([
              renter.licence_number,
              renter.licence_country,
              renter.licence_categories,
              renter.licence_expires && `until ${formatDate(renter.licence_expires, locale)}`,
            ])}
          </dd>
          {renter.retain_until ? (
            <>
              <dt>Erased</dt>
              <dd>Personal data erased; accounting records kept until {formatDate(renter.retain_until, locale)}</dd>
            </>
          ) : null}
          <dt>Checked</dt>
          <dd>
            {renter.checked_at
              ? `${userName(renter.checked_by)}, ${formatDateTime(renter.checked_at, locale)}`
              : 'Not yet'}
          </dd>
        </dl>
      )}
    </section>
  );
}
