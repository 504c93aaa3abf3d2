import { formatDate, type Locale } from '../../lib/format.ts';

/**
 * The lapsed-plan sentence, with the date in the counter's own format and time zone (the server's
 * `notice` says the same in UTC for other clients). Null while the plan is paid.
 */
export function lapsedText(
  notice: { readonly readOnly: boolean; readonly graceEndsAt: string | null },
  locale: Locale,
): string | null {
  if (!notice.graceEndsAt) return null;
  const date = formatDate(notice.graceEndsAt, locale);
  return notice.readOnly
    ? `The company’s plan is unpaid and it is read-only since ${date}. Changes stay on each PC and are sent when the owner renews the plan; nothing is deleted.`
    : `The company’s plan is unpaid: everything keeps working until ${date}, then the company becomes read-only until the owner renews the plan.`;
}
