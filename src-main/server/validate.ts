import { allSyncedTables } from '../core/synced'
import { COMPANY_DB, COST_DB, COST_TYPES, COUCH_ROLES, POOL_DB, POOL_HIDDEN_DB, POOL_VISIBLE_TYPES, READER_TYPES, USER_DB_PREFIX, USER_ROLE_PREFIX } from '../sync/topology-names'

/**
 * The server's `validate_doc_update` (docs/SYNC.md, "Server rules"), installed as
 * `_design/laibang` in every LaiBang database by `npm run couch:setup`. CouchDB runs it in its
 * JavaScript engine (SpiderMonkey or QuickJS) for every write that is not by a server admin,
 * so it is plain ES5 kept here as source text (a compiled TypeScript function could carry
 * helpers the server does not have); constants are injected as JSON. Unit-tested by evaluating
 * this very text in Node (server/__tests__/validate.test.ts).
 *
 * What CouchDB passes: `newDoc` (with `_deleted: true` for a deletion), `oldDoc` = the stored
 * revision the new one descends from (for a replicated write the nearest ancestor on its own
 * branch that the server still has, NOT the current winner; null when there is none),
 * `userCtx` {db, name, roles}, `secObj` (the database's _security).
 *
 * Rules, in order:
 * 1. server admins (`_admin`) and the agent (`lb_agent`) may do anything;
 * 2. only LaiBang users (role `lb_user_<id>`) that are members of the database write at all;
 * 3. deletions: refused for ledger documents; nothing to check when the server holds no live
 *    ancestor; otherwise allowed when the writer could write that ancestor here (this is how
 *    devices delete losing conflict branches — CouchDB does not say whether the branch is
 *    losing, so a member can also delete a winner: soft deletes are the business delete, and
 *    the agent restores documents removed this way);
 * 4. a document the server moved out of this database (agent tombstone with `lb.moved`) is
 *    not brought back by a write on top of it;
 * 5. a write whose business fields and routing equal the stored revision's is allowed (a
 *    revert by "discard rejected"; also an outdated app re-sending what the server holds);
 * 6. the writing app must be at least the minimum version (set by couch:setup);
 * 7. ledger documents (customer_transfer, activity, every `ledger: true` table) never change;
 * 8. the document must belong here (`routeOf`, topology-names.ts; for approvals also a named
 *    approver's database, `homesOf`, where a writer may only add their own decision or update
 *    the instance's cached state, nothing else) — except a hand-off: the
 *    stored version lives here and the writer has `lb_assign` (customers.assign), the agent then
 *    moves it — and, for a customer, its `ownerId` must be its routing owner;
 * 9. per database: lb_company and lb_cost only administrators (`lb_admin`); lb_pool any member, a claim
 *    only by its claimer; lb_pool_hidden and lb_u_<id> any member (the owner and those whose
 *    scope covers the owner; _security says who).
 */
