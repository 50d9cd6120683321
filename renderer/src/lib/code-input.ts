/** The digits of a pasted or typed code: "12-345", "12 345" and "Code: 12345" all give "12345". */
export function normalizeCode(input: string, maxLength: number | null): string {
  const digits = input.replace(/\D/g, '');
  return maxLength === null ? digits.slice(0, 16) : digits.slice(0, maxLength);
}

/** Whether a code of `length` digits is complete and can be submitted on its own. */
export function isCodeComplete(code: string, length: number | null): boolean {
  return length !== null && code.length === length;
}
