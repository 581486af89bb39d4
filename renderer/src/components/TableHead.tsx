// The header row of a window table whose last column holds each row's buttons (named for screen readers).
import type { ReactNode } from 'react';

export function TableHead({ children }: { children: ReactNode }) {
  return (
    <thead>
      <tr>
        {children}
        <th>
          <span className="sr-only">Actions</span>
        </th>
      </tr>
    </thead>
  );
}
