import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** scrypt cost. N = 2^15 takes ~60–100 ms here: slow for guessing, quick enough for a login. */
export interface PasswordCost { N: number; r: number; p: number }
export const DEFAULT_COST: PasswordCost = { N: 2 ** 15, r: 8, p: 1 }

function scrypt(password: string, salt: Buffer, len: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))))
}

const maxmem = (c: PasswordCost) => 128 * c.N * c.r * 2

/** Format: `scrypt$N$r$p$<salt b64>$<hash b64>`, so the cost can be raised later. */
export async function hashPassword(password: string, cost: PasswordCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password.normalize('NFC'), salt, 32, { ...cost, maxmem: maxmem(cost) })
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$')
  if (alg !== 'scrypt' || !salt || !hash) return false
  const cost = { N: Number(n), r: Number(r), p: Number(p) }
  const expected = Buffer.from(hash, 'base64')
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, { ...cost, maxmem: maxmem(cost) })
  return timingSafeEqual(key, expected)
}
