import { defineSyncedTable } from '../../core/synced'
import { salesPlans } from './plans.table'

/** Targets are company data: every member's device holds them (completion is local SQL). */
export const plansSynced = [defineSyncedTable({ table: salesPlans, docType: 'sales_plan', partition: 'company' })]
