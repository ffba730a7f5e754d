import { readFileSync } from 'node:fs'
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImportTarget } from '../../../../src-preload/contracts/customers-io'
import { createTestApp, insertCustomer, setupCompany, userWithRole, type TestApp, type TestClient } from '../../../testing'
import { auditLog, outbox } from '../../../core/core.table'
import { activities } from '../../timeline/timeline.table'
import { contacts, customerFields, customerLevels, customers } from '../customers.table'
import { readImportTable } from '../import-parse'
import { parseVcards } from '../vcard'
import { readXlsx } from '../xlsx'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))
const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64')
const bytesOf = (f: { contentBase64: string }) => Buffer.from(f.contentBase64, 'base64')
const GBK_TEXT = new TextDecoder('gb18030').decode(fixture('customers-gbk.csv'))

async function company(): Promise<{ t: TestApp; admin: TestClient; adminId: string }> {
  t = createTestApp()
  const admin = await setupCompany(t)
  const adminId = (await admin.ok('auth.session', {}))!.user.id
  // Levels A/B/C (the customers module may already have seeded them).
  const have = new Set(t.app.database.db.select({ code: customerLevels.code }).from(customerLevels).all().map((l) => l.code))
  t.app.mutation({ userId: adminId }, (w) => {
    for (const [code, name] of [['A', '重点'], ['B', '普通'], ['C', '非优先']] as const) if (!have.has(code)) w.insert(customerLevels, { code, name, sort: 0 })
  })
  return { t, admin, adminId }
}

async function grant(admin: TestClient, roleCode: string, extra: ('customers.import' | 'customers.export')[]): Promise<void> {
  const role = (await admin.ok('admin.listRoles', {})).find((r) => r.code === roleCode)!
  await admin.ok('admin.saveRole', { id: role.id, name: role.name, permissions: [...new Set([...role.permissions, ...extra])], scopes: role.scopes })
}

function addContact(t: TestApp, customerId: string, byUserId: string, c: { name: string; mobile?: string; isPrimary?: boolean }): void {
  t.app.mutation({ userId: byUserId }, (w) => w.insert(contacts, { customerId, name: c.name, mobile: c.mobile ?? null, isPrimary: c.isPrimary ?? false }))
}

/** Customers with their contacts as plain data (primary contact first, then by name), for comparing imports. */
function snapshot(t: TestApp): unknown[] {
  const db = t.app.database.db
  return db.select().from(customers).where(isNull(customers.deletedAt)).orderBy(asc(customers.name), asc(customers.createdAt)).all().map((c) => ({
    name: c.name, creditCode: c.creditCode, level: c.level, category: c.category, industry: c.industry, source: c.source, province: c.province, city: c.city,
    address: c.address, phone: c.phone, website: c.website, tags: c.tags, status: c.status, notes: c.notes, custom: c.custom,
    contacts: db.select().from(contacts).where(and(eq(contacts.customerId, c.id), isNull(contacts.deletedAt))).orderBy(desc(contacts.isPrimary), asc(contacts.name)).all()
      .map((p) => ({ name: p.name, title: p.title, mobile: p.mobile, phone: p.phone, email: p.email, wechat: p.wechat, birthday: p.birthday, isPrimary: p.isPrimary })),
  }))
}

function counts(t: TestApp): Record<string, number> {
  const db = t.app.database.db
  const n = (table: typeof customers | typeof contacts | typeof activities | typeof outbox | typeof auditLog) => db.select({ n: sql<number>`count(*)` }).from(table).get()!.n
  return { customers: n(customers), contacts: n(contacts), activities: n(activities), outbox: n(outbox), audit: n(auditLog) }
}

