import type { AppErrorShape, ErrorCode } from '../../src-preload/contracts/errors'

/** An expected failure with a code and an i18n message key; crosses the boundary as data. */
export class AppError extends Error {
  constructor(public readonly code: ErrorCode, public readonly messageKey: string, public readonly details?: Record<string, unknown>) {
    super(`${code}: ${messageKey}`)
    this.name = 'AppError'
  }
  toShape(): AppErrorShape {
    return { code: this.code, messageKey: this.messageKey, ...(this.details ? { details: this.details } : {}) }
  }
}

export const notFound = (what = 'record') => new AppError('NOT_FOUND', 'errors.notFound', { what })
export const forbidden = (permission?: string) => new AppError('FORBIDDEN', 'errors.forbidden', permission ? { permission } : undefined)
export const conflict = (messageKey: string, details?: Record<string, unknown>) => new AppError('CONFLICT', messageKey, details)

export function toErrorShape(err: unknown, log: (msg: string, err: unknown) => void): AppErrorShape {
  if (err instanceof AppError) return err.toShape()
  log('unexpected error', err)
  return { code: 'INTERNAL', messageKey: 'errors.internal' }
}
