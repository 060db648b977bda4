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

# Sentences for the sentiment task: a subject, a verb phrase, and an opinion word.
ANIMAL_NOUNS = ['cat', 'dog', 'fox', 'owl', 'horse', 'puppy', 'bird', 'rabbit']
FOOD_NOUNS = ['soup', 'pizza', 'cake', 'bread', 'apple', 'salad', 'cheese', 'coffee']
THING_NOUNS = ['movie', 'song', 'book', 'car', 'house', 'city']
POSITIVE = ['great', 'good', 'lovely', 'wonderful', 'nice', 'excellent', 'delicious', 'friendly', 'beautiful', 'fun']
NEGATIVE = ['bad', 'awful', 'terrible', 'boring', 'horrible', 'poor', 'disgusting', 'rude', 'ugly', 'dull']
POSITIVE_VERBS = ['love', 'like', 'enjoy', 'adore']
NEGATIVE_VERBS = ['hate', 'dislike', 'detest']


def sentence(rng, nouns=None, sentiment=None):
    """A short review-like sentence and its sentiment ('positive' or 'negative')."""
    nouns = nouns or ANIMAL_NOUNS + FOOD_NOUNS + THING_NOUNS
    sentiment = sentiment or rng.choice(['positive', 'negative'])
    noun = rng.choice(nouns)
    shape = rng.randrange(4)
    if shape == 0:
        adjective = rng.choice(POSITIVE if sentiment == 'positive' else NEGATIVE)
        text = f'the {noun} was {adjective}'
    elif shape == 1:
        adjective = rng.choice(POSITIVE if sentiment == 'positive' else NEGATIVE)
        text = f'this {noun} is really {adjective}'
    elif shape == 2:
        verb = rng.choice(POSITIVE_VERBS if sentiment == 'positive' else NEGATIVE_VERBS)
        text = f'i {verb} this {noun}'
    else:
        adjective = rng.choice(POSITIVE if sentiment == 'positive' else NEGATIVE)
        text = f'what a {adjective} {noun}'
    return text, sentiment


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
    digits = [rng.randrange(10) for _ in range(rng.randint(1, 4))]
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


def training_stream(seed):
    """An endless, seeded stream of (input, target) pairs from the seen templates of every task."""
    rng = random.Random(seed)
    names = sorted(TASKS)
    while True:
        yield example(rng, rng.choice(names))


def labelled_sentences(seed=7, per_topic_and_sentiment=10):
    """The sentence set the text lesson trains a classifier head on: topic (animals vs food) and sentiment.

    Topic is a label the mini T5 was never trained to predict, so a head that learns it from frozen
    encoder features shows feature-extraction transfer rather than reading out a trained answer.
    """
    rng = random.Random(seed)
    rows, seen = [], set()
    for topic, nouns in (('animals', ANIMAL_NOUNS), ('food', FOOD_NOUNS)):
        for mood in ('positive', 'negative'):
            count = 0
            while count < per_topic_and_sentiment:
                text, _ = sentence(rng, nouns, mood)
                if text in seen:
                    continue
                seen.add(text)
                rows.append({'text': text, 'topic': topic, 'sentiment': mood})
                count += 1
    rng.shuffle(rows)
    return rows
