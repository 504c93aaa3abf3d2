import { isQrIban, qrBillIbanProblem } from '@forecourt/shared/domain/sites/iban';
import { Field } from '../../../lib/Field.tsx';

/**
 * What is wrong with a typed IBAN (the words the server uses too), or which reference its
 * QR-bills carry; null error for a blank field (no IBAN).
 */
export function ibanNote(iban: string): { error: string | null; hint: string } {
  const hint = 'CH or LI, for the QR-bill on rental invoices and deposit requests';
  if (!iban.trim()) return { error: null, hint };
  const problem = qrBillIbanProblem(iban);
  if (problem) {
    const sentence = `${problem.charAt(0).toUpperCase()}${problem.slice(1)}`;
    return { error: /[.?]$/.test(sentence) ? sentence : `${sentence}.`, hint };
  }
  return {
    error: null,
    hint: isQrIban(iban)
      ? 'QR-IBAN: QR-bills carry a QR reference (27 digits)'
      : 'IBAN: QR-bills carry an RF creditor reference',
  };
}

/**
 * The site's IBAN for Swiss QR-bills, checked as it is typed: the fault shows once the field is
 * left (or a save was tried, `touched`), the kind of IBAN while it is right.
 */
export function IbanField(props: {
  value: string;
  touched: boolean;
  onChange: (value: string) => void;
  onTouched: () => void;
}) {
  const note = ibanNote(props.value);
  const error = props.touched ? note.error : null;
  return (
    <Field label="IBAN (QR-bill)" error={error} hint={note.hint}>
      {(id) => (
        <input
          id={id}
          className="mono"
          maxLength={42}
          placeholder="CH93 0076 2011 6238 5295 7"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          onBlur={props.onTouched}
          aria-invalid={error ? true : undefined}
        />
      )}
    </Field>
  );
}
