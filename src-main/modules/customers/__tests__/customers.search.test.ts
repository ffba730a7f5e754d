import { afterEach, describe, expect, it } from 'vitest'
import type { CustomerListItem } from '../../../../src-preload/contracts/customers'
import { createTestApp, setupCompany, type TestApp, type TestClient } from '../../../testing'
import { CustomersRepository, type ListQuery } from '../customers.repository'
import { customers } from '../customers.table'
import { team } from './customers.fixture'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

async function searchData(t: TestApp): Promise<{ admin: TestClient; ids: Record<string, string> }> {
  const admin = await setupCompany(t)
  const mk = async (key: string, input: Parameters<TestClient['ok']>[1] & object) => [key, (await admin.ok('customers.create', { contacts: [], confirmDuplicate: true, ...input } as never) as { id: string }).id] as const
  const ids = Object.fromEntries(await Promise.all([
    mk('laibang', { name: '北京莱邦科技有限公司', phone: '010-8888 0001', contacts: [{ name: '张伟', mobile: '+86 138-1234-5678' }] }),
    mk('changan', { name: '长安汽车贸易有限公司', phone: '023-66661234' }),
    mk('hengda', { name: '杭州恒达电子有限公司', contacts: [{ name: 'Tom Lee', phone: '0571-5550000' }] }),
    mk('abc', { name: 'ＡＢＣ国际贸易（上海）有限公司' }),
    mk('bangde', { name: '邦德物流有限公司' }),
  ]))
  return { admin, ids }
}

const names = (items: CustomerListItem[]) => items.map((c) => c.name).sort()

describe('search (name, pinyin initials, phone suffix, contact names)', () => {
  it('finds customers by Chinese substrings, initials, polyphonic initials, phone suffixes and contacts', async () => {
    t = createTestApp()
    const { admin } = await searchData(t)
    const find = async (search: string) => names((await admin.ok('customers.list', { filters: { search } })).items)
    expect(await find('莱邦')).toEqual(['北京莱邦科技有限公司'])
    expect(await find('莱邦科技')).toEqual(['北京莱邦科技有限公司'])
    expect(await find('邦')).toEqual(['北京莱邦科技有限公司', '邦德物流有限公司'])
    expect(await find('贸易')).toEqual(['长安汽车贸易有限公司', 'ＡＢＣ国际贸易（上海）有限公司'])
    expect(await find('bjlb')).toEqual(['北京莱邦科技有限公司'])
    expect(await find('BJLB')).toEqual(['北京莱邦科技有限公司'])
    expect(await find('ca')).toEqual(['长安汽车贸易有限公司'])
    expect(await find('za')).toEqual(['长安汽车贸易有限公司'])
    expect(await find('abc')).toEqual(['ＡＢＣ国际贸易（上海）有限公司'])
    expect(await find('5678')).toEqual(['北京莱邦科技有限公司'])
    expect(await find('1234')).toEqual(['长安汽车贸易有限公司'])
    expect(await find('0001')).toEqual(['北京莱邦科技有限公司'])
    expect(await find('张伟')).toEqual(['北京莱邦科技有限公司'])
    expect(await find('tom')).toEqual(['杭州恒达电子有限公司'])
    expect(await find('不存在的公司')).toEqual([])
    expect((await admin.ok('customers.count', { filters: { search: '邦' } })).total).toBe(2)
  })

  it('every plan (drive, materialized, per row) returns the same pages', async () => {
    t = createTestApp()
    await searchData(t)
    const { db, sqlite } = t.app.database
    const repos = {
      drive: new CustomersRepository(db, sqlite, { driveMax: 1e9, denseShare: 1e9 }),
      materialized: new CustomersRepository(db, sqlite, { driveMax: 0, denseShare: 1e9 }),
      perRow: new CustomersRepository(db, sqlite, { driveMax: 0, denseShare: 0 }),
    }
    for (const search of ['莱邦', '邦', '贸易', 'bjlb', 'ca', 'za', '5678', '张伟', 'tom', '1234', 'l']) {
      for (const sort of [{ field: 'updatedAt', dir: 'desc' }, { field: 'name', dir: 'asc' }, { field: 'lastFollowupAt', dir: 'asc' }] as const) {
        const q: ListQuery = { owners: 'all', filters: { search }, sort, after: null, limit: 50 }
        const expected = repos.drive.listPage(q).items.map((c) => c.id)
        expect(expected.length, search).toBeGreaterThan(0)
        for (const [strategy, repo] of Object.entries(repos)) {
          // Key searches (pinyin, phone) are never checked per row.
          expect(repo.explainList(q).strategy).toBe(strategy === 'perRow' && /^[a-z\d]+$/.test(search) ? 'materialized' : strategy)
          expect(repo.listPage(q).items.map((c) => c.id), `${search} ${strategy} ${sort.field}`).toEqual(expected)
          expect(repo.count(q), `${search} ${strategy} count`).toBe(expected.length)
        }
      }
    }
  })
})

