import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Registry } from '../registry'
import { listMethods } from '../../../src-preload/contracts'
import { createTestApp, setupCompany, type TestApp } from '../../testing'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

describe('registry', () => {
  it('refuses a second handler for the same method and methods no contract declares', () => {
    const r = new Registry({ resolveUser: () => null, log: () => {} })
    r.register('system.info', () => ({ name: 'x', version: '1', runtime: 'node', dataDir: '', schemaVersion: 1 }))
    expect(() => r.register('system.info', () => ({ name: 'x', version: '1', runtime: 'node', dataDir: '', schemaVersion: 1 }))).toThrow(/twice/)
    expect(() => r.register('system.nope' as 'system.info', () => ({ name: 'x', version: '1', runtime: 'node', dataDir: '', schemaVersion: 1 }))).toThrow(/no contract/)
    expect(() => r.assertComplete()).toThrow(/without handler/)
  })

  it('every contract method has a handler in the composed app', () => {
    t = createTestApp()
    for (const m of listMethods()) expect(t.app.registry.isAllowed(m.name)).toBe(true)
  })

  it('answers unknown methods and calls without login with coded errors', async () => {
    t = createTestApp()
    const c = t.connect()
    expect(await c.raw('auth.dropEverything', {})).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', messageKey: 'errors.unknownMethod', details: { method: 'auth.dropEverything' } } })
    expect(await c.raw('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await c.raw('admin.listUsers', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', messageKey: 'errors.unauthenticated' } })
  })

  it('hides unexpected errors behind errors.internal', async () => {
    const logged: unknown[] = []
    const r = new Registry({ resolveUser: () => 'u', log: (_m, e) => logged.push(e) })
    r.register('system.dashboard', () => { throw new TypeError('secret detail') })
    const res = await r.call('system.dashboard', {}, { connectionId: 'c', transport: 'test' })
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', messageKey: 'errors.internal' } })
    expect(logged).toHaveLength(1)
  })
})

/** Counts of every table plus the newest audit id: any write changes this. */
function dbFingerprint(t: TestApp): string {
  const s = t.app.database.sqlite
  const tables = s.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]
  const probe = (n: string) => {
    try {
      return s.prepare(`SELECT count(*) || '/' || coalesce(max(rowid), 0) FROM "${n}"`).pluck().get() as string
    } catch {
      return s.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number // WITHOUT ROWID (FTS shadow tables)
    }
  }
  return tables.map((n) => `${n}:${probe(n)}`).join(',')
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : null
}

describe('every contract method rejects bad input and changes nothing', () => {
  const methods = listMethods()
  const huge = 'x'.repeat(1024 * 1024)

  it.each(methods.map((m) => [m.name, m] as const))('%s', async (_name, m) => {
    t = createTestApp()
    const admin = await setupCompany(t)
    const before = dbFingerprint(t)
    const expectValidation = async (input: unknown, why: string) => {
      const r = await admin.raw(m.name, input)
      expect(r.ok, `${m.name} accepted ${why}`).toBe(false)
      if (!r.ok) {
        expect(r.error.code, `${m.name} with ${why}`).toBe('VALIDATION')
        expect(r.error.messageKey).toBe('errors.validation')
      }
    }
    await expectValidation(42, 'a number instead of an object')
    await expectValidation('hello', 'a string instead of an object')
    await expectValidation([], 'an array')
    await expectValidation({ unexpected: huge }, 'a 1 MB string')
    const shape = objectShape(m.def.input)
    if (shape) {
      for (const key of Object.keys(shape)) {
        await expectValidation({ [key]: { nested: [huge.slice(0, 10)] } }, `an object in field ${key}`)
        await expectValidation({ [key]: huge }, `a 1 MB string in field ${key}`)
      }
      if (!m.def.input.safeParse({}).success) await expectValidation({}, 'missing required fields')
      await expectValidation({ extraField: 1 }, 'an unknown field')
    }
    expect(dbFingerprint(t)).toBe(before)
  })
})
