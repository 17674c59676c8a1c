import { describe, expect, it } from 'vitest';
import { pdfPageCount } from './pdf-pages.ts';

/** A PDF's skeleton: a catalog, the page tree, and `pages` page objects written in the open. */
const pdf = (pages: number): string => {
  const kids = Array.from({ length: pages }, (_, index) => `${index + 3} 0 R`).join(' ');
  const objects = Array.from({ length: pages }, (_, index) => `${index + 3} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n`).join('');
  return btoa(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [${kids}] /Count ${pages} >>\nendobj\n${objects}%%EOF\n`);
};

describe('pdfPageCount', () => {
  it('counts the page objects, not the page tree', () => {
    expect(pdfPageCount(pdf(1))).toBe(1);
    expect(pdfPageCount(pdf(12))).toBe(12);
  });

  it('reads "/Type/Page" written without a space', () => {
    expect(pdfPageCount(btoa('%PDF-1.7\n1 0 obj<</Type/Page>>endobj 2 0 obj<</Type/Page/Parent 3 0 R>>endobj 3 0 obj<</Type/Pages>>endobj'))).toBe(2);
  });

  it('gives undefined when no page object is in the open (object streams), for bytes that are no PDF, and for text that is not base64', () => {
    expect(pdfPageCount(btoa('%PDF-1.5\n1 0 obj << /Type /ObjStm /N 40 /Filter /FlateDecode >> stream\nx\u009c\u00ed\nendstream'))).toBeUndefined();
    expect(pdfPageCount(btoa('/Type /Page but no PDF header'))).toBeUndefined();
    expect(pdfPageCount('%%% not base64')).toBeUndefined();
  });
});
