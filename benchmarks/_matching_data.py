"""Seeded synthetic cooperation profiles for ``benchmarks/matching.py``.

A population of organisation cooperation profiles (EEN-style offers and requests) whose text
and codes have the shapes real ones have, generated with numpy from fixed seeds:

- **Languages.** Each profile is written in one of eight EU languages (English 40 %, then
  German, French, Spanish, Italian, Polish, Czech, Dutch); non-English profiles borrow a
  quarter of their technical words from English, as real ones do.
- **Words.** A word is a *concept* rendered in a language: a stem with the language's
  spelling habits (``c`` -> ``k`` in Polish and Czech, ``ph`` -> ``f``...) and one of its
  endings (``-tion`` / ``-ung`` / ``-ción`` / ``-acja``...), so translations are cognates that
  share character n-grams, like ``mechatronics`` / ``Mechatronik`` / ``mechatronika``.
  Function words are real (``the``, ``und``, ``pour``...). Concepts are real technical and
  business stems first, then pronounceable synthetic stems for the long tail.
- **Zipfian frequencies.** Function words (40 % of the words), 1,500 general business
  concepts (22 %), each topic's 150 concepts (35 %) and 40,000 specialist terms shared by all
  topics (3 %, the vocabulary's long tail: "perovskite", "hydrometallurgy") are drawn with
  Zipf weights (exponent 1); 400 topics have Zipfian popularity, so a few hold many profiles.
- **Length.** Title (5-10 words) plus summary: 30-80 words in total.
- **Codes.** Each topic belongs to a NACE Rev. 2 division drawn from a heavy-tailed
  distribution; a profile has 1-3 NACE classes (its topic's division first). Countries by
  population (EU-27 and associated countries), TRL peaked at 4-6, kind offer 55 % /
  request 45 %.
- **Planted partners.** :meth:`Lexicon.planted_pairs` writes requests with a complementary
  offer on the same topic that names four of the request's five specialist terms (Zipf rank
  1,000 or more: each is in a few dozen profiles of a million), in the offer's own language
  (another one in 60 % of pairs), with its own filler words, and shares its first NACE code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

POPULATION_SEED = 20261129
QUERY_SEED = 4242
PLANTED_SEED = 77


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


LANGUAGES = ("en", "de", "fr", "es", "it", "pl", "cs", "nl")
LANGUAGE_SHARE = (0.40, 0.12, 0.10, 0.09, 0.08, 0.08, 0.06, 0.07)
N_TOPICS = 400
TOPIC_CONCEPTS = 150
GENERAL_CONCEPTS = 1500
GENERATE_CHUNK = 50_000
SPECIALIST_CONCEPTS = 40_000
PLANTED_RANKS = 1000  # planted pairs name specialist concepts of Zipf rank 1,000-40,000

FUNCTION_WORDS = {
    "en": "the and of to in for with a on we our is are an as by from that this partner",
    "de": "der die und in den von zu das mit für ist im wir unser eine auf als bei partner",
    "fr": "de la le et les des en du pour un une avec dans nous est sur par partenaire",
    "es": "de la el y en los del las para con un una por nuestra es se que socio",
    "it": "di il e la per in del della con un una che sono nostro dei le partner",
    "pl": "i w na z do się jest dla oraz nasz to od przez jako ze partnera",
    "cs": "a v na s se je pro do z o ve jako naše který od partnera",
    "nl": "de en van het een in voor met op wij onze is te door als partner",
}
# Endings per language for the three ending classes of a concept (noun, adjective, process).
ENDINGS = {
    "en": ("", "ic", "ion"),
    "de": ("e", "isch", "ung"),
    "fr": ("e", "ique", "ion"),
    "es": ("o", "ico", "ción"),
    "it": ("o", "ico", "zione"),
    "pl": ("a", "owy", "acja"),
    "cs": ("a", "ový", "ace"),
    "nl": ("", "isch", "ing"),
}
SPELLING = {
    "de": (("c", "k"), ("ph", "f")),
    "es": (("ph", "f"), ("th", "t"), ("y", "i")),
    "it": (("ph", "f"), ("th", "t"), ("y", "i"), ("x", "ss")),
    "pl": (("c", "k"), ("ph", "f"), ("th", "t"), ("v", "w"), ("y", "i")),
    "cs": (("c", "k"), ("ph", "f"), ("th", "t"), ("w", "v"), ("y", "i")),
    "nl": (("c", "k"), ("ph", "f")),
}
REAL_GENERAL = _split(
    "innovat develop market product servic technolog solut research project compan cooperat "
    "manufactur industr experienc expert custom qualit internation sustainabl digit system "
    "process licens distribut agreement commerc joint ventur invest financ applic test "
    "prototyp certificat standard patent know transfer partner network supply chain export "
    "integrat optimis efficien competit scal platform design engineer consult train analys"
)
REAL_TECHNICAL = _split(
    "hydrogen electrolys batter lithium recycl solar photovolta wind turbin geotherm biomas "
    "biogas fuel cell grid storag heat pump insulat robot mechatron sensor actuat laser "
    "optic photon semiconduct microelectron nanomateri graphen polymer composit ceram "
    "metallurg weld cast machin automat cyber softwar algorithm artifici intellig "
    "blockchain cloud telecom antenn satellit dron aerospac automotiv railway maritim "
    "logist packag textil leather furnitur wood paper chemic pharmac biotechnolog genom "
    "vaccin diagnost medic surgic implant dental orthoped therap clinic hospit ageing "
    "nutrit food dairy meat wine brew aquacultur fisher agricultur fertilis pestic irrigat "
    "soil forest water wastewater desalin air pollut emission carbon captur circular "
    "plastic tourism cultur creativ film music gaming educat elearn fintech insur bank "
    "retail ecommerc smart citi mobil transport"
)
SYLLABLES = [c + v for c in "bcdfgklmnprstvz" for v in "aeiou"] + ["tr", "st", "pl", "kr", "n"]
NACE_SECTIONS = {
    "A": (1, 2, 3), "B": (5, 6, 7, 8, 9), "C": tuple(range(10, 34)), "D": (35,),
    "E": (36, 37, 38, 39), "F": (41, 42, 43), "G": (45, 46, 47), "H": (49, 50, 51, 52, 53),
    "I": (55, 56), "J": (58, 59, 60, 61, 62, 63), "K": (64, 65, 66), "L": (68,),
    "M": (69, 70, 71, 72, 73, 74, 75), "N": (77, 78, 79, 80, 81, 82), "O": (84,), "P": (85,),
    "Q": (86, 87, 88), "R": (90, 91, 92, 93), "S": (94, 95, 96),
}  # fmt: skip
COUNTRIES = {
    "DE": 84.4, "FR": 68.2, "IT": 59.0, "ES": 48.1, "PL": 36.8, "RO": 19.1, "NL": 17.9,
    "BE": 11.8, "CZ": 10.8, "SE": 10.5, "PT": 10.4, "GR": 10.4, "HU": 9.6, "AT": 9.1,
    "BG": 6.4, "DK": 5.9, "FI": 5.6, "SK": 5.4, "IE": 5.3, "HR": 3.9, "LT": 2.9, "SI": 2.1,
    "LV": 1.9, "EE": 1.4, "CY": 0.9, "LU": 0.7, "MT": 0.5, "NO": 5.5, "CH": 8.8, "IS": 0.4,
    "UK": 68.0, "TR": 85.3, "RS": 6.6, "UA": 37.0,
}  # fmt: skip
KINDS = ("offer", "request")
TRL_SHARE = (0.03, 0.06, 0.10, 0.15, 0.18, 0.17, 0.13, 0.10, 0.08)


@dataclass(frozen=True)
class Profiles:
    """A batch of synthetic profiles: text and codes, one entry per profile.

    ``nace`` holds up to three NACE division numbers per profile (``-1``: none) and
    ``nace_class`` the matching four-digit class codes as strings (``"28.11"``).
    """

    texts: list[str]
    topic: np.ndarray
    language: np.ndarray
    country: np.ndarray
    kind: np.ndarray
    trl: np.ndarray
    nace: np.ndarray
    nace_class: list[tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.texts)


class Lexicon:
    """Every word of the synthetic world: concepts rendered in each language, topic structure.

    Built once per seed; :meth:`generate` then draws profiles from it. Deterministic.
    """

    def __init__(self, seed: int = POPULATION_SEED) -> None:
        rng = np.random.default_rng(seed)
        n_concepts = GENERAL_CONCEPTS + N_TOPICS * TOPIC_CONCEPTS + SPECIALIST_CONCEPTS
        stems = _stems(rng, n_concepts, REAL_GENERAL, REAL_TECHNICAL)
        ending_class = rng.integers(0, 3, n_concepts)
        # surface[concept, language]: the word as an object array, for fast joining.
        self.surface = np.array(
            [
                [_render(stem, c, lang) for lang in LANGUAGES]
                for stem, c in zip(stems, ending_class, strict=True)
            ],
            dtype=object,
        )
        self.function = [np.array(FUNCTION_WORDS[lang].split(), dtype=object) for lang in LANGUAGES]
        self.general = np.arange(GENERAL_CONCEPTS)
        self.specialist = (
            GENERAL_CONCEPTS + N_TOPICS * TOPIC_CONCEPTS + np.arange(SPECIALIST_CONCEPTS)
        )
        self.topic_concepts = GENERAL_CONCEPTS + np.arange(N_TOPICS * TOPIC_CONCEPTS).reshape(
            N_TOPICS, TOPIC_CONCEPTS
        )
        # Topics shuffle the real technical stems in among the synthetic ones: the first
        # concept of a topic is its most frequent (Zipf rank 1).
        self.topic_share = _zipf(N_TOPICS, 1.0)
        divisions = np.array([d for ds in NACE_SECTIONS.values() for d in ds])
        self.section_of = {d: s for s, ds in NACE_SECTIONS.items() for d in ds}
        self.topic_division = divisions[
            rng.choice(
                divisions.size,
                N_TOPICS,
                p=_zipf(divisions.size, 1.1)[rng.permutation(divisions.size)],
            )
        ]
        self.countries = np.array(list(COUNTRIES))
        self.country_share = np.array(list(COUNTRIES.values())) / sum(COUNTRIES.values())

    def generate(self, n: int, *, seed: int) -> Profiles:
        """``n`` profiles drawn with ``seed``, in chunks of 50,000 (bounded memory).

        Chunk ``c`` uses the seed sequence ``(seed, c)``, so the first profiles of a large
        population are the same whatever its size.
        """
        chunks = []
        for number, start in enumerate(range(0, n, GENERATE_CHUNK)):
            rng = np.random.default_rng([seed, number])
            size = min(GENERATE_CHUNK, n - start)
            topic = rng.choice(N_TOPICS, size, p=self.topic_share)
            language = rng.choice(len(LANGUAGES), size, p=LANGUAGE_SHARE)
            length = rng.integers(30, 81, size)
            texts = self._texts(rng, topic, language, length, specific=None)
            chunks.append(self._with_codes(rng, texts, topic, language))
        return concatenate(chunks)

    def _texts(
        self,
        rng: np.random.Generator,
        topic: np.ndarray,
        language: np.ndarray,
        length: np.ndarray,
        *,
        specific: np.ndarray | None,
    ) -> list[str]:
        total = int(length.sum())
        owner = np.repeat(np.arange(topic.size), length)
        lang = language[owner]
        # Function, general, topic and specialist words.
        kind = rng.choice(4, total, p=(0.40, 0.22, 0.35, 0.03))
        words = np.empty(total, dtype=object)
        function_draw = rng.random(total)
        for code in range(len(LANGUAGES)):
            rows = np.flatnonzero((kind == 0) & (lang == code))
            vocabulary = self.function[code]
            cdf = np.cumsum(_zipf(vocabulary.size, 1.0))
            rank = np.minimum(np.searchsorted(cdf, function_draw[rows]), vocabulary.size - 1)
            words[rows] = vocabulary[rank]
        content = np.flatnonzero(kind > 0)
        general_rank = _zipf_draw(rng, GENERAL_CONCEPTS, content.size)
        topic_rank = _zipf_draw(rng, TOPIC_CONCEPTS, content.size)
        specialist_rank = _zipf_draw(rng, SPECIALIST_CONCEPTS, content.size)
        concept = np.select(
            [kind[content] == 1, kind[content] == 2],
            [self.general[general_rank], self.topic_concepts[topic[owner[content]], topic_rank]],
            self.specialist[specialist_rank],
        )
        # Technical words are often left in English in profiles written in other languages.
        render = np.where(rng.random(content.size) < 0.25, 0, lang[content])
        words[content] = self.surface[concept, render]
        if specific is not None:
            # A profile names its specific concepts twice, as real ones do: in the title (the
            # first content words) and again in the summary (content words after the title).
            first = np.searchsorted(owner[content], np.arange(topic.size))
            available = np.bincount(owner[content], minlength=topic.size)
            for slot in range(specific.shape[1]):
                for offset in (slot, 12 + slot):
                    rows = np.flatnonzero((specific[:, slot] >= 0) & (offset < available))
                    position = content[first[rows] + offset]
                    words[position] = self.surface[specific[rows, slot], lang[position]]
        ends = np.cumsum(length)
        starts = ends - length
        cuts = (starts + rng.integers(5, 11, topic.size)).tolist()
        tokens = words.tolist()
        join = " ".join
        return [
            f"{join(tokens[start:cut])}. {join(tokens[cut:end])}."
            for start, cut, end in zip(starts.tolist(), cuts, ends.tolist(), strict=True)
        ]

    def _with_codes(
        self, rng: np.random.Generator, texts: list[str], topic: np.ndarray, language: np.ndarray
    ) -> Profiles:
        n = topic.size
        nace = np.full((n, 3), -1, dtype=np.int64)
        nace[:, 0] = self.topic_division[topic]
        extra = rng.choice(3, n, p=(0.45, 0.35, 0.20))
        for slot in (1, 2):
            rows = extra >= slot
            nace[rows, slot] = self.topic_division[
                rng.choice(N_TOPICS, rows.sum(), p=self.topic_share)
            ]
        class_digits = rng.zipf(1.6, (n, 3)).clip(1, 9)
        nace_class = [
            tuple(f"{d:02d}.{d % 9 + 1}{c}" for d, c in zip(row, digits, strict=True) if d >= 0)
            for row, digits in zip(nace.tolist(), class_digits.tolist(), strict=True)
        ]
        return Profiles(
            texts=texts,
            topic=topic,
            language=language,
            country=self.countries[rng.choice(self.countries.size, n, p=self.country_share)],
            kind=np.array(KINDS)[rng.choice(2, n, p=(0.55, 0.45))],
            trl=rng.choice(9, n, p=TRL_SHARE) + 1,
            nace=nace,
            nace_class=nace_class,
        )

    def section(self, nace: np.ndarray) -> np.ndarray:
        """The NACE section letter of each profile's first division."""
        letters = np.array([self.section_of.get(d, "?") for d in range(100)])
        return letters[nace[:, 0]]

    def planted_pairs(self, n: int, *, seed: int = PLANTED_SEED) -> tuple[Profiles, Profiles]:
        """``n`` requests and, row for row, their planted complementary offers.

        A request names five specialist terms (Zipf rank 1,000-40,000, so few other profiles
        share them by chance) in its title and again in its summary; its offer names four of
        them the same way, in the offer's own language (another language in 60 % of pairs),
        with its own filler words on the same topic, and shares the request's first NACE
        division.
        """
        rng = np.random.default_rng(seed)
        topic = rng.choice(N_TOPICS, n, p=self.topic_share)
        specific = self.specialist[rng.integers(PLANTED_RANKS, SPECIALIST_CONCEPTS, (n, 5))]
        req_lang = rng.choice(len(LANGUAGES), n, p=LANGUAGE_SHARE)
        other = rng.choice(len(LANGUAGES), n, p=LANGUAGE_SHARE)
        off_lang = np.where(rng.random(n) < 0.6, other, req_lang)
        dropped = specific.copy()
        dropped[np.arange(n), rng.integers(0, 5, n)] = -1
        offer_specific = np.sort(dropped, axis=1)[:, ::-1][:, :4]
        requests = self._with_codes(
            rng,
            self._texts(rng, topic, req_lang, rng.integers(30, 81, n), specific=specific),
            topic,
            req_lang,
        )
        offers = self._with_codes(
            rng,
            self._texts(rng, topic, off_lang, rng.integers(30, 81, n), specific=offer_specific),
            topic,
            off_lang,
        )
        requests.kind[:] = "request"
        offers.kind[:] = "offer"
        offers.nace[:, 0] = requests.nace[:, 0]
        return requests, offers


