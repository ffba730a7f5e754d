import { z } from 'zod'
import { method, noInput } from './define'
import { locale } from './auth'

export const colorScheme = z.enum(['light', 'dark', 'auto'])
export interface Preferences { locale: z.infer<typeof locale>; colorScheme: z.infer<typeof colorScheme> }

export interface AppInfo { name: string; version: string; runtime: 'electron' | 'node'; dataDir: string; schemaVersion: number }

export interface AuditEntry {
  id: number
  at: number
  userId: string | null
  userName: string | null
  tableName: string
  recordId: string
  action: 'insert' | 'update' | 'delete' | 'restore'
  changes: Record<string, { before: unknown; after: unknown }>
}

export interface Dashboard {
  greetingName: string
  roleName: string
  companyName: string
  stats: { key: string; value: number }[]
  recentActivity: AuditEntry[]
  pendingOutbox: number
}

/** 演示数据: whether this device holds generated demo records, and what the caller may do. */
export interface DemoStatus { present: boolean; records: number; canLoad: boolean; canRemove: boolean }
export interface DemoLoadResult { customers: number; contacts: number; followups: number; opportunities: number; products: number; users: number; orders: number; ms: number }
/** `kept`: demo records left in place (as ordinary records) because a user's own record refers to them. */
export interface DemoRemoveResult { removed: number; kept: number }

export const system = {
  info: method<AppInfo>()(noInput, 'public'),
  getPreferences: method<Preferences>()(noInput, 'public'),
  setPreferences: method<Preferences>()(z.object({ locale: locale.optional(), colorScheme: colorScheme.optional() }).strict(), 'public'),
  dashboard: method<Dashboard>()(noInput),
  demoStatus: method<DemoStatus>()(noInput),
  /** Administrators, on a device without customers: generates the demo company's data (local only). */
  loadDemoData: method<DemoLoadResult>()(noInput),
  /** Administrators: removes every demo record nothing of the users refers to. */
  removeDemoData: method<DemoRemoveResult>()(noInput),
  auditLog: method<AuditEntry[]>()(z.object({ recordId: z.string().max(64).optional(), tableName: z.string().max(64).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict()),
}
