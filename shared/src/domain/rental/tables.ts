import { opt, req, table, type TableSpec } from '../../schema/table-spec.ts';

/**
 * The rental counter's tables (issue #7). The fleet, renters and bookings are tenant-wide: a
 * vehicle is picked up at one site and returned at another, and every counter must see every
 * booking of a vehicle to tell whether it is free. `site_id` on them is an ordinary column (the
 * vehicle's home site, the booking's pickup site), not a sync scope. Money is integer minor units
 * (Rappen for CHF) with a currency code; times are ISO-8601 UTC text.
 */
export const RENTAL_TABLES = {
  /** A class of vehicles and its rates: "Compact", "SUV", "EV Small". Age and licence rules per class. */
  rental_classes: table('rental_classes', 'tenant', {
    code: req('text'),
    name: req('text'),
    currency: req('text'),
    daily_minor: req('int'),
    weekly_minor: opt('int'),
    monthly_minor: opt('int'),
    /** Kilometres included per rental day; null: unlimited. */
    included_km_per_day: opt('int'),
    extra_km_minor: req('int'),
    deposit_minor: req('int'),
    min_age: req('int'),
    min_licence_years: req('int'),
    active: req('bool'),
  }),
  /**
   * A vehicle of the fleet. status: available | rented | reserved | maintenance | out_of_service.
   * Rates left null take the class's. Service intervals: every service_every_km / _months.
   */
  rental_vehicles: table('rental_vehicles', 'tenant', {
    /** Home site (fixed); where the vehicle is now after one-way rentals: location_site_id. */
    site_id: req('id'),
    location_site_id: opt('id'),
    class_id: req('id'),
    plate: req('text'),
    make: req('text'),
    model: req('text'),
    vin: opt('text'),
    year: opt('int'),
    /** petrol | diesel | hybrid | ev */
    fuel_type: req('text'),
    battery_kwh: opt('int'),
    odometer_km: req('int'),
    /** Fuel in eighths (0–8) or charge in percent for an EV. */
    fuel_level: opt('int'),
    status: req('text'),
    daily_minor: opt('int'),
    deposit_minor: opt('int'),
    service_every_km: opt('int'),
    service_every_months: opt('int'),
    last_service_km: opt('int'),
    last_service_at: opt('time'),
    notes: opt('text'),
    /**
     * A linked EV's last report (written by the server's Enode integration, never by a counter):
     * charge with the car's time in ev_charge_at, odometer with ev_odometer_at.
     */
    ev_battery_percent: opt('int'),
    ev_range_km: opt('int'),
    ev_plugged_in: opt('bool'),
    ev_charging: opt('bool'),
    ev_charge_at: opt('time'),
    ev_odometer_km: opt('int'),
    ev_odometer_at: opt('time'),
  }),
  /** Accessories offered with a rental (child seat, snow chains, vignette, charging cable). */
  rental_accessories: table('rental_accessories', 'tenant', {
    code: req('text'),
    name: req('text'),
    price_per_day_minor: req('int'),
    max_price_minor: opt('int'),
    active: req('bool'),
  }),
  /** A period a vehicle is off the road for service or repair: it is not available then. */
  rental_maintenance: table('rental_maintenance', 'tenant', {
    vehicle_id: req('id'),
    starts_at: req('time'),
    ends_at: req('time'),
    reason: req('text'),
    completed_at: opt('time'),
    odometer_km: opt('int'),
  }),
  /**
   * A renter. The ID document and driving licence are checked at the counter (checked_by/at).
   * Erasure keeps the row and its bookings for the accounting records and blanks the person
   * (`erased_at`, `retain_until`).
   */
  rental_customers: table('rental_customers', 'tenant', {
    name: req('text'),
    birth_date: opt('text'),
    address: opt('text'),
    phone: opt('text'),
    email: opt('text'),
    id_doc_type: opt('text'),
    id_doc_number: opt('text'),
    id_doc_country: opt('text'),
    id_doc_expires: opt('text'),
    licence_number: opt('text'),
    licence_country: opt('text'),
    licence_categories: opt('text'),
    licence_issued: opt('text'),
    licence_expires: opt('text'),
    checked_by: opt('id'),
    checked_at: opt('time'),
    erased_at: opt('time'),
    retain_until: opt('text'),
  }),
  /** People the company will not rent to, matched on licence number, phone, email or ID number. */
  rental_do_not_rent: table('rental_do_not_rent', 'tenant', {
    name: req('text'),
    licence_number: opt('text'),
    phone: opt('text'),
    email: opt('text'),
    id_doc_number: opt('text'),
    reason: req('text'),
  }),
  /**
   * A booking of a vehicle (or of a class, vehicle_id null) for a period. status: tentative
   * (made on a counter, not yet accepted by the server) | confirmed | cancelled | no_show |
   * converted (a contract was opened from it). double_booked: accepted from a counter that was
   * offline although it overlaps another booking of the vehicle; a conflict item says so.
   */
  rental_reservations: table('rental_reservations', 'tenant', {
    site_id: req('id'),
    return_site_id: req('id'),
    number: req('text'),
    customer_id: req('id'),
    class_id: req('id'),
    vehicle_id: opt('id'),
    starts_at: req('time'),
    ends_at: req('time'),
    status: req('text'),
    double_booked: req('bool'),
    made_offline: req('bool'),
    extras: req('json'),
    quote_minor: req('int'),
    deposit_minor: req('int'),
    currency: req('text'),
    cancel_reason: opt('text'),
    no_show_fee_minor: opt('int'),
    contract_id: opt('id'),
  }),
  /**
   * A rental contract: opened at pickup, returned, closed with its final charges. status: open |
   * returned | closed | cancelled. Readings out/in, damages (JSON marks on the vehicle diagram,
   * each with an optional photo blob), accessories, rates and charges are frozen on the contract.
   */
  rental_contracts: table('rental_contracts', 'tenant', {
    site_id: req('id'),
    return_site_id: req('id'),
    number: req('text'),
    series: req('text'),
    seq: req('int'),
    reservation_id: opt('id'),
    customer_id: req('id'),
    additional_driver_ids: req('json'),
    vehicle_id: req('id'),
    class_id: req('id'),
    status: req('text'),
    opened_at: req('time'),
    due_at: req('time'),
    returned_at: opt('time'),
    closed_at: opt('time'),
    km_out: req('int'),
    km_in: opt('int'),
    fuel_out: req('int'),
    fuel_in: opt('int'),
    damages_out: req('json'),
    damages_in: opt('json'),
    accessories: req('json'),
    rates: req('json'),
    insurance: opt('text'),
    deductible_minor: req('int'),
    deposit_minor: req('int'),
    terms_version: req('text'),
    renter_signature_blob: opt('text'),
    staff_signature_blob: opt('text'),
    photos_out: req('json'),
    photos_in: opt('json'),
    charges: opt('json'),
    total_minor: opt('int'),
    vat_minor: opt('int'),
    payable_minor: opt('int'),
    /**
     * The invoice's legal number, given by rental.contractClose from the closing device's invoice
     * series (`inv:<device>:<fiscal year>`, the series garage invoices use too, DESIGN §4.5):
     * ZRH1A/2026/00042. Null on contracts closed before invoice numbering (0093): their invoice
     * keeps the contract number it was printed with.
     */
    invoice_number: opt('text'),
    invoice_series: opt('text'),
    invoice_seq: opt('int'),
    invoice_fiscal_year: opt('text'),
    currency: req('text'),
    cancel_reason: opt('text'),
    opened_by: req('id'),
    returned_by: opt('id'),
    /**
     * The deposit held on the renter's card (Stripe, manual capture), written by the server only:
     * status requested | pending | authorized | captured | released | expired | failed; the
     * PaymentIntent; the amount held and the amount captured; when the hold lapses
     * (sync-server/src/integrations/providers/stripe/deposit-holds.ts).
     */
    deposit_hold_status: opt('text'),
    deposit_hold_ref: opt('text'),
    deposit_hold_minor: opt('int'),
    deposit_captured_minor: opt('int'),
    deposit_hold_expires_at: opt('time'),
    deposit_hold_reason: opt('text'),
  }),
} as const satisfies Record<string, TableSpec>;
