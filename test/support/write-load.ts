import type { DataSource } from 'typeorm';
import { CreateUnitDocument } from '../../sdk/src';

/** One HTTP answer as a client sees it, or the network error that stood for one. */
export interface Answer {
  code: string;
  /** ms since the load started. */
  at: number;
  status: number | null;
  retryAfter: string | null;
  errorCode?: string;
  /** The write was acknowledged: 200 with the unit and no error. */
  acknowledged: boolean;
  networkError?: string;
  body?: string;
}

export interface WriteLoad {
  answers: Answer[];
  /** Resolves when every client has stopped by itself (`until`). */
  done: Promise<Answer[]>;
  /** Ends the load; resolves when every client has had its last answer. */
  stop(): Promise<Answer[]>;
}

/**
 * `clients` loops, each sending `createUnit` with a fresh code over a kept-alive connection (fetch's
 * default) until stopped: each write is a row that exists exactly when it was committed.
 */
export function startWriteLoad(
  url: string,
  token: string,
  options: { clients: number; prefix: string; pauseMs?: number; until?: (a: Answer) => boolean },
): WriteLoad {
  const answers: Answer[] = [];
  const started = Date.now();
  let running = true;
  let seq = 0;
  const client = async () => {
    while (running) {
      const code = `${options.prefix}${++seq}`;
      const answer = await writeUnit(url, token, code, started);
      answers.push(answer);
      if (options.until?.(answer)) running = false;
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  const clients = Array.from({ length: options.clients }, client);
  return {
    answers,
    done: Promise.all(clients).then(() => answers),
    async stop() {
      running = false;
      await Promise.all(clients);
      return answers;
    },
  };
}

async function writeUnit(url: string, token: string, code: string, started: number) {
  const base = { code, retryAfter: null, acknowledged: false };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: CreateUnitDocument.toString(),
        variables: {
          input: {
            code,
            name: `单位 ${code}`,
            kind: 'TOWNSHIP',
            adminLevel: 'TOWNSHIP',
            region: '江州',
          },
        },
      }),
    });
    const body = await res.text();
    const json = JSON.parse(body) as {
      data?: { createUnit?: { unit?: { id: string } | null } | null } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    return {
      ...base,
      at: Date.now() - started,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      errorCode: json.errors?.[0]?.extensions?.code,
      acknowledged: res.status === 200 && !json.errors && !!json.data?.createUnit?.unit,
      body,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      ...base,
      at: Date.now() - started,
      status: null,
      networkError: cause?.code ?? cause?.message ?? String(error),
    };
  }
}

/** The codes among `codes` whose unit row exists. */
export async function committedCodes(ds: DataSource, codes: string[]): Promise<Set<string>> {
  const rows: { code: string }[] = await ds.query('SELECT code FROM unit WHERE code = ANY($1)', [
    codes,
  ]);
  return new Set(rows.map((r) => r.code));
}
