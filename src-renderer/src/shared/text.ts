/** Joins the present parts of a label with a middle dot (e.g. username · job title). */
export function joinParts(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(' · ')
}
