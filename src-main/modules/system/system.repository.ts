import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { auditLog, outbox } from '../../core/core.table'
import type { AuditEntry } from '../../../src-preload/contracts/system'
import { departments, offices, roles, users } from '../auth/auth.table'

export class SystemRepository {
  constructor(private readonly db: Db) {}

  audit(opts: { recordId?: string; tableName?: string; userIds?: string[]; limit: number }): AuditEntry[] {
    const conds: SQL[] = []
    if (opts.recordId) conds.push(eq(auditLog.recordId, opts.recordId))
    if (opts.tableName) conds.push(eq(auditLog.tableName, opts.tableName))
    if (opts.userIds) conds.push(inArray(auditLog.userId, opts.userIds))
    return this.db.select({
      id: auditLog.id, at: auditLog.at, userId: auditLog.userId, userName: users.displayName, tableName: auditLog.tableName,
      recordId: auditLog.recordId, action: auditLog.action, changes: auditLog.changes,
    }).from(auditLog).leftJoin(users, eq(users.id, auditLog.userId))
      .where(conds.length ? and(...conds) : undefined).orderBy(desc(auditLog.id)).limit(opts.limit).all()
  }

  pendingOutbox(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(outbox).where(eq(outbox.status, 'pending')).get()?.n ?? 0
  }

  orgCounts(): { users: number; departments: number; offices: number; roles: number } {
    const count = (t: typeof users | typeof departments | typeof offices | typeof roles) =>
      this.db.select({ n: sql<number>`count(*)` }).from(t).where(sql`${t.deletedAt} IS NULL`).get()?.n ?? 0
    return { users: count(users), departments: count(departments), offices: count(offices), roles: count(roles) }
  }
}