describe('import of Chinese CSV and Excel files', () => {
  it.each([
    ['utf-8', Buffer.from(GBK_TEXT, 'utf8')],
    ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GBK_TEXT, 'utf8')])],
    ['gb18030', fixture('customers-gbk.csv')],
  ] as const)('imports a %s CSV with Chinese intact', async (encoding, bytes) => {
    const { t, admin, adminId } = await company()
    const input = { fileName: '客户.csv', contentBase64: b64(bytes) }
    const preview = await admin.ok('customers.importPreview', input)
    expect(preview.encoding).toBe(encoding)
    expect(preview.missingRequired).toEqual([])
    expect(preview.totals).toMatchObject({ rows: 4, customers: 3, contacts: 4, new: 3, error: 0, create: 3 })
    expect(await admin.ok('customers.importCommit', input)).toEqual({ created: 3, updated: 0, skipped: 0, contacts: 4 })
    const snap = snapshot(t)
    expect(snap).toMatchObject([
      { name: '上海浦江贸易有限公司', level: 'B', notes: '多行\n备注', contacts: [{ name: '王芳', mobile: '13700137000', isPrimary: true }] },
      { name: '北京莱邦科技有限公司', level: 'A', tags: ['重点', '老客户'], phone: '010-88886666', notes: '长期合作, 年采购额大', province: '北京市', address: '海淀区中关村大街1号',
        contacts: [{ name: '张伟', mobile: '13800138000', email: 'zhangwei@laibang.cn', isPrimary: true }, { name: '李娜', mobile: '13900139000', isPrimary: false }] },
      { name: '深圳鹏城电子股份有限公司', creditCode: '91440300MA5F3LQ4AA', tags: ['电子', '制造'], contacts: [{ name: '欧阳娜娜' }] },
    ])
    const owners = t.app.database.db.select({ o: customers.ownerId }).from(customers).all()
    expect(owners.every((o) => o.o === adminId)).toBe(true)
    // One entry on the importer's timeline; each customer's creation shows from the audit log.
    const act = t.app.database.db.select().from(activities).where(eq(activities.kind, 'import')).all()
    expect(act).toMatchObject([{ actorId: adminId, customerId: null, summaryKey: 'timeline.customers.imported', params: { fileName: '客户.csv', created: 3, updated: 0, skipped: 0, contacts: 4 } }])
  })

  it('imports a WPS/Excel .xlsx with merged name cells, typed numbers and dates', async () => {
    const { t, admin } = await company()
    const input = { fileName: '客户.xlsx', contentBase64: b64(fixture('customers-wps.xlsx')) }
    const preview = await admin.ok('customers.importPreview', input)
    expect(preview).toMatchObject({ fileType: 'xlsx', encoding: 'xlsx', mapping: { '客户名称*': 'name', 联系人: 'contact.name', 手机: 'contact.mobile', 生日: 'contact.birthday', '标签（用、分隔）': 'tags' } })
    expect(await admin.ok('customers.importCommit', input)).toMatchObject({ created: 2, contacts: 3 })
    expect(snapshot(t)).toMatchObject([
      { name: '成都天府软件有限公司', level: 'B', status: 'potential', contacts: [{ name: '刘洋', mobile: '13812345678', birthday: '1988-02-29' }] },
      { name: '杭州西湖茶叶有限公司', level: 'A', status: 'active', tags: ['茶叶', '浙江'], website: 'www.xihutea.cn',
        contacts: [{ name: '陈静', mobile: '13512345678', title: '总经理', birthday: '1980-05-20' }, { name: '周杰', birthday: '1992-12-01' }] },
    ])
  })

  it('reports a bad row and writes nothing at all (no half import)', async () => {
    const { t, admin } = await company()
    const csv = `${GBK_TEXT}广州珠江物流有限公司,赵强,1234,,zhao@,广东省,广州市,天河区,Z,,,\r\n`
    const input = { fileName: 'bad.csv', contentBase64: b64(Buffer.from(csv, 'utf8')) }
    const preview = await admin.ok('customers.importPreview', input)
    expect(preview.totals).toMatchObject({ customers: 4, error: 1, create: 3 })
    const bad = preview.rows.find((r) => r.status === 'error')!
    expect(bad).toMatchObject({ row: 6, name: '广州珠江物流有限公司', action: null })
    expect(bad.errors.map((e) => e.messageKey).sort()).toEqual(['errors.importInvalidEmail', 'errors.importInvalidMobile', 'errors.importUnknownLevel'])
    const before = counts(t)
    const r = await admin.call('customers.importCommit', input)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors.importHasErrors', details: { errorCount: 1 } } })
    expect(counts(t)).toEqual(before)
    expect(before.customers).toBe(0)
  })

  it('uses the mapping given, and refuses a commit without a name column', async () => {
    const { t, admin } = await company()
    const csv = '公司,人,号码\n北京莱邦,张伟,13800138000\n'
    const first = await admin.ok('customers.importPreview', { fileName: 'a.csv', contentBase64: b64(csv) })
    expect(first.mapping).toEqual({ 公司: 'name', 人: '', 号码: '' })
    const mapping: Record<string, ImportTarget | ''> = { 公司: '', 人: 'contact.name', 号码: 'contact.mobile' }
    const noName = await admin.ok('customers.importPreview', { fileName: 'a.csv', contentBase64: b64(csv), mapping })
    expect(noName).toMatchObject({ missingRequired: ['name'], rows: [] })
    expect(await admin.call('customers.importCommit', { fileName: 'a.csv', contentBase64: b64(csv), mapping })).toMatchObject({ ok: false, error: { messageKey: 'errors.importNameNotMapped' } })
    const ok = await admin.ok('customers.importCommit', { fileName: 'a.csv', contentBase64: b64(csv), mapping: { ...mapping, 公司: 'name' } })
    expect(ok).toMatchObject({ created: 1, contacts: 1 })
    expect(snapshot(t)).toMatchObject([{ name: '北京莱邦', contacts: [{ name: '张伟', mobile: '13800138000' }] }])
  })
})

