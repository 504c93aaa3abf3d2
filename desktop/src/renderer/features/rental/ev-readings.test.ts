import { describe, expect, it } from 'vitest';
import { carReadingHint, carReadingsOf, prefillFromCar, recentCarReading } from './ev-readings.ts';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const minutesBefore = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

describe('readings from the car', () => {
  it('uses a reading at most two hours old, with its age in whole minutes', () => {
    expect(recentCarReading(81.6, minutesBefore(12.5), NOW)).toEqual({ value: 82, minutesAgo: 12 });
    expect(recentCarReading(80, minutesBefore(120), NOW)).toEqual({ value: 80, minutesAgo: 120 });
    expect(recentCarReading(80, minutesBefore(121), NOW)).toBeNull();
  });

  it('ignores a reading without a value or time, and treats a time ahead of the clock as now', () => {
    expect(recentCarReading(null, minutesBefore(5), NOW)).toBeNull();
    expect(recentCarReading(80, null, NOW)).toBeNull();
    expect(recentCarReading(80, 'not a time', NOW)).toBeNull();
    expect(recentCarReading(80, minutesBefore(-3), NOW)).toEqual({ value: 80, minutesAgo: 0 });
    expect(carReadingHint({ value: 80, minutesAgo: 0 })).toBe('From the car, just now');
    expect(carReadingHint({ value: 80, minutesAgo: 7 })).toBe('From the car, 7 min ago');
  });

  it('prefills the odometer and, for an EV, the charge; old readings leave the defaults', () => {
    const vehicle = {
      id: 'v',
      tenant_id: 't',
      ev_battery_percent: 64,
      ev_charge_at: minutesBefore(30),
      ev_odometer_km: 8260,
      ev_odometer_at: minutesBefore(200),
    };
    const car = carReadingsOf(vehicle, NOW);
    expect(car).toEqual({ charge: { value: 64, minutesAgo: 30 }, km: null });
    expect(prefillFromCar({ km: '8000', level: '50' }, car, true)).toEqual({ km: '8000', level: '64' });
    expect(prefillFromCar({ km: '8000', level: '5' }, car, false)).toEqual({ km: '8000', level: '5' });
    const fresh = carReadingsOf({ ...vehicle, ev_odometer_at: minutesBefore(3) }, NOW);
    expect(prefillFromCar({ km: '', level: '' }, fresh, true)).toEqual({ km: '8260', level: '64' });
  });
});
