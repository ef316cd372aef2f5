import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_TABS } from '../server/graphiql/examples';
import { graphiqlPage } from '../server/graphiql/graphiql';

const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8'));

/** The one operation of a tab's document. */
function operationOf(query: string): OperationDefinitionNode {
  const ops = parse(query).definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  expect(ops).toHaveLength(1);
  return ops[0];
}

describe('GraphiQL example tabs', () => {
  it('has one tab per concept analysts ask about, in this order', () => {
    expect(EXAMPLE_TABS.map((t) => t.concept)).toEqual([
      'postings',
      'alerts',
      'statistics',
      'timeline',
      'audit trail',
    ]);
  });

  it.each(EXAMPLE_TABS.map((t) => [t.concept, t] as const))(
    '%s: a named query valid against schema.graphql, with valid variables JSON',
    (_concept, tab) => {
      expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
      const op = operationOf(tab.query);
      // Named: GraphiQL titles the tab after it, and runs it without asking which one.
      expect(op.name?.value).toMatch(/^[A-Z]\w+$/);
      expect(op.operation).toBe('query');
      const variables = tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : {};
      for (const v of op.variableDefinitions ?? []) {
        const required = v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue;
        if (required) expect(variables).toHaveProperty(v.variable.name.value);
      }
    },
  );

  it('keeps comment lines short enough to read whole in a narrow editor', () => {
    for (const tab of EXAMPLE_TABS) {
      for (const line of tab.query.split('\n').filter((l) => l.startsWith('#'))) {
        expect({ line, width: [...line].length <= 44 }).toEqual({ line, width: true });
      }
    }
  });

  it('are in the page, safely inside their JSON script tag', () => {
    const html = graphiqlPage('/graphql', 'n0nce');
    const json = /<script id="guazhi-config" type="application\/json"[^>]*>([^<]*)<\/script>/.exec(
      html,
    );
    expect(json).not.toBeNull();
    const config = JSON.parse(json![1]) as { endpoint: string; tabs: { query: string }[] };
    expect(config.endpoint).toBe('/graphql');
    expect(config.tabs.map((t) => t.query)).toEqual(EXAMPLE_TABS.map((t) => t.query));
  });
});
