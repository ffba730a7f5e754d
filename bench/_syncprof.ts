import { customers } from '../src-main/modules/customers/customers.table'
import { startCouchServer } from '../src-main/testing/couch-server'
import { createDevice, serverWithDatabase } from '../src-main/testing/sync'
const server = await startCouchServer()
await serverWithDatabase(server, 'crm', [{ name: 'a', password: 'pw' }])
const a = await createDevice({ server, username: 'a', password: 'pw', database: 'crm' })
let t0 = Date.now()
a.t.app.mutation({ userId: null }, (w) => { for (let i = 0; i < 1000; i++) w.insert(customers, { name: `甲客户${i}`, ownerId: null, nameNorm: '', pinyin: '' }) })
console.log('insert', Date.now() - t0); t0 = Date.now()
console.log('pump', await a.engine.pump(), Date.now() - t0); t0 = Date.now()
await a.close(); await server.close()
