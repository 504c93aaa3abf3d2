-- 0093: rental invoices get their legal number from the closing device's invoice series
-- (`inv:<device>:<fiscal year>`, shared with garage invoices; DESIGN §4.5), set once by
-- rental.contractClose. Contracts closed before stay without one: their invoice was printed with
-- the contract number. Not unique on purpose, like invoices_series: the number-series report
-- must be able to show a duplicate. Append-only.
ALTER TABLE rental_contracts ADD COLUMN invoice_number text;
ALTER TABLE rental_contracts ADD COLUMN invoice_series text;
ALTER TABLE rental_contracts ADD COLUMN invoice_seq bigint;
ALTER TABLE rental_contracts ADD COLUMN invoice_fiscal_year text;
CREATE INDEX rental_contracts_invoice_series ON rental_contracts (tenant_id, invoice_series, invoice_seq)
  WHERE invoice_series IS NOT NULL;
