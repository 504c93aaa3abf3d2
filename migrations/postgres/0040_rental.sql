-- 0040: the rental counter (issue #7): vehicle classes and rates, the fleet, accessories,
-- maintenance blocks, renters, the do-not-rent list, reservations and contracts, with row-level
-- security and grants as in 0002. Append-only; runs on PostgreSQL 15+ and PGlite (btree_gist).

CREATE TABLE rental_classes (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  currency text NOT NULL,
  daily_minor bigint NOT NULL,
  weekly_minor bigint,
  monthly_minor bigint,
  included_km_per_day bigint,
  extra_km_minor bigint NOT NULL,
  deposit_minor bigint NOT NULL,
  min_age bigint NOT NULL,
  min_licence_years bigint NOT NULL,
  active boolean NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE rental_vehicles (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  location_site_id text,
  class_id text NOT NULL,
  plate text NOT NULL,
  make text NOT NULL,
  model text NOT NULL,
  vin text,
  year bigint,
  fuel_type text NOT NULL,
  battery_kwh bigint,
  odometer_km bigint NOT NULL,
  fuel_level bigint,
  status text NOT NULL,
  daily_minor bigint,
  deposit_minor bigint,
  service_every_km bigint,
  service_every_months bigint,
  last_service_km bigint,
  last_service_at text,
  notes text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE rental_accessories (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  price_per_day_minor bigint NOT NULL,
  max_price_minor bigint,
  active boolean NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE rental_maintenance (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  vehicle_id text NOT NULL,
  starts_at text NOT NULL,
  ends_at text NOT NULL,
  reason text NOT NULL,
  completed_at text,
  odometer_km bigint,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE rental_customers (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  name text NOT NULL,
  birth_date text,
  address text,
  phone text,
  email text,
  id_doc_type text,
  id_doc_number text,
  id_doc_country text,
  id_doc_expires text,
  licence_number text,
  licence_country text,
  licence_categories text,
  licence_issued text,
  licence_expires text,
  checked_by text,
  checked_at text,
  erased_at text,
  retain_until text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE rental_do_not_rent (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  name text NOT NULL,
  licence_number text,
  phone text,
  email text,
  id_doc_number text,
  reason text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE rental_reservations (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  return_site_id text NOT NULL,
  number text NOT NULL,
  customer_id text NOT NULL,
  class_id text NOT NULL,
  vehicle_id text,
  starts_at text NOT NULL,
  ends_at text NOT NULL,
  status text NOT NULL,
  double_booked boolean NOT NULL,
  made_offline boolean NOT NULL,
  extras jsonb NOT NULL,
  quote_minor bigint NOT NULL,
  deposit_minor bigint NOT NULL,
  currency text NOT NULL,
  cancel_reason text,
  no_show_fee_minor bigint,
  contract_id text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
);

CREATE TABLE rental_contracts (
  id text PRIMARY KEY NOT NULL,
  tenant_id text NOT NULL,
  site_id text NOT NULL,
  return_site_id text NOT NULL,
  number text NOT NULL,
  series text NOT NULL,
  seq bigint NOT NULL,
  reservation_id text,
  customer_id text NOT NULL,
  additional_driver_ids jsonb NOT NULL,
  vehicle_id text NOT NULL,
  class_id text NOT NULL,
  status text NOT NULL,
  opened_at text NOT NULL,
  due_at text NOT NULL,
  returned_at text,
  closed_at text,
  km_out bigint NOT NULL,
  km_in bigint,
  fuel_out bigint NOT NULL,
  fuel_in bigint,
  damages_out jsonb NOT NULL,
  damages_in jsonb,
  accessories jsonb NOT NULL,
  rates jsonb NOT NULL,
  insurance text,
  deductible_minor bigint NOT NULL,
  deposit_minor bigint NOT NULL,
  terms_version text NOT NULL,
  renter_signature_blob text,
  staff_signature_blob text,
  photos_out jsonb NOT NULL,
  photos_in jsonb,
  charges jsonb,
  total_minor bigint,
  vat_minor bigint,
  payable_minor bigint,
  currency text NOT NULL,
  cancel_reason text,
  opened_by text NOT NULL,
  returned_by text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  deleted_at text
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

-- The one authority against overbooking: two confirmed reservations of one vehicle never overlap.
-- Times are ISO-8601 UTC text of one format, so a range over text in the C collation orders them
-- as time; periods are half-open [start, end).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TYPE rental_period AS RANGE (subtype = text, collation = "C");
ALTER TABLE rental_reservations ADD CONSTRAINT rental_reservations_no_overlap
  EXCLUDE USING gist (tenant_id WITH =, vehicle_id WITH =, rental_period(starts_at, ends_at, '[)') WITH &&)
  WHERE (status = 'confirmed' AND deleted_at IS NULL AND vehicle_id IS NOT NULL);

GRANT SELECT, INSERT, UPDATE, DELETE ON
  rental_classes, rental_vehicles, rental_accessories, rental_maintenance, rental_customers, rental_do_not_rent, rental_reservations, rental_contracts
  TO forecourt_app;

ALTER TABLE rental_classes ENABLE ROW LEVEL SECURITY;
ALTER TABLE rental_vehicles ENABLE ROW LEVEL SECURITY;
ALTER TABLE rental_accessories ENABLE ROW LEVEL SECURITY;
ALTER TABLE rental_maintenance ENABLE ROW LEVEL SECURITY;
ALTER TABLE rental_customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE rental_do_not_rent ENABLE ROW LEVEL SECURITY;
ALTER TABLE rental_reservations ENABLE ROW LEVEL SECURITY;
ALTER TABLE rental_contracts ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON rental_classes USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON rental_vehicles USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON rental_accessories USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON rental_maintenance USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON rental_customers USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON rental_do_not_rent USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON rental_reservations USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
CREATE POLICY tenant_isolation ON rental_contracts USING (tenant_id = current_setting('forecourt.tenant_id', true)) WITH CHECK (tenant_id = current_setting('forecourt.tenant_id', true));
