/**
 * The damage diagram of the contract PDF: the same top view of a car as the counter's
 * DamageDiagram (a 200 × 400 box, front at the top) with the numbered marks, as an SVG string for
 * pdfmake. A mark's position is a fraction of the box, so it lands where the counter placed it.
 */
export interface DiagramMark {
  readonly x: number;
  readonly y: number;
  readonly number: number;
  /** Pickup damages grey, damages found at the return red. */
  readonly variant: 'out' | 'in';
}

const OUTLINE = `
  <rect x="30" y="20" width="140" height="360" rx="48" fill="#f4f4f4" stroke="#555" stroke-width="3"/>
  <path d="M48 118 Q100 96 152 118 L146 160 Q100 148 54 160 Z" fill="#dde6ee" stroke="#555" stroke-width="2"/>
  <path d="M54 300 Q100 312 146 300 L150 336 Q100 352 50 336 Z" fill="#dde6ee" stroke="#555" stroke-width="2"/>
  <rect x="58" y="168" width="84" height="124" rx="10" fill="#e9e9e9" stroke="#777" stroke-width="2"/>
  <rect x="14" y="70" width="16" height="44" rx="5" fill="#333"/>
  <rect x="170" y="70" width="16" height="44" rx="5" fill="#333"/>
  <rect x="14" y="284" width="16" height="44" rx="5" fill="#333"/>
  <rect x="170" y="284" width="16" height="44" rx="5" fill="#333"/>
  <text x="100" y="14" text-anchor="middle" font-family="Helvetica" font-size="14" fill="#555">front</text>
  <text x="100" y="397" text-anchor="middle" font-family="Helvetica" font-size="14" fill="#555">rear</text>`;

const clamp = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));

function markSvg(mark: DiagramMark): string {
  const cx = (clamp(mark.x) * 200).toFixed(1);
  const cy = (clamp(mark.y) * 400).toFixed(1);
  const fill = mark.variant === 'in' ? '#c62828' : '#757575';
  return (
    `<circle cx="${cx}" cy="${cy}" r="14" fill="${fill}" stroke="#fff" stroke-width="2"/>` +
    `<text x="${cx}" y="${(Number(cy) + 5).toFixed(1)}" text-anchor="middle" font-family="Helvetica" ` +
    `font-weight="bold" font-size="14" fill="#fff">${mark.number}</text>`
  );
}

export function damageDiagramSvg(marks: readonly DiagramMark[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 400" width="200" height="400">${OUTLINE}${marks.map(markSvg).join('')}</svg>`;
}
