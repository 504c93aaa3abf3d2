-- 0080: EV data for the rental fleet. An Enode link names the table its vehicle is in (a garage
-- `vehicles` row or a tenant-wide `rental_vehicles` row); a linked rental EV keeps the car's last
-- reported charge and odometer on its row, each group with the car's own time, replicated to the
-- counters. Append-only.
ALTER TABLE enode_links ADD COLUMN vehicle_table text NOT NULL DEFAULT 'vehicles';
ALTER TABLE rental_vehicles ADD COLUMN ev_battery_percent bigint;
ALTER TABLE rental_vehicles ADD COLUMN ev_range_km bigint;
ALTER TABLE rental_vehicles ADD COLUMN ev_plugged_in boolean;
ALTER TABLE rental_vehicles ADD COLUMN ev_charging boolean;
ALTER TABLE rental_vehicles ADD COLUMN ev_charge_at text;
ALTER TABLE rental_vehicles ADD COLUMN ev_odometer_km bigint;
ALTER TABLE rental_vehicles ADD COLUMN ev_odometer_at text;
