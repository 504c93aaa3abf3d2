import { ascii, DeflatingSink, writeDigits, type DeflatedEntry } from './sheet-sink.ts';
import { zipFiles } from './zip-writer.ts';

/**
 * A minimal SpreadsheetML (.xlsx) writer for the exports. SheetJS CE 0.18.5 (the xlsx package)
 * measured about 6 µs per cell here, 12 s and more for a 100,000-job export, and cannot freeze
 * panes. This writes each row's bytes straight into the sheet XML, which is deflated (zlib level 1:
 * speed over the last few percent of file size) while it is written (`DeflatingSink`). Columns are
 * declared once with their kind: dates become real Excel dates in the workshop's local time, money
 * numbers with a currency format; widths are set, the header row is bold, frozen and has an
 * autofilter. Text goes through one shared-string table, except columns marked `distinct` (job
 * and invoice numbers, phones, registrations: nearly one value per row), which are written inline
 * so the table does not grow by a string per row. Read back with exceljs in the tests.
 */
export type ColumnKind = 'text' | 'int' | 'money' | 'datetime' | 'date';

export interface Column {
  readonly header: string;
  readonly kind: ColumnKind;
  readonly width: number;
  /** Text that is nearly always different per row: written inline, not shared. */
  readonly distinct?: boolean;
}

/** A row holds one value per column, in column order (as better-sqlite3's raw rows). */
export type SheetRow = readonly unknown[];

export interface SheetSpec {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly rows: Iterable<SheetRow>;
}

export interface WorkbookOptions {
  readonly timeZone: string;
  readonly currency: string;
}

export interface BuiltSheet {
  readonly name: string;
  readonly deflated: DeflatedEntry;
  readonly rows: number;
}

/** Excel's serial day number of a wall-clock time: days since 1899-12-30. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** cellXfs indexes in STYLES_XML. */
const STYLE: Readonly<Record<ColumnKind | 'header', number>> = {
  text: 0,
  header: 1,
  money: 2,
  datetime: 3,
  date: 4,
  int: 5,
};

/** Local wall-clock serial numbers; the zone's offset is looked up once per UTC hour. */
function serialMaker(timeZone: string): (iso: string) => number | null {
  const offsets = new Map<number, number>();
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const offsetOf = (ms: number): number => {
    const hour = Math.floor(ms / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const parts = format.formatToParts(new Date(hour * 3_600_000));
      const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
      offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - hour * 3_600_000;
      offsets.set(hour, offset);
    }
    return offset;
  };
  return (iso) => {
    const ms = isoMs(iso);
    return Number.isNaN(ms) ? null : (ms + offsetOf(ms) - EXCEL_EPOCH_MS) / 86_400_000;
  };
}

/**
 * Milliseconds of an ISO time. The replica's own form, `2026-11-20T04:30:00.000Z`, is read digit by
 * digit (a third of the export's time went to Date.parse otherwise); anything else goes to Date.parse.
 */
export function isoMs(iso: string): number {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90) return Date.parse(iso);
  for (let i = 0; i < 23; i += 1) {
    const code = iso.charCodeAt(i);
    const separator = SEPARATORS[i] ?? -1;
    if (separator >= 0 ? code !== separator : (code - 48) >>> 0 > 9) return Date.parse(iso);
    DIGITS[i] = code - 48;
  }
  const month = digitsAt(5, 7);
  const day = digitsAt(8, 10);
  const hour = digitsAt(11, 13);
  const minute = digitsAt(14, 16);
  const second = digitsAt(17, 19);
  // Out of range (month 13, 24:00) is left to Date.parse, which refuses it rather than rolling over.
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return Date.parse(iso);
  return Date.UTC(digitsAt(0, 4), month - 1, day, hour, minute, second, digitsAt(20, 23));
}
const DIGITS = new Int32Array(23);
/** `YYYY-MM-DDTHH:MM:SS.sss`: the character expected where there is no digit (0 = a digit). */
const SEPARATORS = Array.from('0000-00-00T00:00:00.000', (char) => (char === '0' ? -1 : char.charCodeAt(0)));
function digitsAt(from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) value = value * 10 + (DIGITS[i] ?? 0);
  return value;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// Characters XML 1.0 forbids (control characters but tab, LF and CR) are dropped, not escaped.
