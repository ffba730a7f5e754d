import { salesWorld, type SalesWorld, type User } from '../../sales/__tests__/fixture'

/**
 * The sales world (manager jing ← zhang, li; wang in another team under boss) plus two 办事处:
 * 北京 (jing, zhang, li) and 上海 (wang), and a department 华北销售部 with a sub-department
 * 北京一组 holding zhang only.
 */
export interface OfficeWorld extends SalesWorld { bj: string; sh: string; north: string; north1: string }

export async function officeWorld(): Promise<OfficeWorld> {
  const w = await salesWorld()
  const bj = (await w.admin.ok('admin.saveOffice', { name: '北京办事处', region: '华北' })).id
  const sh = (await w.admin.ok('admin.saveOffice', { name: '上海办事处', region: '华东' })).id
  const north = (await w.admin.ok('admin.saveDepartment', { name: '华北销售部', parentId: null })).id
  const north1 = (await w.admin.ok('admin.saveDepartment', { name: '北京一组', parentId: north })).id
  const users = await w.admin.ok('admin.listUsers', {})
  const place = async (u: User, officeId: string, departmentId: string | null) => {
    const row = users.find((r) => r.id === u.id)!
    await w.admin.ok('admin.updateUser', { id: u.id, displayName: row.displayName, roleId: row.roleId, managerId: row.managerId, officeId, departmentId })
  }
  await place(w.jing, bj, north)
  await place(w.zhang, bj, north1)
  await place(w.li, bj, north)
  await place(w.wang, sh, null)
  return { ...w, bj, sh, north, north1 }
}

/** A 1×1 PNG. */
export const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=='
