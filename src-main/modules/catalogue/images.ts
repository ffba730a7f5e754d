/**
 * Product images: PNG, JPEG or WebP of at most 1 MB, recognised by their first bytes (never by
 * the file name), stored content-addressed in product_images (ref = sha256 of the bytes) inside
 * this device's database. Records carry only the ref, so images never hold up sync; moving the
 * bytes between devices is the attachment channel's job (docs/CATALOGUE.md).
 */
import { createHash } from 'node:crypto'
import { MAX_IMAGE_BYTES, type IMAGE_MIMES } from '../../../src-preload/contracts/catalogue'
import { AppError } from '../../core/errors'

export type ImageMime = (typeof IMAGE_MIMES)[number]

/** The image type of some bytes, from their signature; null for anything else. */
export function sniffImage(b: Uint8Array): ImageMime | null {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return null
}

/** Checks an upload and names it by its content. */
export function acceptImage(contentBase64: string): { ref: string; mime: ImageMime; bytes: Buffer } {
  const bytes = Buffer.from(contentBase64, 'base64')
  if (bytes.length === 0) throw new AppError('VALIDATION', 'errors.imageInvalid')
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('VALIDATION', 'errors.imageTooLarge', { maxBytes: MAX_IMAGE_BYTES, size: bytes.length })
  const mime = sniffImage(bytes)
  if (!mime) throw new AppError('VALIDATION', 'errors.imageInvalid')
  return { ref: createHash('sha256').update(bytes).digest('hex'), mime, bytes }
}
