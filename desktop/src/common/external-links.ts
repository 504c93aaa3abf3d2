/**
 * The only places the app may send a user to outside itself. Everything else — other hosts,
 * other schemes (file:, javascript:, custom protocol handlers) — is refused, because a link in
 * synced data (a customer's notes, a document) must never become a way to launch something.
 */
const ALLOWED_HOSTS: readonly string[] = [
  'forecourt.app',
  'docs.forecourt.app',
  'support.forecourt.app',
  'www.google.com',
  // Stripe's hosted pages: the owner pays for the company's plan there (Plan and billing).
  'checkout.stripe.com',
  'billing.stripe.com',
  'invoice.stripe.com',
  // Enode's link pages, where an owner connects a fleet EV's car account (production and sandbox).
  'link.enode.com',
  'sandbox.link.enode.com',
];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  return ALLOWED_HOSTS.includes(url.hostname);
}