const SOURCE = `function (newDoc, oldDoc, userCtx, secObj) {
  var C = __LB_CONSTANTS__;
  var roles = (userCtx && userCtx.roles) || [];
  function has(r) { return roles.indexOf(r) !== -1; }
  if (has('_admin') || has(C.agentRole)) return;
  function deny(msg) { throw({ forbidden: msg }); }
  var db = String(userCtx.db || '');
  if (String(newDoc._id).indexOf('_design/') === 0) deny(C.msg.design);

  var me = null;
  for (var i = 0; i < roles.length; i++) {
    if (roles[i].indexOf(C.userRolePrefix) === 0) { me = roles[i].slice(C.userRolePrefix.length); break; }
  }
  if (!me) deny(C.msg.notUser);
  var members = (secObj && secObj.members) || {};
  var memberNames = members.names || [], memberRoles = members.roles || [];
  var member = memberNames.indexOf(userCtx.name) !== -1;
  for (var j = 0; j < memberRoles.length && !member; j++) if (has(memberRoles[j])) member = true;
  if (!member) deny(C.msg.notMember + db);

  function stable(v) {
    if (v === null || typeof v !== 'object') return JSON.stringify(v === undefined ? null : v);
    var out = [], k;
    if (Object.prototype.toString.call(v) === '[object Array]') {
      for (k = 0; k < v.length; k++) out.push(stable(v[k]));
      return '[' + out.join(',') + ']';
    }
    var keys = [];
    for (k in v) if (Object.prototype.hasOwnProperty.call(v, k)) keys.push(k);
    keys.sort();
    for (k = 0; k < keys.length; k++) out.push(JSON.stringify(keys[k]) + ':' + stable(v[keys[k]]));
    return '{' + out.join(',') + '}';
  }
  function body(d) {
    var o = {};
    for (var k in d) if (Object.prototype.hasOwnProperty.call(d, k) && k.charAt(0) !== '_' && k !== 'lb') o[k] = d[k];
    return stable(o);
  }
  function routeOf(d) {
    var lb = d.lb;
    if (!lb || typeof lb !== 'object' || !Object.prototype.hasOwnProperty.call(lb, 'owner')) return lb && C.costTypes.indexOf(lb.type) !== -1 ? C.costDb : C.companyDb;
    if (lb.owner === null) return C.poolTypes.indexOf(lb.type) !== -1 ? C.poolDb : C.poolHiddenDb;
    return C.userDbPrefix + String(lb.owner).toLowerCase();
  }
  function typeOf(d) { return d && d.lb && typeof d.lb.type === 'string' ? d.lb.type : null; }
  /** Every database the document belongs in: its route, then its readers' (approvals). */
  function homes(d) {
    var out = [routeOf(d)], lb = d && d.lb;
    if (!lb || C.readerTypes.indexOf(lb.type) === -1 || Object.prototype.toString.call(lb.readers) !== '[object Array]') return out;
    for (var i = 0; i < lb.readers.length; i++) {
      var r = lb.readers[i];
      if (typeof r !== 'string' || !/^[0-9a-fA-F-]{1,64}$/.test(r)) continue;
      var x = C.userDbPrefix + r.toLowerCase();
      if (out.indexOf(x) === -1) out.push(x);
    }
    return out;
  }
  /** Reader copies may only record the reader's own decision and the instance's cached state. */
  function readerChange(d, o) {
    var author = C.readerAuthor[typeOf(d)];
    if (author) return String(d[author] || '').toLowerCase() === me;
    if (!o) return false;
    var a = {}, b = {}, k;
    for (k in d) if (Object.prototype.hasOwnProperty.call(d, k) && k.charAt(0) !== '_' && k !== 'lb' && C.readerMutable.indexOf(k) === -1) a[k] = d[k];
    for (k in o) if (Object.prototype.hasOwnProperty.call(o, k) && k.charAt(0) !== '_' && k !== 'lb' && C.readerMutable.indexOf(k) === -1) b[k] = o[k];
    return stable(a) === stable(b) && stable(d.lb.readers || null) === stable(o.lb.readers || null) && d.lb.owner === o.lb.owner;
  }
  function version(v) {
    var m = /^(\\d+)\\.(\\d+)\\.(\\d+)/.exec(String(v || ''));
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  }
  function older(a, b) {
    var x = version(a), y = version(b);
    for (var n = 0; n < 3; n++) if (x[n] !== y[n]) return x[n] < y[n];
    return false;
  }
  /** May the writer have this document in this database? */
  function mayWrite(d) {
    if (homes(d).indexOf(db) === -1) return false;
    if (db === C.companyDb || db === C.costDb) return has(C.adminRole);
    if (db === C.poolDb) return typeOf(d) !== 'pool_claim' || d.claimerId === me;
    return true;
  }

  var old = oldDoc && !oldDoc._deleted ? oldDoc : null;
  var type = typeOf(newDoc) || typeOf(oldDoc);
  var ledger = C.ledgerTypes.indexOf(type) !== -1;

  if (newDoc._deleted === true) {
    if (ledger) deny(C.msg.ledger);
    if (!old) return;
    if (!mayWrite(old)) deny(C.msg.noDelete);
    return;
  }
  if (!newDoc.lb || typeof newDoc.lb.type !== 'string') deny(C.msg.notLaiBang);
  if (oldDoc && oldDoc._deleted && oldDoc.lb && typeof oldDoc.lb.moved === 'string') deny(C.msg.moved);
  if (old && typeOf(old) === newDoc.lb.type && routeOf(old) === routeOf(newDoc) && body(old) === body(newDoc)) return;
  if (older(newDoc.lb.appVersion, C.minAppVersion)) deny(C.msg.upgrade);
  if (old && typeOf(old) !== newDoc.lb.type) deny(C.msg.typeChanged);
  if (ledger && old) deny(C.msg.ledger);
  var route = routeOf(newDoc);
  if (route !== db && homes(newDoc).indexOf(db) !== -1) {
    if (!readerChange(newDoc, old)) deny(C.msg.readerCopy);
    return;
  }
  if (route !== db) {
    // A hand-off: the stored version lives here and the writer may assign it to another owner;
    // the agent then moves it to its database.
    if (old && routeOf(old) === db && mayWrite(old) && has(C.assignRole)) return;
    deny(C.msg.wrongDb + route);
  }
  if (newDoc.lb.type === 'customer' && (newDoc.ownerId === undefined ? null : newDoc.ownerId) !== newDoc.lb.owner) deny(C.msg.ownerMismatch);
  if (old && !mayWrite(old)) deny(old.lb && routeOf(old) !== db ? C.msg.wrongDb + routeOf(old) : C.msg.notAllowed);
  if (!mayWrite(newDoc)) deny(db === C.companyDb || db === C.costDb ? C.msg.adminOnly : C.msg.notAllowed);
}`

