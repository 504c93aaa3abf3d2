import { formatAmount, formatRate, GST_STATES } from '@forecourt/shared/domain/garage/index';
import type { PdfContent, PdfNode } from './pdf-renderer.ts';

/** Pieces both documents share: the workshop header, label/value blocks, money cells, table style. */
export interface PartyLike {
  readonly name: string;
  readonly legalName?: string | null;
  readonly address: string | null;
  readonly phone: string | null;
  readonly email?: string | null;
  readonly taxId: string | null;
  readonly stateCode?: string | null;
  readonly stateName?: string | null;
  readonly country: string;
}

export const money = (minor: number, currency: string): PdfNode => ({
  text: formatAmount(minor, currency),
  alignment: 'right',
});
export const right = (text: string): PdfNode => ({ text, alignment: 'right' });

/** "8.1%", or "-" for a line without tax. */
export const rateText = (rateBp: number): string => (rateBp === 0 ? '0%' : formatRate(rateBp));

export function taxIdLabel(country: string): string {
  return country === 'IN' ? 'GSTIN' : 'UID / MWST-Nr.';
}

export function stateText(code: string | null | undefined): string | null {
  if (!code) return null;
  return `${GST_STATES[code] ?? 'State'} (${code})`;
}

export function partyLines(party: PartyLike): PdfContent[] {
  const lines: PdfContent[] = [{ text: party.name, bold: true, fontSize: 11 }];
  if (party.legalName && party.legalName !== party.name) lines.push(party.legalName);
  if (party.address) lines.push(party.address);
  if (party.phone) lines.push(`Phone ${party.phone}`);
  if (party.email) lines.push(party.email);
  if (party.taxId) lines.push({ text: `${taxIdLabel(party.country)}: ${party.taxId}`, bold: true });
  const state = party.country === 'IN' ? stateText(party.stateCode) : null;
  if (state) lines.push(`State: ${state}`);
  return lines;
}

export function header(
  supplier: PartyLike,
  logoDataUrl: string | null,
  title: string,
  subtitle: string | null,
): PdfContent {
  const logo: PdfContent = logoDataUrl ? { image: logoDataUrl, fit: [90, 60] } : { text: '' };
  return {
    columns: [
      { width: 100, stack: [logo] },
      { width: '*', stack: partyLines(supplier) },
      {
        width: 150,
        stack: [
          { text: title, bold: true, fontSize: 16, alignment: 'right' },
          ...(subtitle ? [{ text: subtitle, alignment: 'right', color: '#555555' }] : []),
        ],
      },
    ],
    columnGap: 10,
    margin: [0, 0, 0, 12],
  };
}

/** Label/value pairs in a borderless two-column table. */
export function facts(pairs: ReadonlyArray<readonly [string, string | null | undefined]>): PdfContent {
  const body = pairs
    .filter((pair): pair is readonly [string, string] => typeof pair[1] === 'string' && pair[1] !== '')
    .map(([label, value]) => [{ text: label, color: '#555555' }, { text: value }]);
  if (body.length === 0) return { text: '' };
  return { table: { widths: [80, '*'], body }, layout: 'noBorders' };
}

export const GRID_LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#999999',
  vLineColor: () => '#999999',
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

export const th = (text: string, alignment: 'left' | 'right' = 'left'): PdfNode => ({
  text,
  bold: true,
  fillColor: '#eeeeee',
  alignment,
});

/** The workshop's local date and time of an instant, as printed: 22 Nov 2026. */
export function printedDate(instant: string, timeZone: string, withTime = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  }).format(new Date(instant));
}
