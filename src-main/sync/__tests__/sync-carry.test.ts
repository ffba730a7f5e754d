import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useCouchServer } from '../../testing/shared-db'
import { customerRow, serverWithDatabase, syncAll, type SyncDevice } from '../../testing/sync'
import { insertCustomer } from '../../testing'
import { customersSynced } from '../../modules/customers/customers.synced'
import { customers } from '../../modules/customers/customers.table'
import { initialsKey, INITIALS_VERSION, pinyinInitials } from '../../modules/customers/search-keys'
import { uuidv7 } from '../../core/uuid'
import { carriedFor, rowToDoc, type SyncDoc } from '../doc'
import { bulkLoad } from '../store'

const def = customersSynced[0]!
const writer = { device: 'other', appVersion: '9.9.9', schema: 1, mutation: null }

/** A customer document as another device's pump writes it: derived columns computed from `carriedFrom`. */
function customerDoc(name: string, carriedFrom = name): SyncDoc {
  const id = uuidv7()
  const stamp = `${String(Date.now()).padStart(13, '0')}-0000-carrytest001`
  const row: Record<string, unknown> = {
    id, createdAt: 1, createdBy: null, updatedAt: 1, updatedBy: null, deletedAt: null, hlc: stamp, syncRev: null, fieldHlc: { name: stamp },
    ownerId: 'carry_a', name: carriedFrom, nameNorm: '', pinyin: '', creditCode: null, level: null, category: null, industry: null, source: null,
    province: null, city: null, address: null, phone: null, website: null, tags: [], status: 'active', notes: null, custom: {},
    lastFollowupAt: null, releasedAt: null, previousOwnerId: null, locked: false, won: false,
  }
  return { ...rowToDoc(def, { ...row, ...def.derive!(row) }, writer), name }
}

describe('derived columns carried by documents (lb.carry)', () => {
  it('a document carries its pinyin with the fingerprint of its name; only a matching name reuses it', () => {
    const doc = customerDoc('重庆银行')
    expect(doc.lb.carry).toEqual({ key: initialsKey('重庆银行'), values: { pinyin: pinyinInitials('重庆银行')[0] } })
    expect(carriedFor(def, doc, { name: '重庆银行' })).toEqual({ pinyin: 'cqyh' })
    expect(carriedFor(def, doc, { name: '长安汽车' })).toBeUndefined()
    // Computed by an app whose initials differ (another version): not reused.
    const older = { ...doc, lb: { ...doc.lb, carry: { key: `${INITIALS_VERSION - 1}.${initialsKey('重庆银行').split('.')[1]}`, values: { pinyin: 'zqyh' } } } }
    expect(carriedFor(def, older, { name: '重庆银行' })).toBeUndefined()
    // Only the declared columns, all of them.
    expect(carriedFor(def, { ...doc, lb: { ...doc.lb, carry: { key: doc.lb.carry!.key, values: { pinyin: 'cqyh', nameNorm: 'x' } } } }, { name: '重庆银行' })).toEqual({ pinyin: 'cqyh' })
    expect(carriedFor(def, { ...doc, lb: { ...doc.lb, carry: { key: doc.lb.carry!.key, values: {} } } }, { name: '重庆银行' })).toBeUndefined()
    expect(initialsKey('重庆银行')).not.toBe(initialsKey('重庆银衍'))
  })

  it('pins the pinyin-pro version: a new one may read names differently (bump INITIALS_VERSION, then this)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../node_modules/pinyin-pro/package.json', import.meta.url), 'utf8')) as { version: string }
    expect(`${pkg.version}@${INITIALS_VERSION}`).toBe('3.29.4@1')
  })
})

