import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { startCouchServer } from '../testing/couch-server'
import { setupCouch } from './couch-setup'

/**
 * `npm run couch:dev [-- --port 5984 --data .couch-dev --users users.json]`: a CouchDB-compatible
 * server (express-pouchdb, fullCouchDB mode) on 127.0.0.1 for trying sync on one machine, with
 * its databases in a folder, set up like production (couch:setup). Not for production: use
 * Apache CouchDB (docs/DEPLOY-COUCHDB.md).
 */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, data: { type: 'string' }, users: { type: 'string' }, 'min-app-version': { type: 'string' } } })
  const dataDir = resolve(values.data ?? '.couch-dev')
  mkdirSync(dataDir, { recursive: true })
  // A local development server: the admin password may be shown (it is not a production secret).
  const admin = { username: 'admin', password: process.env.COUCH_DEV_PASSWORD ?? randomBytes(9).toString('base64url') }
  const server = await startCouchServer({ port: Number(values.port ?? 5984), host: '127.0.0.1', dataDir, admin })
  const users = values.users ? (JSON.parse(readFileSync(values.users, 'utf8')) as Parameters<typeof setupCouch>[0]['users']) : []
  const agentUser = process.env.COUCH_AGENT_USER
  const agent = agentUser ? { username: agentUser, password: process.env.COUCH_AGENT_PASSWORD } : undefined
  const report = await setupCouch({ url: server.url, admin, users, agent, minAppVersion: values['min-app-version'], log: (l) => console.log(l) })
  console.log('')
  console.log(`LaiBang dev sync server: ${server.url}   (data: ${dataDir})`)
  console.log(`server admin: ${admin.username} / ${admin.password}`)
  console.log('In the app (同步设置 / Sync settings) enter the URL above and a LaiBang account set up here.')
  console.log(report.users.length
    ? `accounts: ${report.users.map((u) => u.username).join(', ')}`
    : 'no accounts yet: rerun with --users users.json ([{ "username", "userId", "password" }]), or sync lb_company first and rerun')
  const stop = () => { server.close().then(() => process.exit(0), () => process.exit(1)) }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
