-- 0080: a linked rental EV's last reported charge and odometer, each group with the car's own
-- time, written by the server's Enode integration and replicated to the counters. Append-only.
ALTER TABLE rental_vehicles ADD COLUMN ev_battery_percent INTEGER;
ALTER TABLE rental_vehicles ADD COLUMN ev_range_km INTEGER;
ALTER TABLE rental_vehicles ADD COLUMN ev_plugged_in INTEGER;
ALTER TABLE rental_vehicles ADD COLUMN ev_charging INTEGER;
ALTER TABLE rental_vehicles ADD COLUMN ev_charge_at TEXT;
ALTER TABLE rental_vehicles ADD COLUMN ev_odometer_km INTEGER;
ALTER TABLE rental_vehicles ADD COLUMN ev_odometer_at TEXT;
