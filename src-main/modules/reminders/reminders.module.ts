import type { AppModule } from '../context'
import { ReminderScheduler } from './reminder-scheduler'
import { registerRemindersHandlers } from './reminders.handlers'
import { RemindersRepository } from './reminders.repository'
import { RemindersService } from './reminders.service'

export { syncSourceReminder, removeSourceReminder, reassignCustomerReminders } from './source-reminders'

export const remindersModule: AppModule = {
  name: 'reminders',
  init: (ctx) => {
    const repo = new RemindersRepository(ctx.db)
    const service = new RemindersService({ db: ctx.db, repo, access: ctx.access, mutation: ctx.mutation, now: ctx.now })
    registerRemindersHandlers(ctx.registry, service)
    const scheduler = new ReminderScheduler({ repo, clock: ctx.platform.clock, notifications: ctx.platform.notifications, bus: ctx.bus, log: ctx.platform.log })
    ctx.onClose(() => scheduler.stop())
    scheduler.start()
    return service
  },
}
