import { parseArgs } from 'node:util'
import { Agent } from './agent'
import { singleDatabaseTopology } from './topology'

/**
 * `npm run agent -- <url> [--user u --password p] [--db name]`: the server agent as a
 * process. Credentials also from COUCH_AGENT_USER / COUCH_AGENT_PASSWORD (better than the
 * command line, which other users of the machine can read). `--db` follows one shared
 * database instead of the production layout. Exits cleanly on SIGINT / SIGTERM.
 */
const USAGE = 'usage: npm run agent -- <couchdb-url> [--user <name> --password <password>] [--db <single database>]'

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { user: { type: 'string' }, password: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } },
  })
  const url = positionals[0]
  if (values.help || !url || !/^https?:\/\//.test(url)) {
    console.error(USAGE)
    process.exitCode = 2
    return
  }
  const username = values.user ?? process.env.COUCH_AGENT_USER
  const password = values.password ?? process.env.COUCH_AGENT_PASSWORD
  const agent = new Agent({
    url,
    auth: username ? { username, password: password ?? '' } : null,
    ...(values.db ? { topology: singleDatabaseTopology(values.db) } : {}),
  })
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${new Date().toISOString()} ${signal}: stopping`)
    // Exit once the line is written: stdout to a pipe is asynchronous, and process.exit() right
    // after console.log can drop it (a service manager's log would miss the clean stop).
    agent.stop().then(
      () => { process.stdout.write(`${new Date().toISOString()} agent stopped\n`, () => process.exit(0)) },
      (err: unknown) => { console.error(err); process.exitCode = 1; process.stderr.write('', () => process.exit(1)) },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  await agent.start()
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
