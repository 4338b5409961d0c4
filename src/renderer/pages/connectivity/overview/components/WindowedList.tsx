import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

const OVERSCAN = 6;

/**
 * Renders only the rows in view (plus a few either side) of a list of fixed-height rows, so 5,000
 * platforms cost as much as thirty. It fills the window below its own top edge. Focus moving past
 * the last rendered row scrolls the box, which renders the next rows: Tab keeps working.
 */
export function WindowedList<T extends { key: string }>({ items, rowHeight, render, minHeight = 280 }: { items: readonly T[]; rowHeight: number; render(item: T): ReactNode; minHeight?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(minHeight);

  useLayoutEffect(() => {
    const measure = () => {
      const top = box.current?.getBoundingClientRect().top ?? 0;
      setHeight(Math.max(minHeight, window.innerHeight - top - 56));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [minHeight]);

  // A narrower result (a filter) may leave the box scrolled past its end.
  useEffect(() => {
    if (box.current && box.current.scrollTop > items.length * rowHeight) box.current.scrollTop = 0;
  }, [items.length, rowHeight]);

  const total = items.length * rowHeight;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  return (
    <div ref={box} style={{ height: Math.min(height, total + 2), overflowY: 'auto', position: 'relative' }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="platform-list">
      <div style={{ height: total, position: 'relative' }}>
        {items.slice(first, last).map((item, i) => (
          <div key={item.key} style={{ position: 'absolute', top: (first + i) * rowHeight, left: 0, right: 0, height: rowHeight }}>
            {render(item)}
          </div>
        ))}
      </div>
    </div>
  );
}
