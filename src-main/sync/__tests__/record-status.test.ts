import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, insertCustomer, setupCompany, type TestApp } from '../../testing'

let t: TestApp | null = null
afterEach(() => { t?.close(); t = null })

describe('sync.recordStatus', () => {
  // A windowed list asks for the ~30 rows on screen; an answer covering every unsynced record of
  // the database (a bare OR in the filter) cost 40 s and 9 MB per call at 100,000 records.
  it('answers only for the ids asked, however many other records wait to be pushed', async () => {
    t = await createTestApp()
    const admin = await setupCompany(t)
    const ids = Array.from({ length: 5 }, (_, i) => insertCustomer(t!, { name: `莱邦客户${i}`, ownerId: null }))
    const marks = await admin.ok('sync.recordStatus', { ids: [ids[0]!, ids[1]!] })
    expect(Object.keys(marks).sort()).toEqual([ids[0], ids[1]].sort())
    expect(marks[ids[0]!]).toMatchObject({ pending: true, rejected: false, conflict: false })
  })
})
