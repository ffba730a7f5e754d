import type { AppModule } from './context'
import { adminModule } from './admin/admin.module'
import { systemModule } from './system/system.module'
import { customersModule } from './customers/customers.module'
import { remindersModule } from './reminders/reminders.module'
import { followupsModule } from './followups/followups.module'
import { syncModule } from './sync/sync.module'
import { timelineModule } from './timeline/timeline.module'
import { poolModule } from './pool/pool.module'
import { approvalsModule } from './approvals/approvals.module'
import { catalogueModule } from './catalogue/catalogue.module'
import { salesModule } from './sales/sales.module'
import { expensesModule } from './expenses/expenses.module'
import { plansModule } from './plans/plans.module'

/**
 * Feature modules in start order (a module may use services of those before it).
 * Adding a module: one line here, and its contract domain in src-preload/contracts/index.ts.
 */
export const MODULES: AppModule[] = [
  adminModule,
  systemModule,
  customersModule,
  remindersModule,
  followupsModule,
  syncModule,
  timelineModule,
  poolModule,
  approvalsModule,
  catalogueModule,
  salesModule,
  expensesModule,
  plansModule,
]
