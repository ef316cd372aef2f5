import { useEffect, useRef } from 'react';

/**
 * A sentinel below a list: when it scrolls into view and there is a next page, `onMore` fetches
 * it (an IntersectionObserver, so nothing runs while the user reads the top of the list).
 */
export function InfiniteScroll(props: { hasMore: boolean; loading: boolean; onMore(): void }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasMore, loading, onMore } = props;
  const more = useRef(onMore);
  more.current = onMore;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore || loading) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) more.current();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loading]);
  return <div ref={sentinel} className="sentinel" data-testid="scroll-sentinel" />;
}
