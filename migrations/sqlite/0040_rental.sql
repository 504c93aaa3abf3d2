-- 0040: the rental counter (issue #7): vehicle classes and rates, the fleet, accessories,
-- maintenance blocks, renters, the do-not-rent list, reservations and contracts. Tenant-wide
-- tables (a vehicle is booked and returned across sites). Append-only. Generated from the table
-- registry (scripts/print-ddl.ts) and checked by the schema test.

CREATE TABLE rental_classes (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  daily_minor INTEGER NOT NULL,
  weekly_minor INTEGER,
  monthly_minor INTEGER,
  included_km_per_day INTEGER,
  extra_km_minor INTEGER NOT NULL,
  deposit_minor INTEGER NOT NULL,
  min_age INTEGER NOT NULL,
  min_licence_years INTEGER NOT NULL,
  active INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE rental_vehicles (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  location_site_id TEXT,
  class_id TEXT NOT NULL,
  plate TEXT NOT NULL,
  make TEXT NOT NULL,
  model TEXT NOT NULL,
  vin TEXT,
  year INTEGER,
  fuel_type TEXT NOT NULL,
  battery_kwh INTEGER,
  odometer_km INTEGER NOT NULL,
  fuel_level INTEGER,
  status TEXT NOT NULL,
  daily_minor INTEGER,
  deposit_minor INTEGER,
  service_every_km INTEGER,
  service_every_months INTEGER,
  last_service_km INTEGER,
  last_service_at TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE rental_accessories (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  price_per_day_minor INTEGER NOT NULL,
  max_price_minor INTEGER,
  active INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE rental_maintenance (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  completed_at TEXT,
  odometer_km INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE rental_customers (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  birth_date TEXT,
  address TEXT,
  phone TEXT,
  email TEXT,
  id_doc_type TEXT,
  id_doc_number TEXT,
  id_doc_country TEXT,
  id_doc_expires TEXT,
  licence_number TEXT,
  licence_country TEXT,
  licence_categories TEXT,
  licence_issued TEXT,
  licence_expires TEXT,
  checked_by TEXT,
  checked_at TEXT,
  erased_at TEXT,
  retain_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE rental_do_not_rent (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  licence_number TEXT,
  phone TEXT,
  email TEXT,
  id_doc_number TEXT,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE rental_reservations (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  return_site_id TEXT NOT NULL,
  number TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  vehicle_id TEXT,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  status TEXT NOT NULL,
  double_booked INTEGER NOT NULL,
  made_offline INTEGER NOT NULL,
  extras TEXT NOT NULL,
  quote_minor INTEGER NOT NULL,
  deposit_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  cancel_reason TEXT,
  no_show_fee_minor INTEGER,
  contract_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE TABLE rental_contracts (
  id TEXT PRIMARY KEY NOT NULL,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  return_site_id TEXT NOT NULL,
  number TEXT NOT NULL,
  series TEXT NOT NULL,
  seq INTEGER NOT NULL,
  reservation_id TEXT,
  customer_id TEXT NOT NULL,
  additional_driver_ids TEXT NOT NULL,
  vehicle_id TEXT NOT NULL,
  class_id TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  due_at TEXT NOT NULL,
  returned_at TEXT,
  closed_at TEXT,
  km_out INTEGER NOT NULL,
  km_in INTEGER,
  fuel_out INTEGER NOT NULL,
  fuel_in INTEGER,
  damages_out TEXT NOT NULL,
  damages_in TEXT,
  accessories TEXT NOT NULL,
  rates TEXT NOT NULL,
  insurance TEXT,
  deductible_minor INTEGER NOT NULL,
  deposit_minor INTEGER NOT NULL,
  terms_version TEXT NOT NULL,
  renter_signature_blob TEXT,
  staff_signature_blob TEXT,
  photos_out TEXT NOT NULL,
  photos_in TEXT,
  charges TEXT,
  total_minor INTEGER,
  vat_minor INTEGER,
  payable_minor INTEGER,
  currency TEXT NOT NULL,
  cancel_reason TEXT,
  opened_by TEXT NOT NULL,
  returned_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);

CREATE INDEX rental_classes_tenant ON rental_classes (tenant_id);
CREATE INDEX rental_vehicles_class ON rental_vehicles (tenant_id, class_id);
CREATE INDEX rental_vehicles_plate ON rental_vehicles (tenant_id, plate);
CREATE INDEX rental_accessories_tenant ON rental_accessories (tenant_id);
CREATE INDEX rental_maintenance_vehicle ON rental_maintenance (tenant_id, vehicle_id);
CREATE INDEX rental_customers_tenant ON rental_customers (tenant_id);
CREATE INDEX rental_do_not_rent_tenant ON rental_do_not_rent (tenant_id);
CREATE INDEX rental_reservations_vehicle ON rental_reservations (tenant_id, vehicle_id, starts_at);
-- The availability calendar reads the bookings that end after its first day from these alone
-- (covering: no table lookups).
CREATE INDEX rental_reservations_ends ON rental_reservations (tenant_id, ends_at, starts_at, status, vehicle_id, id, deleted_at);
CREATE INDEX rental_contracts_active ON rental_contracts (tenant_id, status, opened_at, vehicle_id, due_at, returned_at, id, deleted_at);
CREATE INDEX rental_reservations_customer ON rental_reservations (tenant_id, customer_id);
CREATE INDEX rental_contracts_vehicle ON rental_contracts (tenant_id, vehicle_id, opened_at);
CREATE INDEX rental_contracts_customer ON rental_contracts (tenant_id, customer_id);
-- Not unique on purpose, as invoices_series: the number-series report shows a duplicate.
CREATE INDEX rental_contracts_series ON rental_contracts (tenant_id, series, seq);
