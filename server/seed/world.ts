import { buildCadres, type SeedCadre } from './cadres';
import { buildCareers } from './careers';
import { buildDebriefs, type Debriefs } from './debriefs';
import { buildEvaluations, type Evaluations } from './evaluations';
import { buildMentorships, type Mentoring } from './mentorships';
import type { CareerEventRow, FeedbackReportRow } from './model';
import { PostingPlanner, type SeedPosting } from './postings';
import { assignPositionRanks } from './position-ranks';
import { Rng } from './random';
import { buildReports } from './reports';
import { buildSelection, type Selection } from './selection';
import { buildUnits, type SeedUnit } from './units';
import { buildUsers, DEMO_PASSWORD, type DemoUsers } from './users';

/** At scale 1: about 480 cadres and 160 postings. */
const CADRES_PER_SCALE = 480;
const POSTINGS_PER_SCALE = 160;

/**
 * The demo world in memory, one generator for both ways of writing it (through the services, or
 * checked and bulk-inserted): the same scale always gives the same world.
 */
export interface World {
  scale: number;
  password: string;
  passwordHash: string;
  units: SeedUnit[];
  /** As they are after the career events (`initialRank`/`initialTitle`: before them). */
  cadres: SeedCadre[];
  users: DemoUsers;
  selection: Selection;
  postings: SeedPosting[];
  mentoring: Mentoring;
  reports: FeedbackReportRow[];
  evaluations: Evaluations;
  careers: CareerEventRow[];
  debriefs: Debriefs;
}

export function buildWorld(scale: number, passwordHash: string): World {
  const units = buildUnits(scale);
  const cadres = buildCadres(new Rng('cadres'), units, Math.round(CADRES_PER_SCALE * scale));
  const planner = new PostingPlanner(new Rng('postings'), units, cadres);
  const postings = planner.plan(Math.round(POSTINGS_PER_SCALE * scale));
  const selection = buildSelection(new Rng('selection'), scale, cadres, postings);
  const users = buildUsers(postings, planner.load, passwordHash);
  const mentoring = buildMentorships(new Rng('mentorships'), postings);
  const reports = buildReports(new Rng('reports'), postings, users.managerOf);
  const evaluations = buildEvaluations(new Rng('evaluations'), postings, users);
  // Promotions after postings update the cadres' ranks, so careers come before cadres are written.
  const careers = buildCareers(new Rng('careers'), cadres, postings, evaluations.finalGrades);
  assignPositionRanks(postings, careers);
  const debriefs = buildDebriefs(new Rng('debriefs'), postings);
  return {
    scale,
    password: DEMO_PASSWORD,
    passwordHash,
    units,
    cadres,
    users,
    selection,
    postings,
    mentoring,
    reports,
    evaluations,
    careers,
    debriefs,
  };
}
