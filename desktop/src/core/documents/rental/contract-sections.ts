import { formatMoney } from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared';
import { GRID_LAYOUT, right, th } from '../layout.ts';
import type { PdfContent } from '../pdf-renderer.ts';
import { damageDiagramSvg, type DiagramMark } from './damage-diagram-svg.ts';
import { num, str, type Picture } from './rental-records.ts';

/** Pieces of the contract PDF: damages with their diagram, photos, accessories and rates. */
export interface DamageEntry {
  readonly x: number;
  readonly y: number;
  readonly type: string;
  readonly severity: string;
  readonly note: string | null;
  readonly photo: string | null;
}

export function damagesOf(value: unknown): DamageEntry[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => ({
      x: num(item.x),
      y: num(item.y),
      type: str(item.type) ?? 'other',
      severity: str(item.severity) ?? 'minor',
      note: str(item.note),
      photo: str(item.photo),
    }));
}

const DAMAGE_LABELS: Readonly<Record<string, string>> = {
  scratch: 'Scratch',
  dent: 'Dent',
  crack: 'Crack',
  chip: 'Stone chip',
  missing: 'Missing part',
  other: 'Other',
};

/** The area of the car a mark is in; the same cut as the counter's diagram (damage-marks.ts). */
function areaOf(mark: { x: number; y: number }): string {
  const along = mark.y < 0.22 ? 'front' : mark.y > 0.78 ? 'rear' : 'middle';
  const side = mark.x < 0.33 ? 'left' : mark.x > 0.67 ? 'right' : 'centre';
  if (along === 'middle') return side === 'centre' ? 'roof' : `${side} side`;
  return side === 'centre' ? along : `${along} ${side}`;
}

function diagram(title: string, marks: DiagramMark[]): PdfContent {
  return {
    stack: [
      { text: title, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      { svg: damageDiagramSvg(marks), width: 70, alignment: 'center' },
    ],
    width: 80,
  };
}

/** Both diagrams side by side (pickup marks grey on both, new ones red) and the numbered list. */
export function damageSection(
  out: DamageEntry[],
  returned: DamageEntry[] | null,
  photos: Map<string, Picture>,
): PdfContent {
  const outMarks = out.map((mark, i): DiagramMark => ({ ...mark, number: i + 1, variant: 'out' }));
  const inMarks = (returned ?? []).map((mark, i): DiagramMark => ({
    ...mark,
    number: out.length + i + 1,
    variant: 'in',
  }));
  const rows = [...out.map((mark) => ['out', mark] as const), ...(returned ?? []).map((mark) => ['in', mark] as const)];
  const list: PdfContent =
    rows.length === 0
      ? { text: 'No damage recorded at pickup' + (returned ? ' or at the return.' : '.'), italics: true }
      : {
          table: {
            headerRows: 1,
            widths: [12, 32, 46, 42, 50, '*', 46],
            body: [
              [th('#'), th('When'), th('Type'), th('Severity'), th('Where'), th('Note'), th('Photo')],
              ...rows.map(([when, mark], i) => {
                const photo = mark.photo ? photos.get(mark.photo) : undefined;
                return [
                  String(i + 1),
                  when === 'out' ? 'Pickup' : { text: 'Return', color: '#c62828', bold: true },
                  DAMAGE_LABELS[mark.type] ?? mark.type,
                  mark.severity,
                  areaOf(mark),
                  mark.note ?? '',
                  photo?.dataUrl ? { image: photo.dataUrl, fit: [44, 33] } : mark.photo ? 'not on this PC' : '',
                ];
              }),
            ],
          },
          layout: GRID_LAYOUT,
          fontSize: 8,
        };
  return {
    columns: [
      diagram('Pickup', outMarks),
      ...(returned ? [diagram('Return', [...outMarks, ...inMarks])] : []),
      { width: '*', stack: [list] },
    ],
    columnGap: 10,
    margin: [0, 4, 0, 0],
  };
}

/** Thumbnails four to a row, each fitted into 120 × 90 pt; pictures that cannot be shown are named. */
export function photoGrid(title: string, pictures: readonly Picture[]): PdfContent[] {
  if (pictures.length === 0) return [];
  const cells: PdfContent[] = pictures.map((picture, i) =>
    picture.dataUrl
      ? {
          stack: [
            { image: picture.dataUrl, fit: [120, 90] },
            { text: `${title} ${i + 1}`, fontSize: 7, color: '#555555' },
          ],
        }
      : {
          text: `${title} ${i + 1}: ${picture.problem ?? ''} (${picture.sha256.slice(0, 12)}…)`,
          fontSize: 7,
          italics: true,
        },
  );
  const rows: PdfContent[][] = [];
  for (let i = 0; i < cells.length; i += 4) {
    const row = cells.slice(i, i + 4);
    while (row.length < 4) row.push({ text: '' });
    rows.push(row);
  }
  // The heading stays with the thumbnails (three rows fit on any page).
  return [
    {
      stack: [
        { text: `Photos at ${title.toLowerCase()} (${pictures.length})`, bold: true, margin: [0, 10, 0, 4] },
        { table: { widths: ['*', '*', '*', '*'], body: rows, dontBreakRows: true }, layout: 'noBorders' },
      ],
      unbreakable: rows.length <= 3,
    },
  ];
}

export function accessoriesTable(value: unknown, currency: string): PdfContent {
  const extras = Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
  if (extras.length === 0) return { text: 'No accessories.', italics: true };
  return {
    table: {
      headerRows: 1,
      widths: ['*', 70, 70],
      body: [
        [th('Accessory'), th('Per day', 'right'), th('At most', 'right')],
        ...extras.map((extra) => [
          str(extra.name) ?? str(extra.code) ?? '',
          right(formatMoney(num(extra.pricePerDayMinor), currency)),
          right(typeof extra.maxPriceMinor === 'number' ? formatMoney(extra.maxPriceMinor, currency) : '—'),
        ]),
      ],
    },
    layout: GRID_LAYOUT,
  };
}

export function ratePairs(contract: Row, currency: string): Array<readonly [string, string | null]> {
  const rates = (typeof contract.rates === 'object' && contract.rates !== null ? contract.rates : {}) as Record<
    string,
    unknown
  >; // json column written by rental.contractOpen
  const money = (value: unknown) => (typeof value === 'number' ? formatMoney(value, currency) : null);
  const included = rates.included_km_per_day;
  return [
    ['Per day', money(rates.daily_minor)],
    ['Per week', money(rates.weekly_minor)],
    ['Per month', money(rates.monthly_minor)],
    ['Included km', typeof included === 'number' ? `${included} km per day` : 'unlimited'],
    ['Extra km', typeof included === 'number' ? `${money(rates.extra_km_minor) ?? ''} per km` : null],
    ['Insurance', str(contract.insurance) ?? 'none'],
    ['Deductible', formatMoney(num(contract.deductible_minor), currency)],
    ['Deposit', formatMoney(num(contract.deposit_minor), currency)],
  ];
}
