import { describe, expect, it } from 'vitest';
import type { RequestDocument } from '../fixtures/request.ts';
import { citationProblems, resolveCitation } from './resolve-citations.ts';

const documents: RequestDocument[] = [
  { index: 0, title: 'Facts', citations: true, source: { kind: 'text', text: 'The sky is blue. Grass is green.' } },
  { index: 1, title: 'Manual', citations: true, source: { kind: 'opaque', format: 'pdf' } },
  { index: 2, title: undefined, citations: true, source: { kind: 'chunks', chunks: ['First part.', 'Second part.'] } },
  { index: 3, title: 'Private', citations: false, source: { kind: 'text', text: 'Secret.' } },
];

describe('resolveCitation', () => {
  it('finds the quote in a text document, by index or title, end exclusive', () => {
    const expected = { kind: 'resolved', citation: { documentIndex: 0, title: 'Facts', quote: 'Grass is green.', location: { kind: 'char', start: 17, end: 32 } } };
    expect(resolveCitation({ document: 0, quote: 'Grass is green.' }, documents)).toEqual(expected);
    expect(resolveCitation({ document: 'Facts', quote: 'Grass is green.' }, documents)).toEqual(expected);
  });

  it('finds the chunk of a content document, and takes a given page of a PDF', () => {
    expect(resolveCitation({ document: 2, quote: 'Second' }, documents)).toMatchObject({ citation: { title: undefined, location: { kind: 'chunk', start: 1, end: 2 } } });
    expect(resolveCitation({ document: 'Manual', quote: 'Step one', location: { page: { start: 3, end: 4 } } }, documents)).toMatchObject({ citation: { location: { kind: 'page', start: 3, end: 4 } } });
  });

  it('says what is wrong: no documents, no such document, citations off, a quote not there, a PDF without a location', () => {
    const problem = (citation: Parameters<typeof resolveCitation>[0], sent: readonly RequestDocument[] | undefined) => {
      const resolution = resolveCitation(citation, sent);
      return resolution.kind === 'problem' ? resolution.problem : 'resolved';
    };
    expect(problem({ document: 0, quote: 'x' }, undefined)).toBe('it cites document 0, but the request sent no documents');
    expect(problem({ document: 'Atlas', quote: 'x' }, documents)).toBe('it cites the document titled "Atlas", but the request sent only documents 0 ("Facts"), 1 ("Manual"), 2, 3 ("Private")');
    expect(problem({ document: 3, quote: 'Secret.' }, documents)).toBe('it cites document 3, but the request did not enable citations for it (citations: {"enabled": true})');
    expect(problem({ document: 0, quote: 'purple' }, documents)).toBe('it cites document 0, but its quote "purple" is not in that document\'s text');
    expect(problem({ document: 0, quote: 'x', location: { page: { start: 1, end: 2 } } }, documents)).toBe('it cites document 0, but that document is text, cited by characters: give "location": {"char": {"start", "end"}} or none');
    expect(problem({ document: 0, quote: 'x', location: { char: { start: 10, end: 99 } } }, documents)).toBe("it cites document 0, but its location ends at character 99, past the document's 32");
    expect(problem({ document: 2, quote: 'x', location: { chunk: { start: 1, end: 3 } } }, documents)).toBe("it cites document 2, but its location ends at block 3, past the document's 2");
    expect(problem({ document: 2, quote: 'x', location: { char: { start: 2, end: 1 } } }, documents)).toBe('it cites document 2, but its location ends (1) before it starts (2)');
    expect(problem({ document: 1, quote: 'Step one' }, documents)).toBe('it cites document 1, but that document (pdf) has no text the emulator can search: give the citation a "location" ({"page": {"start", "end"}})');
  });
});

describe('citationProblems', () => {
  it('names each citation that cannot be resolved by its place in the content', () => {
    const content = [{ text: 'Blue.', citations: [{ document: 0, quote: 'sky is blue' }, { document: 9, quote: 'x' }] }, { text: 'Plain.' }];
    expect(citationProblems(content, documents)).toEqual(['content[0].citations[1]: it cites document 9, but the request sent only documents 0 ("Facts"), 1 ("Manual"), 2, 3 ("Private")']);
    expect(citationProblems([{ text: 'Plain.' }], undefined)).toEqual([]);
  });
});
