import { useId, type ReactNode } from 'react';

/** A labelled form control with an optional hint or error under it. */
export function Field(props: {
  label: string;
  hint?: string;
  error?: string | null;
  wide?: boolean;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={props.wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id)}
      {props.error ? (
        <div className="field-error">{props.error}</div>
      ) : props.hint ? (
        <div className="field-hint">{props.hint}</div>
      ) : null}
    </div>
  );
}

/** Renders a keyboard shortcut the same way everywhere. */
export function Kbd(props: { children: ReactNode }) {
  return <kbd className="kbd">{props.children}</kbd>;
}
