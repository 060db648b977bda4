"""A word-level vocabulary and the tokenizer.json / tokenizer_config.json transformers.js reads.

One token per word keeps the model tiny and the tokeniser view easy to read. The tokenizer lowercases,
splits on whitespace and punctuation (BertPreTokenizer, Unicode-aware so "fünf" stays one word) and
appends </s> like T5's.
"""

import json
import os

import torch

from tasks import TASKS

SPECIALS = ['<pad>', '</s>', '<unk>']
PUNCTUATION = set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')


def words(text):
    out, current = [], ''
    for ch in text.lower():
        if ch.isspace() or ch in PUNCTUATION:
            if current:
                out.append(current)
            current = ''
            if ch in PUNCTUATION:
                out.append(ch)
        else:
            current += ch
    if current:
        out.append(current)
    return out


class Vocabulary:
    def __init__(self, tokens):
        self.tokens = tokens
        self.ids = {t: i for i, t in enumerate(tokens)}

    @classmethod
    def from_stream(cls, stream, count):
        seen = set()
        for _ in range(count):
            x, y = next(stream)
            seen.update(words(x))
            seen.update(words(y))
        return cls(SPECIALS + sorted(seen))

    def __len__(self):
        return len(self.tokens)

    def missing_from_held_out_templates(self):
        unknown = set()
        for _, _, held_out in TASKS.values():
            for template in held_out:
                unknown.update(w for w in words(template.replace('{x}', '')) if w not in self.ids)
        return sorted(unknown)

    def encode(self, text):
        return [self.ids.get(w, 2) for w in words(text)] + [1]

    def batch(self, texts):
        rows = [self.encode(t) for t in texts]
        width = max(len(r) for r in rows)
        ids = torch.zeros(len(rows), width, dtype=torch.long)
        mask = torch.zeros(len(rows), width, dtype=torch.long)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = torch.tensor(row)
            mask[i, : len(row)] = 1
        return ids, mask

    def decode(self, ids):
        out = []
        for i in ids:
            if i == 1:
                break
            if i > 2:
                out.append(self.tokens[i])
        return ' '.join(out)


def write_tokenizer_files(vocab, out):
    special = [
        {'id': i, 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False, 'normalized': False, 'special': True}
        for i, t in enumerate(SPECIALS)
    ]
    tokenizer = {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': special,
        'normalizer': {'type': 'Lowercase'},
        'pre_tokenizer': {'type': 'BertPreTokenizer'},
        'post_processor': {
            'type': 'TemplateProcessing',
            'single': [{'Sequence': {'id': 'A', 'type_id': 0}}, {'SpecialToken': {'id': '</s>', 'type_id': 0}}],
            'pair': [
                {'Sequence': {'id': 'A', 'type_id': 0}}, {'SpecialToken': {'id': '</s>', 'type_id': 0}},
                {'Sequence': {'id': 'B', 'type_id': 0}}, {'SpecialToken': {'id': '</s>', 'type_id': 0}},
            ],
            'special_tokens': {'</s>': {'id': '</s>', 'ids': [1], 'tokens': ['</s>']}},
        },
        'decoder': None,
        'model': {'type': 'WordLevel', 'vocab': vocab.ids, 'unk_token': '<unk>'},
    }
    config = {
        'tokenizer_class': 'T5Tokenizer',
        'model_max_length': 64,
        'eos_token': '</s>',
        'pad_token': '<pad>',
        'unk_token': '<unk>',
        'additional_special_tokens': [],
        'clean_up_tokenization_spaces': True,
    }
    with open(os.path.join(out, 'tokenizer.json'), 'w') as f:
        json.dump(tokenizer, f, indent=1, ensure_ascii=False)
        f.write('\n')
    with open(os.path.join(out, 'tokenizer_config.json'), 'w') as f:
        json.dump(config, f, indent=2)
        f.write('\n')
