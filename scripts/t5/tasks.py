"""The mini T5's training mixture: small FLAN-style text-to-text tasks the project writes itself.

Every task is text in, text out. Each task has a few instruction templates; one template per task is
HELD OUT of training so the evaluation can ask whether the model follows a phrasing it never saw.
Held-out templates reuse words the model met in other tasks' templates ("please", "give", "answer",
"write", ...), which is what lets a FLAN-style model transfer instructions between tasks.
"""

import random

NUMBERS = [
    'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
    'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
    'nineteen', 'twenty',
]
GERMAN_DIGITS = ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun']

LIST_WORDS = [
    'apple', 'banana', 'cherry', 'grape', 'lemon', 'mango', 'pear', 'plum',
    'red', 'blue', 'green', 'yellow', 'cat', 'dog', 'fox', 'owl',
]

ANTONYMS = [
    ('hot', 'cold'), ('big', 'small'), ('fast', 'slow'), ('happy', 'sad'), ('up', 'down'),
    ('open', 'closed'), ('light', 'dark'), ('old', 'new'), ('early', 'late'), ('full', 'empty'),
    ('hard', 'soft'), ('high', 'low'), ('long', 'short'), ('rich', 'poor'), ('strong', 'weak'),
    ('wet', 'dry'), ('young', 'aged'), ('loud', 'quiet'), ('clean', 'dirty'), ('day', 'night'),
    ('win', 'lose'), ('left', 'right'), ('inside', 'outside'), ('begin', 'end'),
]

PLURALS = [
    ('cat', 'cats'), ('dog', 'dogs'), ('fox', 'foxes'), ('owl', 'owls'), ('apple', 'apples'),
    ('banana', 'bananas'), ('cherry', 'cherries'), ('lemon', 'lemons'), ('mango', 'mangoes'),
    ('pear', 'pears'), ('box', 'boxes'), ('bus', 'buses'), ('city', 'cities'), ('baby', 'babies'),
    ('mouse', 'mice'), ('child', 'children'), ('foot', 'feet'), ('tooth', 'teeth'),
    ('man', 'men'), ('woman', 'women'), ('sheep', 'sheep'), ('fish', 'fish'), ('leaf', 'leaves'),
    ('knife', 'knives'), ('wolf', 'wolves'), ('house', 'houses'), ('car', 'cars'), ('book', 'books'),
    ('song', 'songs'), ('movie', 'movies'), ('pizza', 'pizzas'), ('soup', 'soups'),
]

# Sentences for the sentiment task: a subject, an opinion, and a few short sentence shapes. The word
# lists are wide enough that simple everyday sentences about animals and food are within the model's
# vocabulary; the held-out sentence set (public/data/sentences.json) is written by hand in other
# shapes, and scripts/t5/sentences.py checks that none of its sentences can come out of this generator.
ANIMAL_NOUNS = [
    'cat', 'dog', 'fox', 'owl', 'horse', 'puppy', 'bird', 'rabbit', 'kitten', 'duck', 'goat', 'cow',
    'pig', 'parrot', 'pony', 'hamster', 'lamb', 'frog', 'turtle', 'goose', 'bear', 'donkey', 'wolf',
    'mouse',
]
FOOD_NOUNS = [
    'soup', 'pizza', 'cake', 'bread', 'apple', 'salad', 'cheese', 'coffee', 'tea', 'pasta', 'rice',
    'pie', 'burger', 'cookie', 'chocolate', 'sandwich', 'curry', 'steak', 'toast', 'pancake', 'juice',
    'milk', 'banana', 'cherry', 'lemon', 'mango', 'pear', 'plum', 'honey', 'sauce',
]
THING_NOUNS = ['movie', 'song', 'book', 'car', 'house', 'city', 'game', 'hotel', 'park', 'phone', 'room', 'garden']
POSITIVE = [
    'great', 'good', 'lovely', 'wonderful', 'nice', 'excellent', 'delicious', 'friendly', 'beautiful',
    'fun', 'tasty', 'sweet', 'cute', 'gentle', 'happy', 'fresh', 'perfect', 'amazing', 'calm', 'clever',
    'cheerful', 'warm', 'playful', 'fantastic', 'pleasant', 'kind', 'soft', 'healthy', 'juicy', 'tender',
]
NEGATIVE = [
    'bad', 'awful', 'terrible', 'boring', 'horrible', 'poor', 'disgusting', 'rude', 'ugly', 'dull',
    'stale', 'bland', 'greasy', 'noisy', 'angry', 'lazy', 'nasty', 'smelly', 'mean', 'grumpy', 'burnt',
    'salty', 'soggy', 'sour', 'bitter', 'rotten', 'scary', 'dirty', 'sick', 'cold',
]
POSITIVE_VERBS = ['love', 'like', 'enjoy', 'adore']
NEGATIVE_VERBS = ['hate', 'dislike', 'detest']
POSITIVE_PAST = ['loved', 'liked', 'enjoyed', 'adored']
NEGATIVE_PAST = ['hated', 'disliked']

# Every shape the generator can make ({a} an opinion word, {v} a verb, {p} a past-tense verb).
SENTENCE_SHAPES = [
    'the {n} was {a}',
    'this {n} is really {a}',
    'i {v} this {n}',
    'what a {a} {n}',
    'my {n} is so {a}',
    'the {n} is {a} and {b}',
    'we {p} the {n}',
    'our {n} was very {a}',
]


