import { api, useQuery } from '../../../api'
import { useSession } from '../../../app/auth/AuthProvider'

export interface StaffMember { id: string; name: string; managerId: string | null }

/**
 * People to pick as owner, transfer target or timeline subject. The full user list needs
 * system.users; without it the list is built from what the caller can see (themselves and the
 * owners of visible customers), and `complete` is false so pages can say so.
 */
export function useStaff(): { staff: StaffMember[]; complete: boolean; loading: boolean } {
  const session = useSession()
  const canListUsers = session.permissions.includes('system.users')
  const q = useQuery(async () => {
    if (canListUsers) {
      const users = await api.admin.listUsers({})
      return { complete: true, staff: users.map((u) => ({ id: u.id, name: u.displayName, managerId: u.managerId })) }
    }
    const seen = new Map<string, StaffMember>([[session.user.id, { id: session.user.id, name: session.user.displayName, managerId: null }]])
    const page = await api.customers.list({ limit: 200, filters: { scope: 'visible' } }).catch(() => ({ items: [] }))
    for (const c of page.items) if (c.ownerId && !seen.has(c.ownerId)) seen.set(c.ownerId, { id: c.ownerId, name: c.ownerName ?? c.ownerId, managerId: null })
    return { complete: false, staff: [...seen.values()] }
  }, [canListUsers, session.user.id])
  return { staff: q.data?.staff ?? [], complete: q.data?.complete ?? false, loading: q.loading }
}

/** Select options for people, the caller first. */
export function staffOptions(staff: readonly StaffMember[], selfId: string, selfLabel: string): { value: string; label: string }[] {
  return [...staff]
    .sort((a, b) => (a.id === selfId ? -1 : b.id === selfId ? 1 : a.name.localeCompare(b.name)))
    .map((s) => ({ value: s.id, label: s.id === selfId ? `${s.name} (${selfLabel})` : s.name }))
}
