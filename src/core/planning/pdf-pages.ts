/**
 * How many pages a PDF (as base64) has, by its page objects (`/Type /Page`,
 * not `/Pages`) where the file writes them in the open. Undefined for bytes
 * that are no PDF, or a PDF whose page objects are all inside compressed
 * object streams (PDF 1.5+ may pack them there): the token estimate then
 * counts one page. Reads the file once, as the binary string `atob` gives.
 *
 * @example
 * pdfPageCount(btoa('%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n2 0 obj << /Type /Page >> endobj')) // 2
 */
export function pdfPageCount(base64: string): number | undefined {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return undefined;
  }
  // Readers accept a header anywhere in the first 1,024 bytes.
  if (!binary.slice(0, 1024).includes('%PDF-')) return undefined;
  const pages = binary.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  return pages === 0 ? undefined : pages;
}
