import { describe, expect, it } from 'vitest'
import '../../modules/index'
import { ledgerTypes, upgradeMessage, validateSource } from '../validate'

type Doc = Record<string, unknown> & { _id: string }
type Validate = (newDoc: Doc, oldDoc: Doc | null, userCtx: { db: string; name: string | null; roles: string[] }, secObj: unknown) => void

/** The very text CouchDB gets, evaluated as CouchDB does: a function expression. */
function compile(min = '0.2.0'): Validate {
  return new Function(`return (${validateSource({ minAppVersion: min })})`)() as Validate
}
const validate = compile()

const A = '0190a1b2-0000-7000-8000-00000000000a'
const B = '0190a1b2-0000-7000-8000-00000000000b'
const dbA = `lb_u_${A}`
const sec = (roles: string[]) => ({ admins: { names: [], roles: [] }, members: { names: [], roles } })
const userDbSec = (id: string) => sec([`lb_user_${id}`, `lb_reads_${id}`, 'lb_reads_all', 'lb_agent'])
const user = (id: string, db: string, extra: string[] = []) => ({ db, name: `u-${id.slice(-1)}`, roles: ['lb_member', `lb_user_${id}`, ...extra] })

function cust(owner: string | null, fields: Record<string, unknown> = {}, lb: Record<string, unknown> = {}): Doc {
  return { _id: 'customer:c1', name: '客户', ownerId: owner, ...fields, lb: { type: 'customer', schema: 12, hlc: 'h', fieldHlc: {}, device: 'd', mutation: null, appVersion: '0.2.0', owner, ...lb } }
}
function run(newDoc: Doc, oldDoc: Doc | null, ctx: ReturnType<typeof user>, secObj = userDbSec(A)): string | null {
  try {
    validate(newDoc, oldDoc, ctx, secObj)
    return null
  } catch (e) {
    const err = e as { forbidden?: string; unauthorized?: string }
    if (err.forbidden === undefined && err.unauthorized === undefined) throw e
    return err.forbidden ?? err.unauthorized ?? ''
  }
}

