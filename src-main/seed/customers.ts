import { normalizeCompanyName, pinyinInitials } from '../modules/customers/search-keys'
import { byId, type SeedContext } from './bulk'
import { personName, type Org } from './org'
import type { Rng } from './rng'
import type { ScaleSpec } from './scales'
import { CITIES, CONTACT_TITLES, CUSTOMER_SOURCES, CUSTOMER_TAGS, FORMS, INDUSTRIES, LEVEL_WEIGHTS, REGIONS, TRADE_CHARS } from './vocab'

export const DAY = 86_400_000
export const YEAR = 365 * DAY

export interface SeedContact { id: string; name: string; title: string | null; mobile: string; phone: string | null; email: string | null; wechat: string | null; isPrimary: boolean; createdAt: number }
export interface SeedCustomer {
  id: string; createdAt: number; updatedAt: number; createdBy: string
  ownerId: string | null; previousOwnerId: string | null; releasedAt: number | null
  office: number; name: string; shortName: string; province: string; city: string; area: string; district: string
  level: string; category: string; industry: string; source: string; status: 'potential' | 'active' | 'lost'
  phone: string; creditCode: string | null; tags: string[]; contacts: SeedContact[]
  /** Filled by the follow-up and opportunity generators. */
  lastFollowupAt: number | null; won: boolean
}

const ROADS = ['人民路', '解放路', '中山路', '建设路', '科技路', '工业大道', '文一西路', '长江路', '和平路', '创业路', '高新大道', '金融街', '滨江大道']
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** 统一社会信用代码 with a valid GB 32100-2015 check character. */
export function creditCode(r: Rng): string {
  let s = '91' + r.pick(['3301', '3302', '3205', '3201', '4401', '4403', '1101', '3101', '5101', '4201']) + r.digits(2)
  for (let i = 0; i < 9; i++) s += r.char(USCC.slice(0, 30))
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(s[i]!) * USCC_WEIGHTS[i]!
  return s + USCC[(31 - (sum % 31)) % 31]
}

export const mobile = (r: Rng): string => `1${r.pick(['3', '3', '5', '5', '8', '8', '7', '9', '6'])}${r.digits(9)}`
/** Landline as written on business cards: area code, dash, 7–8 digits (8 in big cities). */
export const landline = (r: Rng, area: string): string => `${area}-${r.int(2, 8)}${r.digits(area.length === 3 ? 7 : r.chance(0.7) ? 7 : 6)}`
/** Mobiles as people type them: mostly plain, some grouped 3-4-4, a few with +86. */
const writtenMobile = (r: Rng): string => {
  const m = mobile(r)
  const x = r.next()
  return x < 0.85 ? m : x < 0.95 ? `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}` : `+86 ${m}`
}

function companyName(r: Rng, city: string): { name: string; shortName: string; industry: string; category: string } {
  const trade = r.char(TRADE_CHARS) + r.char(TRADE_CHARS) + (r.chance(0.25) ? r.char(TRADE_CHARS) : '')
  const [industry, category] = r.pick(INDUSTRIES)
  const form = r.pick(FORMS)
  const x = r.next()
  // 杭州华鑫科技有限公司 / 华鑫（杭州）科技有限公司 / 华鑫科技有限公司
  const name = x < 0.55 ? `${city}${trade}${industry}${form}` : x < 0.7 ? `${trade}（${city}）${industry}${form}` : `${trade}${industry}${form}`
  return { name, shortName: trade, industry, category }
}

