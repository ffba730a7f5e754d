import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Session } from '../../../../src-preload/contracts/auth'
import { api, toApiError, useEvent, type ApiError } from '../../api'

export type AuthState =
  | { status: 'loading' }
  | { status: 'unreachable'; error: ApiError }
  | { status: 'setup' }
  | { status: 'login'; companyName: string | null }
  | { status: 'ready'; session: Session }

interface AuthContextValue {
  state: AuthState
  /** Re-reads setup status and session from main. */
  check: () => Promise<void>
  /** After login, setup or a profile change: the session main returned. */
  setSession: (session: Session) => void
  logout: () => Promise<void>
}

const AuthContext = createContext<AuthContextValue | null>(null)

/** Where the app stands at start: setup needed, logged out, logged in, or host unreachable. */
async function loadAuthState(): Promise<AuthState> {
  try {
    const setup = await api.auth.setupStatus({})
    if (setup.needsSetup) return { status: 'setup' }
    const session = await api.auth.session({})
    return session ? { status: 'ready', session } : { status: 'login', companyName: setup.companyName }
  } catch (err) {
    return { status: 'unreachable', error: toApiError(err) }
  }
}

/**
 * Start-up and session state: setup needed → setup screen; no session → login; otherwise the
 * shell. Follows main's 'session.changed' event (log out elsewhere, account disabled, reconnect).
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' })

  const check = useCallback(async () => { setState(await loadAuthState()) }, [])

  useEffect(() => {
    let live = true
    void loadAuthState().then((next) => { if (live) setState(next) })
    return () => { live = false }
  }, [])

  useEvent('session.changed', () => { void check() })

  const setSession = useCallback((session: Session) => setState({ status: 'ready', session }), [])

  const logout = useCallback(async () => {
    const companyName = state.status === 'ready' ? state.session.companyName : null
    try {
      await api.auth.logout({})
    } finally {
      setState({ status: 'login', companyName })
    }
  }, [state])

  const value = useMemo(() => ({ state, check, setSession, logout }), [state, check, setSession, logout])
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext)
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>')
  return ctx
}

/** The logged-in session; only for components rendered inside the shell. */
export function useSession(): Session {
  const { state } = useAuth()
  if (state.status !== 'ready') throw new Error('useSession needs a logged-in user')
  return state.session
}
