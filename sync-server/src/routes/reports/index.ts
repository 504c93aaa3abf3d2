import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { assertOwner } from '../../admin/owner.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { requireUser } from '../../http/request-auth.ts';
import { numberSeriesReportForTenant, type NumberSeriesReport as Report } from '../../reports/number-series.ts';
import type { AppServices } from '../../services.ts';

const NumberSeriesQuery = Type.Object(
  { fiscalYear: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })) },
  { additionalProperties: false },
);

const Series = Type.Object({
  series: Type.String(),
  kind: Type.String(),
  fiscalYear: Type.String(),
  siteId: Type.String(),
  count: Type.Integer(),
  first: Type.Integer(),
  last: Type.Integer(),
  duplicates: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      numbers: Type.Array(Type.String()),
      invoiceIds: Type.Array(Type.String()),
    }),
  ),
  gaps: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer() })),
  clashingNumbers: Type.Array(Type.String()),
});
const NumberSeriesReport = Type.Object({ series: Type.Array(Series), clean: Type.Boolean() });

/** The report with plain arrays, as the response schema types them. */
function toResponse(report: Report) {
  return {
    clean: report.clean,
    series: report.series.map((entry) => ({
      ...entry,
      duplicates: entry.duplicates.map((dup) => ({
        ...dup,
        numbers: [...dup.numbers],
        invoiceIds: [...dup.invoiceIds],
      })),
      gaps: [...entry.gaps],
      clashingNumbers: [...entry.clashingNumbers],
    })),
  };
}

/** Checks the owner reads before filing: duplicates and gaps in invoice and contract numbers. */
const reportRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.get(
    '/number-series',
    { schema: { querystring: NumberSeriesQuery, response: envelopeResponses(NumberSeriesReport) } },
    async (request) => {
      const actor = await requireUser(services, request);
      assertOwner(actor, 'read the number series report');
      const report = await numberSeriesReportForTenant(services.db, actor.tenantId, request.query.fiscalYear ?? null);
      return ok(toResponse(report));
    },
  );
};

export default reportRoutes;
