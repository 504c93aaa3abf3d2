/** Phone numbers for reading: shared by the UI and the search answers of the core. */
/** +919812345678 → "+91 98123 45678" for reading at the counter. */
export function formatPhone(e164: unknown): string {
  if (typeof e164 !== 'string' || e164 === '') return '';
  const india = /^\+91(\d{5})(\d{5})$/.exec(e164);
  if (india) return `+91 ${india[1]} ${india[2]}`;
  const swiss = /^\+41(\d{2})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  if (swiss) return `+41 ${swiss[1]} ${swiss[2]} ${swiss[3]} ${swiss[4]}`;
  return e164;
}
