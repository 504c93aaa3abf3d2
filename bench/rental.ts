/**
 * bench/rental: the availability calendar of a 500-vehicle fleet over 90 days, read from a real
 * counter replica (better-sqlite3, the replica migrations) with a year of bookings: ~12
 * reservations and ~6 contracts per vehicle, and maintenance blocks. Measures fleetCalendar
 * (desktop/src/core/rental/fleet-calendar.ts: the windowed reads, the per-vehicle day grid, the
 * free count per class and day) against the baseline of reading the same rows with raw
 * better-sqlite3 statements. Target: ≤ 30 ms.
 *
 * Then the contract PDF of a returned rental with 8 pickup photos of ~200 KB (PNG, made here) and
 * one return photo, both signatures and the damage diagrams, rendered end to end as the counter
 * does (rows from the replica, pictures from the blob files with their hash check, pdfmake):
 * first as photos stored before thumbnails print, then with each photo's stored thumbnail (a
 * 320 px JPEG made in Chromium as the counter screen makes it). Target: ≤ 500 ms.
 *
 *   npm run bench:rental              500 vehicles, 90 days, 200 samples
 *   npm run bench:rental -- --vehicles=2000
 *   npm run bench:rental -- --pdf-samples=50
 */
import { completeRow, tableSpec, uuidv7, type TableName } from '@forecourt/shared';
import { sha256Of } from '../desktop/src/core/blobs/blob-store.ts';
import { rentalDocumentPdf } from '../desktop/src/core/documents/rental/index.ts';
import { createRentalReplica, openContract } from '../desktop/src/core/documents/rental/rental-fixture.test-support.ts';
import {
  addContractThumbnails,
  pngThumbnailOf,
  type Thumbnail,
} from '../desktop/src/core/documents/rental/photo-thumbnails.test-support.ts';
import { fleetCalendar } from '../desktop/src/core/rental/fleet-calendar.ts';
import { openJpegThumbnailer } from './support/jpeg-thumbnails.ts';
import { createBenchReplica } from './support/replica.ts';
import { header, note, parseArgs, percentile, printResult } from './support/report.ts';

const TARGET_MS = 30;
const PDF_TARGET_MS = 500;
const DAY = 86_400_000;

/**
 * The contract PDF with 8 photos of ~200 KB: p50/p99 over `samples` renders after a warm-up,
 * first as older photos print (no thumbnail: each PNG decoded and scaled), then again once every
 * photo has its stored thumbnail (a JPEG made as the counter screen makes it, printed as it is).
 */
async function contractPdfFigures(samples: number) {
  const rental = createRentalReplica();
  const thumbnailer = await openJpegThumbnailer();
  try {
    const photo = { width: 512, height: 384, noise: 4 };
    const { contractId } = openContract(rental, { photos: 8, photo, returnIt: true });
    // photos_out is the json array of sha256 that rental.contractOpen wrote.
    const photoBytes = (rental.replica.store().get('rental_contracts', contractId)?.photos_out as string[]).map(
      (sha) => rental.blobs.read(sha)?.length ?? 0,
    );
    const options = { now: new Date(rental.now).toISOString(), readBlob: rental.readBlob };
    const render = () => rentalDocumentPdf(rental.replica.store(), 'contract', contractId, options);
    const full = await pdfRenders(render, samples);
    // The same contract once its photos have thumbnails (JPEG from Chromium; PNG if it is missing).
    const contract = rental.replica.store().get('rental_contracts', contractId);
    const made = new Map<string, Thumbnail>();
    for (const sha of [...(contract?.photos_out as string[]), ...(contract?.photos_in as string[])]) {
      const bytes = rental.blobs.read(sha);
      if (!bytes) continue;
      const jpeg = thumbnailer ? await thumbnailer.make(bytes, 'image/png') : null;
      made.set(sha, jpeg ? { bytes: jpeg, contentType: 'image/jpeg' } : pngThumbnailOf(bytes));
    }
    await thumbnailer?.close(); // no browser running while the PDF is measured
    addContractThumbnails(rental, contractId, (bytes) => made.get(sha256Of(bytes)) ?? pngThumbnailOf(bytes));
    const thumbs = await pdfRenders(render, samples);
    const thumbKb =
      [...made.values()].reduce((sum, thumb) => sum + thumb.bytes.length, 0) / Math.max(made.size, 1) / 1024;
    return {
      ...full,
      photoKb: photoBytes.reduce((sum, bytes) => sum + bytes, 0) / photoBytes.length / 1024,
      thumbs: { ...thumbs, thumbKb, jpeg: thumbnailer !== null },
    };
  } finally {
    await thumbnailer?.close();
    rental.close();
  }
}

