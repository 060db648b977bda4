import { getCollection, type CollectionEntry } from 'astro:content';

/** Every reference by id; an unknown id fails the build, so a lesson cannot cite what is not listed. */
export async function referenceById(id: string): Promise<CollectionEntry<'references'>> {
  const all = await getCollection('references');
  const found = all.find((entry) => entry.id === id);
  if (!found) {
    const known = all.map((entry) => entry.id).sort();
    throw new Error(
      `Unknown reference "${id}". Add src/content/references/${id}.yaml, or use one of: ${known.join(', ')}`,
    );
  }
  return found;
}
