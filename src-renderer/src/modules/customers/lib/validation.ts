import type { z } from 'zod'
import type { FieldError } from '../../../shared/forms'

/** A zod issue as a translatable field error (same wording as the shared form hook). */
export function issueToError(issue: z.core.$ZodIssue): FieldError {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'validation.required' } : { key: 'validation.tooShort', params: { min: Number(issue.minimum) } }
      if (issue.origin === 'array') return { key: 'validation.required' }
      return { key: 'validation.tooSmall', params: { min: Number(issue.minimum) } }
    case 'too_big':
      return issue.origin === 'string' ? { key: 'validation.tooLong', params: { max: Number(issue.maximum) } } : { key: 'validation.tooBig', params: { max: Number(issue.maximum) } }
    case 'invalid_format':
      return { key: issue.format === 'email' ? 'validation.email' : 'validation.invalid' }
    case 'invalid_type':
      return { key: 'validation.required' }
    default:
      return { key: 'validation.invalid' }
  }
}

export type PathErrors = Record<string, FieldError>

/** All issues of a failed parse keyed by dotted path ('contacts.0.name'); the first per path wins. */
export function pathErrors(result: z.ZodSafeParseResult<unknown>, prefix = ''): PathErrors {
  const out: PathErrors = {}
  if (result.success) return out
  for (const issue of result.error.issues) {
    const path = prefix + issue.path.map(String).join('.')
    out[path] ??= issueToError(issue)
  }
  return out
}
