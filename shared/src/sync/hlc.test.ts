import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HlcClock,
  MAX_CLOCK_DRIFT_MS,
  clampRemoteHlc,
  compareHlc,
  decodeHlc,
  encodeHlc,
  isHlc,
  receiveHlc,
  tickHlc,
  type Hlc,
} from './hlc.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const MAX_COUNTER = 99_999;

/** Walls far from 10^15 so that an overflow (wall + 1) never changes the encoded width. */
const wallArb = fc.integer({ min: 0, max: 10 ** 14 });
const counterArb = fc.integer({ min: 0, max: MAX_COUNTER });
const nodeArb = fc.stringMatching(/^[A-Za-z0-9_.:]{1,12}$/);
const hlcArb = fc.record({ wallMs: wallArb, counter: counterArb, node: nodeArb });

function tupleOrder(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return Math.sign(a.wallMs - b.wallMs);
  if (a.counter !== b.counter) return Math.sign(a.counter - b.counter);
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/** Strictly later in (wall, counter): what "happened after" means regardless of the node. */
function after(a: Hlc, b: Hlc): boolean {
  return a.wallMs > b.wallMs || (a.wallMs === b.wallMs && a.counter > b.counter);
}

describe('HLC encoding', () => {
  it('round-trips and has a fixed-width prefix', () => {
    const hlc = { wallMs: T0, counter: 42, node: 'dev_1' };
    const text = encodeHlc(hlc);
    expect(text).toBe('001795338000000-00042-dev_1');
    expect(decodeHlc(text)).toEqual(hlc);
    expect(isHlc(text)).toBe(true);
  });

  it('refuses text that is not a timestamp', () => {
    expect(() => decodeHlc('1763800000000-1-node')).toThrow(/not an HLC timestamp/);
    expect(() => decodeHlc(`000${T0}-00001-bad node`)).toThrow(/not an HLC timestamp/);
    expect(isHlc(42)).toBe(false);
  });

  it('orders as strings exactly as (wall, counter, node) tuples', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        const byString = compareHlc(encodeHlc(a), encodeHlc(b));
        expect(byString).toBe(tupleOrder(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders neighbours that differ only in the counter or only in the node', () => {
    expect(
      compareHlc(encodeHlc({ wallMs: 5, counter: 9, node: 'a' }), encodeHlc({ wallMs: 5, counter: 10, node: 'a' })),
    ).toBe(-1);
    expect(
      compareHlc(encodeHlc({ wallMs: 9, counter: 99, node: 'z' }), encodeHlc({ wallMs: 10, counter: 0, node: 'a' })),
    ).toBe(-1);
    expect(
      compareHlc(encodeHlc({ wallMs: 5, counter: 1, node: 'a' }), encodeHlc({ wallMs: 5, counter: 1, node: 'b' })),
    ).toBe(-1);
  });
});

describe('tickHlc', () => {
  it('takes the wall clock when it moved forward', () => {
    expect(tickHlc({ wallMs: T0, counter: 7, node: 'n' }, T0 + 5)).toEqual({
      wallMs: T0 + 5,
      counter: 0,
      node: 'n',
    });
  });

  it('stays monotonic when the wall clock goes backwards', () => {
    const last = { wallMs: T0, counter: 3, node: 'n' };
    const next = tickHlc(last, T0 - 60_000);
    expect(next).toEqual({ wallMs: T0, counter: 4, node: 'n' });
    expect(compareHlc(encodeHlc(next), encodeHlc(last))).toBe(1);
  });

  it('carries a full counter into the wall time instead of widening it', () => {
    const last = { wallMs: T0, counter: MAX_COUNTER, node: 'n' };
    const next = tickHlc(last, T0);
    expect(next).toEqual({ wallMs: T0 + 1, counter: 0, node: 'n' });
    expect(compareHlc(encodeHlc(next), encodeHlc(last))).toBe(1);
    expect(isHlc(encodeHlc(next))).toBe(true);
  });
});

describe('receiveHlc', () => {
  const local = { wallMs: T0, counter: 2, node: 'local' };

  it('follows a remote clock that is ahead within the allowed drift', () => {
    const remote = { wallMs: T0 + 60_000, counter: 5, node: 'remote' };
    const { hlc, clamped } = receiveHlc(local, remote, T0);
    expect(clamped).toBe(false);
    expect(hlc).toEqual({ wallMs: T0 + 60_000, counter: 6, node: 'local' });
  });

  it('takes the larger counter plus one when all three clocks agree', () => {
    const { hlc } = receiveHlc({ wallMs: T0, counter: 2, node: 'l' }, { wallMs: T0, counter: 8, node: 'r' }, T0);
    expect(hlc).toEqual({ wallMs: T0, counter: 9, node: 'l' });
  });

  it('resets the counter when its own wall clock is ahead of both', () => {
    const { hlc } = receiveHlc(local, { wallMs: T0 - 10, counter: 50, node: 'r' }, T0 + 1000);
    expect(hlc).toEqual({ wallMs: T0 + 1000, counter: 0, node: 'local' });
  });

  it('clamps and flags a remote clock days ahead, without dragging the local clock along', () => {
    const remote = { wallMs: T0 + 3 * DAY_MS, counter: 0, node: 'wrongdate' };
    const { hlc, clamped } = receiveHlc(local, remote, T0 + 10);
    expect(clamped).toBe(true);
    expect(hlc.wallMs).toBe(T0 + 10);
    expect(hlc.wallMs).toBeLessThan(remote.wallMs - DAY_MS);
  });

  it('clamps exactly beyond MAX_CLOCK_DRIFT_MS and not at it', () => {
    const at = receiveHlc(local, { wallMs: T0 + MAX_CLOCK_DRIFT_MS, counter: 0, node: 'r' }, T0);
    const beyond = receiveHlc(local, { wallMs: T0 + MAX_CLOCK_DRIFT_MS + 1, counter: 0, node: 'r' }, T0);
    expect(at.clamped).toBe(false);
    expect(at.hlc.wallMs).toBe(T0 + MAX_CLOCK_DRIFT_MS);
    expect(beyond.clamped).toBe(true);
    expect(beyond.hlc.wallMs).toBe(T0);
  });

  it('carries a counter overflow into the wall time', () => {
    const full = { wallMs: T0, counter: MAX_COUNTER, node: 'l' };
    const { hlc } = receiveHlc(full, { wallMs: T0, counter: MAX_COUNTER, node: 'r' }, T0);
    expect(hlc).toEqual({ wallMs: T0 + 1, counter: 0, node: 'l' });
  });

  it('is later than both the local and a non-clamped remote timestamp', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, wallArb, (mine, remote, wallNow) => {
        const { hlc, clamped } = receiveHlc(mine, remote, wallNow);
        expect(after(hlc, mine)).toBe(true);
        if (!clamped) expect(after(hlc, remote)).toBe(true);
        expect(hlc.node).toBe(mine.node);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('clampRemoteHlc', () => {
  it('leaves a timestamp within the drift alone', () => {
    const remote = encodeHlc({ wallMs: T0 + 1000, counter: 4, node: 'pc1' });
    expect(clampRemoteHlc(remote, T0)).toEqual({ hlc: remote, clamped: false });
  });

  it('clamps a timestamp days ahead to the server clock and keeps its node', () => {
    const remote = encodeHlc({ wallMs: T0 + 2 * DAY_MS, counter: 4, node: 'pc1' });
    const result = clampRemoteHlc(remote, T0);
    expect(result.clamped).toBe(true);
    expect(decodeHlc(result.hlc)).toEqual({ wallMs: T0, counter: 4, node: 'pc1' });
  });
});

describe('HlcClock', () => {
  type Event = { kind: 'now'; wall: number } | { kind: 'receive'; wall: number; remote: Hlc };
  const eventArb: fc.Arbitrary<Event> = fc.oneof(
    fc.record({
      kind: fc.constant('now' as const),
      wall: fc.integer({ min: T0 - DAY_MS, max: T0 + DAY_MS }),
    }),
    fc.record({
      kind: fc.constant('receive' as const),
      wall: fc.integer({ min: T0 - DAY_MS, max: T0 + DAY_MS }),
      remote: fc.record({
        wallMs: fc.integer({ min: T0 - 10 * DAY_MS, max: T0 + 10 * DAY_MS }),
        counter: counterArb,
        node: nodeArb,
      }),
    }),
  );

  it('never goes backwards, whatever the wall clock and the remotes do', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 60 }), (events) => {
        let wall = T0;
        const clock = new HlcClock('counter1', () => wall);
        let previous = clock.last;
        for (const event of events) {
          wall = event.wall;
          if (event.kind === 'now') {
            const stamp = clock.now();
            expect(compareHlc(stamp, previous)).toBe(1);
            previous = stamp;
          } else {
            const { clamped } = clock.receive(encodeHlc(event.remote));
            expect(compareHlc(clock.last, previous)).toBe(1);
            if (!clamped) expect(after(decodeHlc(clock.last), event.remote)).toBe(true);
            // A clamped remote must not drag the clock: at most one tick past its own time.
            else
              expect(decodeHlc(clock.last).wallMs).toBeLessThanOrEqual(Math.max(decodeHlc(previous).wallMs, wall) + 1);
            previous = clock.last;
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('resumes after its last stamp when restarted with a wall clock that went back', () => {
    const before = new HlcClock('counter1', () => T0 + 5000);
    const last = before.now();
    const restarted = new HlcClock('counter1', () => T0, last);
    expect(compareHlc(restarted.now(), last)).toBe(1);
  });

  it('stamps with its own node even when resumed from another node’s stamp', () => {
    const clock = new HlcClock('counter2', () => T0, encodeHlc({ wallMs: T0, counter: 1, node: 'counter1' }));
    expect(decodeHlc(clock.now())).toEqual({ wallMs: T0, counter: 2, node: 'counter2' });
  });
});
