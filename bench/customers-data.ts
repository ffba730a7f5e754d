/**
 * Deterministic generator of realistic Chinese customer records for the customers benchmark:
 * company names built like real ones (city + trade name + industry + legal form), contacts
 * with common surnames, mobiles and landlines with area codes.
 */

const CITIES: [string, string, string][] = [
  ['浙江', '杭州', '0571'], ['浙江', '宁波', '0574'], ['浙江', '温州', '0577'], ['江苏', '南京', '025'], ['江苏', '苏州', '0512'],
  ['江苏', '无锡', '0510'], ['广东', '广州', '020'], ['广东', '深圳', '0755'], ['广东', '东莞', '0769'], ['广东', '佛山', '0757'],
  ['北京', '北京', '010'], ['上海', '上海', '021'], ['天津', '天津', '022'], ['重庆', '重庆', '023'], ['四川', '成都', '028'],
  ['湖北', '武汉', '027'], ['湖南', '长沙', '0731'], ['山东', '济南', '0531'], ['山东', '青岛', '0532'], ['河南', '郑州', '0371'],
  ['福建', '厦门', '0592'], ['福建', '福州', '0591'], ['陕西', '西安', '029'], ['安徽', '合肥', '0551'], ['河北', '石家庄', '0311'],
  ['辽宁', '沈阳', '024'], ['辽宁', '大连', '0411'], ['吉林', '长春', '0431'], ['黑龙江', '哈尔滨', '0451'], ['云南', '昆明', '0871'],
]
const TRADE_CHARS = '华鑫源盛泰达宏兴隆昌恒瑞丰德嘉信诚益通利和润祥安康永新金海天宇博远峰晨辉明阳光正德创联合众方圆立邦莱科美佳优汇'
const INDUSTRIES = ['科技', '贸易', '机械', '电子', '食品', '建材', '物流', '服饰', '医疗器械', '信息技术', '网络科技', '环保科技', '化工', '印刷',
  '包装材料', '餐饮管理', '家具', '汽车配件', '五金', '照明', '纺织', '文化传媒', '教育咨询', '建筑工程', '生物科技', '新材料', '智能装备', '农业发展']
const FORMS = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司', '商贸有限公司', '实业有限公司', '商行', '厂']
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉林鹏飞晓东海燕婷雪梅亮斌宇浩凯'
const TITLES = ['总经理', '采购经理', '财务', '采购', '经理', '董事长', '销售总监', '行政主管', '技术负责人', null]
export const LEVELS = ['A', 'B', 'B', 'C', 'C', 'C', 'D']
export const CATEGORIES = ['制造业', '批发零售', '信息技术', '建筑', '服务业', '餐饮', '教育', '医疗']
export const SOURCES = ['电话营销', '展会', '转介绍', '官网', '地推', '老客户']
export const STATUSES = ['potential', 'active', 'active', 'lost'] as const

