import { describe, expect, it } from 'vitest'
import { divHalfUp, documentSums, isBelowFloor, lineAmounts, lineCost } from '../sales-math'
import { money, qty, rmbCapital } from '../sales-print'

describe('line amounts in integer fen (docs/SALES.md)', () => {
  it('prices excluding tax: amount = round(qty × price × (1 − discount)), tax half-up on the amount', () => {
    // 3 × 100.00 at 5 % off = 285.00; tax 13 % = 37.05
    expect(lineAmounts({ qtyMilli: 3000, unitPrice: 10_000, discountPermille: 50, taxRate: 1300 }, false)).toEqual({ netUnitPrice: 9_500, amount: 28_500, tax: 3_705, total: 32_205 })
    // 1.5 kg × 2.35 = 3.525 → 3.53 (half-up, not banker's 3.52); tax 13 % of 3.53 = 0.4589 → 0.46
    expect(lineAmounts({ qtyMilli: 1500, unitPrice: 235, discountPermille: 0, taxRate: 1300 }, false)).toEqual({ netUnitPrice: 235, amount: 353, tax: 46, total: 399 })
  })

  it('prices including tax: total = gross, tax = round(total × r / (1 + r)), amount = total − tax', () => {
    // 1 × 113.00 incl. 13 %: tax 13.00, amount 100.00
    expect(lineAmounts({ qtyMilli: 1000, unitPrice: 11_300, discountPermille: 0, taxRate: 1300 }, true)).toEqual({ netUnitPrice: 11_300, amount: 10_000, tax: 1_300, total: 11_300 })
    // 7 × 0.99 at 3.3 % off = 6.70089 → 6.70; tax = 6.70 × 0.13 / 1.13 = 0.7708 → 0.77
    expect(lineAmounts({ qtyMilli: 7000, unitPrice: 99, discountPermille: 33, taxRate: 1300 }, true)).toEqual({ netUnitPrice: 96, amount: 593, tax: 77, total: 670 })
  })

  it('half-up at exactly .5 fen, zero tax, and values beyond 2^53 in intermediate products', () => {
    expect(divHalfUp(5n, 10n)).toBe(1n)
    expect(divHalfUp(4n, 10n)).toBe(0n)
    expect(divHalfUp(15n, 10n)).toBe(2n)
    expect(divHalfUp(25n, 10n)).toBe(3n) // banker's would give 2
    expect(lineAmounts({ qtyMilli: 500, unitPrice: 1, discountPermille: 0, taxRate: 0 }, false)).toMatchObject({ amount: 1, tax: 0, total: 1 })
    // 100,000 units × 99,999.99 yuan: qtyMilli × price × 1000 ≈ 10^18 > 2^53, exact in BigInt
    expect(lineAmounts({ qtyMilli: 100_000_000, unitPrice: 9_999_999, discountPermille: 0, taxRate: 0 }, false).amount).toBe(999_999_900_000)
    expect(() => lineAmounts({ qtyMilli: 1_000_000_000_000, unitPrice: 10_000_000_000, discountPermille: 0, taxRate: 0 }, false)).toThrow(expect.objectContaining({ messageKey: 'errors.amountTooLarge' }))
  })

  it('cost, floor check exact on the unrounded net price, document sums of rounded lines', () => {
    expect(lineCost(1500, 120)).toBe(180)
    expect(lineCost(333, 1)).toBe(0)
    expect(isBelowFloor(10_000, 200, 8_000)).toBe(false) // 80.00 exactly is not below
    expect(isBelowFloor(10_000, 201, 8_000)).toBe(true)
    expect(isBelowFloor(1, 0, null)).toBe(false)
    const a = { ...lineAmounts({ qtyMilli: 1000, unitPrice: 101, discountPermille: 0, taxRate: 1300 }, false), discountPermille: 0, belowFloor: false, cost: 50 }
    const b = { ...lineAmounts({ qtyMilli: 1000, unitPrice: 101, discountPermille: 100, taxRate: 1300 }, false), discountPermille: 100, belowFloor: true, cost: null }
    // Tax of the document = sum of line taxes (13 + 12), not 13 % of the subtotal (192 → 24.96 → 25 would agree here by chance; see next)
    expect(documentSums([a, b])).toEqual({ subtotal: 192, tax: 25, total: 217, maxDiscountPermille: 100, belowFloor: true, cost: null })
    const three = Array.from({ length: 3 }, () => ({ ...lineAmounts({ qtyMilli: 1000, unitPrice: 5, discountPermille: 0, taxRate: 1300 }, false), discountPermille: 0, belowFloor: false, cost: 1 }))
    // Each line: 0.05 → tax 0.0065 → 0.01; sum 0.03, whereas 13 % of 0.15 would round to 0.02.
    expect(documentSums(three)).toMatchObject({ subtotal: 15, tax: 3, total: 18, cost: 3 })
  })
})

describe('print helpers', () => {
  it('formats money, thousandths and 人民币大写', () => {
    expect(money(123_456_789)).toBe('1,234,567.89')
    expect(money(5)).toBe('0.05')
    expect(qty(1500)).toBe('1.5')
    expect(qty(2000)).toBe('2')
    expect(qty(1)).toBe('0.001')
    expect(rmbCapital(1_234_560)).toBe('壹万贰仟叁佰肆拾伍元陆角整')
    expect(rmbCapital(10_001_000_000)).toBe('壹亿零壹万元整')
    expect(rmbCapital(1_000_010_000_000)).toBe('壹佰亿零壹拾万元整')
    expect(rmbCapital(100_100)).toBe('壹仟零壹元整')
    expect(rmbCapital(1_000_005)).toBe('壹万元零伍分')
    expect(rmbCapital(60)).toBe('陆角整')
    expect(rmbCapital(0)).toBe('零元整')
    expect(rmbCapital(10_000_000_00)).toBe('壹仟万元整')
  })
})
