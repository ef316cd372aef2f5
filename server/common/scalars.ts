import { LocalDateResolver } from 'graphql-scalars';

/** Calendar date without time zone, `YYYY-MM-DD`; PostgreSQL `date` columns are read as strings. */
export const LocalDate = LocalDateResolver;
