import type { Locale } from '../../../../src-preload/contracts/auth'
import type { zhCN } from './zh-CN'

export type { Locale }

/** The message tree with every leaf widened to string: the shape each locale must have. */
type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Messages = Widen<typeof zhCN>

/** Every leaf path, e.g. 'users.title' or 'perm.customers.view'. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<Messages>

export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string
