import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { glob } from 'astro/loaders';
import { lessonSchema } from './lessons/schema';
import { referenceSchema } from './lessons/references';
import { glossarySchema } from './lessons/glossary';

export const collections = {
  // Every page of the site, as Starlight renders it. Lesson fields are optional here so that
  // non-lesson pages (the landing page) validate too.
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({ extend: lessonSchema.partial() }),
  }),
  // The same lesson files, validated strictly: every lesson must say what it teaches.
  lessons: defineCollection({
    loader: glob({ pattern: '**/*.mdx', base: './src/content/docs/lessons' }),
    schema: lessonSchema,
  }),
  // Every paper, book and dataset the course cites, one YAML file each (the file name is the id
  // lessons cite with <Cite id="..." />).
  references: defineCollection({
    loader: glob({ pattern: '*.yaml', base: './src/content/references' }),
    schema: referenceSchema,
  }),
  // Every term the course uses, one YAML file each: the glossary page lists them, and the build
  // links each term's first use on every lesson page to its entry (src/lessons/glossary-linker.ts).
  glossary: defineCollection({
    loader: glob({ pattern: '*.yaml', base: './src/content/glossary' }),
    schema: glossarySchema,
  }),
};
