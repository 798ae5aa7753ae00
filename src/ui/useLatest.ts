import { useLayoutEffect, useRef } from 'react';

/**
 * A ref that holds the latest `value`, for handlers that keep their identity across renders yet call
 * what the last render passed. It is written after each commit (a ref written during render can
 * show a render React later throws away), which is before any event that could read it.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
