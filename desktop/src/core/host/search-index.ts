import type { Row, TableName } from '@forecourt/shared/schema/tables';
import { formatPhone } from '../../common/phone-format.ts';
import type { SearchHit } from '../../common/schemas.ts';
import type { CounterApi } from '../counter-api.ts';

/**
 * Global search over the replica: customers (name, phone, email), vehicles (registration, VIN)
 * and jobs (number). The core's query has only equality filters, so the searched tables are held
 * in memory and dropped whenever the core says they changed; for a counter's few thousand rows a
 * scan per keystroke takes well under a millisecond, and nothing waits for the network.
 */
export interface SearchIndex {
  search(text: string, options?: { siteId?: string | null; limit?: number }): SearchHit[];
  invalidate(tables: readonly string[]): void;
}

interface Candidate {
  readonly hit: SearchHit;
  readonly score: number;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const compact = (value: string): string => value.replace(/[\s-]+/g, '').toUpperCase();
const digitsOf = (value: string): string => value.replace(/\D+/g, '');

/** 3 for an exact match, 2 for a prefix, 1 for a match inside, 0 for none. */
function matchScore(haystack: string, needle: string): number {
  if (!needle || !haystack) return 0;
  if (haystack === needle) return 3;
  if (haystack.startsWith(needle)) return 2;
  return haystack.includes(needle) ? 1 : 0;
}

function wordScore(haystack: string, needle: string): number {
  const lower = haystack.toLowerCase();
  const direct = matchScore(lower, needle);
  if (direct > 1) return direct;
  // "sharma" should rank "Priya Sharma" like a prefix match: a word starting with the text.
  return lower.split(/\s+/).some((word) => word.startsWith(needle)) ? 2 : direct;
}

export function createSearchIndex(counter: Pick<CounterApi, 'query' | 'get'>): SearchIndex {
  const cache = new Map<TableName, Row[]>();
  const rowsOf = (table: TableName): Row[] => {
    let rows = cache.get(table);
    if (!rows) {
      rows = counter.query(table);
      cache.set(table, rows);
    }
    return rows;
  };

  return {
    invalidate(tables) {
      for (const table of tables) cache.delete(table as TableName); // unknown names simply miss
    },
    search(text, options = {}) {
      const needle = text.trim().toLowerCase();
      if (needle.length < 2) return [];
      const inSite = (row: Row) => !options.siteId || row.site_id === options.siteId;
      const customers = new Map(rowsOf('customers').map((row) => [row.id, row]));
      const vehicles = new Map(rowsOf('vehicles').map((row) => [row.id, row]));
      const candidates = [
        ...searchCustomers([...customers.values()].filter(inSite), needle),
        ...searchVehicles([...vehicles.values()].filter(inSite), needle, customers),
        ...searchJobs(rowsOf('jobs').filter(inSite), needle, customers, vehicles),
      ];
      candidates.sort((a, b) => b.score - a.score || a.hit.title.localeCompare(b.hit.title));
      return candidates.slice(0, options.limit ?? 12).map((candidate) => candidate.hit);
    },
  };
}

function siteOf(row: Row): string | null {
  return typeof row.site_id === 'string' ? row.site_id : null;
}

function searchCustomers(rows: readonly Row[], needle: string): Candidate[] {
  const digits = digitsOf(needle);
  const out: Candidate[] = [];
  for (const row of rows) {
    const byName = wordScore(str(row.name), needle);
    // Phone numbers are typed without the country code and with spaces; compare digits only.
    const byPhone = digits.length >= 3 ? (digitsOf(str(row.phone)).includes(digits) ? 2 : 0) : 0;
    const byEmail = matchScore(str(row.email).toLowerCase(), needle);
    const score = Math.max(byName, byPhone, byEmail);
    if (score === 0) continue;
    const matched = score === byName ? 'name' : score === byPhone ? 'phone' : 'email';
    const detail = [formatPhone(row.phone), str(row.email)].filter(Boolean).join(' · ');
    out.push({
      score,
      hit: { kind: 'customer', id: row.id, siteId: siteOf(row), title: str(row.name), detail, matched },
    });
  }
  return out;
}

function searchVehicles(rows: readonly Row[], needle: string, customers: ReadonlyMap<string, Row>): Candidate[] {
  const plate = compact(needle);
  const out: Candidate[] = [];
  for (const row of rows) {
    const byPlate = matchScore(compact(str(row.registration)), plate);
    const byVin = plate.length >= 5 ? matchScore(str(row.vin).toUpperCase(), plate) : 0;
    const score = Math.max(byPlate, byVin);
    if (score === 0) continue;
    const owner = customers.get(str(row.customer_id));
    const detail = [[str(row.make), str(row.model)].filter(Boolean).join(' '), owner ? str(owner.name) : '']
      .filter(Boolean)
      .join(' · ');
    const hit: SearchHit = {
      kind: 'vehicle',
      id: row.id,
      siteId: siteOf(row),
      title: str(row.registration),
      detail,
      matched: byPlate >= byVin ? 'registration' : 'VIN',
    };
    out.push({ score: score + 0.5, hit }); // a plate match is what the counter usually means
  }
  return out;
}

function searchJobs(
  rows: readonly Row[],
  needle: string,
  customers: ReadonlyMap<string, Row>,
  vehicles: ReadonlyMap<string, Row>,
): Candidate[] {
  const wanted = compact(needle);
  const out: Candidate[] = [];
  for (const row of rows) {
    const number = compact(str(row.number));
    // "42" finds BLR1A-00042: compare against the sequence without its leading zeros too.
    const sequence = number.replace(/^.*?0*(?=[1-9]\d*$)/, '');
    const score = Math.max(matchScore(number, wanted), /^\d+$/.test(wanted) ? matchScore(sequence, wanted) : 0);
    if (score === 0) continue;
    const customer = customers.get(str(row.customer_id));
    const vehicle = vehicles.get(str(row.vehicle_id));
    const detail = [
      customer ? str(customer.name) : '',
      vehicle ? str(vehicle.registration) : '',
      str(row.status).replace(/_/g, ' '),
    ]
      .filter(Boolean)
      .join(' · ');
    out.push({
      score: score + 0.6,
      hit: { kind: 'job', id: row.id, siteId: siteOf(row), title: str(row.number), detail, matched: 'job number' },
    });
  }
  return out;
}
