-- 0093: the site's IBAN for Swiss QR-bills (CH/LI IBAN or QR-IBAN, stored compact, mod-97 checked
-- by site.update and the site creation route). Sites without one fall back to the IBAN in their
-- profile's bank details text. Append-only.
ALTER TABLE sites ADD COLUMN iban text;
