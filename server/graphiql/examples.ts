/**
 * The example tabs GraphiQL opens with: one per concept analysts and the org department ask about.
 * test/graphiql-examples.test.ts validates every document against schema.graphql, so a schema
 * change that breaks one fails there, not in front of an analyst.
 */
export interface ExampleTab {
  /** What the tab is about (also the operation's name, which GraphiQL shows as the tab title). */
  concept: string;
  query: string;
  variables?: string;
}

// Comment lines are kept short: they must read whole in a narrow editor pane (lines also wrap).
const WELCOME = `# 欢迎使用挂职管理系统 GraphiQL
# Welcome to Guazhi's GraphiQL.
#
# 1. Sign in above (登录): username and
#    password, or an API key. The token
#    stays in this page's memory only.
# 2. Each tab holds an example: postings,
#    alerts, statistics, a cadre's
#    timeline, the audit trail.
#    Run it with the play button or
#    Ctrl-Enter.
# 3. Docs and Explorer (left sidebar):
#    browse the schema, build queries
#    by clicking.
`;

export const EXAMPLE_TABS: readonly ExampleTab[] = [
  {
    concept: 'postings',
    query: `${WELCOME}
# 挂职 Active postings: cadre, host unit
# and mentor, newest first.
query Postings {
  postings(
    first: 10
    filter: { status: ACTIVE }
    orderBy: { field: START_DATE, direction: DESC }
  ) {
    totalCount
    nodes {
      id
      type
      positionTitle
      startDate
      plannedEndDate
      cadre {
        name
        rank
      }
      receivingUnit {
        name
      }
      mentorship {
        mentor {
          name
        }
      }
    }
  }
}
`,
  },
  {
    concept: 'alerts',
    query: `# 预警 Standing alerts, latest first,
# with the posting each is about.
query Alerts {
  alerts(
    first: 20
    filter: { open: true }
    orderBy: { field: RAISED_ON, direction: DESC }
  ) {
    totalCount
    nodes {
      kind
      raisedOn
      detail
      acknowledgedAt
      posting {
        positionTitle
        receivingUnit {
          name
        }
      }
    }
  }
}
`,
  },
  {
    concept: 'statistics',
    query: `# 统计 Statistics. For analysts, a
# figure from fewer than minCellSize
# cadres is withheld (null, suppressed).
query Statistics {
  statistics {
    disclosureControl {
      applied
      minCellSize
      anySuppressed
    }
    postingCounts {
      type
      status
      count
      suppressed
    }
    gradeDistribution(kind: FINAL) {
      grade
      count
      suppressed
    }
    alertCounts {
      kind
      count
      suppressed
    }
  }
}
`,
  },
  {
    concept: 'timeline',
    query: `# 成长轨迹 A cadre's timeline: career
# events and postings in date order.
# Set "name" in Variables to pick one.
query CadreTimeline($name: String) {
  cadres(first: 1, filter: { nameContains: $name }) {
    nodes {
      name
      rank
      homeUnit {
        name
      }
      timeline {
        date
        kind
        careerEvent {
          kind
          rank
          documentNumber
        }
        posting {
          type
          positionTitle
          receivingUnit {
            name
          }
        }
      }
    }
  }
}
`,
    variables: '{\n  "name": null\n}',
  },
  {
    concept: 'audit trail',
    query: `# 审计 The audit trail: who changed
# what, latest first. Only the org
# department (ORG_ADMIN) may read it.
query AuditTrail {
  auditEntries(
    first: 20
    orderBy: { field: AT, direction: DESC }
  ) {
    nodes {
      at
      action
      entity
      subjectId
      reason
      actor {
        username
      }
    }
  }
}
`,
  },
];