// eslint-disable-next-line no-control-regex -- matching those control characters is the point
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// eslint-disable-next-line no-control-regex -- as above
const ESCAPED = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const escapeXml = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (char) => XML_ESCAPES[char] ?? '') : text;

export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Text cells go through one shared-string table for the workbook: repeated names cost 4 bytes. */
export class SharedStrings {
  readonly #index = new Map<string, number>();
  readonly #strings: string[] = [];
  count = 0;

  indexOf(text: string): number {
    this.count += 1;
    let index = this.#index.get(text);
    if (index === undefined) {
      index = this.#strings.length;
      this.#strings.push(text);
      this.#index.set(text, index);
    }
    return index;
  }

  xml(): string {
    const items = this.#strings.map((text) => {
      const escaped = escapeXml(text);
      return text.trim() === text ? `<si><t>${escaped}</t></si>` : `<si><t xml:space="preserve">${escaped}</t></si>`;
    });
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.#strings.length}">` +
      `${items.join('')}</sst>`
    );
  }
}

/** How one column's cells are written, after `<c r="B` and the row number. */
type CellWriter = (sink: DeflatingSink, value: unknown) => void;

const PRESERVE_SPACE = (text: string) =>
  text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32);

function cellWriter(column: Column, strings: SharedStrings, toSerial: (iso: string) => number | null): CellWriter {
  const numberCell = (style: number) => ascii(`" s="${style}"><v>`);
  const endValue = ascii('</v></c>');
  switch (column.kind) {
    case 'text': {
      if (column.distinct) {
        const open = ascii('" t="inlineStr"><is><t>');
        const openPreserve = ascii('" t="inlineStr"><is><t xml:space="preserve">');
        const close = ascii('</t></is></c>');
        return (sink, value) => {
          const text = String(value);
          sink.room(64);
          sink.bytes(PRESERVE_SPACE(text) ? openPreserve : open);
          sink.text(escapeXml(text));
          sink.room(16);
          sink.bytes(close);
        };
      }
      const open = ascii('" t="s"><v>');
      return (sink, value) => {
        const index = strings.indexOf(String(value));
        sink.room(48);
        sink.bytes(open);
        sink.uint(index);
        sink.bytes(endValue);
      };
    }
    case 'money': {
      const open = numberCell(STYLE.money);
      return (sink, value) => {
        const minor = Number(value);
        sink.room(64);
        sink.bytes(open);
        if (Number.isSafeInteger(minor)) {
          // Minor units as decimal digits: exact, and no float formatting.
          const whole = Math.abs(minor);
          if (minor < 0) sink.ascii('-');
          sink.uint(Math.floor(whole / 100));
          const cents = whole % 100;
          if (cents !== 0) {
            sink.byte(46); // .
            sink.byte(48 + Math.floor(cents / 10));
            if (cents % 10 !== 0) sink.byte(48 + (cents % 10));
          }
        } else sink.ascii(String(minor / 100));
        sink.bytes(endValue);
      };
    }
    case 'int': {
      const open = numberCell(STYLE.int);
      return (sink, value) => {
        sink.room(48);
        sink.bytes(open);
        sink.ascii(String(Number(value)));
        sink.bytes(endValue);
      };
    }
    case 'datetime':
    case 'date': {
      const open = numberCell(STYLE[column.kind]);
      const empty = ascii(`" s="${STYLE[column.kind]}"/>`);
      return (sink, value) => {
        const serial = typeof value === 'string' ? toSerial(value) : null;
        sink.room(48);
        // An unreadable date leaves an empty cell rather than a wrong number.
        if (serial === null) {
          sink.bytes(empty);
          return;
        }
        sink.bytes(open);
        sink.ascii(String(serial));
        sink.bytes(endValue);
      };
    }
  }
}

