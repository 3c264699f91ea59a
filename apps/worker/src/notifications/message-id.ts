/**
 * A Message-ID derived from what the message is about, not from the moment it
 * is sent: a re-send after a crash carries the same id, and mail clients
 * collapse the duplicate.
 */
export function messageIdFor(key: string, mailFrom: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'localhost';
  return `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
}
