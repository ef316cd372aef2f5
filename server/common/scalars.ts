import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { GraphQLDateTimeISO, LocalDateResolver } from 'graphql-scalars';

/**
 * The days any record of the programme can fall on. PostgreSQL refuses year 0 and far dates with
 * an error (22008, PITFALLS); a date outside this range is a typing mistake, refused as input.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2100-12-31';

function inRange(date: string): string {
  if (date < EARLIEST_DATE || date > LATEST_DATE) {
    throw new GraphQLError(`Dates run from ${EARLIEST_DATE} to ${LATEST_DATE}, not ${date}`);
  }
  return date;
}

/**
 * Calendar date without time zone, `YYYY-MM-DD`, 1900-01-01 to 2100-12-31; PostgreSQL `date`
 * columns are read as strings.
 */
export const LocalDate = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  description: `A calendar date without time zone (日期), \`YYYY-MM-DD\`, from ${EARLIEST_DATE} to ${LATEST_DATE}.`,
  parseValue: (value: unknown) => inRange(LocalDateResolver.parseValue(value) as string),
  parseLiteral: (ast: ValueNode, variables?: { [key: string]: unknown } | null) =>
    inRange(LocalDateResolver.parseLiteral(ast, variables) as string),
});

const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const LATEST_INSTANT = Date.parse(`${LATEST_DATE}T23:59:59.999Z`);

function instantInRange(instant: Date): Date {
  const t = instant.getTime();
  if (!(t >= EARLIEST_INSTANT && t <= LATEST_INSTANT)) {
    throw new GraphQLError(`Times run from ${EARLIEST_DATE} to ${LATEST_DATE} (UTC)`);
  }
  return instant;
}

/**
 * type-graphql's `DateTimeISO` (every `Date` field, schema.ts maps it), bounded like LocalDate:
 * `timestamptz` refuses year 0 and the far future with an error (22008).
 */
export const DateTimeISO = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  description: `A date-time string at UTC, such as \`2026-03-01T08:00:00.000Z\`, from ${EARLIEST_DATE} to ${LATEST_DATE}; compliant with the \`date-time\` format outlined in section 5.6 of RFC 3339.`,
  parseValue: (value: unknown) => instantInRange(GraphQLDateTimeISO.parseValue(value) as Date),
  parseLiteral: (ast: ValueNode, variables?: { [key: string]: unknown } | null) =>
    instantInRange(GraphQLDateTimeISO.parseLiteral(ast, variables) as Date),
});
