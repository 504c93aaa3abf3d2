import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { databaseKinds } from '../../../sync-server/test/support/databases.ts';
import { runSimulation, skewsArbitrary, stepArbitrary } from './simulation.ts';
import { SystemServer } from './system-server.ts';

/**
 * Random work on 11 counters over two sites with partitions, lost replies, duplicated and late
 * pushes, counter and server restarts and clocks days apart; then every counter must equal the
 * server in its scope and every mutation must be applied once or rejected with a reason. CI runs
 * a few runs (SIM_RUNS); `npm run soak` runs many. A failure prints its seed and the shrunk steps.
 */
const RUNS = Number(process.env.SIM_RUNS ?? 3);
const STEPS = Number(process.env.SIM_STEPS ?? 40);

for (const kind of databaseKinds()) {
  describe(`sync simulation (${kind.name})`, () => {
    let server: SystemServer;
    beforeAll(async () => {
      server = await SystemServer.start(kind);
    });
    afterAll(async () => server.close());

    it(`converges after random faults (${RUNS} runs × ${STEPS} steps)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          skewsArbitrary,
          fc.array(stepArbitrary, { minLength: Math.ceil(STEPS / 2), maxLength: STEPS }),
          fc.nat(),
          (skews, steps, seed) => runSimulation(server, skews, steps, seed),
        ),
        {
          numRuns: RUNS,
          endOnFailure: process.env.SIM_SHRINK !== '1',
          verbose: 1,
          // SIM_SEED=<seed> SIM_PATH=<path> replays a reported failure.
          ...(process.env.SIM_SEED ? { seed: Number(process.env.SIM_SEED), path: process.env.SIM_PATH } : {}),
        },
      );
    }, 600_000);
  });
}
