import { afterEach, describe, expect, it } from 'vitest'
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openConnection, openDatabase } from '../db'
import { MIGRATIONS_DIR, tempDir } from '../../testing'

const cleanups: (() => void)[] = []
afterEach(() => { while (cleanups.length) cleanups.pop()!() })

function withExtraMigration(sql: string): string {
  const t = tempDir('laibang-mig-')
  cleanups.push(t.cleanup)
  cpSync(MIGRATIONS_DIR, t.dir, { recursive: true })
  const journalFile = join(t.dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[] }
  const last = journal.entries.at(-1)!
  const tag = `${String(last.idx + 1).padStart(4, '0')}_test_extra`
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 1000, tag, breakpoints: true })
  writeFileSync(journalFile, JSON.stringify(journal))
  writeFileSync(join(t.dir, `${tag}.sql`), sql)
  return t.dir
}

describe('migrations', () => {
  it('applies every migration to a new file, then nothing on the next start, without a backup', () => {
    const t = tempDir(); cleanups.push(t.cleanup)
    const file = join(t.dir, 'a.sqlite')
    const first = openDatabase(file, { migrationsDir: MIGRATIONS_DIR })
    expect(first.migration.applied.length).toBeGreaterThanOrEqual(2)
    expect(first.migration.backupFile).toBeNull()
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    first.sqlite.close()
    const second = openDatabase(file, { migrationsDir: MIGRATIONS_DIR })
    expect(second.migration.applied).toEqual([])
    second.sqlite.close()
  })

  it('takes a backup copy before migrating a file that holds data, and the copy has the data', () => {
    const t = tempDir(); cleanups.push(t.cleanup)
    const file = join(t.dir, 'b.sqlite')
    const a = openDatabase(file, { migrationsDir: MIGRATIONS_DIR })
    a.sqlite.prepare(`INSERT INTO local_meta (key, value) VALUES ('marker', 'before-upgrade')`).run()
    a.sqlite.close()
    const b = openDatabase(file, { migrationsDir: withExtraMigration('CREATE TABLE extra_thing (id text PRIMARY KEY);') })
    expect(b.migration.applied).toEqual([expect.stringMatching(/^\d{4}_test_extra$/)])
    expect(b.migration.backupFile).not.toBeNull()
    expect(existsSync(b.migration.backupFile!)).toBe(true)
    b.sqlite.close()
    const copy = new Database(b.migration.backupFile!, { readonly: true })
    expect(copy.prepare(`SELECT value FROM local_meta WHERE key = 'marker'`).pluck().get()).toBe('before-upgrade')
    expect(copy.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'extra_thing'`).pluck().get()).toBe(0)
    copy.close()
    expect(readdirSync(join(t.dir, 'backups')).length).toBe(1)
  })

  it('rolls back a failing migration completely and refuses to open', () => {
    const t = tempDir(); cleanups.push(t.cleanup)
    const file = join(t.dir, 'c.sqlite')
    openDatabase(file, { migrationsDir: MIGRATIONS_DIR }).sqlite.close()
    const bad = withExtraMigration('CREATE TABLE half_done (id text);\n--> statement-breakpoint\nTHIS IS NOT SQL;')
    expect(() => openDatabase(file, { migrationsDir: bad })).toThrow()
    const check = new Database(file, { readonly: true })
    expect(check.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).pluck().get()).toBe(0)
    check.close()
  })
})

describe('transactions on the app connection', () => {
  it('begin IMMEDIATE: the write lock is taken at BEGIN, so a second connection (the sync bulk worker) cannot commit between a read and a write', () => {
    const t = tempDir(); cleanups.push(t.cleanup)
    const file = join(t.dir, 'a.sqlite')
    const app = openDatabase(file, { migrationsDir: MIGRATIONS_DIR })
    const other = openConnection(file)
    other.pragma('busy_timeout = 0')
    try {
      const write = other.prepare(`INSERT INTO local_meta (key, value, updated_at) VALUES ('other', 'x', 0)`)
      // Inside a transaction that has only read so far, the other connection finds the lock taken.
      app.sqlite.transaction(() => {
        app.sqlite.prepare(`SELECT count(*) FROM local_meta`).get()
        expect(() => write.run()).toThrow(/database is locked/)
      })()
      // The variants stay available: a deferred transaction takes no lock until it writes.
      app.sqlite.transaction(() => {
        app.sqlite.prepare(`SELECT count(*) FROM local_meta`).get()
        write.run()
      }).deferred()
      expect(app.sqlite.prepare(`SELECT value FROM local_meta WHERE key = 'other'`).pluck().get()).toBe('x')
      // Nested calls are savepoints, as before.
      app.sqlite.transaction(() => {
        app.sqlite.prepare(`INSERT INTO local_meta (key, value, updated_at) VALUES ('outer', '1', 0)`).run()
        expect(() => app.sqlite.transaction(() => { app.sqlite.prepare(`INSERT INTO local_meta (key, value, updated_at) VALUES ('inner', '1', 0)`).run(); throw new Error('inner fails') })()).toThrow(/inner fails/)
      })()
      expect(app.sqlite.prepare(`SELECT key FROM local_meta WHERE key IN ('outer', 'inner')`).pluck().all()).toEqual(['outer'])
    } finally {
      other.close()
      app.sqlite.close()
    }
  })
})
