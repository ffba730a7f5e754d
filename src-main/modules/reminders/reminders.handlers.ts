import type { Registry } from '../../core/registry'
import type { RemindersService } from './reminders.service'

export function registerRemindersHandlers(r: Registry, s: RemindersService): void {
  r.register('reminders.list', (input, ctx) => s.list(ctx.userId, input))
  r.register('reminders.create', (input, ctx) => s.create(ctx.userId, input))
  r.register('reminders.snooze', (input, ctx) => s.snooze(ctx.userId, input))
  r.register('reminders.done', (input, ctx) => s.done(ctx.userId, input))
  r.register('reminders.dueCount', (_input, ctx) => s.dueCount(ctx.userId))
}
