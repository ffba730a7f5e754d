import { isAppErrorShape, type AppErrorShape, type ErrorCode } from '../../../src-preload/contracts/errors'

/** Client-side code for "the host could not be reached"; never sent by main. */
export type ClientErrorCode = ErrorCode | 'NETWORK'

/**
 * An API failure as the renderer sees it: the contract's AppErrorShape (code, message key,
 * details) as a real Error, so it can be thrown, caught and shown in the user's language.
 */
export class ApiError extends Error {
  readonly code: ClientErrorCode
  readonly messageKey: string
  readonly details: Record<string, unknown>

  constructor(code: ClientErrorCode, messageKey: string, details: Record<string, unknown> = {}) {
    super(`${code}: ${messageKey}`)
    this.name = 'ApiError'
    this.code = code
    this.messageKey = messageKey
    this.details = details
  }

  static from(shape: AppErrorShape): ApiError {
    return new ApiError(shape.code, shape.messageKey, shape.details ?? {})
  }

  static network(details: Record<string, unknown> = {}): ApiError {
    return new ApiError('NETWORK', 'errors.network', details)
  }

  /** Field paths of a VALIDATION error (`details.issues[].path`), for marking form fields. */
  get fieldPaths(): string[] {
    const issues = this.details.issues
    if (this.code !== 'VALIDATION' || !Array.isArray(issues)) return []
    return issues.flatMap((i: unknown) => (typeof i === 'object' && i !== null && typeof (i as { path?: unknown }).path === 'string' ? [(i as { path: string }).path] : []))
  }
}

/** Normalises anything a call may reject with into an ApiError (unknown errors become INTERNAL). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (isAppErrorShape(err)) return ApiError.from(err)
  return new ApiError('INTERNAL', 'errors.internal', err instanceof Error ? { message: err.message } : {})
}
