import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { citedIds } from '../../../src/lessons/references';

describe('citedIds', () => {
  it('finds <Cite> ids and <FurtherReading> lists, in order of first appearance, once each', () => {
    const source = [
      'As <Cite id="pan2010" /> define it, and later <Cite paren id=\'hinton2015\' />,',
      'and again <Cite id="pan2010" />.',
      '<FurtherReading ids={["yosinski2014", \'pan2010\', "hu2021"]} />',
    ].join('\n');
    expect(citedIds(source)).toEqual(['pan2010', 'hinton2015', 'yosinski2014', 'hu2021']);
  });

  it('ignores prose that only mentions the components', () => {
    expect(citedIds('Use Cite and FurtherReading components; `<Cite>` needs an id.')).toEqual([]);
  });
});

describe('the lessons cite only listed works', () => {
  const known = new Set(
    readdirSync('src/content/references')
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => name.replace(/\.yaml$/, '')),
  );
  const lessons = readdirSync('src/content/docs/lessons').filter((name) => name.endsWith('.mdx'));
  it.each(lessons)('%s', (name) => {
    const source = readFileSync(`src/content/docs/lessons/${name}`, 'utf8');
    const unknown = citedIds(source).filter((id) => !known.has(id));
    expect(unknown).toEqual([]);
  });
});
