import type { QrAddress } from './qr-bill-payload.ts';

/**
 * Sites and renters keep their address as one line of text ("Bahnhofstrasse 12, 8001 Zürich");
 * a QR-bill v2.3 wants it structured (street, building number, postcode, town, country). This
 * reads the usual Swiss and neighbouring forms: parts split by commas or line breaks, an optional
 * country last, then "[CH-]8001 Zürich", and the street with its number before or after it. What
 * it cannot read answers null: the caller leaves the address off the slip rather than guess.
 */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  ch: 'CH',
  schweiz: 'CH',
  suisse: 'CH',
  svizzera: 'CH',
  switzerland: 'CH',
  li: 'LI',
  liechtenstein: 'LI',
  de: 'DE',
  deutschland: 'DE',
  germany: 'DE',
  at: 'AT',
  österreich: 'AT',
  austria: 'AT',
  fr: 'FR',
  france: 'FR',
  it: 'IT',
  d: 'DE',
  a: 'AT',
  f: 'FR',
  i: 'IT',
  fl: 'LI',
  italia: 'IT',
  italy: 'IT',
};

const PLACE = /^(?:([A-Z]{1,2})[- ])?(\d{4,5})\s+(\S.*)$/;
const NUMBER_AFTER = /^(.*\S)\s+(\d{1,5}[a-zA-Z]?(?:[-/]\d{1,5}[a-zA-Z]?)?)$/;
const NUMBER_BEFORE = /^(\d{1,5}[a-zA-Z]?),?\s+(\D.*)$/;

function splitStreet(text: string): { street: string | null; buildingNumber: string | null } {
  if (text === '') return { street: null, buildingNumber: null };
  const after = NUMBER_AFTER.exec(text);
  if (after?.[1] && after[2]) return { street: after[1], buildingNumber: after[2] };
  const before = NUMBER_BEFORE.exec(text);
  if (before?.[1] && before[2]) return { street: before[2], buildingNumber: before[1] };
  return { street: text, buildingNumber: null };
}

export function parseAddress(name: string, text: string | null, defaultCountry = 'CH'): QrAddress | null {
  if (!text || name.trim() === '') return null;
  const parts = text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  let country: string | null = null;
  const last = parts.at(-1);
  if (last && COUNTRY_NAMES[last.toLowerCase()]) {
    country = COUNTRY_NAMES[last.toLowerCase()] ?? null;
    parts.pop();
  }
  const place = PLACE.exec(parts.pop() ?? '');
  if (!place?.[2] || !place[3]) return null;
  const prefix = place[1] ? (COUNTRY_NAMES[place[1].toLowerCase()] ?? place[1]) : null;
  return {
    name: name.trim(),
    ...splitStreet(parts.join(' ')),
    postalCode: place[2],
    town: place[3].trim(),
    country: country ?? prefix ?? defaultCountry,
  };
}
