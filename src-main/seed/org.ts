import { randomBytes } from 'node:crypto'
import { BUILTIN_ROLES, DEFAULT_ROLES } from '../../src-preload/contracts/permissions'
import { hashPassword, type PasswordCost } from '../modules/auth/password'
import { DEFAULT_LEVELS, derivedId } from '../modules/customers/customer-settings.service'
import type { SeedContext } from './bulk'
import { GIVEN, REGIONS, SURNAMES, SURNAMES_COMMON } from './vocab'
import type { Rng } from './rng'

export interface SeedUser { id: string; username: string; displayName: string; role: string }
export interface Org {
  adminId: string
  users: SeedUser[]
  /** Salespeople per office (index of REGIONS). */
  salesByOffice: string[][]
  /** Every salesperson and manager who may own customers. */
  allSales: string[]
  logins: { username: string; password: string; role: string }[]
}

export interface OrgOptions {
  /** Fresh database: company, roles and an administrator are created (as first-run setup does). */
  fresh: boolean
  companyName: string
  adminUsername: string
  adminPassword: string
  /** Password of every other generated user; null = a random one nobody knows (demo in the app). */
  userPassword: string | null
  salespeople: number
}

export interface OrgHashes { admin: string | null; user: string }

/** Password hashes first (scrypt is async), so the writing itself can be one transaction. */
export async function orgHashes(o: Pick<OrgOptions, 'fresh' | 'adminPassword' | 'userPassword'>, cost?: PasswordCost): Promise<OrgHashes> {
  return {
    admin: o.fresh ? await hashPassword(o.adminPassword, cost) : null,
    user: await hashPassword(o.userPassword ?? randomBytes(24).toString('base64'), cost),
  }
}

export function personName(r: Rng): string {
  const surname = r.chance(0.5) ? r.char(SURNAMES_COMMON) : r.chance(0.03) ? '欧阳' : r.char(SURNAMES.replace('欧阳', ''))
  return surname + r.char(GIVEN) + (r.chance(0.6) ? r.char(GIVEN) : '')
}

/**
 * The organisation: departments (销售部 with one team per office, 市场部, 财务部, 仓储部, 客服部),
 * offices (办事处) by region, and users with the built-in roles: a general manager, a marketing
 * director, one sales manager per office with salespeople reporting to them, and clerks.
 */
