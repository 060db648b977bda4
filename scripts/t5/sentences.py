"""Checks the hand-written labelled sentence set (public/data/sentences.json) against the mini T5.

The set is the lessons' held-out data: the classifier heads, the zero-shot and the few-shot prompts
are all scored on it. It is only worth anything if the model never saw it, so this script fails when
- a sentence could come out of the training generator (scripts/t5/tasks.py), or
- a sentence uses a word outside the model's vocabulary (it would become <unk>), or
- a class has fewer than 40 sentences, or a sentence appears twice.
Run by train.py after training; run it alone with /usr/bin/python3 scripts/t5/sentences.py.
"""

import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from tasks import all_sentences  # noqa: E402
from tokenizer import words  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PATH = os.path.join(ROOT, 'public', 'data', 'sentences.json')
MIN_PER_CLASS = 40


def check(vocabulary):
    """Raises AssertionError with every problem found; returns a short summary line."""
    with open(PATH) as f:
        data = json.load(f)
    rows = data['sentences']
    problems = []
    texts = [row['text'] for row in rows]
    repeated = [text for text, count in Counter(texts).items() if count > 1]
    if repeated:
        problems.append(f'sentences written twice: {repeated}')
    generated = all_sentences()
    overlap = [text for text in texts if text in generated]
    if overlap:
        problems.append(f'sentences the training generator can make: {overlap}')
    unknown = sorted({w for text in texts for w in words(text) if w not in vocabulary})
    if unknown:
        problems.append(f'words the mini T5 does not know: {unknown}')
    for label, classes in data['labels'].items():
        counts = Counter(row[label] for row in rows)
        if set(counts) != set(classes):
            problems.append(f'{label}: classes {sorted(counts)} but the file declares {classes}')
        small = {c: n for c, n in counts.items() if n < MIN_PER_CLASS}
        if small:
            problems.append(f'{label}: fewer than {MIN_PER_CLASS} sentences in {small}')
    assert not problems, 'public/data/sentences.json: ' + '; '.join(problems)
    return (f'sentences.json: {len(rows)} hand-written sentences, none producible by the training generator '
            f'({len(generated):,} possible sentences), every word in the vocabulary')


if __name__ == '__main__':
    with open(os.path.join(ROOT, 'public', 'models', 'mini-t5', 'tokenizer.json')) as f:
        print(check(set(json.load(f)['model']['vocab'])))
