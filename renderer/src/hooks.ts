// The store as a React hook, with a selector.
import { createContext, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './store.ts';

export const StoreContext = createContext<StoreApi<AppState> | null>(null);

export function useApp<T>(select: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside StoreContext');
  return useStore(store, select);
}

/** The time now, renewed every `everyMs` while mounted: ages ("12 s ago") tick on their own. */
export function useNow(everyMs = 5000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Ctrl as well as ⌘: the window runs in Electron on macOS and in Chromium on Linux. */
export const isMod = (e: { metaKey: boolean; ctrlKey: boolean }) => e.metaKey || e.ctrlKey;
