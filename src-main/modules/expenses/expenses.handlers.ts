import type { Registry } from '../../core/registry'
import type { ExpensesService } from './expenses.service'

export function registerExpensesHandlers(r: Registry, s: ExpensesService): void {
  r.register('expenses.list', (input, ctx) => s.list(ctx.userId, input))
  r.register('expenses.get', (input, ctx) => s.get(ctx.userId, input))
  r.register('expenses.create', (input, ctx) => s.create(ctx.userId, input))
  r.register('expenses.update', (input, ctx) => s.update(ctx.userId, input))
  r.register('expenses.submit', (input, ctx) => s.submit(ctx.userId, input))
  r.register('expenses.remove', (input, ctx) => s.remove(ctx.userId, input))
  r.register('expenses.uploadReceipt', (input, ctx) => s.uploadReceipt(ctx.userId, input))
  r.register('expenses.receipt', (input, ctx) => s.receipt(ctx.userId, input))
  r.register('expenses.budgetStatus', (input, ctx) => s.budgetStatus(ctx.userId, input))
  r.register('expenses.listBudgets', (input, ctx) => s.listBudgets(ctx.userId, input))
  r.register('expenses.saveBudget', (input, ctx) => s.saveBudget(ctx.userId, input))
}
