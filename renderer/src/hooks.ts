// The store as a React hook, with a selector.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './store.ts';

export const StoreContext = createContext<StoreApi<AppState> | null>(null);

export function useApp<T>(select: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside StoreContext');
  return useStore(store, select);
}
