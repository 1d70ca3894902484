/** Digits of a North American number, without the leading 1: "1 800 555-0199" → "8005550199". */
export function phoneDigits(phone: string): string | null {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.length === 10 ? digits : null;
}

const TOLL_FREE = new Set(['800', '833', '844', '855', '866', '877', '888']);

/** Quebec display format: "418 555-0123", toll-free "1 800 555-0199"; anything else is kept as typed. */
export function formatPhone(phone: string): string {
  const digits = phoneDigits(phone);
  if (!digits) return phone.trim();
  const local = `${digits.slice(0, 3)} ${digits.slice(3, 6)}-${digits.slice(6)}`;
  return TOLL_FREE.has(digits.slice(0, 3)) ? `1 ${local}` : local;
}

/** "418 555-0123, poste 12" (the comma and "poste" follow Quebec usage). */
export function formatPhoneWithExtension(phone: string, extension?: string | null, short = false): string {
  const base = formatPhone(phone);
  if (!extension) return base;
  return short ? `${base}, p. ${extension}` : `${base}, poste ${extension}`;
}

/** RFC 3966 tel: URI, extension included, so a phone can dial it in one tap. */
export function telHref(phone: string, extension?: string | null): string {
  const digits = phoneDigits(phone);
  const number = digits ? `+1${digits}` : phone.replace(/[^\d+]/g, '');
  return extension ? `tel:${number};ext=${extension.replace(/\D/g, '')}` : `tel:${number}`;
}
