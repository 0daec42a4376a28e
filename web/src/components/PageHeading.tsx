import { useEffect, useRef, type ReactNode } from 'react';
import { hasNavigated } from '../routing';

/**
 * The screen's h1. It takes focus when the user opens another screen, so keyboard and
 * screen-reader users land on it rather than on the link they followed (on the first load the
 * browser's order stands: the skip link comes first). It also names the tab.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Reception`;
    if (hasNavigated()) ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}
