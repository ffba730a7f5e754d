import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../core/db'
import { users } from '../auth/auth.table'
import { contacts, customerFields, customerKeys, customerLevels, customers } from './customers.table'
import type { RefField, RefLevel } from './import-rows'

export type CustomerRecord = typeof customers.$inferSelect
export type ContactRecord = typeof contacts.$inferSelect

/** SQLite's default limit on bound parameters is far above this; chunks keep statements small. */
const CHUNK = 500
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/** The SQL of import, export, vCard and printing (the list itself comes from the customers service). */
export class CustomersIoRepository {
  constructor(private readonly db: Db) {}

  levels(): RefLevel[] {
    return this.db.select({ code: customerLevels.code, name: customerLevels.name }).from(customerLevels).where(isNull(customerLevels.deletedAt)).orderBy(asc(customerLevels.sort)).all()
  }

  fields(): RefField[] {
    return this.db.select({ key: customerFields.key, label: customerFields.label, type: customerFields.type, options: customerFields.options })
      .from(customerFields).where(isNull(customerFields.deletedAt)).orderBy(asc(customerFields.sort), asc(customerFields.key)).all()
  }

  /** Live customers by id, in the order of `ids`. */
  customersByIds(ids: string[]): CustomerRecord[] {
    const byId = new Map<string, CustomerRecord>()
    for (const part of chunks(ids)) {
      for (const c of this.db.select().from(customers).where(and(inArray(customers.id, part), isNull(customers.deletedAt))).all()) byId.set(c.id, c)
    }
    return ids.map((id) => byId.get(id)).filter((c): c is CustomerRecord => c !== undefined)
  }

  /** Live contacts of the customers, primary first, then in creation order. */
  contactsOf(customerIds: string[]): Map<string, ContactRecord[]> {
    const out = new Map<string, ContactRecord[]>()
    for (const part of chunks(customerIds)) {
      const rows = this.db.select().from(contacts).where(and(inArray(contacts.customerId, part), isNull(contacts.deletedAt)))
        .orderBy(asc(contacts.customerId), desc(contacts.isPrimary), asc(contacts.createdAt), asc(contacts.id)).all()
      for (const r of rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), r])
    }
    return out
  }

  userNames(ids: (string | null)[]): Map<string, string> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))]
    const out = new Map<string, string>()
    for (const part of chunks(wanted)) {
      for (const u of this.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, part)).all()) out.set(u.id, u.name)
    }
    return out
  }

  /** Candidates for the duplicate check, live ones only; the service ranks them. */
  byNameNorm(names: string[]): { id: string; nameNorm: string }[] {
    return chunks([...new Set(names.filter(Boolean))]).flatMap((part) => this.db.select({ id: customers.id, nameNorm: customers.nameNorm }).from(customers)
      .where(and(inArray(customers.nameNorm, part), isNull(customers.deletedAt))).all())
  }

  byCreditCode(codes: string[]): { id: string; creditCode: string | null }[] {
    return chunks([...new Set(codes.filter(Boolean))]).flatMap((part) => this.db.select({ id: customers.id, creditCode: customers.creditCode }).from(customers)
      .where(and(inArray(customers.creditCode, part), isNull(customers.deletedAt))).all())
  }

  /** Exact phone matches through the reversed-digits search keys (`r:` + digits reversed). */
  byPhoneKeys(reversed: string[]): { id: string; key: string }[] {
    const keys = [...new Set(reversed.filter(Boolean))].map((r) => `r:${r}`)
    return chunks(keys).flatMap((part) => this.db.select({ id: customerKeys.customerId, key: customerKeys.key }).from(customerKeys)
      .innerJoin(customers, and(eq(customers.id, customerKeys.customerId), isNull(customers.deletedAt)))
      .where(inArray(customerKeys.key, part)).all())
  }

  customerByNameNorm(nameNorm: string): CustomerRecord | undefined {
    return this.db.select().from(customers).where(and(eq(customers.nameNorm, nameNorm), isNull(customers.deletedAt))).orderBy(asc(customers.createdAt)).get()
  }
}
