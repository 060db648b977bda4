import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { builtFile, builtPages, outDir } from './support/pages';
import { brokenLinks, readPage, type BuiltPage } from './support/links';
import { COURSE, lessonHref } from '../../src/lessons/course';

// Walks every page of the build the server serves: every glossary link, every citation's anchor on
// the references page and every other link between pages must resolve (tests/unit/e2e-support
// shows the walk catching each kind of broken link). No browser needed: it reads the built HTML.
test('every link between pages of the site resolves, glossary terms and reference anchors included', async ({
  request,
}) => {
  // The server's answer proves the build below is the one it serves (the web server built it).
  expect((await request.get('/')).ok()).toBe(true);
  const pages = new Map<string, BuiltPage>(
    builtPages({ with404: true, withRedirects: true }).map((path) => [
      path,
      readPage(readFileSync(builtFile(path), 'utf8')),
    ]),
  );
  const links = [...pages.values()].flatMap((page) => page.links);
  const glossaryLinks = links.filter((href) => href.startsWith('/reference/glossary/#term-'));
  const referenceLinks = links.filter((href) => href.startsWith('/reference/references/#ref-'));
  console.log(
    `link walk: ${pages.size} pages, ${links.length} links, ${glossaryLinks.length} to glossary entries,`,
    `${referenceLinks.length} to references`,
  );
  // A walk that found no glossary or reference links would prove nothing.
  expect(glossaryLinks.length).toBeGreaterThan(20);
  expect(referenceLinks.length).toBeGreaterThan(5);
  // Every lesson of the course plan (src/lessons/course.ts) is built, so every link must resolve.
  expect(COURSE.filter((lesson) => !pages.has(lessonHref(lesson.slug))).map((l) => l.slug)).toEqual([]);
  expect(brokenLinks(pages, (path) => existsSync(join(outDir, path)))).toEqual([]);
});
