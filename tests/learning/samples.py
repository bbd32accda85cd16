"""A varied sample of texts for holding the model's features to a reference: news and
opinion phrasings, quotation marks of several languages, names, figures, links, other
scripts, emoji, odd white space and case, and seeded random strings over an alphabet of
the characters the features look at."""

from __future__ import annotations

import random

WRITTEN = [
    "",
    " ",
    "a",
    "I",
    "Said",
    "The ministry said 40 schools closed on Tuesday, according to its report.",
    "“It was an attempt to mislead voters,” Mr. Smith said.",
    "“We will win,” he said. ‘Never again’, she wrote…",
    "According To THE REPORT, sales rose 5% in 2019 — up $3m (about €2.7m).",
    "Sales rose five per cent, percent or PER CENT; see https://example.com or @newsdesk #economy",
    "What happens next?",
    "Why would you do that?”",
    "Go home now!",
    "I think this is a terrible, shameful plan that should never pass.",
    "Prof Jane Doe, CEO of Acme, told reporters: “The data show it clearly.”",
    "Sources familiar with the matter said the deal was reportedly close...",
    "Der Plan ist schlecht. Η ΟΔΟΣ ΕΙΝΑΙ ΚΛΕΙΣΤΗ. Москва заявила, что ОБСЕ молчит.",
    "東京で会議が開かれた。😀🎉 Ünïcödé wörds ſaid İstanbul ıı",
    "tabs\tand\nnew lines\u00a0and\u2028odd\u3000spaces  doubled",
    "rock'n'roll isn’t dead, y'all — O’Neill’s “best” album?!",
    "x’said Smith; 3said; _said_; SAID Jones; He SAID it.",
    "12,345 people, 1999-2001, ²³ and ½ and ٣٤ (Arabic digits)",
    "ALL CAPS HEADLINE: NASA, FBI AND THE U.S. ARMY, ACCORDING TO OFFICIALS WHO SAID SO",
    "supercalifragilisticexpialidocious " * 3,
    "A\u0301ccented and de\u0301compose\u0301d letters",
    "Binge eating is the most common disorder (1), far worse than THAN thought [23].",
    "She admitted it; they accused him, urged calm and vowed to respond.",
]
_ALPHABET = [
    *"abcXYZ éüß’'\"“”«»„‹›#@%$€£¥!?…:.;,()-_\t\n\u00a0İıſΣσςΑΩАЯ日😀0123456789²",
    "said ",
    "Mr ",
    "according to ",
    "per cent",
    "http://",
    " I ",
    "we ",
    "Mr. Smith said ",
    "ΟΔΟΣ ",
    "CEO ",
    "should ",
    "never ",
    "great ",
    "better than ",
    "(12) ",
    "admitted ",
]


def varied(count: int = 600, seed: int = 0) -> list[str]:
    """WRITTEN and ``count`` random strings of up to 40 pieces of the alphabet."""
    rng = random.Random(seed)
    randoms = [
        "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(count)
    ]
    return WRITTEN + randoms
