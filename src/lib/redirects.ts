/** Only a local admin path may be a post-login destination: never another site ("//evil.example"). */
export function safeReturnPath(value: unknown, fallback = '/admin'): string {
  if (typeof value !== 'string') return fallback;
  if (!/^\/admin(\/|$|\?)/.test(value) || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