/** Messages the app shows with a rejected push (zh-CN / en in one string: the server has no locale). */
export const VALIDATE_MESSAGES = {
  design: '只有服务器管理员可以修改设计文档 / only server administrators may change design documents',
  notUser: '此账号不是莱邦用户 / this account is not a LaiBang user',
  notMember: '无权写入此数据库 / not allowed to write to ',
  notLaiBang: '不是莱邦文档 / not a LaiBang document',
  moved: '该记录已转给其他负责人，此修改未被接受 / this record was reassigned to someone else; the change was not accepted',
  upgrade: '', // filled with the minimum version
  typeChanged: '不能改变文档类型 / the document type cannot change',
  ledger: '流水记录一经保存不能修改或删除 / ledger records cannot be changed or deleted',
  wrongDb: '文档不属于此数据库，应在 / this document does not belong in this database; it belongs in ',
  ownerMismatch: '客户负责人与路由不一致 / the customer owner does not match its routing',
  readerCopy: '审批人只能记录自己的审批意见 / an approver may only record their own decision',
  notAllowed: '无权修改此记录 / not allowed to change this record',
  noDelete: '无权删除此记录 / not allowed to delete this record',
  adminOnly: '只有管理员可以修改公司数据 / only administrators may change company data',
} as const

export function upgradeMessage(minAppVersion: string): string {
  return `请升级 LaiBang 到 ${minAppVersion} 或更高版本 / Please upgrade LaiBang to ${minAppVersion} or later`
}

/** Document types that never change once stored: every `ledger: true` synced table. */
export function ledgerTypes(): string[] {
  return allSyncedTables().filter((d) => d.ledger).map((d) => d.docType).sort()
}

export function isVersion(v: string): boolean { return /^\d+\.\d+\.\d+$/.test(v) }

/** The validate_doc_update source with the constants of this app and minimum version. */
export function validateSource(opts: { minAppVersion: string; ledgerTypes?: string[] }): string {
  if (!isVersion(opts.minAppVersion)) throw new Error(`not a version: ${opts.minAppVersion}`)
  const constants = {
    agentRole: COUCH_ROLES.agent, adminRole: COUCH_ROLES.admin, assignRole: COUCH_ROLES.assign, userRolePrefix: USER_ROLE_PREFIX,
    companyDb: COMPANY_DB, costDb: COST_DB, costTypes: [...COST_TYPES].sort(), poolDb: POOL_DB, poolHiddenDb: POOL_HIDDEN_DB, userDbPrefix: USER_DB_PREFIX,
    poolTypes: [...POOL_VISIBLE_TYPES].sort(), readerTypes: [...READER_TYPES].sort(),
    readerAuthor: { approval_decision: 'approverId', activity: 'actorId' },
    readerMutable: ['status', 'currentStep', 'basis', 'decidedAt', 'updatedAt', 'updatedBy'], ledgerTypes: opts.ledgerTypes ?? ledgerTypes(), minAppVersion: opts.minAppVersion,
    msg: { ...VALIDATE_MESSAGES, upgrade: upgradeMessage(opts.minAppVersion) },
  }
  return SOURCE.replace('__LB_CONSTANTS__', JSON.stringify(constants))
}

/** The minimum app version a design document enforces (couch:setup reads it back). */
export function minVersionOf(designDoc: { lb_min_app_version?: unknown } | null): string | null {
  return typeof designDoc?.lb_min_app_version === 'string' ? designDoc.lb_min_app_version : null
}

/**
 * The views of `_design/laibang`. `by_customer`: a customer's children by `customerId` (the
 * server agent moves them with a customer handed to another database, agent/handover.ts).
 */
export const DESIGN_VIEWS = {
  by_customer: { map: "function (doc) { if (typeof doc.customerId === 'string' && doc.lb && doc.lb.type !== 'pool_claim') emit(doc.customerId, null); }" },
}

export interface DesignDoc { _id: string; language: 'javascript'; validate_doc_update: string; lb_min_app_version: string; views: typeof DESIGN_VIEWS }

/** `_design/laibang` for every LaiBang database. */
export function designDoc(opts: { minAppVersion: string; ledgerTypes?: string[] }): DesignDoc {
  return { _id: '_design/laibang', language: 'javascript', validate_doc_update: validateSource(opts), lb_min_app_version: opts.minAppVersion, views: DESIGN_VIEWS }
}
