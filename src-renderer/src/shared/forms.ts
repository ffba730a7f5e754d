import { useCallback, useState, type ChangeEvent, type FormEvent } from 'react'
import type { z } from 'zod'
import type { ApiError } from '../api'
import { useT, type MessageKey, type Params } from '../app/i18n'

/** A field error kept as a message key, so it follows a language switch. */
export interface FieldError { key: MessageKey; params?: Params }

type StringKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string
type Errors<V> = Partial<Record<keyof V & string, FieldError>>

export interface FormOptions<V, S extends z.ZodType> {
  initial: V
  /** The contract's zod schema: the same rules main applies. */
  schema: S
  /** Maps the form's values onto the contract input the schema checks. */
  toInput: (values: V) => z.input<S>
  /** Cross-field checks the schema cannot express (e.g. password confirmation). */
  check?: (values: V) => Errors<V>
  /** Message for a field's format errors (regex, union), e.g. { username: 'validation.username' }. */
  messages?: Partial<Record<keyof V & string, MessageKey>>
}

function issueError(issue: z.core.$ZodIssue, override: MessageKey | undefined): FieldError {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'validation.required' } : { key: 'validation.tooShort', params: { min: Number(issue.minimum) } }
      return { key: 'validation.tooSmall', params: { min: Number(issue.minimum) } }
    case 'too_big':
      return issue.origin === 'string' ? { key: 'validation.tooLong', params: { max: Number(issue.maximum) } } : { key: 'validation.tooBig', params: { max: Number(issue.maximum) } }
    case 'invalid_format':
      return { key: override ?? (issue.format === 'email' ? 'validation.email' : 'validation.invalid') }
    case 'invalid_type':
      return { key: 'validation.required' }
    default:
      return { key: override ?? 'validation.invalid' }
  }
}

/**
 * A small form state hook: values, per-field errors from the contract's zod schema, Enter to
 * submit (via a real <form>), and server VALIDATION errors mapped back onto fields.
 */
export function useForm<V extends Record<string, unknown>, S extends z.ZodType>(opts: FormOptions<V, S>) {
  const t = useT()
  const [values, setValues] = useState<V>(opts.initial)
  const [errors, setErrors] = useState<Errors<V>>({})
  const { schema, toInput, check, messages } = opts

  const set = useCallback(<K extends keyof V & string>(field: K, value: V[K]) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e))
  }, [])

  const errorOf = (field: keyof V & string): string | undefined => {
    const e = errors[field]
    return e ? t(e.key, e.params) : undefined
  }

  /** Props for TextInput / PasswordInput / Textarea. */
  const text = (field: StringKeys<V>) => ({
    value: values[field] as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(field, e.currentTarget.value as V[typeof field]),
    error: errorOf(field),
  })

  /** Props for Select and other value-based inputs. */
  const field = <K extends keyof V & string>(name: K) => ({
    value: values[name],
    onChange: (v: V[K]) => set(name, v),
    error: errorOf(name),
  })

  const validate = (): z.output<S> | null => {
    const found: Record<string, FieldError | undefined> = { ...(check?.(values) ?? {}) }
    const parsed = schema.safeParse(toInput(values))
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = String(issue.path[0] ?? '') as keyof V & string
        if (name in values && !found[name]) found[name] = issueError(issue, messages?.[name])
      }
    }
    setErrors(found as Errors<V>)
    return parsed.success && Object.keys(found).length === 0 ? (parsed.data as z.output<S>) : null
  }

  const submit = (handler: (input: z.output<S>) => Promise<unknown> | void) => (e?: FormEvent) => {
    e?.preventDefault()
    const input = validate()
    if (input !== null) void handler(input)
  }

  /** Marks the fields a server VALIDATION error names; true if any matched. */
  const applyServerError = (err: ApiError): boolean => {
    const names = err.fieldPaths.map((p) => p.split('.')[0] ?? '').filter((p): p is keyof V & string => p in values)
    if (!names.length) return false
    setErrors((prev) => ({ ...prev, ...Object.fromEntries(names.map((n) => [n, { key: 'validation.invalid' }])) }))
    return true
  }

  const reset = useCallback((next: V) => { setValues(next); setErrors({}) }, [])

  return { values, errors, error: errorOf, set, text, field, submit, reset, setErrors, applyServerError }
}
