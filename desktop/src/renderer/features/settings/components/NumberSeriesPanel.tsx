import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { useServerCall } from '../use-server-call.ts';

type Report = ChannelOutput<'admin:numberSeries'>;
type Series = Report['series'][number];

const KIND_NAMES: Readonly<Record<string, string>> = {
  invoice: 'Invoices',
  credit_note: 'Credit notes',
  contract: 'Rental contracts',
};

function problemsOf(series: Series): string[] {
  const problems = series.gaps.map((gap) =>
    gap.from === gap.to ? `number ${gap.from} missing` : `numbers ${gap.from}–${gap.to} missing`,
  );
  for (const dup of series.duplicates) problems.push(`${dup.numbers[0] ?? dup.seq} issued ${dup.numbers.length} times`);
  for (const number of series.clashingNumbers) problems.push(`${number} also used in another series`);
  return problems;
}

/**
 * The server's check of every document number series (one per PC, kind and year): numbers are
 * never changed afterwards, so a gap or a duplicate is explained to the tax office, not repaired.
 */
export function NumberSeriesPanel() {
  const { siteName } = useReference();
  const { run, busy } = useServerCall();
  const [year, setYear] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const check = async (event: FormEvent) => {
    event.preventDefault();
    setReport(await run('admin:numberSeries', { fiscalYear: year.trim() || null }));
  };
  return (
    <div className="panel">
      <h2>Number series</h2>
      <p className="muted small">
        Checks every invoice, credit note and rental contract number on the server. Year: 2627 for the Indian fiscal
        year 2026–27, 2026 for a calendar year, or empty for all years.
      </p>
      <form className="inline-form" onSubmit={check}>
        <Field label="Year">
          {(id) => (
            <input id={id} className="mono" pattern="[0-9]{4}" value={year} onChange={(e) => setYear(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Checking…' : 'Check numbers'}
        </button>
      </form>
      {report ? (
        <>
          <p className={report.clean ? 'muted' : 'notice'} data-testid="number-series-verdict">
            {report.series.length === 0
              ? 'No numbered documents yet.'
              : report.clean
                ? 'Every series is complete: no gaps, no duplicates.'
                : 'Some series have gaps or duplicates. Keep a note of why for the tax office; numbers are never changed.'}
          </p>
          {report.series.length === 0 ? null : (
            <table className="table" data-testid="number-series">
              <thead>
                <tr>
                  <th>Series</th>
                  <th>Documents</th>
                  <th>Site</th>
                  <th className="num">Count</th>
                  <th className="num">Numbers</th>
                  <th>Check</th>
                </tr>
              </thead>
              <tbody>
                {report.series.map((series) => {
                  const problems = problemsOf(series);
                  return (
                    <tr key={series.series}>
                      <td className="mono">{series.series}</td>
                      <td>{KIND_NAMES[series.kind] ?? series.kind}</td>
                      <td>{siteName(series.siteId)}</td>
                      <td className="num">{series.count}</td>
                      <td className="num">
                        {series.first}–{series.last}
                      </td>
                      <td>
                        {problems.length === 0 ? (
                          <span className="pill pill-ok">Complete</span>
                        ) : (
                          <span className="pill pill-warn">{problems.join('; ')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </div>
  );
}
