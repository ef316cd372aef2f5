import 'reflect-metadata';
import { startBenchServer, loadOf, type BenchServer } from './bench-server';

/**
 * The dashboards' reads under load (issues #11, #12): the list of issue 12 (50 ACTIVE postings
 * with cadre, home unit, receiving unit, current mentor, latest grade), `statistics` with every
 * aggregate and `programmeOverview` of the current year, each by DASHBOARD_CLIENTS concurrent
 * clients (10) for DASHBOARD_SECONDS (20) against a Guazhi process of its own
 * (./bench-server.ts), per role: the org department, a unit manager (the list, through the row
 * scopes) and an analyst (the aggregates, suppressed figures).
 *
 * Run alone on a seeded database: `BENCH_DATABASE_URL=… node server/launch.cjs test/bench/dashboards`;
 * `npm run bench` runs it after the reads.
 */
const CLIENTS = Number(process.env.DASHBOARD_CLIENTS ?? 10);
const SECONDS = Number(process.env.DASHBOARD_SECONDS ?? 20);

/** Issue 12's reference dashboard list (the query PostGraphile was measured with). */
export const DASHBOARD_LIST = `query ($first: Int!) {
  postings(first: $first, filter: { status: [ACTIVE] }) {
    nodes {
      id type status startDate
      cadre { name homeUnit { name } }
      receivingUnit { name }
      mentorship { mentor { name } }
      evaluations(last: 1) { nodes { grade } }
    }
  }
}`;

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

type Role = 'admin' | 'manager' | 'analyst';
const ROLE_NAMES: Record<Role, string> = {
  admin: 'ORG_ADMIN',
  manager: 'UNIT_MANAGER',
  analyst: 'ANALYST',
};

export async function dashboardsBench(
  server: BenchServer,
  tokens: Record<Role, string>,
  year: number,
): Promise<void> {
  console.log(`\ndashboards: ${CLIENTS} concurrent clients for ${SECONDS} s each (autocannon)`);
  console.log(
    'case'.padEnd(52),
    '  req/s',
    '  p50 ms',
    '  p99 ms',
    '  max ms',
    ' requests',
    ' errors',
    ' CPU ms/req',
  );
  const cases: [string, string, object, Role[]][] = [
    ['postings: 50 ACTIVE, nested (issue 12)', DASHBOARD_LIST, { first: 50 }, ['admin', 'manager']],
    ['statistics (all aggregates)', STATISTICS, {}, ['admin', 'analyst']],
    [`programmeOverview(${year})`, OVERVIEW, { year }, ['admin', 'analyst']],
  ];
  for (const [name, query, variables, roles] of cases) {
    for (const role of roles) {
      const result = await loadOf(
        server,
        { query, variables, token: tokens[role] },
        { connections: CLIENTS, seconds: SECONDS },
      );
      console.log(
        `${name}, ${ROLE_NAMES[role]}`.padEnd(52),
        result.perSecond.toFixed(0).padStart(7),
        String(result.p50).padStart(8),
        String(result.p99).padStart(8),
        String(result.max).padStart(8),
        String(result.requests).padStart(9),
        String(result.errors).padStart(7),
        result.cpuMsPerRequest.toFixed(2).padStart(11),
      );
    }
  }
  console.log(`server RSS after the dashboards ${server.rssMiB().toFixed(0)} MiB`);
}

/** The demo accounts' tokens on a bench server. */
export async function demoTokens(server: BenchServer): Promise<Record<Role, string>> {
  return {
    admin: await server.tokenOf('admin'),
    manager: await server.tokenOf('manager'),
    analyst: await server.tokenOf('analyst'),
  };
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names a seeded database');
  const server = await startBenchServer(url);
  try {
    await dashboardsBench(server, await demoTokens(server), new Date().getFullYear());
  } finally {
    await server.stop();
  }
}

// Run directly or through server/launch.cjs (which puts the built file in argv[1]).
if (process.argv[1] === __filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
