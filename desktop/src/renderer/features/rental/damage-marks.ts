/**
 * Damage marks on the vehicle diagram. A position is a fraction of the top-view drawing (x left
 * to right, y front to back), so a mark lands on the same spot whatever size the diagram is
 * drawn at, on screen or in the contract PDF.
 */
export const DAMAGE_TYPES = ['scratch', 'dent', 'crack', 'chip', 'missing', 'other'] as const;
export type DamageType = (typeof DAMAGE_TYPES)[number];

export const DAMAGE_SEVERITIES = ['minor', 'moderate', 'severe'] as const;
export type DamageSeverity = (typeof DAMAGE_SEVERITIES)[number];

export interface DamageMark {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly type: DamageType;
  readonly severity: DamageSeverity;
  readonly note?: string;
}

export const DAMAGE_LABELS: Readonly<Record<DamageType, string>> = {
  scratch: 'Scratch',
  dent: 'Dent',
  crack: 'Crack',
  chip: 'Stone chip',
  missing: 'Missing part',
  other: 'Other',
};

export const isDamageType = (value: unknown): value is DamageType =>
  typeof value === 'string' && (DAMAGE_TYPES as readonly string[]).includes(value);
export const isDamageSeverity = (value: unknown): value is DamageSeverity =>
  typeof value === 'string' && (DAMAGE_SEVERITIES as readonly string[]).includes(value);

/** A click at (clientX, clientY) on a box → a position clamped to the drawing, rounded to 0.001. */
export function positionIn(
  box: { left: number; top: number; width: number; height: number },
  clientX: number,
  clientY: number,
): { x: number; y: number } {
  if (box.width <= 0 || box.height <= 0) throw new RangeError('the diagram has no size yet');
  const clamp = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
  return { x: clamp((clientX - box.left) / box.width), y: clamp((clientY - box.top) / box.height) };
}

/** Which area of the car a position is in, for the list beside the diagram and the PDF. */
export function areaOf(mark: { x: number; y: number }): string {
  const along = mark.y < 0.22 ? 'front' : mark.y > 0.78 ? 'rear' : 'middle';
  const side = mark.x < 0.33 ? 'left' : mark.x > 0.67 ? 'right' : 'centre';
  if (along === 'middle') return side === 'centre' ? 'roof' : `${side} side`;
  return side === 'centre' ? along : `${along} ${side}`;
}