def concatenate(parts: list[Profiles]) -> Profiles:
    """One batch of the profiles of ``parts``, in order."""
    return Profiles(
        texts=[text for part in parts for text in part.texts],
        topic=np.concatenate([part.topic for part in parts]),
        language=np.concatenate([part.language for part in parts]),
        country=np.concatenate([part.country for part in parts]),
        kind=np.concatenate([part.kind for part in parts]),
        trl=np.concatenate([part.trl for part in parts]),
        nace=np.concatenate([part.nace for part in parts]),
        nace_class=[codes for part in parts for codes in part.nace_class],
    )


def _zipf(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _zipf_draw(rng: np.random.Generator, n: int, size: int, exponent: float = 1.0) -> np.ndarray:
    cdf = np.cumsum(_zipf(n, exponent))
    return np.minimum(np.searchsorted(cdf, rng.random(size)), n - 1)


def _stems(rng: np.random.Generator, n: int, general: list[str], technical: list[str]) -> list[str]:
    seen: set[str] = set(general) | set(technical)
    synthetic: list[str] = []
    syllables = np.array(SYLLABLES, dtype=object)
    while len(synthetic) < n:
        parts = syllables[rng.integers(0, syllables.size, (2 * n, 4))]
        sizes = rng.integers(2, 5, 2 * n)
        for row, size in zip(parts.tolist(), sizes.tolist(), strict=True):
            stem = "".join(row[:size])
            if stem not in seen and len(stem) >= 4:
                seen.add(stem)
                synthetic.append(stem)
    stems = list(general) + synthetic[: GENERAL_CONCEPTS - len(general)]
    topic_part = synthetic[GENERAL_CONCEPTS - len(general) :]
    # Real technical stems become the leading concepts of the first topics.
    for i, stem in enumerate(technical):
        topic_part[(i % N_TOPICS) * TOPIC_CONCEPTS + i // N_TOPICS] = stem
    return stems + topic_part[: n - GENERAL_CONCEPTS]


def _render(stem: str, ending_class: int, language: str) -> str:
    word = stem
    for old, new in SPELLING.get(language, ()):
        word = word.replace(old, new)
    return word + ENDINGS[language][ending_class]