describe('projecting carried pinyin', () => {
  const couch = useCouchServer()

  /** Fresh users per database (the server's _users is shared by the tests). */
  const users = (n: number) => [{ name: `carry${n}_a`, password: 'pw-a' }, { name: `carry${n}_b`, password: 'pw-b' }]
  const keys = (d: SyncDevice, id: string) => d.t.app.database.sqlite.prepare(`SELECT key FROM customer_keys WHERE customer_id = ? AND key LIKE 'p:%' ORDER BY key`).pluck().all(id)
  const pinyinOf = (d: SyncDevice, id: string) => customerRow(d, id)?.pinyin

  it('uses a matching carried value and recomputes a stale one (a name changed after it was computed)', async () => {
    await serverWithDatabase(couch.server(), 'carry1', users(1))
    const good = customerDoc('重庆银行')
    const stale = customerDoc('长安汽车', '重庆银行') // the carry says 重庆银行, the name is 长安汽车
    const forged = customerDoc('朝阳物流')
    forged.lb.carry = { key: initialsKey('朝阳物流'), values: { pinyin: 'zzzz' } } // matching key: taken as is
    expect((await couch.server().request('POST', '/carry1/_bulk_docs', { docs: [good, stale, forged] })).status).toBe(201)

    const b = await couch.device({ username: 'carry1_b', password: 'pw-b', database: 'carry1' })
    await syncAll([b], 1)
    const id = (d: SyncDoc) => d._id.slice('customer:'.length)
    expect(pinyinOf(b, id(good))).toBe('cqyh')
    expect(pinyinOf(b, id(stale))).toBe(pinyinInitials('长安汽车')[0])
    expect(pinyinOf(b, id(stale))).not.toBe('cqyh')
    expect(keys(b, id(stale))).toContain(`p:${pinyinInitials('长安汽车')[0]}`)
    expect(pinyinOf(b, id(forged))).toBe('zzzz')
  })

  it('does not take a carried value that cannot be initials, even with a matching key', async () => {
    await serverWithDatabase(couch.server(), 'carry4', users(4))
    const junk = customerDoc('朝阳物流')
    junk.lb.carry = { key: initialsKey('朝阳物流'), values: { pinyin: 'x'.repeat(5000) } }
    const upper = customerDoc('长安汽车')
    upper.lb.carry = { key: initialsKey('长安汽车'), values: { pinyin: 'CAQC' } }
    expect((await couch.server().request('POST', '/carry4/_bulk_docs', { docs: [junk, upper] })).status).toBe(201)
    const b = await couch.device({ username: 'carry4_b', password: 'pw-b', database: 'carry4' })
    await syncAll([b], 1)
    expect(pinyinOf(b, junk._id.slice('customer:'.length))).toBe(pinyinInitials('朝阳物流')[0])
    expect(pinyinOf(b, upper._id.slice('customer:'.length))).toBe(pinyinInitials('长安汽车')[0])
  })

  it('with carry off, every value is computed', async () => {
    await serverWithDatabase(couch.server(), 'carry2', users(2))
    const forged = customerDoc('朝阳物流')
    forged.lb.carry = { key: initialsKey('朝阳物流'), values: { pinyin: 'zzzz' } }
    expect((await couch.server().request('POST', '/carry2/_bulk_docs', { docs: [forged] })).status).toBe(201)
    const b = await couch.device({ username: 'carry2_b', password: 'pw-b', database: 'carry2' })
    bulkLoad.carry = false
    try { await syncAll([b], 1) } finally { bulkLoad.carry = true }
    expect(pinyinOf(b, forged._id.slice('customer:'.length))).toBe(pinyinInitials('朝阳物流')[0])
  })

  it('a device pushes the pinyin of the current name; a rename reaches the other device with the new initials', async () => {
    await serverWithDatabase(couch.server(), 'carry3', users(3))
    const a = await couch.device({ username: 'carry3_a', password: 'pw-a', database: 'carry3' })
    const b = await couch.device({ username: 'carry3_b', password: 'pw-b', database: 'carry3' })
    const id = insertCustomer(a.t, { name: '重庆银行', ownerId: null })
    await syncAll([a, b], 1)
    expect(pinyinOf(b, id)).toBe('cqyh')
    a.t.app.mutation({ userId: null }, (w) => w.update(customers, id, { name: '长安汽车' }))
    await syncAll([a, b], 2)
    const doc = (await a.engine.local().get(`customer:${id}`)) as SyncDoc
    expect(doc.lb.carry).toEqual({ key: initialsKey('长安汽车'), values: { pinyin: pinyinInitials('长安汽车')[0] } })
    expect(pinyinOf(b, id)).toBe(pinyinInitials('长安汽车')[0])
    expect(keys(b, id)).not.toContain('p:cqyh')
  })
})