async function pdfRenders(render: () => Promise<{ pdf: Buffer }>, samples: number) {
  for (let i = 0; i < 3; i++) await render();
  const ms: number[] = [];
  // CPU time of this process per render too: on a loaded machine it says what wall time cannot.
  const cpuMs: number[] = [];
  let pdfBytes = 0;
  for (let i = 0; i < samples; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    pdfBytes = (await render()).pdf.length;
    ms.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
  }
  return {
    p50: percentile(ms, 0.5),
    p99: percentile(ms, 0.99),
    cpuP50: percentile(cpuMs, 0.5),
    pdfKb: pdfBytes / 1024,
  };
}

async function main(): Promise<void> {
  const args = parseArgs();
  const vehicleCount = args.int('vehicles', 500, 500);
  const days = args.int('days', 90, 90);
  const samples = args.int('samples', 200, 200);
  const pdfSamples = args.int('pdf-samples', 30, 30);
  header('rental', { vehicles: vehicleCount, days, samples, pdf_samples: pdfSamples });
  const bench = createBenchReplica();
  const db = bench.replica.db;
  const from = Date.UTC(2026, 11, 1);
  const insert = (table: TableName, values: Record<string, unknown>) => {
    const row = completeRow(tableSpec(table), {
      id: uuidv7(),
      tenant_id: bench.tenantId,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      ...values,
    });
    bench.replica.store().put(table, row);
    return row;
  };
  let bookings = 0;
  db.transaction(() => {
    const classes = ['Compact', 'Midsize', 'SUV', 'Van', 'EV'].map((name, i) =>
      insert('rental_classes', {
        code: name.toUpperCase(),
        name,
        currency: 'CHF',
        daily_minor: 8_000 + i * 2_000,
        extra_km_minor: 40,
        deposit_minor: 100_000,
        min_age: 21,
        min_licence_years: 1,
        active: true,
      }),
    );
    const renter = insert('rental_customers', { name: 'Bench Renter' });
    for (let v = 0; v < vehicleCount; v++) {
      const vehicle = insert('rental_vehicles', {
        site_id: bench.siteId,
        class_id: classes[v % classes.length]!.id,
        plate: `ZH ${String(100_000 + v)}`,
        make: 'VW',
        model: 'Golf',
        fuel_type: 'petrol',
        odometer_km: 10_000,
        status: 'available',
      });
      // Six months of history, the window fully booked, and bookings 30 days beyond it: 1–5 days
      // each with gaps of 0–3 days (a busy fleet).
      let at = from - 180 * DAY + (v % 7) * DAY;
      for (let b = 0; at < from + (days + 30) * DAY; b++) {
        const length = (1 + ((v + b) % 5)) * DAY;
        const common = { customer_id: renter.id, class_id: vehicle.class_id, vehicle_id: vehicle.id, currency: 'CHF' };
        const startsAt = new Date(at).toISOString();
        const endsAt = new Date(at + length).toISOString();
        if (b % 3 === 2) {
          insert('rental_contracts', {
            ...common,
            site_id: bench.siteId,
            return_site_id: bench.siteId,
            number: `C${v}-${b}`,
            series: 'bench',
            seq: b,
            additional_driver_ids: [],
            status: at + length < from ? 'closed' : 'open',
            opened_at: startsAt,
            due_at: endsAt,
            km_out: 10_000,
            fuel_out: 8,
            damages_out: [],
            accessories: [],
            rates: {},
            deductible_minor: 0,
            deposit_minor: 0,
            terms_version: '1',
            photos_out: [],
            opened_by: bench.manager.userId,
          });
        } else {
          insert('rental_reservations', {
            ...common,
            site_id: bench.siteId,
            return_site_id: bench.siteId,
            number: `R${v}-${b}`,
            starts_at: startsAt,
            ends_at: endsAt,
            status: b % 11 === 0 ? 'cancelled' : 'confirmed',
            double_booked: false,
            made_offline: false,
            extras: [],
            quote_minor: 10_000,
            deposit_minor: 0,
          });
        }
        bookings += 1;
        at += length + ((v + b) % 4) * DAY;
      }
      if (v % 10 === 0) {
        insert('rental_maintenance', {
          vehicle_id: vehicle.id,
          starts_at: new Date(from + 20 * DAY).toISOString(),
          ends_at: new Date(from + 22 * DAY).toISOString(),
          reason: 'Service',
        });
      }
    }
  })();
  db.pragma('optimize');
  note('fleet', { vehicles: vehicleCount, bookings });

  const fromDate = new Date(from).toISOString().slice(0, 10);
  const end = new Date(from + days * DAY).toISOString();
  // The floor: the same windowed reads as fleetCalendar, with nothing done on the rows.
  const rawStatements = [
    db.prepare(
      'SELECT id, plate, class_id, site_id, location_site_id, status, make, model, fuel_type, deleted_at FROM rental_vehicles WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY plate',
    ),
    db.prepare(
      "SELECT id, vehicle_id, status, starts_at, ends_at, deleted_at FROM rental_reservations INDEXED BY rental_reservations_ends WHERE tenant_id = ? AND ends_at > ? AND starts_at < ? AND deleted_at IS NULL AND status IN ('tentative', 'confirmed')",
    ),
    db.prepare(
      "SELECT id, vehicle_id, status, opened_at, due_at, returned_at, deleted_at FROM rental_contracts WHERE tenant_id = ? AND status IN ('open', 'returned') AND opened_at < ? AND deleted_at IS NULL",
    ),
    db.prepare(
      'SELECT id, vehicle_id, starts_at, ends_at, completed_at, deleted_at FROM rental_maintenance WHERE tenant_id = ? AND ends_at > ? AND starts_at < ? AND completed_at IS NULL AND deleted_at IS NULL',
    ),
  ];
  const windowStart = `${fromDate}T00:00:00.000Z`;
  const raw = () => {
    rawStatements[0]!.all(bench.tenantId);
    rawStatements[1]!.all(bench.tenantId, windowStart, end);
    rawStatements[2]!.all(bench.tenantId, end);
    rawStatements[3]!.all(bench.tenantId, windowStart, end);
  };
  if (process.env.BENCH_RENTAL_EXPLAIN === '1') {
    for (const [i, statement] of rawStatements.entries()) {
      const params = [
        [bench.tenantId],
        [bench.tenantId, windowStart, end],
        [bench.tenantId, end],
        [bench.tenantId, windowStart, end],
      ][i]!;
      const t = performance.now();
      const rows = statement.all(...params).length;
      note(`statement ${i}`, { rows, ms: performance.now() - t });
    }
  }
  let checksum = 0;
  for (let i = 0; i < 10; i++) {
    raw();
    checksum += fleetCalendar(db, bench.tenantId, fromDate, days).vehicles.length;
  }
  const calendarMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    let start = performance.now();
    const calendar = fleetCalendar(db, bench.tenantId, fromDate, days);
    calendarMs.push(performance.now() - start);
    checksum += calendar.freePerClass.size;
    start = performance.now();
    raw();
    rawMs.push(performance.now() - start);
  }
  bench.close();
  const p50 = percentile(calendarMs, 0.5);
  const p99 = percentile(calendarMs, 0.99);
  const rawP50 = percentile(rawMs, 0.5);
  note('availability calendar', { p50_ms: p50, p99_ms: p99, checksum });
  note('baseline: the same windowed reads, rows untouched', { p50_ms: rawP50 });
  note(`target (<= ${TARGET_MS} ms): ${p50 <= TARGET_MS ? 'met' : 'MISSED'}`);
  const pdf = await contractPdfFigures(pdfSamples);
  note('contract PDF, 8 photos', {
    p50_ms: pdf.p50,
    p99_ms: pdf.p99,
    cpu_p50_ms: pdf.cpuP50,
    pdf_kb: pdf.pdfKb,
    photo_kb: pdf.photoKb,
  });
  note(
    `contract PDF, 8 photos with stored thumbnails (${pdf.thumbs.jpeg ? 'JPEG, Chromium' : 'PNG: no Chromium here'})`,
    {
      p50_ms: pdf.thumbs.p50,
      p99_ms: pdf.thumbs.p99,
      cpu_p50_ms: pdf.thumbs.cpuP50,
      pdf_kb: pdf.thumbs.pdfKb,
      thumbnail_kb: pdf.thumbs.thumbKb,
    },
  );
  // Photos taken since thumbnails exist print from their stored thumbnail: that is the product's
  // path and the one the target applies to. Older photos without one are shown beside it.
  note(
    `target (<= ${PDF_TARGET_MS} ms, photos with stored thumbnails): ${pdf.thumbs.p50 <= PDF_TARGET_MS ? 'met' : 'MISSED'}` +
      `; older photos without thumbnails: ${pdf.p50 <= PDF_TARGET_MS ? 'also met' : 'missed'}`,
  );
  printResult('rental', {
    vehicles: vehicleCount,
    days,
    bookings,
    availability_p50_ms: p50,
    availability_p99_ms: p99,
    raw_read_p50_ms: rawP50,
    ratio_raw: p50 / rawP50,
    contract_pdf_p50_ms: pdf.p50,
    contract_pdf_p99_ms: pdf.p99,
    contract_pdf_cpu_p50_ms: pdf.cpuP50,
    contract_pdf_kb: pdf.pdfKb,
    contract_pdf_thumbs_p50_ms: pdf.thumbs.p50,
    contract_pdf_thumbs_p99_ms: pdf.thumbs.p99,
    contract_pdf_thumbs_cpu_p50_ms: pdf.thumbs.cpuP50,
    contract_pdf_thumbs_kb: pdf.thumbs.pdfKb,
  });
}

await main();
