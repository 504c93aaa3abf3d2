/** A clock tests move by hand: tokens and codes expire without waiting. */
export interface TestClock {
  (): number;
  advance(ms: number): void;
}

export function createTestClock(startMs = Date.parse('2026-03-01T09:00:00.000Z')): TestClock {
  let now = startMs;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}
