import { describe, expect, it } from 'vitest'
import { HybridClock, parseHlc } from '../hlc'
import { uuidv7 } from '../uuid'

describe('HybridClock', () => {
  it('orders local events even when the wall clock stands still or goes back', () => {
    let wall = 1000
    const c = new HybridClock('a', () => wall)
    const s1 = c.now()
    const s2 = c.now()
    wall = 500
    const s3 = c.now()
    expect([s1, s2, s3]).toEqual([...[s1, s2, s3]].sort())
    expect(new Set([s1, s2, s3]).size).toBe(3)
  })

  it('after receiving a stamp from a device whose clock is ahead, new stamps sort after it', () => {
    const ahead = new HybridClock('b', () => 10_000_000)
    const behind = new HybridClock('a', () => 1_000)
    const remote = ahead.now()
    behind.receive(remote)
    const local = behind.now()
    expect(local > remote).toBe(true)
    expect(parseHlc(local).node).toBe('a')
  })

  it('breaks exact ties by node id deterministically', () => {
    const a = new HybridClock('aaaa', () => 5).now()
    const b = new HybridClock('bbbb', () => 5).now()
    expect(a < b).toBe(true)
  })
})

describe('uuidv7', () => {
  it('has version 7 and variant bits and sorts by creation', () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7())
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
