/** "3 Mo", "12 ko": sizes as the upload page and the import messages state them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))}\u00a0Mo`;
  return `${Math.max(1, Math.round(bytes / 1024))}\u00a0ko`;
}
