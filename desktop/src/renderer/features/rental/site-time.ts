/**
 * Days as the site sees them: the calendar's columns start at the site's midnight, not the
 * browser's or UTC's (a counter in Zurich and an owner's laptop elsewhere show the same days).
 */
function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; utcOfWall: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? '0');
  const [year, month, day] = [get('year'), get('month'), get('day')];
  return { year, month, day, utcOfWall: Date.UTC(year, month - 1, day, get('hour'), get('minute'), get('second')) };
}

/** The site's midnight at or before `ms`. */
export function startOfSiteDay(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const offset = wall.utcOfWall - Math.floor(ms / 1000) * 1000;
  const midnight = Date.UTC(wall.year, wall.month - 1, wall.day) - offset;
  // Across a DST change the offset at midnight differs by an hour from the one at `ms`.
  const check = wallClock(midnight, timeZone);
  return midnight - (check.utcOfWall - Date.UTC(wall.year, wall.month - 1, wall.day));
}

/** `days` later at the same wall-clock time (midnight stays midnight across DST). */
export function addSiteDays(ms: number, days: number, timeZone: string): number {
  const midnight = startOfSiteDay(ms, timeZone);
  // Noon of the target day is inside that day whatever DST does to the days in between.
  return startOfSiteDay(midnight + days * 86_400_000 + 12 * 3_600_000, timeZone) + (ms - midnight);
}

/** "2026-11-23" in the site's zone, for date inputs. */
export function siteDateString(ms: number, timeZone: string): string {
  const wall = wallClock(ms, timeZone);
  return `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** "2026-11-23" + "09:30" in the site's zone → epoch ms. */
export function siteDateTimeToMs(date: string, time: string, timeZone: string): number {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) throw new RangeError('Enter a date and a time.');
  const wall = Date.UTC(
    Number(dateMatch[1]),
    Number(dateMatch[2]) - 1,
    Number(dateMatch[3]),
    Number(timeMatch[1]),
    Number(timeMatch[2]),
  );
  const guess = wall - (wallClock(wall, timeZone).utcOfWall - wall);
  return guess - (wallClock(guess, timeZone).utcOfWall - wall);
}
