/**
 * Diagrams point at the lessons that fill in each part. A lesson is linked only if it exists in
 * this build (the course is written by several people at once), so no diagram holds a dead link.
 */
import { getCollection } from 'astro:content';

export interface LessonLink {
  slug: string;
  /** e.g. "Lesson 6". */
  label: string;
  title: string;
  href: string | null;
}

/** `planned` gives each slug's place in the course plan, used while the lesson is not built yet. */
export async function lessonLinks(
  planned: Readonly<Record<string, number>>,
): Promise<Map<string, LessonLink>> {
  const lessons = await getCollection('lessons');
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return new Map(
    Object.entries(planned).map(([slug, order]) => {
      const lesson = lessons.find((candidate) => candidate.id === slug);
      const link: LessonLink = lesson
        ? {
            slug,
            label: `Lesson ${lesson.data.order}`,
            title: lesson.data.title,
            href: `${base}/lessons/${slug}/`,
          }
        : { slug, label: `Lesson ${order}`, title: 'a lesson still being written', href: null };
      return [slug, link];
    }),
  );
}