export function buildSheet(spec: SheetSpec, options: WorkbookOptions, strings: SharedStrings): BuiltSheet {
  const toSerial = serialMaker(options.timeZone);
  const columns = spec.columns;
  const letters = columns.map((_, index) => columnLetter(index));
  const cellStarts = letters.map((letter) => ascii(`<c r="${letter}`));
  const writers = columns.map((column) => cellWriter(column, strings, toSerial));
  const last = letters[letters.length - 1] ?? 'A';
  const rowOpen = ascii('<row r="');
  const rowOpenEnd = ascii('">');
  const rowClose = ascii('</row>');
  const sink = new DeflatingSink(1);
  // No <dimension> (it is optional and would need the row count before the rows); the autofilter,
  // which needs it, comes after the rows.
  const cols = columns
    .map((column, c) => `<col min="${c + 1}" max="${c + 1}" width="${column.width}" customWidth="1"/>`)
    .join('');
  const header = columns
    .map((column, c) => `<c r="${letters[c]}1" t="s" s="${STYLE.header}"><v>${strings.indexOf(column.header)}</v></c>`)
    .join('');
  sink.text(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">${header}</row>`,
  );
  let r = 1;
  // The row number's digits, written once a row and copied into each cell reference.
  const rowDigits = new Uint8Array(16);
  for (const row of spec.rows) {
    r += 1;
    const digits = writeDigits(r, rowDigits);
    sink.room(32);
    sink.bytes(rowOpen);
    sink.prefix(rowDigits, digits);
    sink.bytes(rowOpenEnd);
    for (let c = 0; c < writers.length; c += 1) {
      const value = row[c];
      if (value === null || value === undefined || value === '') continue;
      sink.room(32);
      sink.bytes(cellStarts[c] as Uint8Array);
      sink.prefix(rowDigits, digits);
      (writers[c] as CellWriter)(sink, value);
    }
    sink.room(8);
    sink.bytes(rowClose);
  }
  sink.text(`</sheetData><autoFilter ref="A1:${last}${r}"/></worksheet>`);
  return { name: spec.name, deflated: sink.finish(), rows: r - 1 };
}

function moneyFormat(currency: string): string {
  return escapeXml(currency === 'INR' ? '"₹"#,##0.00' : `"${currency} "#,##0.00`);
}

function stylesXml(currency: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<numFmts count="3"><numFmt numFmtId="164" formatCode="${moneyFormat(currency)}"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
  );
}

export function writeWorkbook(sheets: readonly BuiltSheet[], strings: SharedStrings, options: WorkbookOptions): Buffer {
  const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const names = sheets.map((sheet, index) => ({ ...sheet, index: index + 1 }));
  const file = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });
  return zipFiles(
    [
      file(
        '[Content_Types].xml',
        `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>${names.map((s) => `<Override PartName="/xl/worksheets/sheet${s.index}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
      ),
      file(
        '_rels/.rels',
        `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      file(
        'xl/workbook.xml',
        `${xmlHead}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names.map((s) => `<sheet name="${escapeXml(s.name)}" sheetId="${s.index}" r:id="rId${s.index}"/>`).join('')}</sheets></workbook>`,
      ),
      file(
        'xl/_rels/workbook.xml.rels',
        `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((s) => `<Relationship Id="rId${s.index}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${s.index}.xml"/>`).join('')}<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId${names.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
      file('xl/styles.xml', stylesXml(options.currency)),
      file('xl/sharedStrings.xml', strings.xml()),
      ...names.map((sheet) => ({ name: `xl/worksheets/sheet${sheet.index}.xml`, deflated: sheet.deflated })),
    ],
    1,
  );
}
