import { afterEach, describe, expect, it, vi } from 'vitest'
import { sql } from 'drizzle-orm'
import { cachedSql, cachedSqlOf } from '../cached-sql'
import { createTestDb } from '../../testing'

let cleanup: (() => void) | undefined
afterEach(() => { vi.restoreAllMocks(); cleanup?.() })

function setup() {
  const t = createTestDb()
  cleanup = t.cleanup
  t.sqlite.exec(`CREATE TABLE t_items (id INTEGER PRIMARY KEY, name TEXT, owner TEXT)`)
  t.sqlite.exec(`INSERT INTO t_items (id, name, owner) VALUES (1, '莱邦', 'a'), (2, '科技', 'b'), (3, '贸易', 'a')`)
  return t
}

describe('cached sql statements', () => {
  it('answers exactly like db.all / db.get, and compiles a statement once per SQL text, not per call', () => {
    const t = setup()
    const prepare = vi.spyOn(t.sqlite, 'prepare')
    const q = cachedSqlOf(t.db)
    const byOwner = (o: string) => sql`SELECT id, name FROM t_items WHERE owner = ${o} ORDER BY id`
    expect(q.all(byOwner('a'))).toEqual(t.db.all(byOwner('a')))
    expect(q.all(byOwner('b'))).toEqual([{ id: 2, name: '科技' }])
    expect(q.get(sql`SELECT name FROM t_items WHERE id = ${3}`)).toEqual({ name: '贸易' })
    expect(q.get(sql`SELECT name FROM t_items WHERE id = ${9}`)).toBeUndefined()
    // Two texts compiled once each, plus db.all's own statement for the comparison.
    expect(prepare).toHaveBeenCalledTimes(3)
    for (let i = 0; i < 5; i++) q.all(byOwner(i % 2 ? 'a' : 'b'))
    expect(prepare).toHaveBeenCalledTimes(3)
  })

  it('returns rows as arrays in SELECT order with values(), beside object rows of the same text', () => {
    const t = setup()
    const q = cachedSql(t.sqlite)
    const query = () => sql`SELECT id, name FROM t_items WHERE owner = ${'a'} ORDER BY id`
    expect(q.values<[number, string]>(query())).toEqual([[1, '莱邦'], [3, '贸易']])
    // The raw statement is its own: object rows of the same text stay objects.
    expect(q.all(query())).toEqual([{ id: 1, name: '莱邦' }, { id: 3, name: '贸易' }])
    expect(q.values<[number, string]>(query())).toEqual([[1, '莱邦'], [3, '贸易']])
  })

  it('is one cache per connection', () => {
    const t = setup()
    expect(cachedSql(t.sqlite)).toBe(cachedSqlOf(t.db))
  })
})
