/** `x` with thousands separators and `digits` decimals, as the bench tables print figures. */
export const grouped = (x: number, digits = 0): string =>
  x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