describe('duplicates on import', () => {
  const file = '客户名称,联系人,手机,地址,网址\n北京莱邦科技有限公司,张伟,13800138000,中关村1号,www.laibang.cn\n北京莱邦科技有限公司,新同事,13500135000,,\n'

  async function withExisting() {
    const ctx = await company()
    const id = insertCustomer(ctx.t, { name: '北京莱邦科技 有限公司', ownerId: ctx.adminId, phone: '010-1' })
    addContact(ctx.t, id, ctx.adminId, { name: '张伟', mobile: '138 0013 8000', isPrimary: true })
    return { ...ctx, id }
  }

  it('skip leaves the existing customer alone', async () => {
    const { t, admin, id } = await withExisting()
    const input = { fileName: 'd.csv', contentBase64: b64(file), duplicateMode: 'skip' as const }
    const p = await admin.ok('customers.importPreview', input)
    expect(p.rows[0]).toMatchObject({ status: 'duplicate', action: 'skip', duplicateOf: { customerId: id, reason: 'phone', canOpen: true, inPool: false } })
    expect(await admin.ok('customers.importCommit', input)).toEqual({ created: 0, updated: 0, skipped: 1, contacts: 0 })
    expect(snapshot(t)).toMatchObject([{ address: null, contacts: [{ name: '张伟' }] }])
  })

  it('update fills and overwrites fields with non-empty cells and adds only the new contacts', async () => {
    const { t, admin } = await withExisting()
    const input = { fileName: 'd.csv', contentBase64: b64(file), duplicateMode: 'update' as const }
    expect((await admin.ok('customers.importPreview', input)).rows[0]).toMatchObject({ action: 'update' })
    expect(await admin.ok('customers.importCommit', input)).toEqual({ created: 0, updated: 1, skipped: 0, contacts: 1 })
    expect(snapshot(t)).toMatchObject([{ name: '北京莱邦科技 有限公司', phone: '010-1', address: '中关村1号', website: 'www.laibang.cn',
      contacts: [{ name: '张伟', mobile: '13800138000', isPrimary: true }, { name: '新同事', mobile: '13500135000', isPrimary: false }] }])
  })

  it('create makes another customer', async () => {
    const { t, admin } = await withExisting()
    expect(await admin.ok('customers.importCommit', { fileName: 'd.csv', contentBase64: b64(file), duplicateMode: 'create' })).toMatchObject({ created: 1 })
    expect(snapshot(t)).toHaveLength(2)
  })

  it('finds duplicates by phone and credit code, and within the file', async () => {
    const { t, admin, adminId } = await company()
    const other = insertCustomer(t, { name: '完全不同的名字', ownerId: adminId })
    t.app.mutation({ userId: adminId }, (w) => w.update(customers, other, { creditCode: '91440300MA5F3LQ4AA' }))
    const csv = '客户名称,统一社会信用代码,电话,联系人\n甲方科技公司,91440300MA5F3LQ4AA,,\n乙方贸易公司,,0755-12345678,\n丙方物流公司,,0755 1234 5678,\n乙方贸易公司,,,王五\n'
    const p = await admin.ok('customers.importPreview', { fileName: 'd.csv', contentBase64: b64(csv), duplicateMode: 'update' })
    expect(p.rows.map((r) => [r.row, r.status, r.duplicateOf?.reason ?? null, r.duplicateOfRow, r.action])).toEqual([
      [2, 'duplicate', 'creditCode', null, 'update'], [3, 'new', null, null, 'create'], [4, 'duplicate', null, 3, 'update'], [5, 'duplicate', null, 3, 'update']])
    expect(await admin.ok('customers.importCommit', { fileName: 'd.csv', contentBase64: b64(csv), duplicateMode: 'update' })).toMatchObject({ created: 1, updated: 3 })
    expect(snapshot(t)).toMatchObject([{ name: '乙方贸易公司', contacts: [{ name: '王五' }] }, { name: '完全不同的名字' }])
  })
})

