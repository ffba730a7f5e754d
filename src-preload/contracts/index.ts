import type { DomainDef, InputOf, MethodDef, OutputOf } from './define'
import { admin } from './admin'
import { auth } from './auth'
import { system } from './system'
import { followups, opportunities } from './followups'
import { reminders } from './reminders'
import { sync } from './sync'
import { pool } from './pool'
import { timeline } from './timeline'
import { customers } from './customers'
import { customersIo } from './customers-io'
import { approvals } from './approvals'
import { catalogue } from './catalogue'
import { sales } from './sales'
import { expenses } from './expenses'
import { plans } from './plans'

/** Every domain's contract. A method's full name is `<domain>.<action>`. */
export const contracts = { auth, admin, system, followups, opportunities, reminders, sync, pool, timeline, customers: { ...customers, ...customersIo }, approvals, catalogue, sales, expenses, plans } satisfies Record<string, DomainDef>
export type Contracts = typeof contracts
export type DomainName = keyof Contracts

type Flatten<C> = {
  [D in keyof C & string]: { [A in keyof C[D] & string as `${D}.${A}`]: C[D][A] }
}[keyof C & string]
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never
export type MethodMap = UnionToIntersection<Flatten<Contracts>>
export type MethodName = keyof MethodMap & string

/** The renderer's API shape, derived from the contracts: `api.auth.login(input)`. */
export type Api = {
  [D in DomainName]: { [A in keyof Contracts[D]]: (input: InputOf<Contracts[D][A]>) => Promise<OutputOf<Contracts[D][A]>> }
}

export const IPC_PREFIX = 'laibang:'

/** All methods as a flat list, for the registry's allow-list and the preload. */
export function listMethods(): { name: MethodName; domain: string; action: string; def: MethodDef }[] {
  const out: { name: MethodName; domain: string; action: string; def: MethodDef }[] = []
  for (const [domain, methods] of Object.entries(contracts) as [string, DomainDef][]) {
    for (const [action, def] of Object.entries(methods)) out.push({ name: `${domain}.${action}` as MethodName, domain, action, def })
  }
  return out
}

export * from './define'
export * from './errors'
export * from './permissions'
export * from './events'
export type * from './auth'
export type * from './admin'
export type * from './system'
export type * from './sync'