export function seedOrg(ctx: SeedContext, o: OrgOptions, hashes: OrgHashes): Org {
  const r = ctx.rng('org')
  const at = ctx.baseTime - 4 * 365 * 86_400_000
  const sqlite = ctx.sqlite
  let tick = 0
  const nextId = () => ctx.id(at + tick++, r)
  const adminHash = hashes.admin
  const userHash = hashes.user

  let adminId: string
  let rootDept: string
  const roleIds = new Map<string, string>()
  if (o.fresh) {
    adminId = nextId()
    ctx.insert('company', { ...ctx.base(nextId(), at, adminId), name: o.companyName })
    rootDept = nextId()
    ctx.insert('departments', { ...ctx.base(rootDept, at, adminId), name: o.companyName, parent_id: null, sort: 0 })
    for (const code of BUILTIN_ROLES) {
      const id = nextId()
      roleIds.set(code, id)
      ctx.insert('roles', { ...ctx.base(id, at, adminId), code, name: code, permissions: JSON.stringify(DEFAULT_ROLES[code].permissions), scopes: JSON.stringify(DEFAULT_ROLES[code].scopes) })
    }
    ctx.insert('users', { ...ctx.base(adminId, at, adminId), username: o.adminUsername, display_name: '系统管理员', email: null, phone: null, title: 'IT', role_id: roleIds.get('administrator')!, department_id: rootDept, office_id: null, manager_id: null, disabled: 0 })
    ctx.insert('user_credentials', { ...ctx.base(nextId(), at, adminId), user_id: adminId, password_hash: adminHash })
  } else {
    // The company exists (first-run setup): attach the demo organisation under its root.
    adminId = (sqlite.prepare(`SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id WHERE r.code = 'administrator' AND u.deleted_at IS NULL ORDER BY u.created_at LIMIT 1`).pluck().get() as string | undefined) ?? ''
    rootDept = (sqlite.prepare(`SELECT id FROM departments WHERE parent_id IS NULL AND deleted_at IS NULL ORDER BY created_at LIMIT 1`).pluck().get() as string | undefined) ?? ''
    for (const row of sqlite.prepare(`SELECT id, code FROM roles WHERE code IS NOT NULL AND deleted_at IS NULL`).all() as { id: string; code: string }[]) roleIds.set(row.code, row.id)
  }
  if ((sqlite.prepare('SELECT count(*) FROM customer_levels').pluck().get() as number) === 0) {
    // Configuration, not demo records: the same rows the app seeds on first use (derived ids).
    for (const l of DEFAULT_LEVELS) {
      ctx.insert('customer_levels', { ...ctx.base(derivedId(`customer_level:${l.code}`), at, adminId), code: l.code, name: l.name, sort: l.sort, pool_days: l.poolDays }, false)
    }
  }

  const dept = (name: string, parentId: string, sort: number) => {
    const id = nextId()
    ctx.insert('departments', { ...ctx.base(id, at, adminId), name, parent_id: parentId, sort })
    return id
  }
  const users: SeedUser[] = []
  const logins: Org['logins'] = []
  const usedNames = new Set<string>()
  const addUser = (username: string, role: string, departmentId: string, officeId: string | null, managerId: string | null, title: string) => {
    let displayName = personName(r)
    while (usedNames.has(displayName)) displayName = personName(r)
    usedNames.add(displayName)
    const id = nextId()
    ctx.insert('users', {
      ...ctx.base(id, at, adminId), username, display_name: displayName, email: `${username}@laibang.example`, phone: `1${r.char('3589')}${r.digits(9)}`,
      title, role_id: roleIds.get(role) ?? roleIds.get('salesperson')!, department_id: departmentId, office_id: officeId, manager_id: managerId, disabled: 0,
    })
    ctx.insert('user_credentials', { ...ctx.base(nextId(), at, adminId), user_id: id, password_hash: userHash })
    users.push({ id, username, displayName, role })
    if (o.userPassword) logins.push({ username, password: o.userPassword, role })
    return id
  }
  // Demo users get their own prefix so they never clash with real accounts.
  const u = (name: string) => (o.fresh ? name : `demo_${name}`)
  const sales = dept(o.fresh ? '销售部' : '销售部（演示）', rootDept, 10)
  const marketing = dept('市场部', rootDept, 20)
  const finance = dept('财务部', rootDept, 30)
  const warehouse = dept('仓储物流部', rootDept, 40)
  const service = dept('客户服务部', rootDept, 50)
  const gm = addUser(u('gm'), 'general_manager', rootDept, null, null, '总经理')
  addUser(u('director'), 'marketing_director', marketing, null, gm, '市场总监')
  addUser(u('finance'), 'finance_clerk', finance, null, gm, '会计')
  addUser(u('warehouse'), 'warehouse_clerk', warehouse, null, gm, '仓管员')
  addUser(u('service'), 'service_agent', service, null, gm, '客服专员')

  const salesByOffice: string[][] = []
  const allSales: string[] = []
  let n = 0
  for (const [i, reg] of REGIONS.entries()) {
    const officeId = nextId()
    const team = dept(`${reg.region}${reg.office.replace('办事处', '')}销售组`, sales, i + 1)
    ctx.insert('offices', { ...ctx.base(officeId, at, adminId), name: reg.office, region: reg.region, department_id: team })
    const manager = addUser(u(`manager${i + 1}`), 'sales_manager', team, officeId, gm, '销售经理')
    const people = [manager]
    const count = Math.max(1, Math.round(o.salespeople / REGIONS.length))
    for (let k = 0; k < count; k++) people.push(addUser(u(`sales${String(++n).padStart(3, '0')}`), 'salesperson', team, officeId, manager, r.pick(['销售代表', '客户经理', '销售工程师'])))
    salesByOffice.push(people)
    allSales.push(...people)
  }
  if (o.fresh) logins.unshift({ username: o.adminUsername, password: o.adminPassword, role: 'administrator' })
  return { adminId, users, salesByOffice, allSales, logins }
}
