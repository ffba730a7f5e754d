/**
 * Errors cross the process boundary as plain data. `messageKey` is an i18n key the renderer
 * translates; `details` carries parameters (e.g. which fields failed validation).
 */
export interface AppErrorShape {
  code: ErrorCode
  messageKey: string
  details?: Record<string, unknown>
}

export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_METHOD',
  'FORBIDDEN_SENDER',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'ALREADY_SET_UP',
  'NOT_SET_UP',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

export function isAppErrorShape(v: unknown): v is AppErrorShape {
  return typeof v === 'object' && v !== null && typeof (v as AppErrorShape).code === 'string' && typeof (v as AppErrorShape).messageKey === 'string'
}
