/**
 * The search key of a Vietnamese name: lower case, accents removed, đ → d, so that "nguyen"
 * finds "Nguyễn" and "Đ" matches "d". The list compares keys, never the names themselves.
 */
export function searchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}
