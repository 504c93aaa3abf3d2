import { useRef, useState } from 'react';
import {
  areaOf,
  DAMAGE_LABELS,
  DAMAGE_SEVERITIES,
  DAMAGE_TYPES,
  isDamageSeverity,
  isDamageType,
  positionIn,
  type DamageMark,
  type DamageSeverity,
  type DamageType,
} from '../damage-marks.ts';
import '../rental.css';

/** The top view of a car, drawn in a 200 × 400 box (front at the top). */
function CarOutline() {
  return (
    <g className="car-outline">
      <rect x="30" y="20" width="140" height="360" rx="48" />
      <path d="M48 118 Q100 96 152 118 L146 160 Q100 148 54 160 Z" className="glass" />
      <path d="M54 300 Q100 312 146 300 L150 336 Q100 352 50 336 Z" className="glass" />
      <rect x="58" y="168" width="84" height="124" rx="10" className="roof" />
      <rect x="14" y="70" width="16" height="44" rx="5" className="wheel" />
      <rect x="170" y="70" width="16" height="44" rx="5" className="wheel" />
      <rect x="14" y="284" width="16" height="44" rx="5" className="wheel" />
      <rect x="170" y="284" width="16" height="44" rx="5" className="wheel" />
      <text x="100" y="14" textAnchor="middle" className="car-label">
        front
      </text>
      <text x="100" y="396" textAnchor="middle" className="car-label">
        rear
      </text>
    </g>
  );
}

function Marks(props: { marks: readonly DamageMark[]; variant: 'old' | 'new'; numberFrom: number }) {
  return (
    <>
      {props.marks.map((mark, index) => (
        <g key={mark.id} className={`damage-mark damage-${props.variant} severity-${mark.severity}`}>
          <circle cx={mark.x * 200} cy={mark.y * 400} r={14} />
          <text x={mark.x * 200} y={mark.y * 400 + 5} textAnchor="middle">
            {props.numberFrom + index}
          </text>
          <title>{`${DAMAGE_LABELS[mark.type]} (${mark.severity}), ${areaOf(mark)}`}</title>
        </g>
      ))}
    </>
  );
}

export interface DamageDiagramProps {
  readonly label: string;
  /** Damages already there (pickup damages on the return diagram), drawn grey and not editable. */
  readonly existing?: readonly DamageMark[];
  readonly marks: readonly DamageMark[];
  /** Absent: the diagram is read-only. */
  readonly onChange?: (marks: DamageMark[]) => void;
  readonly newId?: () => string;
}

/**
 * A vehicle diagram: click the car to place a damage, choose its type and severity, add it. Marks
 * are numbered; the list beside the drawing names each one and lets the counter remove it.
 */
export function DamageDiagram(props: DamageDiagramProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [pending, setPending] = useState<{ x: number; y: number } | null>(null);
  const [type, setType] = useState<DamageType>('scratch');
  const [severity, setSeverity] = useState<DamageSeverity>('minor');
  const existing = props.existing ?? [];
  const editable = Boolean(props.onChange);

  const place = (event: React.MouseEvent<SVGSVGElement>) => {
    if (!editable || !svg.current) return;
    setPending(positionIn(svg.current.getBoundingClientRect(), event.clientX, event.clientY));
  };
  const add = () => {
    if (!pending || !props.onChange) return;
    const id = props.newId ? props.newId() : crypto.randomUUID();
    props.onChange([...props.marks, { id, ...pending, type, severity }]);
    setPending(null);
  };

  return (
    <figure className="damage-diagram" aria-label={props.label}>
      <figcaption>{props.label}</figcaption>
      <div className="damage-body">
        <svg
          ref={svg}
          viewBox="0 0 200 400"
          role={editable ? 'button' : 'img'}
          aria-label={editable ? `${props.label}: click the car where the damage is` : props.label}
          className={editable ? 'damage-canvas editable' : 'damage-canvas'}
          onClick={place}
        >
          <CarOutline />
          <Marks marks={existing} variant="old" numberFrom={1} />
          <Marks marks={props.marks} variant="new" numberFrom={existing.length + 1} />
          {pending ? <circle className="damage-pending" cx={pending.x * 200} cy={pending.y * 400} r={12} /> : null}
        </svg>
        <div className="damage-side">
          {pending ? (
            <div className="damage-new" role="group" aria-label="New damage">
              <div className="small muted">At the {areaOf(pending)}</div>
              <label>
                Type
                <select value={type} onChange={(e) => isDamageType(e.target.value) && setType(e.target.value)}>
                  {DAMAGE_TYPES.map((value) => (
                    <option key={value} value={value}>
                      {DAMAGE_LABELS[value]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Severity
                <select
                  value={severity}
                  onChange={(e) => isDamageSeverity(e.target.value) && setSeverity(e.target.value)}
                >
                  {DAMAGE_SEVERITIES.map((value) => (
                    <option key={value} value={value}>
                      {value}
                    </option>
                  ))}
                </select>
              </label>
              <div className="actions">
                <button type="button" className="button small" onClick={() => setPending(null)}>
                  Cancel
                </button>
                <button type="button" className="button primary small" onClick={add}>
                  Add damage
                </button>
              </div>
            </div>
          ) : null}
          <DamageList existing={existing} marks={props.marks} onChange={props.onChange} />
        </div>
      </div>
    </figure>
  );
}

function DamageList(props: {
  existing: readonly DamageMark[];
  marks: readonly DamageMark[];
  onChange: ((marks: DamageMark[]) => void) | undefined;
}) {
  const { existing, marks, onChange } = props;
  if (existing.length === 0 && marks.length === 0) return <p className="muted small">No damage marked.</p>;
  const line = (mark: DamageMark, number: number) =>
    `${number}. ${DAMAGE_LABELS[mark.type]}, ${mark.severity}, ${areaOf(mark)}`;
  return (
    <ol className="damage-list">
      {existing.map((mark, index) => (
        <li key={mark.id} className="muted">
          {line(mark, index + 1)} <span className="small">(at pickup)</span>
        </li>
      ))}
      {marks.map((mark, index) => (
        <li key={mark.id} className={existing.length ? 'damage-new-item' : undefined}>
          {line(mark, existing.length + index + 1)}
          {onChange ? (
            <button
              type="button"
              className="link small"
              aria-label={`Remove damage ${existing.length + index + 1}`}
              onClick={() => onChange(marks.filter((other) => other.id !== mark.id))}
            >
              remove
            </button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** Pickup damages and return damages side by side; only the new ones are editable. */
export function DamageComparison(props: {
  pickup: readonly DamageMark[];
  returned: readonly DamageMark[];
  onChange?: (marks: DamageMark[]) => void;
}) {
  return (
    <div className="damage-compare">
      <DamageDiagram label="At pickup" marks={props.pickup} />
      <DamageDiagram
        label="At return"
        existing={props.pickup}
        marks={props.returned}
        {...(props.onChange ? { onChange: props.onChange } : {})}
      />
    </div>
  );
}
