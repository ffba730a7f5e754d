/**
 * Registration points for what follows an approved sales order (stock-out, receivable,
 * plan completion…): modules that come later register a listener here instead of the sales
 * module calling them. Listeners run inside the mutation that changes the order's status, with
 * its Writer, so whatever they write commits (and syncs) atomically with it; a listener that
 * throws rolls the approval or reversal back.
 *
 * They run on the device where the transition happens: where the approval's last decision is
 * taken (or applied, when the approvals resolver folds decisions that arrived by sync) and
 * where the reversal is made. Records they create should therefore have ids derived from the
 * order (derivedId('stock_out', order.id)) so two devices applying the same outcome write one
 * document, and listeners must be idempotent.
 */
import type { Writer } from '../../core/mutation'
import type { OrderLineRecord, OrderRecord } from './sales.repository'

export interface OrderEvent { order: OrderRecord; lines: OrderLineRecord[] }
export interface OrderReversedEvent extends OrderEvent { reason: string; actorId: string }

type Approved = (w: Writer, e: OrderEvent) => void
type Reversed = (w: Writer, e: OrderReversedEvent) => void

const approved = new Map<string, Approved>()
const reversed = new Map<string, Reversed>()

/** `name` identifies the listener (registering the same name again replaces it). */
export function onOrderApproved(name: string, fn: Approved): void { approved.set(name, fn) }
export function onOrderReversed(name: string, fn: Reversed): void { reversed.set(name, fn) }

export function emitOrderApproved(w: Writer, e: OrderEvent): void { for (const fn of approved.values()) fn(w, e) }
export function emitOrderReversed(w: Writer, e: OrderReversedEvent): void { for (const fn of reversed.values()) fn(w, e) }
