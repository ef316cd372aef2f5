/**
 * A hash router (#/postings?status=ACTIVE): the built dashboard is static files that any server
 * (or `vite preview`) can serve without rewriting paths.
 */
import { useEffect, useState } from 'react';

export interface Route {
  /** The path's segments: [] overview, ['alerts'], ['postings'], ['postings', id], ['units', id]. */
  parts: string[];
  params: URLSearchParams;
}

function read(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** The href of a page: href('postings', id) → '#/postings/<id>'; params become the query. */
export function href(...parts: (string | Record<string, string>)[]): string {
  const params = parts.find((p): p is Record<string, string> => typeof p === 'object');
  const path = parts.filter((p): p is string => typeof p === 'string').map(encodeURIComponent);
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${path.join('/')}${query ? `?${query}` : ''}`;
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}
