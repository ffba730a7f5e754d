/**
 * Write-path benchmark (not a test): `npm run bench:write` or
 *   node --import tsx bench/write-path.bench.ts [--count 10000] [--rows 5000] [--repeat 3] [--tag before|after]
 *
 * 1. Import of `count` customers (1–3 contacts each, one CSV row per contact) through the
 *    contract (`customers.importCommit`: parse, plan, duplicate check, one mutation writing
 *    customers, contacts, audit_log, outbox, search index, timeline), on a fresh database.
 * 2. The mutation writer's cost per row, in one mutation of `rows` rows each: insert of a
 *    customer (derive + FTS/keys reindex + audit + outbox), update of one field of a customer,
 *    insert of a contact (reindexes its customer), insert into a table with no hooks (activities).
 * Each figure is the median of `repeat` runs (the machine is shared). Writes
 * bench/results/write-path-<date>[-<tag>].json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { createTestApp, setupCompany } from '../src-main/testing'
import { contacts, customers } from '../src-main/modules/customers/customers.table'
import { activities } from '../src-main/modules/timeline/timeline.table'
import { toCsvBytes } from '../src-main/modules/customers/import-parse'
import { customerGenerator } from './customers-data'
import { median } from './lib/timing'

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1]! : dflt
}
const COUNT = Number(arg('count', '10000'))
const ROWS = Number(arg('rows', '5000'))
const REPEAT = Number(arg('repeat', '3'))
const TAG = arg('tag', '')
const ONLY = arg('only', '')


// ── the CSV ──
const gen = customerGenerator(11)
const header = ['客户名称', '省份', '城市', '地址', '电话', '来源', '联系人', '职务', '手机', '联系电话']
const lines: string[][] = [header]
let contactRows = 0
for (let i = 0; i < COUNT; i++) {
  const c = gen(i)
  // A number keeps names distinct, so every customer is created (no duplicate decisions).
  const name = c.name.replace(/(有限公司|有限责任公司|股份有限公司|商行|厂)$/, `${i}号$1`)
  for (const p of c.contacts) {
    lines.push([name, c.province, c.city, c.address, c.phone, c.source, p.name, p.title ?? '', p.mobile ?? '', p.phone ?? ''])
    contactRows++
  }
}
const csv = Buffer.from(toCsvBytes(lines)).toString('base64')
const mapping = { 客户名称: 'name', 省份: 'province', 城市: 'city', 地址: 'address', 电话: 'phone', 来源: 'source', 联系人: 'contact.name', 职务: 'contact.title', 手机: 'contact.mobile', 联系电话: 'contact.phone' } as const
console.log(`CSV: ${COUNT} customers, ${contactRows} rows, ${Math.round(csv.length / 1024)} KiB base64`)

async function importOnce(): Promise<{ ms: number; created: number; contacts: number }> {
  const t = createTestApp()
  try {
    const admin = await setupCompany(t)
    const s = performance.now()
    const r = await admin.ok('customers.importCommit', { fileName: 'bench.csv', contentBase64: csv, mapping, duplicateMode: 'create' })
    return { ms: performance.now() - s, created: r.created, contacts: r.contacts }
  } finally {
    t.close()
  }
}

interface WriterFigures { customerInsertUs: number; customerUpdateUs: number; contactInsertUs: number; plainInsertUs: number }

async function writerOnce(): Promise<WriterFigures> {
  const t = createTestApp()
  try {
    await setupCompany(t)
    const m = t.app.mutation
    const g = customerGenerator(5)
    const drafts = Array.from({ length: ROWS }, (_, i) => g(i))
    let s = performance.now()
    const ids = m({ userId: null }, (w) => drafts.map((c, i) => w.insert(customers, {
      name: c.name.replace(/公司$/, `${i}公司`), nameNorm: '', pinyin: '', province: c.province, city: c.city, address: c.address, phone: c.phone,
      source: c.source, level: null, tags: c.tags, status: c.status, ownerId: null, custom: {},
    }).id))
    const customerInsertUs = ((performance.now() - s) * 1000) / ROWS
    s = performance.now()
    m({ userId: null }, (w) => { for (const [i, id] of ids.entries()) w.update(customers, id, { city: `城市${i}` }) })
    const customerUpdateUs = ((performance.now() - s) * 1000) / ROWS
    s = performance.now()
    m({ userId: null }, (w) => { for (const [i, id] of ids.entries()) w.insert(contacts, { customerId: id, name: drafts[i]!.contacts[0]!.name, mobile: drafts[i]!.contacts[0]!.mobile, isPrimary: true }) })
    const contactInsertUs = ((performance.now() - s) * 1000) / ROWS
    s = performance.now()
    m({ userId: null }, (w) => { for (let i = 0; i < ROWS; i++) w.insert(activities, { at: i, kind: 'bench', summaryKey: 'bench', params: { i } }) })
    const plainInsertUs = ((performance.now() - s) * 1000) / ROWS
    return { customerInsertUs, customerUpdateUs, contactInsertUs, plainInsertUs }
  } finally {
    t.close()
  }
}

const imports: number[] = []
let last = { created: 0, contacts: 0 }
const writers: WriterFigures[] = []
for (let r = 0; r < REPEAT; r++) {
  if (ONLY !== 'writer') {
    const i = await importOnce()
    imports.push(i.ms)
    last = i
    console.log(`import run ${r + 1}: ${Math.round(i.ms)} ms (${i.created} customers, ${i.contacts} contacts)`)
  }
  if (ONLY !== 'import') {
    const w = await writerOnce()
    writers.push(w)
    console.log(`writer run ${r + 1}: ${Object.entries(w).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`)
  }
}
const med = (k: keyof WriterFigures) => (writers.length ? Number(median(writers.map((w) => w[k])).toFixed(1)) : null)
const result = {
  date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverage: loadavg().map((x) => Number(x.toFixed(2))), repeat: REPEAT, tag: TAG || null,
  import: imports.length ? { customers: COUNT, csvRows: contactRows, created: last.created, contacts: last.contacts, runsMs: imports.map(Math.round), medianMs: Math.round(median(imports)), customersPerSec: Math.round(COUNT / (median(imports) / 1000)) } : null,
  writerPerRowUs: writers.length ? { rows: ROWS, customerInsert: med('customerInsertUs'), customerUpdate: med('customerUpdateUs'), contactInsert: med('contactInsertUs'), plainInsert: med('plainInsertUs') } : null,
}
console.log(JSON.stringify(result, null, 2))
mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
const out = new URL(`./results/write-path-${result.date.slice(0, 10)}${TAG ? `-${TAG}` : ''}.json`, import.meta.url)
writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
console.log(`wrote ${out.pathname}`)