describe('validate_doc_update (the source installed on the server)', () => {
  it('is plain ES5 text with the constants inlined', () => {
    const src = validateSource({ minAppVersion: '1.2.3' })
    expect(src.startsWith('function (newDoc, oldDoc, userCtx, secObj)')).toBe(true)
    expect(src).not.toMatch(/=>|\blet\b|\bconst\b|`|__LB_CONSTANTS__/)
    expect(src).toContain('"minAppVersion":"1.2.3"')
    expect(ledgerTypes()).toEqual(expect.arrayContaining(['activity', 'customer_transfer']))
  })

  it('lets server admins and the agent do anything', () => {
    expect(run(cust(B), null, { db: dbA, name: 'admin', roles: ['_admin'] })).toBeNull()
    expect(run({ _id: 'x', _deleted: true }, cust(A), { db: dbA, name: 'agent', roles: ['lb_agent'] })).toBeNull()
  })

  it('a user database: the owner and members write documents routed there; nobody else, nothing else', () => {
    expect(run(cust(A), null, user(A, dbA))).toBeNull()
    expect(run(cust(A, { city: '上海' }), cust(A), user(B, dbA, [`lb_reads_${A}`]))).toBeNull() // a manager covering A
    expect(run(cust(A, { city: '上海' }), cust(A), user(B, dbA))).toMatch(/not allowed to write to lb_u_/)
    expect(run(cust(B), null, user(A, dbA))).toMatch(/belongs in lb_u_0190a1b2-0000-7000-8000-00000000000b/)
    expect(run(cust(A, {}, { owner: A }), null, user(A, dbA))).toBeNull()
    expect(run({ ...cust(A), ownerId: B }, null, user(A, dbA))).toMatch(/owner does not match/)
    expect(run({ _id: 'x', a: 1 }, null, user(A, dbA))).toMatch(/not a LaiBang document/)
    expect(run({ _id: 'x', lb: { type: 'customer' } }, null, { db: dbA, name: 'stranger', roles: [] }, sec([]))).toMatch(/not a LaiBang user/)
    expect(run({ _id: '_design/laibang' }, null, user(A, dbA))).toMatch(/design documents/)
  })

  it('a reassigned customer: the old owner cannot write it into the new owner\'s database, nor (without the assign right) hand it off', () => {
    // The stored revision says B now; A's stale edit on top of it still says A.
    expect(run(cust(A, { city: '天津' }), cust(B), user(A, dbA))).toMatch(/belongs in lb_u_|not allowed/)
    // Hand-off: the stored version lives here, the new one routes to B's database.
    expect(run(cust(B), cust(A), user(A, dbA))).toMatch(/belongs in lb_u_/)
    expect(run(cust(B), cust(A), user(A, dbA, ['lb_assign']))).toBeNull()
    expect(run(cust(B), null, user(A, dbA, ['lb_assign']))).toMatch(/belongs in/)
  })

  it('lb_company: members read, only administrators write', () => {
    const role = { _id: 'role:r1', name: '销售', lb: { type: 'role', schema: 1, hlc: 'h', fieldHlc: {}, appVersion: '0.2.0' } }
    const companySec = sec(['lb_member', 'lb_agent'])
    expect(run(role, null, user(A, 'lb_company'), companySec)).toMatch(/only administrators may change company data/)
    expect(run(role, null, user(A, 'lb_company', ['lb_admin']), companySec)).toBeNull()
    // A customer never goes to lb_company.
    expect(run(cust(A), null, user(A, 'lb_company', ['lb_admin']), companySec)).toMatch(/belongs in lb_u_/)
  })

  it('ledger documents never change once stored; an identical write is allowed', () => {
    const t = (reason: string): Doc => ({ _id: 'customer_transfer:t1', customerId: 'c1', reason, lb: { type: 'customer_transfer', schema: 1, hlc: 'h', fieldHlc: {}, appVersion: '0.2.0', owner: A } })
    expect(run(t('调整'), null, user(A, dbA))).toBeNull()
    expect(run(t('改过了'), t('调整'), user(A, dbA))).toMatch(/ledger records cannot be changed/)
    expect(run(t('调整'), t('调整'), user(A, dbA))).toBeNull()
    expect(run({ _id: 'customer_transfer:t1', _deleted: true }, t('调整'), user(A, dbA))).toMatch(/ledger/)
  })

  it('refuses an app older than the minimum with the upgrade message, but lets it write back what the server holds', () => {
    const old = cust(A, {}, { appVersion: '0.1.9' })
    expect(run(cust(A, { city: '北京' }, { appVersion: '0.1.9' }), cust(A), user(A, dbA))).toBe(upgradeMessage('0.2.0'))
    expect(run(cust(A, {}, { appVersion: '0.10.0' }), null, user(A, dbA))).toBeNull() // numeric, not string, comparison
    expect(run(cust(A, {}, { appVersion: undefined }), null, user(A, dbA))).toBe(upgradeMessage('0.2.0'))
    expect(run(old, cust(A), user(A, dbA))).toBeNull() // same business fields: a revert
    expect(upgradeMessage('0.2.0')).toBe('请升级 LaiBang 到 0.2.0 或更高版本 / Please upgrade LaiBang to 0.2.0 or later')
  })

  it('deletions: losing branches of documents the writer could write; never on top of nothing the writer may touch', () => {
    const del: Doc = { _id: 'customer:c1', _deleted: true }
    // CouchDB passes the revision the tombstone descends from (the branch being deleted).
    expect(run(del, cust(A), user(A, dbA))).toBeNull()
    expect(run(del, null, user(A, dbA))).toBeNull() // the server holds nothing live: only a tombstone is stored
    expect(run(del, { ...cust(A), _deleted: true }, user(A, dbA))).toBeNull()
    const role = { _id: 'role:r1', lb: { type: 'role', schema: 1, hlc: 'h', fieldHlc: {}, appVersion: '0.2.0' } }
    expect(run({ _id: 'role:r1', _deleted: true }, role, user(A, 'lb_company'), sec(['lb_member']))).toMatch(/not allowed to delete/)
    expect(run({ _id: 'role:r1', _deleted: true }, role, user(A, 'lb_company', ['lb_admin']), sec(['lb_member']))).toBeNull()
  })

  it('a document the agent moved away is not brought back by a write on top of its tombstone', () => {
    const moved: Doc = { _id: 'customer:c1', _deleted: true, lb: { type: 'customer', owner: A, moved: `lb_u_${B}` } }
    expect(run(cust(A, { city: '天津' }), moved, user(A, dbA))).toMatch(/reassigned to someone else/)
    expect(run({ _id: 'customer:c1', _deleted: true }, moved, user(A, dbA))).toBeNull()
    // A plain tombstone (a deleted conflict branch) is not a move.
    expect(run(cust(A), { _id: 'customer:c1', _deleted: true }, user(A, dbA))).toBeNull()
  })

  it('lb_pool: members write pool customers; a claim only by its claimer', () => {
    const poolSec = sec(['lb_pool', 'lb_agent'])
    const claim = (claimer: string): Doc => ({ _id: 'pool_claim:k1', customerId: 'c1', claimerId: claimer, lb: { type: 'pool_claim', schema: 1, hlc: 'h', fieldHlc: {}, appVersion: '0.2.0', owner: null } })
    expect(run(cust(null), null, user(A, 'lb_pool', ['lb_pool']), poolSec)).toBeNull()
    expect(run(claim(A), null, user(A, 'lb_pool', ['lb_pool']), poolSec)).toBeNull()
    expect(run(claim(B), null, user(A, 'lb_pool', ['lb_pool']), poolSec)).toMatch(/not allowed to change/)
    expect(run({ ...claim(A), status: 'won' }, claim(B), user(A, 'lb_pool', ['lb_pool']), poolSec)).toMatch(/not allowed to change/)
    expect(run(cust(null), null, user(A, 'lb_pool'), poolSec)).toMatch(/not allowed to write to lb_pool/)
    // A pool customer's contact goes to lb_pool_hidden, not lb_pool.
    const contact: Doc = { _id: 'contact:p1', customerId: 'c1', lb: { type: 'contact', schema: 1, hlc: 'h', fieldHlc: {}, appVersion: '0.2.0', owner: null } }
    expect(run(contact, null, user(A, 'lb_pool', ['lb_pool']), poolSec)).toMatch(/belongs in lb_pool_hidden/)
  })
})