describe('keyset pagination', () => {
  it('pages cover every row exactly once for every sort, with ties and rows added meanwhile', async () => {
    t = createTestApp()
    const { admin, adminId } = await team(t)
    // 60 customers written in the same millisecond: equal timestamps, repeated names, some never followed up.
    const base = ['甲方科技', '乙方贸易', '丙方物流', 'Alpha']
    const ids = t.app.mutation({ userId: adminId }, (w) => Array.from({ length: 60 }, (_, i) =>
      w.insert(customers, { name: base[i % 4]!, ownerId: adminId, nameNorm: '', pinyin: '', lastFollowupAt: i % 3 === 0 ? null : 1_000 + (i % 2) }).id))
    for (const field of ['updatedAt', 'createdAt', 'name', 'lastFollowupAt'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const seen: string[] = []
        let cursor: string | null = null
        let pages = 0
        do {
          const page: { items: CustomerListItem[]; nextCursor: string | null } = await admin.ok('customers.list', { sort: { field, dir }, cursor, limit: 7 })
          seen.push(...page.items.map((c) => c.id))
          cursor = page.nextCursor
          // Another user adds a customer between two pages.
          if (pages++ === 2) await admin.ok('customers.create', { name: `翻页中新增${field}${dir}`, contacts: [], confirmDuplicate: true })
        } while (cursor)
        expect(new Set(seen).size, `${field} ${dir}: no row twice`).toBe(seen.length)
        for (const id of ids) expect(seen.filter((s) => s === id).length, `${field} ${dir}`).toBe(1)
      }
    }
  })

  it('refuses a cursor from another sort or a forged one', async () => {
    t = createTestApp()
    const { admin, adminId } = await team(t)
    t.app.mutation({ userId: adminId }, (w) => { for (let i = 0; i < 3; i++) w.insert(customers, { name: `客户${i}`, ownerId: adminId, nameNorm: '', pinyin: '' }) })
    const first = await admin.ok('customers.list', { limit: 1 })
    expect(first.nextCursor).toBeTruthy()
    expect(await admin.call('customers.list', { limit: 1, cursor: first.nextCursor, sort: { field: 'name', dir: 'asc' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'cursor' }] } } })
    expect(await admin.call('customers.list', { limit: 1, cursor: 'bm90LWpzb24' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})

describe('query plans use indexes (no table scans)', () => {
  it('list pages walk a sort index and searches start from FTS5 or customer_keys', async () => {
    t = createTestApp()
    const { zhang, manager, li } = await team(t)
    const { db, sqlite } = t.app.database
    const repos = [new CustomersRepository(db, sqlite), new CustomersRepository(db, sqlite, { driveMax: 0, denseShare: 1e9 }), new CustomersRepository(db, sqlite, { driveMax: 0, denseShare: 0 })]
    const ownerSets = ['all', new Set([zhang.id]), new Set([zhang.id, manager.id]), new Set(Array.from({ length: 30 }, (_, i) => (i === 0 ? li.id : `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`)))] as const
    const indexFor = { updatedAt: 'updated', createdAt: 'created', name: 'pinyin', lastFollowupAt: 'followup' }
    for (const owners of ownerSets) {
      for (const field of ['updatedAt', 'createdAt', 'name', 'lastFollowupAt'] as const) {
        for (const search of [undefined, '莱邦', 'bjlb', '5678']) {
          for (const repo of repos) {
            const q: ListQuery = { owners, filters: { search }, sort: { field, dir: 'desc' }, after: ['x', 'y', 'z'].slice(0, field === 'name' ? 3 : 2), limit: 51 }
            const { strategy, plan } = repo.explainList(q)
            const text = plan.join('\n')
            expect(text, `${field} ${search} ${strategy}`).not.toMatch(/^SCAN (c|customers)$/m)
            if (strategy === 'drive') expect(text).toMatch(/customers_fts VIRTUAL TABLE|USING COVERING INDEX customer_keys_key/)
            else expect(text, `${field} ${search} ${strategy}`).toMatch(new RegExp(`USING (COVERING )?INDEX customers_(owner_)?${indexFor[field]}`))
          }
        }
      }
    }
  })
})
