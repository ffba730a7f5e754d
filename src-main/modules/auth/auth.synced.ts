import { defineSyncedTable } from '../../core/synced'
import { company, departments, offices, roles, userCredentials, users } from './auth.table'

/** Organisation data is company-wide; password hashes travel as their own document type. */
export const authSynced = [
  defineSyncedTable({ table: company, docType: 'company' }),
  defineSyncedTable({ table: departments, docType: 'department' }),
  defineSyncedTable({ table: offices, docType: 'office' }),
  defineSyncedTable({ table: roles, docType: 'role' }),
  defineSyncedTable({ table: users, docType: 'user' }),
  defineSyncedTable({ table: userCredentials, docType: 'credential', redact: ['passwordHash'] }),
]
