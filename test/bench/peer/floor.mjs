// The floor (issue 12): each bench query as one hand-written SQL statement whose JSON PostgreSQL
// builds, served over HTTP with no GraphQL at all — what the database alone costs.
// `node floor.mjs <database url> <port>`; prints "ready"; POST /dashboard, POST /unit?id=N.
import { createServer } from 'node:http';
import pg from 'pg';

const DASHBOARD = `SELECT json_build_object('data', json_build_object('postings', json_build_object(
  'nodes', coalesce(json_agg(r ORDER BY r."startDate", r.id), '[]')))) AS body
FROM (
  SELECT p.id, p.type, p.status, p.start_date AS "startDate",
    json_build_object('name', c.name, 'homeUnit', json_build_object('name', hu.name)) AS cadre,
    json_build_object('name', ru.name) AS "receivingUnit",
    (SELECT json_build_object('mentor', json_build_object('name', mc.name))
      FROM mentorship m JOIN cadre mc ON mc.id = m.mentor_id
      WHERE m.posting_id = p.id AND m.end_date IS NULL) AS mentorship,
    (SELECT json_build_object('nodes', json_agg(json_build_object('grade', e.grade)))
      FROM (SELECT grade FROM evaluation e WHERE e.posting_id = p.id
        ORDER BY e.created_at DESC, e.id DESC LIMIT 1) e) AS evaluations
  -- The page first, on its own: joined to the rest, the planner walked the start-date index
  -- through 44 000 postings of other statuses (40 ms) instead of (status, start_date, id).
  FROM (SELECT * FROM posting WHERE status = 'ACTIVE' ORDER BY start_date, id LIMIT 50) p
  JOIN cadre c ON c.id = p.cadre_id
  JOIN unit hu ON hu.id = c.home_unit_id
  JOIN unit ru ON ru.id = p.receiving_unit_id
) r`;

const UNIT = `SELECT json_build_object('data', json_build_object('unit', json_build_object(
  'id', u.id, 'name', u.name,
  'leadershipTeam', json_build_object('nodes', (
    SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name)
      ORDER BY c.name COLLATE guazhi_pinyin, c.id), '[]')
    FROM cadre c WHERE c.home_unit_id = u.id AND c.is_leadership)),
  'postingsReceived', json_build_object('nodes', (
    SELECT coalesce(json_agg(json_build_object('id', p.id, 'type', p.type,
      'startDate', p.start_date, 'cadre', json_build_object('id', c.id, 'name', c.name),
      'feedbackReports', json_build_object('nodes', (
        SELECT coalesce(json_agg(json_build_object('period', f.period,
          'daysOnSite', f.days_on_site) ORDER BY f.created_at DESC, f.id DESC), '[]')
        FROM (SELECT * FROM feedback_report f WHERE f.posting_id = p.id
          ORDER BY f.created_at DESC, f.id DESC LIMIT 3) f)))
      ORDER BY p.start_date, p.id), '[]')
    FROM (SELECT * FROM posting p WHERE p.receiving_unit_id = u.id
      ORDER BY p.start_date, p.id LIMIT 20) p
    JOIN cadre c ON c.id = p.cadre_id))))) AS body
FROM unit u WHERE u.id = $1`;

const [url, port] = process.argv.slice(2);
// As many connections as the bench's clients, each statement prepared once per connection.
const pool = new pg.Pool({ connectionString: url, max: 10 });
const server = createServer(async (req, res) => {
  try {
    for await (const _ of req); // the body is not needed
    const { pathname, searchParams } = new URL(req.url, 'http://floor');
    const { rows } =
      pathname === '/dashboard'
        ? await pool.query({ name: 'dashboard', text: DASHBOARD })
        : await pool.query({ name: 'unit', text: UNIT, values: [Number(searchParams.get('id'))] });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(rows[0].body));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
const stop = async () => {
  server.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
