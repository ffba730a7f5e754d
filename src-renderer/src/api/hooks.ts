import { useCallback, useEffect, useEffectEvent, useState, useSyncExternalStore } from 'react'
import type { EventName, EventPayload } from '../../../src-preload/contracts'
import { getConnectionState, onEvent, subscribeConnectionState } from './client'
import { toApiError, type ApiError } from './errors'

export interface QueryState<T> {
  data: T | undefined
  error: ApiError | null
  /** True while the current request (first load or reload) is in flight. */
  loading: boolean
  reload: () => void
}

/**
 * Runs `fn` when the component mounts and whenever `deps` change (they are compared by value,
 * so pass plain strings, numbers and booleans). Keeps the last data while reloading.
 */
export function useQuery<T>(fn: () => Promise<T>, deps: readonly unknown[] = []): QueryState<T> {
  const [version, setVersion] = useState(0)
  const requestKey = `${JSON.stringify(deps)}#${version}`
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: ApiError | null }>({ key: null, data: undefined, error: null })
  const load = useEffectEvent(fn)

  useEffect(() => {
    let live = true
    load().then(
      (data) => { if (live) setState({ key: requestKey, data, error: null }) },
      (err: unknown) => { if (live) setState((s) => ({ key: requestKey, data: s.data, error: toApiError(err) })) },
    )
    return () => { live = false }
  }, [requestKey])

  const reload = useCallback(() => setVersion((v) => v + 1), [])
  return { data: state.data, error: state.error, loading: state.key !== requestKey, reload }
}

export interface MutationOptions<O> {
  onSuccess?: (output: O) => void
  onError?: (error: ApiError) => void
}

export interface MutationState<I, O> {
  /** Runs the call; resolves to the output, or undefined on failure (never rejects). */
  mutate: (input: I) => Promise<O | undefined>
  pending: boolean
  error: ApiError | null
}

/** Wraps a write call with pending/error state; failures go to `onError`, not to the caller. */
export function useMutation<I, O>(fn: (input: I) => Promise<O>, options: MutationOptions<O> = {}): MutationState<I, O> {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const { onSuccess, onError } = options
  const mutate = useCallback(async (input: I): Promise<O | undefined> => {
    setPending(true)
    setError(null)
    try {
      const out = await fn(input)
      onSuccess?.(out)
      return out
    } catch (err) {
      const e = toApiError(err)
      setError(e)
      onError?.(e)
      return undefined
    } finally {
      setPending(false)
    }
  }, [fn, onSuccess, onError])
  return { mutate, pending, error }
}

/** Subscribes a component to one event for its lifetime. */
export function useEvent<E extends EventName>(name: E, cb: (payload: EventPayload<E>) => void): void {
  const handler = useEffectEvent(cb)
  useEffect(() => onEvent(name, (p) => handler(p)), [name])
}

/** The headless host connection state, for the header's status area. */
export function useConnectionState() {
  return useSyncExternalStore(subscribeConnectionState, getConnectionState)
}
