import type { FixtureCitation, FixtureContentBlock } from '../fixtures/fixture-schema.ts';
import type { RequestDocument } from '../fixtures/request.ts';

/**
 * A citation as every renderer needs it: which of the request's documents,
 * its title, the quoted text, and where the quote stands — characters of a
 * text document, pages of a PDF (1-based), chunks of a content document
 * (0-based); `end` exclusive, as Claude counts.
 */
export type PlannedCitation = {
  readonly documentIndex: number;
  readonly title: string | undefined;
  readonly quote: string;
  readonly location: { readonly kind: 'char' | 'page' | 'chunk'; readonly start: number; readonly end: number };
};

type CitationResolution = { readonly kind: 'resolved'; readonly citation: PlannedCitation } | { readonly kind: 'problem'; readonly problem: string };

/**
 * Points a fixture's citation at the request's document: by index or by
 * title, only when the request turned citations on for it, and where the
 * quote stands (found in the document's text, unless the fixture says).
 * Says what is wrong when it cannot: the fixture cites what the request did
 * not send, so a real model could not have answered so.
 *
 * @example
 * resolveCitation({ document: 0, quote: 'sky is blue' }, [{ index: 0, title: 'Facts', citations: true, source: { kind: 'text', text: 'The sky is blue.' } }])
 * // { kind: 'resolved', citation: { documentIndex: 0, title: 'Facts', quote: 'sky is blue', location: { kind: 'char', start: 4, end: 15 } } }
 */
export function resolveCitation(citation: FixtureCitation, documents: readonly RequestDocument[] | undefined): CitationResolution {
  const named = typeof citation.document === 'number' ? `document ${citation.document}` : `the document titled ${JSON.stringify(citation.document)}`;
  const problem = (text: string): CitationResolution => ({ kind: 'problem', problem: `it cites ${named}, but ${text}` });
  if (documents === undefined || documents.length === 0) return problem('the request sent no documents');
  const document = typeof citation.document === 'number' ? documents[citation.document] : documents.find((candidate) => candidate.title === citation.document);
  if (document === undefined) {
    const sent = documents.map((candidate) => (candidate.title === undefined ? `${candidate.index}` : `${candidate.index} (${JSON.stringify(candidate.title)})`)).join(', ');
    return problem(`the request sent only document${documents.length === 1 ? '' : 's'} ${sent}`);
  }
  if (!document.citations) return problem('the request did not enable citations for it (citations: {"enabled": true})');
  const location = citation.location === undefined ? locate(citation.quote, document) : fits(given(citation.location), document);
  if (typeof location === 'string') return problem(location);
  return { kind: 'resolved', citation: { documentIndex: document.index, title: document.title, quote: citation.quote, location } };
}

function given(location: NonNullable<FixtureCitation['location']>): PlannedCitation['location'] {
  if ('char' in location) return { kind: 'char', ...location.char };
  if ('page' in location) return { kind: 'page', ...location.page };
  return { kind: 'chunk', ...location.chunk };
}

/**
 * A given location, if the document can have it: a text document is cited
 * by characters within its text, a content document by its blocks; a
 * document the emulator cannot read (a PDF, an S3 object) takes any.
 */
function fits(location: PlannedCitation['location'], document: RequestDocument): PlannedCitation['location'] | string {
  const { source } = document;
  if (location.end < location.start) return `its location ends (${location.end}) before it starts (${location.start})`;
  if (source.kind === 'text' && location.kind !== 'char') return `that document is text, cited by characters: give "location": {"char": {"start", "end"}} or none`;
  if (source.kind === 'chunks' && location.kind !== 'chunk') return `that document is content blocks, cited by block: give "location": {"chunk": {"start", "end"}} or none`;
  if (source.kind === 'text' && location.end > source.text.length) return `its location ends at character ${location.end}, past the document's ${source.text.length}`;
  if (source.kind === 'chunks' && location.end > source.chunks.length) return `its location ends at block ${location.end}, past the document's ${source.chunks.length}`;
  return location;
}

/** Where the quote stands in the document's text or chunks; a reason when it cannot be found. */
function locate(quote: string, document: RequestDocument): PlannedCitation['location'] | string {
  const { source } = document;
  switch (source.kind) {
    case 'text': {
      const start = source.text.indexOf(quote);
      return start === -1 ? `its quote ${JSON.stringify(quote)} is not in that document's text` : { kind: 'char', start, end: start + quote.length };
    }
    case 'chunks': {
      const chunk = source.chunks.findIndex((text) => text.includes(quote));
      return chunk === -1 ? `its quote ${JSON.stringify(quote)} is not in any of that document's content blocks` : { kind: 'chunk', start: chunk, end: chunk + 1 };
    }
    case 'opaque':
      return `that document (${source.format}) has no text the emulator can search: give the citation a "location" ({"page": {"start", "end"}})`;
  }
}

/**
 * What is wrong with a fixture answer's citations for this request, one
 * sentence per citation that cannot be pointed at a document it sent with
 * citations on; empty when all can.
 *
 * @example
 * citationProblems([{ text: 'Blue.', citations: [{ document: 0, quote: 'blue' }] }], undefined)
 * // ['content[0].citations[0]: it cites document 0, but the request sent no documents']
 */
export function citationProblems(content: readonly FixtureContentBlock[], documents: readonly RequestDocument[] | undefined): string[] {
  return content.flatMap((block, blockIndex) =>
    'text' in block && block.citations !== undefined
      ? block.citations.flatMap((citation, citationIndex) => {
          const resolution = resolveCitation(citation, documents);
          return resolution.kind === 'problem' ? [`content[${blockIndex}].citations[${citationIndex}]: ${resolution.problem}`] : [];
        })
      : [],
  );
}