def sentence(rng, nouns=None, sentiment=None):
    """A short review-like sentence and its sentiment ('positive' or 'negative')."""
    nouns = nouns or ANIMAL_NOUNS + FOOD_NOUNS + THING_NOUNS
    sentiment = sentiment or rng.choice(['positive', 'negative'])
    positive = sentiment == 'positive'
    adjectives = POSITIVE if positive else NEGATIVE
    shape = rng.choice(SENTENCE_SHAPES)
    a, b = rng.sample(adjectives, 2)
    text = shape.format(
        n=rng.choice(nouns), a=a, b=b,
        v=rng.choice(POSITIVE_VERBS if positive else NEGATIVE_VERBS),
        p=rng.choice(POSITIVE_PAST if positive else NEGATIVE_PAST),
    )
    return text, sentiment


def all_sentences():
    """Every sentence the generator above can produce (for the held-out set's overlap check)."""
    out = set()
    nouns = ANIMAL_NOUNS + FOOD_NOUNS + THING_NOUNS
    for positive in (True, False):
        adjectives = POSITIVE if positive else NEGATIVE
        for shape in SENTENCE_SHAPES:
            for n in nouns:
                for a in adjectives:
                    for b in (adjectives if '{b}' in shape else [a]):
                        for v in (POSITIVE_VERBS if positive else NEGATIVE_VERBS) if '{v}' in shape else ['']:
                            for p in (POSITIVE_PAST if positive else NEGATIVE_PAST) if '{p}' in shape else ['']:
                                out.add(shape.format(n=n, a=a, b=b, v=v, p=p))
    return out


def arithmetic(rng):
    a, b = rng.randrange(11), rng.randrange(11)
    if rng.random() < 0.5:
        return f'{NUMBERS[a]} plus {NUMBERS[b]}', NUMBERS[a + b]
    a, b = max(a, b), min(a, b)
    return f'{NUMBERS[a]} minus {NUMBERS[b]}', NUMBERS[a - b]


def word_list(rng):
    return rng.sample(LIST_WORDS, rng.randint(3, 5))


def reverse(rng):
    words = word_list(rng)
    return ' '.join(words), ' '.join(reversed(words))


def sort_words(rng):
    words = word_list(rng)
    return ' '.join(words), ' '.join(sorted(words))


def antonym(rng):
    a, b = rng.choice(ANTONYMS)
    return (a, b) if rng.random() < 0.5 else (b, a)


def plural(rng):
    return rng.choice(PLURALS)


def digits_to_german(rng):
    # No digit twice in one list: a model this small translates a list by finding, for each word it
    # has written, the English word that followed it, and "eight eight six" would make that ambiguous
    # (measured with repeats allowed: 79 % exact match on trained phrasings after 2,000 steps, where
    # every other task had passed 95 %).
    digits = rng.sample(range(10), rng.randint(1, 4))
    return ' '.join(NUMBERS[d] for d in digits), ' '.join(GERMAN_DIGITS[d] for d in digits)


def sentiment(rng):
    return sentence(rng)


# name -> (make an (input, target) pair, templates seen in training, held-out templates)
TASKS = {
    'arithmetic': (
        arithmetic,
        ['what is {x} ?', 'please calculate {x}', 'compute the answer : {x}'],
        ['please give the answer to {x}'],
    ),
    'reverse': (
        reverse,
        ['reverse : {x}', 'reverse the order of these words : {x}', 'write these words backwards : {x}'],
        ['please write the following words in reverse order : {x}'],
    ),
    'sort': (
        sort_words,
        ['sort : {x}', 'sort these words alphabetically : {x}', 'put the following words in alphabetical order : {x}'],
        ['please give me these words in alphabetical order : {x}'],
    ),
    'antonym': (
        antonym,
        ['what is the opposite of {x} ?', 'antonym of {x}', 'give me the opposite of {x}'],
        ['please write the antonym of {x}'],
    ),
    'plural': (
        plural,
        ['plural of {x}', 'what is the plural of {x} ?', 'give the plural form of {x}'],
        ['please write the plural of {x}'],
    ),
    'translate': (
        digits_to_german,
        ['translate english to german : {x}', 'translate to german : {x}', 'say in german : {x}'],
        ['what is {x} in german ?'],
    ),
    'sentiment': (
        sentiment,
        ['sentiment : {x}', 'is this review positive or negative ? {x}', 'what is the sentiment of this sentence : {x}'],
        ['please answer positive or negative : {x}'],
    ),
}


def example(rng, task, held_out=False):
    make, seen, unseen = TASKS[task]
    x, y = make(rng)
    template = rng.choice(unseen if held_out else seen)
    return template.format(x=x), y


# How often each task is drawn for training, relative to the others. The tasks that need the order
# of the words (reversing, translating digit by digit) and the addition table learn slowest, so they
# are drawn twice as often as the ones a bag of words could answer.
TASK_WEIGHTS = {'arithmetic': 2.0, 'reverse': 2.0, 'translate': 2.0}


def training_stream(seed, weights=None):
    """An endless, seeded stream of (input, target) pairs from the seen templates of every task."""
    rng = random.Random(seed)
    names = sorted(TASKS)
    weights = TASK_WEIGHTS if weights is None else weights
    chances = [weights.get(name, 1.0) for name in names]
    while True:
        yield example(rng, rng.choices(names, chances)[0])
