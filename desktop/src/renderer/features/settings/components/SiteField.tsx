import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { text } from '../../../lib/format.ts';

/** “Works at”: one of the company's sites, for an invite or a person's role. */
export function SiteField(props: { value: string; onChange: (siteId: string) => void }) {
  const { sites } = useReference();
  return (
    <Field label="Works at">
      {(id) => (
        <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {text(site.name)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
