"""The English word lists behind the built-in model's hand-made features: each word maps to
the kinds it belongs to (a bit mask), so that a sentence's words are looked up once each.

The lists are ours, written from general knowledge of English news and opinion writing, not
taken from a sentiment lexicon nor picked from the benchmark's sentences. They say what a
word is (a reporting verb in any tense, an evaluative adjective, a hedge, a modal, a
pronoun), never which label a sentence should get: the model learns that from the gold. A
sentence in another language scores zero on them and is left to the n-grams.
"""

from __future__ import annotations

from functools import lru_cache

# The kinds of word, one bit each, in the order of ``KINDS``.
KINDS = (
    "reporting verb",
    "source noun",
    "unidentified source",
    "title or body",
    "praise",
    "blame",
    "intensifier",
    "hedge",
    "possibility modal",
    "obligation modal",
    "future",
    "stance verb",
    "first person singular",
    "first person plural",
    "second person",
    "negation",
    "superlative",
    "interjection",
    "calendar",
)
BIT = {kind: 1 << index for index, kind in enumerate(KINDS)}


def _verb(base: str, third: str = "", past: str = "", participle: str = "") -> list[str]:
    """A regular English verb's forms (-s, -ed, -ing), irregular ones given."""
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        regular = [f"{base[:-1]}ies", f"{base[:-1]}ied", f"{base}ing"]
    else:
        regular = [f"{base}s", f"{stem}ed", f"{stem}ing"]
    forms = [base, third or regular[0], past or regular[1], participle or regular[2]]
    return forms


# Verbs of saying only: a report of what someone did ("released", "promised", "found") is
# not an attribution (DESIGN.md's label table; see tests/benchmarks/claim_labels.py).
_REPORTING_VERBS = [
    *_verb("say", past="said"),
    *_verb("tell", past="told"),
    *_verb("write", past="wrote"),
    "written",
    *_verb("tweet"),
    *_verb("add"),
    *_verb("state"),
    *_verb("claim"),
    *_verb("announce"),
    *_verb("report"),
    *_verb("confirm"),
    *_verb("explain"),
    *_verb("note"),
    *_verb("argue"),
    *_verb("allege"),
    *_verb("deny"),
    *_verb("reveal"),
    *_verb("warn"),
    *_verb("insist"),
    *_verb("testify"),
    *_verb("comment"),
    *_verb("predict"),
    *_verb("estimate"),
    *_verb("acknowledge"),
    *_verb("disclose"),
    *_verb("cite"),
    *_verb("quote"),
    *_verb("assert"),
    *_verb("contend"),
    *_verb("declare"),
    *_verb("emphasize"),
    *_verb("emphasise"),
    *_verb("stress"),
    *_verb("mention"),
    *_verb("remark"),
    *_verb("reply"),
    *_verb("concede"),
    *_verb("admit", past="admitted", participle="admitting"),
    *_verb("accuse"),
    *_verb("urge"),
    *_verb("vow"),
    *_verb("pledge"),
    *_verb("boast"),
    *_verb("complain"),
    *_verb("caution"),
    *_verb("respond"),
    *_verb("reiterate"),
    *_verb("recount"),
    *_verb("assure"),
    *_verb("describe"),
    *_verb("recall"),
    *_verb("indicate"),
    *_verb("conclude"),
    *_verb("publish"),
    "found",
    "finds",
    "showed",
    "shows",
    "according",
]
_SOURCE_NOUNS = """
    spokesperson spokesman spokeswoman spokespeople representative statement statements
    report reports study studies survey surveys poll polls data figures filing filings
    document documents records transcript interview interviews memo letter lawsuit
    complaint affidavit indictment testimony census analysis research researchers audit
    website tweet tweets blog newsletter email emails release press announcement
    communique bulletin journal paper papers findings estimates forecast statistics
""".split()
_UNIDENTIFIED = """
    familiar insider insiders sources source anonymity anonymously anonymous unnamed
    unidentified undisclosed experts critics observers officials analysts people some
    many others reportedly allegedly rumours rumors rumoured rumored speculation
    widely supposedly purportedly
""".split()
_TITLES_AND_BODIES = """
    mr mrs ms dr prof gov sen rep president minister secretary chairman chairwoman chair
    ceo cfo coo founder director chief commissioner mayor governor senator congressman
    congresswoman judge justice officer sheriff professor ambassador general lt col sgt
    coach manager executive economist lawyer attorney prosecutor prosecutors premier
    chancellor lawmaker lawmakers ministry department agency office police court
    university institute association council committee commission company corp inc ltd
    plc bank union party government administration authority authorities regulator
    regulators board parliament congress senate house agency's fbi cia nasa un eu who
    reuters ap afp bloomberg cnn bbc
""".split()
_PRAISE = """
    good great greatest best better excellent outstanding superb terrific wonderful
    amazing awesome fantastic fabulous incredible brilliant beautiful gorgeous stunning
    lovely perfect impressive remarkable extraordinary exceptional magnificent marvellous
    marvelous splendid delightful charming elegant exciting thrilling inspiring
    inspirational admirable heroic courageous brave bold smart clever wise genius
    talented gifted successful strong powerful iconic legendary historic tremendous fun
    enjoyable pleasant nice cute cool sweet adorable favourite favorite happy glad proud
    thrilled excited grateful thankful blessed humbled honored honoured pleased love
    loved loves adore adored enjoy enjoyed enjoys worthy deserving valuable important
    crucial essential vital significant meaningful fair honest sincere genuine authentic
    generous kind compassionate caring friendly helpful useful effective efficient
    reliable healthy fresh delicious tasty comfortable cozy cosy convenient affordable
    ideal superior unique special masterpiece gem triumph breakthrough must-have
    gracious classy fascinating intriguing compelling refreshing memorable spectacular
    phenomenal glorious majestic welcome welcoming
""".split()
_BLAME = """
    bad worse worst terrible horrible awful dreadful appalling atrocious abysmal poor
    lousy mediocre disappointing disappointed disappointment pathetic miserable sad tragic
    unfortunate shameful shame disgraceful disgusting outrageous outrage scandalous
    scandal absurd ridiculous ludicrous preposterous silly stupid dumb foolish idiotic
    crazy insane ugly nasty vile evil wicked corrupt dishonest fake phony phoney
    fraudulent sham hoax nonsense lie lies lying liar hypocrite hypocritical cowardly weak
    incompetent inept useless worthless pointless meaningless hopeless reckless
    irresponsible dangerous harmful toxic destructive damaging disastrous disaster
    catastrophe catastrophic mess chaos chaotic failure flawed wrong unfair unjust
    unacceptable inexcusable unforgivable intolerable cruel brutal vicious hateful hate
    hated hates annoying irritating boring dull tedious bland overrated overpriced
    unpleasant uncomfortable painful embarrassing humiliating offensive racist sexist
    bigoted divisive troubling worrying worrisome alarming concerning frightening scary
    terrifying shocking dismal grim bleak baseless bogus witch-hunt rigged lame
    mindless senseless arrogant greedy lazy sloppy clumsy messy
""".split()
_INTENSIFIERS = """
    very really so too extremely incredibly absolutely totally utterly completely truly
    deeply highly hugely massively enormously remarkably particularly especially quite
    rather pretty super insanely ridiculously seriously definitely certainly surely
    clearly obviously undoubtedly undeniably simply literally honestly frankly actually
    indeed arguably thankfully luckily fortunately unfortunately sadly hopefully
    ironically shockingly amazingly terribly awfully insanely damn such
""".split()
_HEDGES = """
    perhaps maybe likely unlikely probably possibly presumably seemingly apparently seems
    seem seemed appears appear appeared suggest suggests suggested suggesting guess
    suppose supposedly assume unclear uncertain somewhat roughly kinda sorta
""".split()
_POSSIBILITY = "may might could can can't cannot couldn't".split()
_OBLIGATION = "should shouldn't must mustn't ought need needs".split()
_FUTURE = "will won't shall gonna going would wouldn't".split()
_STANCE = """
    think thinks thought believe believes believed feel feels felt hope hopes hoped
    wish wishes want wants fear fears worry worried doubt doubts agree agrees disagree
    admire appreciate recommend deserve deserves deserved expect expects prefer
""".split()
_FIRST_SINGULAR = "i i'm i've i'd i'll me my mine myself".split()
_FIRST_PLURAL = "we we're we've we'd we'll us our ours ourselves let's".split()
_SECOND = "you you're you've you'd you'll your yours yourself yourselves ya y'all".split()
_NEGATION = "not no never nothing nobody none neither nor nowhere".split()
_SUPERLATIVE = """
    most least best worst greatest biggest largest smallest highest lowest finest
    strongest weakest fastest slowest richest poorest hottest coldest oldest youngest
""".split()
# Words ending in -est that are not superlatives.
_NOT_SUPERLATIVE = """
    interest forest request latest honest modest protest arrest suggest digest contest
    manifest harvest invest conquest southwest northwest midwest priest behest bequest
    unrest inquest tempest earnest attest detest divest ingest
""".split()
_INTERJECTIONS = "wow oh ah ugh yay hey omg lol haha gosh damn yes yeah hooray alas".split()
_CALENDAR = """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec yesterday today tomorrow week month year weekend tonight
""".split()
# A sentence opening with one of these is most likely an instruction or a call.
_IMPERATIVE = """
    go get let let's make try check click buy vote join take remember see read watch look
    listen visit find grab shop order call sign subscribe follow share enjoy imagine
    consider keep stop don't do never please be come give tell ask use learn start bring
    put add pick head mix stir place bake preheat combine
""".split()