describe('near-identical names', () => {
  it('warns in the preview (owner shown) without blocking or changing the commit', async () => {
    const { t, admin } = await company()
    const { id: wangId } = await userWithRole(t, admin, 'wang', 'salesperson')
    insertCustomer(t, { name: '杭州恒达科技有限公司', ownerId: wangId })
    const input = { fileName: 's.csv', contentBase64: b64('客户名称\n恒达科技\n') }
    const p = await admin.ok('customers.importPreview', input)
    expect(p.rows[0]).toMatchObject({ status: 'new', action: 'create', warnings: [{ field: 'name', messageKey: 'warnings.importSimilarName', params: { name: '杭州恒达科技有限公司', owner: 'wang' } }] })
    expect(await admin.ok('customers.importCommit', input)).toMatchObject({ created: 1 })
  })
})

describe('scope and permissions', () => {
  it("a salesperson cannot import without the permission, nor update another's customer through import", async () => {
    const { t, admin } = await company()
    const { client: zhang } = await userWithRole(t, admin, 'zhang', 'salesperson')
    const { id: wangId } = await userWithRole(t, admin, 'wang', 'salesperson')
    const input = { fileName: 'x.csv', contentBase64: b64('客户名称,地址\n王的客户,新地址\n'), duplicateMode: 'update' as const }
    expect(await zhang.call('customers.importPreview', input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await zhang.call('customers.importTemplate', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await grant(admin, 'salesperson', ['customers.import'])
    insertCustomer(t, { name: '王的客户', ownerId: wangId })
    const p = await zhang.ok('customers.importPreview', input)
    expect(p.rows[0]).toMatchObject({ status: 'error', duplicateOf: { canOpen: false, ownerName: 'wang' }, errors: [{ messageKey: 'errors.importDuplicateNotEditable', params: { owner: 'wang' } }] })
    const before = snapshot(t)
    expect(await zhang.call('customers.importCommit', input)).toMatchObject({ ok: false, error: { messageKey: 'errors.importHasErrors' } })
    expect(snapshot(t)).toEqual(before)
    // Skipping is allowed: the duplicate is reported with its owner only, and nothing is written.
    expect(await zhang.ok('customers.importCommit', { ...input, duplicateMode: 'skip' })).toEqual({ created: 0, updated: 0, skipped: 1, contacts: 0 })
  })

  it("a salesperson cannot export, vCard-export or print another's customers", async () => {
    const { t, admin } = await company()
    const { client: zhang, id: zhangId } = await userWithRole(t, admin, 'zhang', 'salesperson')
    const { id: wangId } = await userWithRole(t, admin, 'wang', 'salesperson')
    const mine = insertCustomer(t, { name: '张的客户', ownerId: zhangId })
    const theirs = insertCustomer(t, { name: '王的客户', ownerId: wangId })
    addContact(t, mine, zhangId, { name: '张联系人', mobile: '13800000001', isPrimary: true })
    addContact(t, theirs, wangId, { name: '王联系人', mobile: '13800000002', isPrimary: true })
    expect(await zhang.call('customers.export', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { permission: 'customers.export' } } })
    await grant(admin, 'salesperson', ['customers.export'])
    const csv = bytesOf(await zhang.ok('customers.export', { format: 'csv', filters: {} })).toString('utf8')
    expect(csv).toContain('张的客户')
    expect(csv).not.toContain('王的客户')
    expect(await zhang.call('customers.exportVcard', { ids: [theirs] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await zhang.call('customers.printHtml', { ids: [mine, theirs], kind: 'addressList' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await zhang.call('customers.printPdf', { ids: [theirs], kind: 'labels' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const vcf = bytesOf(await zhang.ok('customers.exportVcard', {})).toString('utf8')
    expect(parseVcards(Buffer.from(vcf)).map((c) => c.name)).toEqual(['张联系人'])
    const html = (await zhang.ok('customers.printHtml', { kind: 'phoneList' })).html
    expect(html).toContain('张联系人')
    expect(html).not.toContain('王')
  })
})

describe('export', () => {
  async function richData() {
    const ctx = await company()
    ctx.t.app.mutation({ userId: ctx.adminId }, (w) => w.insert(customerFields, { key: 'scale', label: '企业规模', type: 'option', options: ['小型', '中型', '大型'], sort: 0 }))
    const csv = ['客户名称,统一社会信用代码,级别,分类,行业,来源,省份,城市,地址,电话,网址,标签,状态,备注,联系人,职务,手机,联系人电话,邮箱,微信,生日,企业规模',
      '北京莱邦科技有限公司,91440300MA5F3LQ4AA,A,代理商,软件,展会,北京市,北京市,"海淀区中关村大街1号, 18层",010-88886666,www.laibang.cn,重点、华北,活跃,"多行""引号""\n备注",张伟,经理,13800138000,010-88886667,zw@laibang.cn,zw_wx,1985-06-15,中型',
      '北京莱邦科技有限公司,91440300MA5F3LQ4AA,A,代理商,软件,展会,北京市,北京市,"海淀区中关村大街1号, 18层",010-88886666,www.laibang.cn,重点、华北,活跃,"多行""引号""\n备注",李娜,,13900139000,,,,,中型',
      '=危险公司,,C,,,,,,,,,,流失,,,,,,,,,小型'].join('\r\n')
    await ctx.admin.ok('customers.importCommit', { fileName: 'seed.csv', contentBase64: b64(csv) })
    return ctx
  }

  it.each(['csv', 'xlsx'] as const)('round-trips through %s: export then import gives the same data', async (format) => {
    const { t, admin } = await richData()
    const original = snapshot(t)
    expect(original).toHaveLength(2)
    const file = await admin.ok('customers.export', { format, contacts: 'all' })
    expect(file.fileName.endsWith(`.${format}`)).toBe(true)
    if (format === 'csv') expect([...bytesOf(file).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    t.close()
    const fresh = await company()
    fresh.t.app.mutation({ userId: fresh.adminId }, (w) => w.insert(customerFields, { key: 'scale', label: '企业规模', type: 'option', options: ['小型', '中型', '大型'], sort: 0 }))
    const preview = await fresh.admin.ok('customers.importPreview', { fileName: file.fileName, contentBase64: file.contentBase64 })
    expect(preview.mapping).toMatchObject({ 企业规模: 'custom.scale', 负责人: '' })
    expect(preview.totals).toMatchObject({ customers: 2, contacts: 2, error: 0 })
    await fresh.admin.ok('customers.importCommit', { fileName: file.fileName, contentBase64: file.contentBase64 })
    expect(snapshot(fresh.t)).toEqual(original)
  })

  it('exports the primary contact per customer by default, with the owner and Chinese headers', async () => {
    const { admin } = await richData()
    const rows = await readXlsx(bytesOf(await admin.ok('customers.export', { format: 'xlsx' })))
    expect(rows[0]!.slice(0, 3)).toEqual(['客户名称', '统一社会信用代码', '级别'])
    expect(rows[0]!.slice(-2)).toEqual(['企业规模', '负责人'])
    expect(rows).toHaveLength(3)
    const bj = rows.find((r) => r[0] === '北京莱邦科技有限公司')!
    expect(bj[14]).toBe('张伟')
    expect(bj.at(-1)).toBe('管理员')
  })

  it('exports the list view: its filters and its sort', async () => {
    const { t, admin, adminId } = await company()
    for (const [name, level] of [['丙公司', 'A'], ['甲公司', 'B'], ['乙公司', 'A']] as const) insertCustomer(t, { name, ownerId: adminId, level })
    const view = { filters: { level: ['A'] }, sort: { field: 'name' as const, dir: 'asc' as const } }
    const file = await admin.ok('customers.export', { format: 'csv', ...view })
    const table = await readImportTable('x.csv', bytesOf(file))
    const list = await admin.ok('customers.list', { ...view, limit: 50 })
    expect(table.rows.map((r) => r.cells[0])).toEqual(list.items.map((c) => c.name))
    expect(table.rows.map((r) => r.cells[0]).sort()).toEqual(['丙公司', '乙公司'].sort())
  })

  it('offers import templates as CSV with BOM and .xlsx with Chinese headers and notes', async () => {
    const { admin } = await company()
    const csv = await admin.ok('customers.importTemplate', { format: 'csv' })
    expect([...bytesOf(csv).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const table = await readImportTable(csv.fileName, bytesOf(csv))
    expect(table.columns).toContain('客户名称')
    expect(table.columns).not.toContain('负责人')
    const xlsx = await admin.ok('customers.importTemplate', { format: 'xlsx' })
    const preview = await admin.ok('customers.importPreview', { fileName: xlsx.fileName, contentBase64: xlsx.contentBase64 })
    expect(Object.values(preview.mapping).every((v) => v !== '')).toBe(true)
  })
})

describe('vCard', () => {
  it.each(['3.0', '4.0'] as const)('exports contacts as vCard %s and imports them back into customers by ORG', async (version) => {
    const { t, admin, adminId } = await company()
    const id = insertCustomer(t, { name: '北京莱邦科技有限公司', ownerId: adminId })
    t.app.mutation({ userId: adminId }, (w) => {
      w.update(customers, id, { province: '北京市', city: '北京市', address: '海淀区中关村大街1号' })
      w.insert(contacts, { customerId: id, name: '欧阳娜娜', title: '总监', mobile: '13600136000', phone: '010-88886666', email: 'nana@laibang.cn', wechat: 'nana', birthday: '1990-03-01', isPrimary: true })
      w.insert(contacts, { customerId: id, name: '张伟', mobile: '13800138000', isPrimary: false })
    })
    const file = await admin.ok('customers.exportVcard', { ids: [id], version })
    const text = bytesOf(file).toString('utf8')
    expect(text).toContain(`VERSION:${version}`)
    expect(text).toContain('FN:欧阳娜娜')
    expect(text).toContain('N:欧阳;娜娜;;;')
    const original = snapshot(t)
    t.close()
    const fresh = await company()
    expect(await fresh.admin.ok('customers.importVcard', { fileName: file.fileName, contentBase64: file.contentBase64 })).toEqual({ created: 1, updated: 0, skipped: 0, contacts: 2 })
    expect(snapshot(fresh.t)).toEqual(original)
    // Importing the same file again adds nobody twice.
    expect(await fresh.admin.ok('customers.importVcard', { fileName: file.fileName, contentBase64: file.contentBase64 })).toEqual({ created: 0, updated: 1, skipped: 0, contacts: 0 })
  })

  it('imports folded 3.0, quoted-printable 2.1 and 4.0 files into a given customer, with Chinese names', async () => {
    const { t, admin, adminId } = await company()
    const id = insertCustomer(t, { name: '目标客户', ownerId: adminId })
    const r3 = await admin.ok('customers.importVcard', { fileName: 'a.vcf', contentBase64: b64(fixture('contacts-v3.vcf')), customerId: id })
    const r4 = await admin.ok('customers.importVcard', { fileName: 'b.vcf', contentBase64: b64(fixture('contacts-v4.vcf')), customerId: id })
    expect([r3.contacts, r4.contacts]).toEqual([3, 1])
    expect(snapshot(t)).toMatchObject([{ name: '目标客户', contacts: [{ name: '张伟', title: '采购部经理', birthday: '1985-06-15', isPrimary: true }, { name: '李娜', wechat: 'lina_wx' }, { name: '欧阳娜娜' }, { name: '王芳', mobile: '13700137000' }] }])
    expect(await admin.call('customers.importVcard', { fileName: 'e.vcf', contentBase64: b64('hello') })).toMatchObject({ ok: false, error: { messageKey: 'errors.vcardEmpty' } })
  })

  it("does not let a salesperson put contacts into another's customer", async () => {
    const { t, admin } = await company()
    const { client: zhang } = await userWithRole(t, admin, 'zhang', 'salesperson')
    const { id: wangId } = await userWithRole(t, admin, 'wang', 'salesperson')
    const theirs = insertCustomer(t, { name: '王的客户', ownerId: wangId })
    expect(await zhang.call('customers.importVcard', { fileName: 'a.vcf', contentBase64: b64(fixture('contacts-v4.vcf')), customerId: theirs })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(snapshot(t)).toMatchObject([{ contacts: [] }])
  })
})

describe('printing', () => {
  async function withCustomers(n: number) {
    const ctx = await company()
    const ids: string[] = []
    ctx.t.app.mutation({ userId: ctx.adminId }, (w) => {
      for (let i = 1; i <= n; i++) {
        const c = w.insert(customers, { name: `客户${String(i).padStart(2, '0')}<script>`, nameNorm: '', pinyin: '', ownerId: ctx.adminId, province: '北京市', address: `中关村${i}号` })
        w.insert(contacts, { customerId: c.id, name: `联系人${i}`, mobile: `138000000${String(i).padStart(2, '0')}`, isPrimary: true })
        ids.push(c.id)
      }
    })
    return { ...ctx, ids }
  }

  it('prints 14 labels per A4 sheet for the selection, escaped', async () => {
    const { admin, ids } = await withCustomers(20)
    const { html, count } = await admin.ok('customers.printHtml', { ids, kind: 'labels' })
    expect(count).toBe(20)
    const sheets = html.split('<section class="sheet">').slice(1)
    expect(sheets.map((s) => s.split('<div class="label">').length - 1)).toEqual([14, 6])
    expect(html).toContain('客户01&lt;script&gt;')
    expect(html).not.toContain('<script>')
    const sub = await admin.ok('customers.printHtml', { ids: ids.slice(0, 2), kind: 'addressList', lang: 'en' })
    expect(sub.count).toBe(2)
    expect(sub.html).toContain('<th>Customer</th>')
    expect(sub.html).toContain('联系人1')
    expect(sub.html).not.toContain('联系人3')
  })

  it('answers printUnavailable without a PDF renderer (browser mode prints the HTML itself)', async () => {
    const { admin, ids } = await withCustomers(1)
    expect(await admin.call('customers.printPdf', { ids, kind: 'addressList' })).toEqual({ ok: false, error: { code: 'CONFLICT', messageKey: 'errors.printUnavailable' } })
  })
})