/** Small seeded PRNG (mulberry32) so every run generates the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface GeneratedContact { name: string; title: string | null; mobile: string | null; phone: string | null; isPrimary: boolean }
export interface GeneratedCustomer {
  name: string; province: string; city: string; phone: string; level: string; category: string; source: string
  status: (typeof STATUSES)[number]; address: string; tags: string[]; contacts: GeneratedContact[]
}

export function customerGenerator(seed = 42): (i: number) => GeneratedCustomer {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(r() * xs.length)] as T
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('')
  const mobile = () => `1${pick('3456789')}${digits(9)}`
  return (i) => {
    const [province, city, area] = pick(CITIES)
    const trade = pick<string>(TRADE_CHARS) + pick<string>(TRADE_CHARS) + (r() < 0.2 ? pick<string>(TRADE_CHARS) : '')
    const withCity = r() < 0.6
    // The index keeps names unique enough that the duplicate check is meaningful.
    // Some names carry the region in brackets, as registered branch companies do: 华盛（杭州）科技有限公司.
    const name = i % 7 === 0 ? `${trade}（${city}）${pick(INDUSTRIES)}${pick(FORMS)}` : `${withCity ? city : ''}${trade}${pick(INDUSTRIES)}${pick(FORMS)}`
    const contactCount = r() < 0.15 ? 1 : r() < 0.85 ? 2 : 3
    const contacts: GeneratedContact[] = Array.from({ length: contactCount }, (_, k) => ({
      name: pick<string>(SURNAMES) + pick<string>(GIVEN) + (r() < 0.5 ? pick<string>(GIVEN) : ''),
      title: pick(TITLES), mobile: mobile(), phone: r() < 0.3 ? `${area}-${digits(8)}` : null, isPrimary: k === 0,
    }))
    return {
      name, province, city, phone: r() < 0.7 ? `${area}-${digits(8)}` : mobile(), level: pick(LEVELS), category: pick(CATEGORIES), source: pick(SOURCES),
      status: pick(STATUSES), address: `${province}省${city}市${pick(['高新区', '开发区', '经济区', '工业园'])}${1 + Math.floor(r() * 999)}号`,
      tags: r() < 0.3 ? [pick(['重点', 'VIP', '老客户', '招投标', '渠道'])] : [], contacts,
    }
  }
}

/** The SQLite handle the loader writes to (better-sqlite3's Database, structurally). */
interface BulkDb {
  prepare(sql: string): { run(...params: unknown[]): unknown }
  transaction(fn: () => void): () => void
}

export interface LoadOptions {
  count: number
  /** Owner ids to spread customers over; a share goes to the pool (owner null). */
  owners: string[]
  poolShare?: number
  now: number
  newId: (ms: number) => string
  derive: (name: string) => { nameNorm: string; pinyin: string }
}

/**
 * Bulk insert straight into the tables in one transaction with prepared statements (not through
 * the mutation wrapper: no audit or outbox for generated data), in creation order so rowids
 * follow ids. Search data is built afterwards in one pass (rebuildSearchIndex).
 */
export function loadCustomers(db: BulkDb, o: LoadOptions): { customers: number; contacts: number; ms: number } {
  const started = performance.now()
  const gen = customerGenerator(7)
  const r = rng(99)
  const insertCustomer = db.prepare(`INSERT INTO customers (id, created_at, created_by, updated_at, updated_by, hlc, field_hlc, owner_id, name, name_norm, pinyin,
    level, category, source, province, city, address, phone, tags, status, custom, last_followup_at, locked, won)
    VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, 0, 0)`)
  const insertContact = db.prepare(`INSERT INTO contacts (id, created_at, created_by, updated_at, updated_by, hlc, field_hlc, customer_id, name, title, mobile, phone, is_primary)
    VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?)`)
  const year = 365 * 86_400_000
  let contacts = 0
  db.transaction(() => {
    for (let i = 0; i < o.count; i++) {
      const c = gen(i)
      const createdAt = o.now - 2 * year + Math.floor((i / o.count) * year)
      const updatedAt = createdAt + Math.floor(r() * year)
      const owner = r() < (o.poolShare ?? 0.05) ? null : o.owners[Math.floor(r() * o.owners.length)]!
      const id = o.newId(createdAt)
      const hlc = `${createdAt.toString(36)}-0000-bench`
      const d = o.derive(c.name)
      insertCustomer.run(id, createdAt, owner, updatedAt, owner, hlc, owner, c.name, d.nameNorm, d.pinyin, c.level, c.category, c.source, c.province, c.city,
        c.address, c.phone, JSON.stringify(c.tags), c.status, r() < 0.7 ? updatedAt - Math.floor(r() * 30 * 86_400_000) : null)
      for (const p of c.contacts) {
        insertContact.run(o.newId(createdAt), createdAt, owner, createdAt, owner, hlc, id, p.name, p.title, p.mobile, p.phone, p.isPrimary ? 1 : 0)
        contacts++
      }
    }
  })()
  return { customers: o.count, contacts, ms: performance.now() - started }
}
