import { api, useQuery } from '../../../api'

export interface StaffMember { id: string; name: string; managerId: string | null }

/**
 * People to pick as owner, transfer target or timeline subject: the active colleagues inside the
 * caller's customer data scope (admin.listStaff; main applies the scope).
 */
export function useStaff(): { staff: StaffMember[]; complete: boolean; loading: boolean } {
  const q = useQuery(async () => (await api.admin.listStaff({})).map((u) => ({ id: u.id, name: u.displayName, managerId: u.managerId })), [])
  return { staff: q.data ?? [], complete: true, loading: q.loading }
}

/** Select options for people, the caller first. */
export function staffOptions(staff: readonly StaffMember[], selfId: string, selfLabel: string): { value: string; label: string }[] {
  return [...staff]
    .sort((a, b) => (a.id === selfId ? -1 : b.id === selfId ? 1 : a.name.localeCompare(b.name)))
    .map((s) => ({ value: s.id, label: s.id === selfId ? `${s.name} (${selfLabel})` : s.name }))
}
