import { AppError } from '../../core/errors'

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: { t: number; id: string }): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string | null | undefined): { t: number; id: string } | null {
  if (!cursor) return null
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (typeof v === 'object' && v !== null && typeof (v as { t: unknown }).t === 'number' && typeof (v as { id: unknown }).id === 'string') return v as { t: number; id: string }
  } catch {
    // fall through: a cursor we did not make
  }
  throw new AppError('VALIDATION', 'errors.badCursor')
}
