// A labelled, keyboard-scrollable container that lets wide tables scroll sideways on narrow screens.
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A focusable region so that keyboard users can scroll it (WCAG 2.1.1).
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