_LISTS = (
    ("reporting verb", _REPORTING_VERBS),
    ("source noun", _SOURCE_NOUNS),
    ("unidentified source", _UNIDENTIFIED),
    ("title or body", _TITLES_AND_BODIES),
    ("praise", _PRAISE),
    ("blame", _BLAME),
    ("intensifier", _INTENSIFIERS),
    ("hedge", _HEDGES),
    ("possibility modal", _POSSIBILITY),
    ("obligation modal", _OBLIGATION),
    ("future", _FUTURE),
    ("stance verb", _STANCE),
    ("first person singular", _FIRST_SINGULAR),
    ("first person plural", _FIRST_PLURAL),
    ("second person", _SECOND),
    ("negation", _NEGATION),
    ("superlative", _SUPERLATIVE),
    ("interjection", _INTERJECTIONS),
    ("calendar", _CALENDAR),
)


def _table() -> dict[str, int]:
    table: dict[str, int] = {}
    for kind, words in _LISTS:
        for word in words:
            table[word] = table.get(word, 0) | BIT[kind]
    return table


TABLE = _table()
IMPERATIVE = frozenset(_IMPERATIVE)
NOT_SUPERLATIVE = frozenset(_NOT_SUPERLATIVE)


@lru_cache(maxsize=2**16)
def kinds(word: str) -> int:
    """The kinds of a lower-cased word (apostrophes as ``'``), as a bit mask."""
    mask = TABLE.get(word, 0)
    if word.endswith("n't"):
        mask |= BIT["negation"]
    elif len(word) >= 6 and word.endswith("est") and word not in NOT_SUPERLATIVE:
        mask |= BIT["superlative"]
    return mask
