-- 0093: the site's IBAN for Swiss QR-bills; sites replicate to every counter of the tenant.
ALTER TABLE sites ADD COLUMN iban TEXT;
