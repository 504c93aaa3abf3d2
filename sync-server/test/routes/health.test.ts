import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';

for (const kind of databaseKinds()) {
  describe(`health (${kind.name})`, () => {
    let server: TestServer;
    let databaseDown = false;

    beforeAll(async () => {
      server = await startTestServer(kind, {
        wrapDatabase: (db) => ({
          ...db,
          query: (text, params) =>
            databaseDown && text === 'SELECT 1'
              ? Promise.reject(new Error('connection terminated'))
              : db.query(text, params),
        }),
      });
    });
    afterAll(async () => server?.close());

    it('answers ok with the database kind while the database answers, 503 when it does not', async () => {
      const up = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(up.statusCode).toBe(200);
      expect(up.json().data).toMatchObject({ status: 'ok', database: kind.name });
      databaseDown = true;
      const down = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({
        data: null,
        error: { code: 'unavailable', message: 'the database is not answering' },
      });
    });
  });
}
