import { listMethods, type MethodMap, type MethodName } from '../../src-preload/contracts'
import type { OutputOf, ParsedInputOf, MethodDef } from '../../src-preload/contracts/define'
import type { Result } from '../../src-preload/contracts/errors'
import { AppError, toErrorShape } from './errors'

/** Who is calling: the transport fills it in; the auth module resolves the session from it. */
export interface CallContext {
  /** Stable key of the caller's connection (Electron webContents id, WebSocket connection id). */
  connectionId: string
  transport: 'ipc' | 'ws' | 'test'
  /** Set by the registry from the session store before the handler runs. */
  userId: string | null
}

export type Handler<N extends MethodName> = (input: ParsedInputOf<MethodMap[N]>, ctx: CallContext) => OutputOf<MethodMap[N]> | Promise<OutputOf<MethodMap[N]>>

export interface RegistryOptions {
  /** Returns the logged-in user for a connection, or null. */
  resolveUser: (connectionId: string) => string | null
  log: (msg: string, err?: unknown) => void
}

/** Largest serialized input accepted before parsing (1 MB strings are refused early). */
export const MAX_INPUT_BYTES = 256 * 1024

/**
 * Every contract method is registered here exactly once. `call` is the single entry for all
 * transports: allow-list, auth, size limit and zod parse happen before any handler runs.
 */
export class Registry {
  private handlers = new Map<string, (input: unknown, ctx: CallContext) => unknown>()
  private defs = new Map<string, MethodDef>(listMethods().map((m) => [m.name, m.def]))
  constructor(private readonly opts: RegistryOptions) {}

  register<N extends MethodName>(name: N, handler: Handler<N>): void {
    if (!this.defs.has(name)) throw new Error(`no contract declares ${name}`)
    if (this.handlers.has(name)) throw new Error(`handler for ${name} registered twice`)
    this.handlers.set(name, handler as (input: unknown, ctx: CallContext) => unknown)
  }

  /** Throws at start if a contract method has no handler, so gaps never reach users. */
  assertComplete(): void {
    const missing = [...this.defs.keys()].filter((n) => !this.handlers.has(n))
    if (missing.length) throw new Error(`contract methods without handler: ${missing.join(', ')}`)
  }

  isAllowed(name: string): name is MethodName { return this.handlers.has(name) }

  async call(name: string, rawInput: unknown, conn: Omit<CallContext, 'userId'>): Promise<Result<unknown>> {
    try {
      const def = this.defs.get(name)
      const handler = this.handlers.get(name)
      if (!def || !handler) throw new AppError('UNKNOWN_METHOD', 'errors.unknownMethod', { method: name })
      const userId = this.opts.resolveUser(conn.connectionId)
      if (def.access === 'user' && !userId) throw new AppError('UNAUTHENTICATED', 'errors.unauthenticated')
      const input = parseInput(def, rawInput === undefined ? {} : rawInput)
      const value = await handler(input, { ...conn, userId })
      return { ok: true, value }
    } catch (err) {
      return { ok: false, error: toErrorShape(err, this.opts.log) }
    }
  }
}

function parseInput(def: MethodDef, raw: unknown): unknown {
  let size = 0
  try {
    size = JSON.stringify(raw)?.length ?? 0
  } catch {
    throw validation([{ path: '', code: 'not_serializable' }])
  }
  if (size > (def.maxBytes ?? MAX_INPUT_BYTES)) throw validation([{ path: '', code: 'too_big' }])
  const parsed = def.input.safeParse(raw)
  if (!parsed.success) throw validation(parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })))
  return parsed.data
}

function validation(issues: { path: string; code: string; message?: string }[]): AppError {
  return new AppError('VALIDATION', 'errors.validation', { issues })
}
