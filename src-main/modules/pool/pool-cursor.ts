import { AppError } from '../../core/errors'
import type { Key } from './pool.repository'

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeKey(k: Key): string {
  return Buffer.from(JSON.stringify({ t: k.t, id: k.id })).toString('base64url')
}

export function decodeKey(cursor: string | null | undefined): Key | null {
  if (!cursor) return null
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown }
    if (typeof v.t === 'number' && Number.isFinite(v.t) && typeof v.id === 'string' && v.id.length <= 100) return { t: v.t, id: v.id }
  } catch {
    // fall through: not a cursor we made
  }
  throw new AppError('VALIDATION', 'errors.badCursor')
}