/** Customers and their contacts, in creation order, spread over the history before the base time. */
export function planCustomers(ctx: SeedContext, spec: ScaleSpec, org: Org): SeedCustomer[] {
  const r = ctx.rng('customers')
  const start = ctx.baseTime - spec.years * YEAR
  const spacing = (spec.years * YEAR) / spec.customers
  const names = new Set<string>()
  const officeOf = new Map<string, number>()
  REGIONS.forEach((reg, i) => reg.provinces.forEach((p) => officeOf.set(p, i)))
  const levelWeights = LEVEL_WEIGHTS.map(([, w]) => w)
  const out: SeedCustomer[] = []
  for (let i = 0; i < spec.customers; i++) {
    const createdAt = Math.floor(start + i * spacing + r.next() * spacing * 0.5)
    const [province, city, area, districts] = r.pick(CITIES)
    let n = companyName(r, city)
    for (let tries = 0; names.has(n.name) && tries < 20; tries++) n = companyName(r, city)
    names.add(n.name)
    const office = officeOf.get(province) ?? 0
    const team = org.salesByOffice[office]!
    // Some salespeople hold many more customers than others.
    const owner = team[Math.floor(Math.pow(r.next(), 1.4) * team.length)]!
    const inPool = r.chance(spec.poolShare)
    const contactCount = r.int(1, Math.max(1, spec.contactsPerCustomer * 2 - 1))
    const contacts: SeedContact[] = []
    for (let k = 0; k < contactCount; k++) {
      contacts.push({
        id: ctx.id(createdAt + k + 1, r), name: personName(r), title: r.pick(CONTACT_TITLES) || null, mobile: writtenMobile(r),
        phone: r.chance(0.3) ? landline(r, area) : null, email: r.chance(0.25) ? `${r.pick(['sales', 'info', 'cg', 'caigou', 'admin', 'hr'])}${r.int(1, 99)}@${r.pick(['163.com', 'qq.com', '126.com', 'aliyun.com', 'sina.com'])}` : null,
        wechat: r.chance(0.4) ? `wx_${r.digits(8)}` : null, isPrimary: k === 0, createdAt: createdAt + k + 1,
      })
    }
    const status = r.pick(['potential', 'active', 'active', 'active', 'lost'] as const)
    const district = r.pick(districts.split(' '))
    out.push({
      id: ctx.id(createdAt, r), createdAt, updatedAt: createdAt, createdBy: owner,
      ownerId: inPool ? null : owner, previousOwnerId: inPool ? owner : null,
      releasedAt: inPool ? Math.floor(createdAt + r.next() * (ctx.baseTime - createdAt)) : null,
      office, name: n.name, shortName: n.shortName, province, city, area, district,
      level: LEVEL_WEIGHTS[r.weighted(levelWeights)]![0], category: n.category, industry: n.industry, source: r.pick(CUSTOMER_SOURCES), status,
      phone: r.chance(0.75) ? landline(r, area) : mobile(r), creditCode: r.chance(0.6) ? creditCode(r) : null,
      tags: r.chance(0.3) ? [...new Set([r.pick(CUSTOMER_TAGS), ...(r.chance(0.3) ? [r.pick(CUSTOMER_TAGS)] : [])])] : [],
      contacts, lastFollowupAt: null, won: false,
    })
    // Occasional edits after creation; follow-ups move updatedAt later (planActivity).
    out[out.length - 1]!.updatedAt = Math.floor(createdAt + Math.pow(r.next(), 3) * (ctx.baseTime - createdAt) * 0.5)
  }
  return out
}

/** Writes customers (with their derived columns) and contacts, in id order. */
export function writeCustomers(ctx: SeedContext, list: SeedCustomer[]): { customers: number; contacts: number } {
  const r = ctx.rng('customers-write')
  ctx.inBatches('customers', list, (c) => {
    const isCity = ['北京', '上海', '天津', '重庆'].includes(c.province)
    const address = `${isCity ? '' : `${c.province}省`}${c.city}市${c.district}${r.pick(ROADS)}${r.int(1, 999)}号${r.chance(0.4) ? `${r.int(1, 30)}楼` : ''}`
    const initials = pinyinInitials(c.name)[0] ?? ''
    ctx.insert('customers', [ctx.base(c.id, c.createdAt, c.createdBy, c.updatedAt), {
      owner_id: c.ownerId, name: c.name, name_norm: normalizeCompanyName(c.name), pinyin: initials,
      credit_code: c.creditCode, level: c.level, category: c.category, industry: c.industry, source: c.source, province: c.province, city: c.city,
      address, phone: c.phone, website: r.chance(0.2) ? `www.${initials.slice(0, 8) || 'lb'}${r.int(1, 99)}.com.cn` : null, tags: JSON.stringify(c.tags), status: c.won ? 'active' : c.status,
      notes: r.chance(0.15) ? r.pick(['月结30天', '需提前预约送货', '只接受增值税专用发票', '老板比较看重售后', '年底集中采购']) : null, custom: '{}',
      last_followup_at: c.lastFollowupAt, released_at: c.releasedAt, previous_owner_id: c.previousOwnerId, locked: 0, won: c.won ? 1 : 0,
    }])
  }, 10_000)
  const contacts = byId(list.flatMap((c) => c.contacts.map((p) => ({ id: p.id, p, customerId: c.id, by: c.createdBy }))))
  ctx.inBatches('contacts', contacts, ({ p, customerId, by }) => {
    ctx.insert('contacts', [ctx.base(p.id, p.createdAt, by), {
      customer_id: customerId, name: p.name, title: p.title, mobile: p.mobile, phone: p.phone,
      email: p.email, wechat: p.wechat, birthday: null, is_primary: p.isPrimary ? 1 : 0,
    }])
  })
  return { customers: list.length, contacts: contacts.length }
}
