-- 0093: the rental invoice's legal number from the closing device's invoice series, set once by
-- rental.contractClose; null on contracts closed before (their invoice keeps the contract number).
ALTER TABLE rental_contracts ADD COLUMN invoice_number TEXT;
ALTER TABLE rental_contracts ADD COLUMN invoice_series TEXT;
ALTER TABLE rental_contracts ADD COLUMN invoice_seq INTEGER;
ALTER TABLE rental_contracts ADD COLUMN invoice_fiscal_year TEXT;
