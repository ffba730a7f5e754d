import { z } from 'zod'

/** Who may call a method: anyone with the transport (login, setup) or a logged-in user. */
export type Access = 'public' | 'user'

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly access: Access
  /** Type-only marker for the output; never set at run time. */
  readonly __output?: O
}

/**
 * Declares one contract method: `method<Output>()(inputSchema)`.
 * The curried form lets the output type be given explicitly while the input is inferred.
 */
export function method<O>() {
  return <I extends z.ZodType>(input: I, access: Access = 'user'): MethodDef<I, O> => ({ input, access })
}

export type DomainDef = Record<string, MethodDef>

export type InputOf<M> = M extends MethodDef<infer I, unknown> ? z.input<I> : never
export type ParsedInputOf<M> = M extends MethodDef<infer I, unknown> ? z.output<I> : never
export type OutputOf<M> = M extends MethodDef<z.ZodType, infer O> ? O : never

/** Empty input for methods that take no arguments. */
export const noInput = z.object({}).strict()

/** Common field schemas, shared by contracts and forms. Limits keep 1 MB strings out. */
export const id = z.string().uuid()
export const shortText = (max = 100) => z.string().trim().max(max)
export const requiredText = (max = 100) => z.string().trim().min(1).max(max)
export const longText = z.string().max(20_000)
