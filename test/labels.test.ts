import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { enumReader, type EnumLabels } from '../server/common/labels';
import { ROLE_LABELS } from '../server/common/role.labels';
import {
  DIMENSION_LABELS,
  EVALUATION_KIND_LABELS,
  EVALUATION_STATUS_LABELS,
  GRADE_LABELS,
} from '../server/modules/evaluation/evaluation.labels';
import {
  POSTING_STATUS_LABELS,
  POSTING_TYPE_LABELS,
} from '../server/modules/posting/posting.labels';
import {
  CADRE_RANK_LABELS,
  CADRE_STATUS_LABELS,
  EDUCATION_LABELS,
  GENDER_LABELS,
  POLITICAL_STATUS_LABELS,
} from '../server/modules/cadre/cadre.labels';
import {
  ADMIN_LEVEL_LABELS,
  FRONTLINE_AREA_LABELS,
  UNIT_KIND_LABELS,
} from '../server/modules/unit/unit.labels';

const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8'));

const LABELS: [string, EnumLabels<string>][] = [
  ['PostingType', POSTING_TYPE_LABELS],
  ['PostingStatus', POSTING_STATUS_LABELS],
  ['EvaluationKind', EVALUATION_KIND_LABELS],
  ['EvaluationStatus', EVALUATION_STATUS_LABELS],
  ['Grade', GRADE_LABELS],
  ['EvaluationDimension', DIMENSION_LABELS],
  ['Gender', GENDER_LABELS],
  ['Education', EDUCATION_LABELS],
  ['PoliticalStatus', POLITICAL_STATUS_LABELS],
  ['CadreRank', CADRE_RANK_LABELS],
  ['CadreStatus', CADRE_STATUS_LABELS],
  ['UnitKind', UNIT_KIND_LABELS],
  ['AdminLevel', ADMIN_LEVEL_LABELS],
  ['FrontlineArea', FRONTLINE_AREA_LABELS],
  ['Role', ROLE_LABELS],
];

describe.each(LABELS)('labels of %s', (enumName, labels) => {
  const values = (schema.getType(enumName) as GraphQLEnumType).getValues();

  it('label every value of the GraphQL enum, as its description begins', () => {
    expect(Object.keys(labels).sort()).toEqual(values.map((v) => v.name).sort());
    for (const value of values) {
      expect(value.description?.startsWith(labels[value.name][0])).toBe(true);
    }
  });

  it('read every spelling and the code back to its own value when no two values share one', () => {
    const read = enumReader(labels);
    for (const [value, spellings] of Object.entries(labels)) {
      for (const spelling of [value, value.toLowerCase(), ...spellings]) {
        expect([spelling, read(spelling)]).toEqual([spelling, value]);
      }
    }
  });
});
