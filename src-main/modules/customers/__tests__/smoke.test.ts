import { afterEach, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../testing'
import { team } from './customers.fixture'

let t: TestApp | undefined
afterEach(() => { t?.close(); t = undefined })

it('smoke', async () => {
  t = createTestApp()
  const { zhang, li } = await team(t)
  const c = await zhang.client.ok('customers.create', { name: '北京莱邦科技有限公司', level: 'A', phone: '010-12345678', contacts: [{ name: '王经理', mobile: '13800138000' }, { name: '赵工' }] })
  expect(c.contacts).toHaveLength(2)
  console.log(JSON.stringify(c, null, 1))
  console.log(await zhang.client.ok('customers.list', { filters: { search: 'bjlb' } }))
  console.log(await zhang.client.ok('customers.list', { filters: { search: '莱邦' } }))
  console.log(await li.client.call('customers.get', { id: c.id }))
  console.log(await li.client.call('customers.create', { name: '北京莱邦科技', contacts: [] }))
  console.log(JSON.stringify(await li.client.call('customers.create', { name: '北京莱帮科技股份有限公司', contacts: [] })))
  console.log(await zhang.client.ok('customers.listLevels', {}))
})
