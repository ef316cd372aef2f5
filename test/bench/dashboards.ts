import autocannon from 'autocannon';

/**
 * The dashboards' reads under load (issue #11): `statistics` with every aggregate and
 * `programmeOverview` of the current year, each by DASHBOARD_CLIENTS concurrent clients (10) for
 * DASHBOARD_SECONDS (20), as the org department and as an analyst (suppressed figures), every
 * aggregate included (the standing-alert counts read the maintained alert table).
 */
const CLIENTS = Number(process.env.DASHBOARD_CLIENTS ?? 10);
const SECONDS = Number(process.env.DASHBOARD_SECONDS ?? 20);

export const STATISTICS = `{ statistics {
  postingCounts { type status count suppressed }
  gradeDistribution { grade count suppressed }
  excellentShares { receivingUnitKind year finalEvaluations excellent share suppressed }
  dimensionAverages { dimension average suppressed }
  promotionAfterReturn { excellentReturns promotedWithinWindow rate suppressed }
  alertCounts { kind count suppressed }
  disclosureControl { applied anySuppressed }
} }`;

export const OVERVIEW = `query ($year: Int!) { programmeOverview(year: $year) {
  postingsByType { type started active completed suppressed }
  reservePool { size suppressed }
  openAlerts { kind count suppressed }
  excellentQuotaUse { receivingUnitKind finalEvaluations excellent cap use suppressed }
  promotionAfterReturn { excellentReturns promotedWithinWindow rate suppressed }
} }`;

export async function dashboardsBench(
  endpoint: string,
  tokens: { admin: string; analyst: string },
  year: number,
): Promise<void> {
  console.log(`\ndashboards: ${CLIENTS} concurrent clients for ${SECONDS} s each (autocannon)`);
  console.log('case'.padEnd(52), '  p50 ms', '  p99 ms', '  max ms', ' requests', ' errors');
  for (const [name, query, variables] of [
    ['statistics (all aggregates)', STATISTICS, {}],
    [`programmeOverview(${year})`, OVERVIEW, { year }],
  ] as const) {
    for (const role of ['admin', 'analyst'] as const) {
      const result = await autocannon({
        url: endpoint,
        method: 'POST',
        connections: CLIENTS,
        duration: SECONDS,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
        body: JSON.stringify({ query, variables }),
      });
      console.log(
        `${name}, ${role === 'admin' ? 'ORG_ADMIN' : 'ANALYST'}`.padEnd(52),
        String(result.latency.p50).padStart(8),
        String(result.latency.p99).padStart(8),
        String(result.latency.max).padStart(8),
        String(result.requests.total).padStart(9),
        String(result.errors + result.non2xx + result.timeouts).padStart(7),
      );
    }
  }
}
