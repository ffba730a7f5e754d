import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { setupCouch, type SetupUser } from './couch-setup'

/**
 * `npm run couch:setup -- <url> [--admin-user u --admin-password p] [--users users.json]
 * [--min-app-version x.y.z] [--agent-user a --agent-password p]`. The admin also from
 * COUCH_ADMIN ("user:password") or COUCH_ADMIN_USER / COUCH_ADMIN_PASSWORD, the agent from
 * COUCH_AGENT_USER / COUCH_AGENT_PASSWORD (the environment is better than the command line,
 * which other users of the machine can read). Safe to rerun: prints what it changed.
 */
const USAGE = `usage: npm run couch:setup -- <couchdb-url> [--admin-user <u> --admin-password <p>] [--users users.json]
       [--min-app-version x.y.z] [--agent-user <name> --agent-password <p>]
users.json: [{ "username": "zhangsan", "userId": "<LaiBang user id>", "password": "…" }, …]`

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      'admin-user': { type: 'string' }, 'admin-password': { type: 'string' }, users: { type: 'string' },
      'min-app-version': { type: 'string' }, 'agent-user': { type: 'string' }, 'agent-password': { type: 'string' }, help: { type: 'boolean' },
    },
  })
  const url = positionals[0]
  if (values.help || !url || !/^https?:\/\//.test(url)) {
    console.error(USAGE)
    process.exitCode = 2
    return
  }
  const envAdmin = process.env.COUCH_ADMIN?.split(':')
  const username = values['admin-user'] ?? process.env.COUCH_ADMIN_USER ?? envAdmin?.[0]
  const password = values['admin-password'] ?? process.env.COUCH_ADMIN_PASSWORD ?? envAdmin?.slice(1).join(':')
  if (!username || password === undefined) {
    console.error('a CouchDB server admin is needed: --admin-user/--admin-password or COUCH_ADMIN=user:password')
    process.exitCode = 2
    return
  }
  const users = values.users ? (JSON.parse(readFileSync(values.users, 'utf8')) as SetupUser[]) : []
  if (!Array.isArray(users) || users.some((u) => typeof u?.username !== 'string' || typeof u?.userId !== 'string')) {
    console.error('the users file must be a JSON array of { username, userId, password? }')
    process.exitCode = 2
    return
  }
  const agentUser = values['agent-user'] ?? process.env.COUCH_AGENT_USER
  const agentPassword = values['agent-password'] ?? process.env.COUCH_AGENT_PASSWORD
  console.log(`LaiBang CouchDB setup: ${url}`)
  const report = await setupCouch({
    url, admin: { username, password }, users, minAppVersion: values['min-app-version'],
    agent: agentUser ? { username: agentUser, password: agentPassword } : undefined,
    log: (line) => console.log(line),
  })
  console.log(report.changed === 0 ? 'everything unchanged' : `${report.changed} change(s), ${report.unchanged} unchanged`)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
