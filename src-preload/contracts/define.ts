import { z } from 'zod'

/** Who may call a method: anyone with the transport (login, setup) or a logged-in user. */
export type Access = 'public' | 'user'

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly access: Access
  /** Largest accepted serialized input; file uploads raise it. Default 256 KiB. */
  readonly maxBytes?: number
  /** Type-only marker for the output; never set at run time. */
  readonly __output?: O
}

/**
 * Declares one contract method: `method<Output>()(inputSchema)`.
 * The curried form lets the output type be given explicitly while the input is inferred.
 */
export function method<O>() {
  return <I extends z.ZodType>(input: I, access: Access = 'user', opts: { maxBytes?: number } = {}): MethodDef<I, O> => ({ input, access, ...opts })
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

/** A file crossing the boundary (import, export, PDF): base64 content, at most ~20 MB. */
export const MAX_FILE_BYTES = 28 * 1024 * 1024
export const fileInput = z.object({ fileName: z.string().min(1).max(255), contentBase64: z.string().max(MAX_FILE_BYTES).regex(/^[A-Za-z0-9+/=]*$/) })
export interface FileOutput { fileName: string; mime: string; contentBase64: string }
/** Keyset pagination: an opaque cursor from the previous page. */
export const cursor = z.string().max(500).nullable().optional()
export interface Page<T> { items: T[]; nextCursor: string | null }
/** Money in integer fen (分). */
export const fen = z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000)
export const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
export const timestamp = z.number().int().min(0).max(8_640_000_000_000)
