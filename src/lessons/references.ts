import { z } from 'astro/zod';

/** A work the course cites. Authors are written as they should read in prose. */
export const referenceSchema = z.object({
  /** Everyone, as the reference list shows them: "Geoffrey Hinton, Oriol Vinyals and Jeff Dean". */
  authors: z.string().min(1),
  /** How prose names them: "Hinton, Vinyals and Dean" or "Pan and Yang" or "Yosinski et al.". */
  short: z.string().min(1),
  year: z.number().int().min(1900).max(2100),
  title: z.string().min(1),
  /** Where it appeared: a journal, conference, arXiv number, book publisher or repository. */
  venue: z.string().min(1),
  url: z.string().url(),
});

export type Reference = z.infer<typeof referenceSchema>;

/** The reference page's address for one work: lessons link here, so every citation resolves. */
export const referenceHref = (id: string) => `/reference/references/#ref-${id}`;

/**
 * The ids a lesson's MDX source cites, through <Cite id="..."/> or <FurtherReading ids={[...]}/>,
 * in order of first appearance. The references page uses this to list who cites what.
 */
export function citedIds(source: string): string[] {
  const ids: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  for (const match of source.matchAll(/<(Cite|FurtherReading)\b([^>]*)>/g)) {
    const attributes = match[2] ?? '';
    if (match[1] === 'Cite') {
      const id = /\bid=["']([^"']+)["']/.exec(attributes)?.[1];
      if (id) add(id);
    } else {
      const list = /\bids=\{\[([^\]]*)\]\}/.exec(attributes)?.[1] ?? '';
      for (const quoted of list.matchAll(/["']([^"']+)["']/g)) add(quoted[1]!);
    }
  }
  return ids;
}
