import { defineSyncedTable } from '../../core/synced'
import { byUser } from '../customers/customer-partition'
import { company, departments, offices, roles, userCredentials, users } from './auth.table'

/**
 * Organisation data is company-wide (lb_company). Password hashes travel as their own document
 * type in their user's database, so a member reading lb_company never receives anyone's hash.
 */
export const authSynced = [
  defineSyncedTable({ table: company, docType: 'company', partition: 'company' }),
  defineSyncedTable({ table: departments, docType: 'department', partition: 'company' }),
  defineSyncedTable({ table: offices, docType: 'office', partition: 'company' }),
  defineSyncedTable({ table: roles, docType: 'role', partition: 'company' }),
  defineSyncedTable({ table: users, docType: 'user', partition: 'company' }),
  defineSyncedTable({ table: userCredentials, docType: 'credential', redact: ['passwordHash'], partition: byUser('userId') }),
]
