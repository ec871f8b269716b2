"""The words of the events demo: the conference's programme, registration questions, stands,
pitches and table discussions (statements written so that similar ones cluster), and the B2B
profiles' building blocks. Data only."""

from __future__ import annotations

from dataclasses import dataclass

from smartregions.events.enums import SessionKind


@dataclass(frozen=True)
class DemoSession:
    """A programme session: day (0 or 1), local start and end (h, min), room (index into
    :data:`ROOMS`, or None), and speakers as (pool index or None for a guest, name, role)."""

    day: int
    start: tuple[int, int]
    end: tuple[int, int]
    kind: str
    title: str
    room: int | None
    description: str = ""
    speakers: tuple[tuple[int | None, str, str], ...] = ()
    seat_limit: int | None = None


ROOMS = [("Plenary hall", 400), ("Room Danube", 80), ("Room Rhine", 80)]
#: Pool indices of the speakers who are platform users (registered as speakers).
SPEAKERS = (0, 1, 2, 3, 4, 5, 6)
SESSIONS = [
    DemoSession(
        day=0,
        start=(9, 0),
        end=(10, 0),
        kind=SessionKind.PLENARY,
        title="Opening: smart specialisation after 2027",
        room=0,
        description=(
            "Where regional innovation strategies go next, and what interregional "
            "partnerships have delivered so far."
        ),
        speakers=((None, "Helena Vos", "chair"), (0, "", "keynote")),
    ),
    DemoSession(
        day=0,
        start=(10, 30),
        end=(12, 0),
        kind=SessionKind.PARALLEL,
        title="Hydrogen valleys: from pilots to investment",
        room=1,
        description="How regions take electrolyser pilots to bankable projects.",
        speakers=((1, "", "moderator"), (2, "", "panellist"), (None, "Marek Zeman", "panellist")),
    ),
    # The demo's deliberate conflict: the moderator of the hydrogen panel is also booked for
    # this panel, at the same time, in another room.
    DemoSession(
        day=0,
        start=(10, 30),
        end=(12, 0),
        kind=SessionKind.PARALLEL,
        title="Digital transition of SMEs in traditional industries",
        room=2,
        description="Data, automation and skills for small manufacturers.",
        speakers=((3, "", "moderator"), (1, "", "panellist")),
    ),
    DemoSession(
        day=0,
        start=(12, 0),
        end=(13, 30),
        kind=SessionKind.EXHIBITION,
        title="Exhibition and lunch",
        room=None,
        description="Meet the regions and organisations at their stands.",
    ),
    DemoSession(
        day=0,
        start=(13, 30),
        end=(15, 0),
        kind=SessionKind.PITCH,
        title="Partnership pitches",
        room=0,
        description=(
            "Thematic partnerships pitch their projects to investors and managing authorities."
        ),
        speakers=((None, "Jonas Becker", "moderator"),),
    ),
    DemoSession(
        day=0,
        start=(15, 30),
        end=(17, 0),
        kind=SessionKind.TABLE_ROUND,
        title="Table discussions: from priorities to investments",
        room=1,
        description=(
            "Four tables, each with a host and a rapporteur; the conclusions are presented on "
            "day 2."
        ),
        seat_limit=48,
    ),
    DemoSession(
        day=0,
        start=(19, 0),
        end=(22, 0),
        kind=SessionKind.NETWORKING,
        title="Networking dinner",
        room=None,
        seat_limit=90,
    ),
    DemoSession(
        day=1,
        start=(9, 0),
        end=(10, 30),
        kind=SessionKind.PLENARY,
        title="Interregional innovation investments: what works",
        room=0,
        description="Lessons from the first funded interregional projects.",
        speakers=((4, "", "speaker"), (None, "Claire Martens", "speaker")),
    ),
    DemoSession(
        day=1,
        start=(11, 0),
        end=(12, 30),
        kind=SessionKind.PARALLEL,
        title="Circular batteries and critical raw materials",
        room=1,
        description="Collection, second life and recycling across borders.",
        speakers=((5, "", "moderator"),),
    ),
    DemoSession(
        day=1,
        start=(11, 0),
        end=(12, 30),
        kind=SessionKind.PARALLEL,
        title="Agri-food value chains and traceability",
        room=2,
        description="Precision farming and food processing that cut waste along the chain.",
        speakers=((6, "", "moderator"),),
    ),
    DemoSession(
        day=1,
        start=(12, 30),
        end=(14, 0),
        kind=SessionKind.EXHIBITION,
        title="Exhibition and networking lunch",
        room=None,
    ),
    DemoSession(
        day=1,
        start=(14, 0),
        end=(15, 30),
        kind=SessionKind.PLENARY,
        title="Closing: conclusions of the table discussions",
        room=0,
        description="The rapporteurs' conclusions and the follow-up actions agreed.",
        speakers=((None, "Helena Vos", "chair"), (0, "", "speaker")),
    ),
]
#: Sessions personal agendas are drawn from (indices into :data:`SESSIONS`).
AGENDA_CHOICES = (0, 1, 2, 5, 6, 7, 8, 9, 11)

DIETARY = ["No special needs", "Vegetarian", "Vegan", "Gluten-free", "Halal"]
DIETARY_WEIGHTS = [60, 20, 8, 7, 5]
INTERESTS = [
    "Hydrogen and energy",
    "Circular economy and batteries",
    "Digital transition of SMEs",
    "Agri-food value chains",
    "Skills and talent",
]

STANDS = [
    ("A1", "18", "Hall A, entrance"),
    ("A2", "12", "Hall A"),
    ("A3", "12", "Hall A"),
    ("A4", "12", "Hall A"),
    ("B1", "9", "Hall B"),
    ("B2", "9", "Hall B"),
    ("B3", "9", "Hall B"),
    ("B4", "9", "Hall B, near the pitch stage"),
]
SHOWCASE_REGION = (
    "{name} presents its smart-specialisation strategy, the partnerships it leads or joins, "
    "and the projects looking for partners and investors."
)
SHOWCASE_ORGANISATION = (
    "{name} shows its work on {keywords}, and looks for partners for joint projects in the "
    "partner regions."
)

#: Pitch title and summary by partnership acronym (others get a generic pitch).
PITCHES = {
    "H2VI": (
        "Two electrolyser pilots, one shared pipeline",
        (
            "Regions of the partnership pool demand from energy-intensive plants and pitch two "
            "electrolyser pilots ready for co-investment."
        ),
    ),
    "CIRBAT": (
        "A cross-border battery recycling hub",
        (
            "Collection points in four regions feed one recycling hub; the partnership looks "
            "for an industrial investor and a second-life operator."
        ),
    ),
    "TEXVAL": (
        "Circular textiles from regional fibres",
        (
            "Sorting, recycling and new yarns from post-consumer textiles, with a demonstration "
            "line to finance."
        ),
    ),
}

ROUND_TITLE = "From S3 priorities to interregional investments"
BLOCKERS = "What holds joint projects back today?"
NEXT_STEPS = "What should partnerships do in the next 12 months?"


@dataclass(frozen=True)
class DemoTable:
    """A discussion table: topic, its own question (optional), and statements per question
    as (theme, text); statements of one theme say much the same thing."""

    topic: str
    own_question: str
    notes: dict[str, tuple[tuple[str, str], ...]]


def _notes(text: str) -> tuple[tuple[str, str], ...]:
    """``theme | statement`` lines as (theme, statement) pairs (no theme: ``| statement``)."""
    rows = (line.split("|", 1) for line in text.strip().splitlines())
    return tuple((theme.strip(), statement.strip()) for theme, statement in rows)


TABLES = [
    DemoTable(
        topic="Hydrogen valleys: from pilots to investment",
        own_question="Which infrastructure should regions share?",
        notes={
            BLOCKERS: _notes("""
                cofinancing | Co-financing rules differ between regions and slow joint projects.
                permits | Permits for hydrogen pilot plants take more than a year.
                skills | Companies cannot find enough skilled hydrogen technicians.
            """),
            NEXT_STEPS: _notes("""
                pipeline | Build a joint pipeline of investment-ready hydrogen projects.
                facilities | Open regional hydrogen test facilities to SMEs of partner regions.
                exchange | Exchange staff between the regional energy agencies.
            """),
            "Which infrastructure should regions share?": _notes("""
                | A shared hydrogen refuelling corridor along the main freight routes.
                | Common safety testing of electrolysers and storage tanks.
                | One certification lab for hydrogen equipment instead of four.
            """),
        },
    ),
    DemoTable(
        topic="Skills for the green and digital transition",
        own_question="How can training centres work across borders?",
        notes={
            BLOCKERS: _notes("""
                skills | There are not enough skilled technicians for new production lines.
                cofinancing | Regional co-financing rules are not aligned and delay joint projects.
                data | Training providers do not know which skills companies will need.
            """),
            NEXT_STEPS: _notes("""
                training | Launch a joint training programme for hydrogen and battery technicians.
                pipeline | Prepare a shared pipeline of investment-ready projects for I3.
            """),
            "How can training centres work across borders?": _notes("""
                | Recognise each other's certificates for technicians.
                | Share trainers and equipment between vocational schools.
                | Offer apprenticeships in partner regions.
                | Translate course material into the partners' languages.
            """),
        },
    ),
    DemoTable(
        topic="Circular batteries and critical raw materials",
        own_question="",
        notes={
            BLOCKERS: _notes("""
                permits | Permitting of battery recycling plants takes too long.
                cofinancing | Different co-financing rates in each region slow joint projects down.
                data | Nobody knows how many used batteries each region collects.
                | Transporting used batteries across borders is costly.
            """),
            NEXT_STEPS: _notes("""
                facilities | Map shared test facilities and open them to SMEs of partner regions.
                pipeline | Agree a joint pipeline of investment-ready projects with the authorities.
                | Set up a common register of collection points.
                training | Train staff to handle and dismantle used batteries safely.
            """),
        },
    ),
    DemoTable(
        topic="Digital tools for SMEs in traditional industries",
        own_question="What do SMEs need from regions?",
        notes={
            BLOCKERS: _notes("""
                data | SMEs lack data on where partners and test facilities are.
                skills | Small firms cannot hire skilled data specialists.
                | Digital innovation hubs are unknown to most SMEs.
            """),
            NEXT_STEPS: _notes("""
                facilities | Open test facilities to SMEs of partner regions at local prices.
                exchange | Organise staff exchanges between regional innovation agencies.
                | Run joint calls for SME digitalisation vouchers.
            """),
            "What do SMEs need from regions?": _notes("""
                | Vouchers that can be spent at a digital innovation hub in another region.
                | One contact point for all regional innovation support.
                | Faster decisions on small grants.
            """),
        },
    ),
]

#: Curated conclusions: question, the theme whose notes are its sources, and the text.
CONCLUSIONS = [
    (
        BLOCKERS,
        "cofinancing",
        (
            "Misaligned co-financing rules are the main brake on joint projects: the managing "
            "authorities should agree on common co-financing rates for interregional projects."
        ),
    ),
    (
        BLOCKERS,
        "skills",
        (
            "Skills shortages hold back every value chain discussed; training has to start before "
            "the investments, not after them."
        ),
    ),
    (
        NEXT_STEPS,
        "pipeline",
        (
            "Partnerships should build one shared pipeline of investment-ready projects with the "
            "managing authorities within the next year."
        ),
    ),
    (
        NEXT_STEPS,
        "facilities",
        (
            "Regional test facilities should be open to SMEs of all partner regions on the same "
            "terms as local firms."
        ),
    ),
]
#: Follow-up actions: index into :data:`CONCLUSIONS`, description, days after the event it is
#: due, and whether it is linked to the first active demo partnership.
FOLLOW_UPS = [
    (2, "Draft the joint project pipeline with the member regions' managing authorities", 90, True),
    (0, "Survey the co-financing rules of the regions that took part", 60, False),
]

#: Hydrogen topics the brokerage participants offer and seek (their profiles combine them with
#: their organisation's sector and keywords, so the suggestions have words in common).
HYDROGEN_TOPICS = [
    "electrolyser components",
    "hydrogen storage tanks",
    "fuel cell systems",
    "hydrogen refuelling stations",
    "power-to-gas plants",
    "hydrogen pipelines and grids",
    "safety testing of hydrogen equipment",
    "industrial heat from hydrogen",
]
#: Offering and seeking by organisation type; {sector}, {keywords}, {topic} and {other} (a
#: second topic) are filled in.
PROFILE_TEXTS = {
    "sme": (
        (
            "{sector} know-how applied to {topic}: design, prototypes and small-series "
            "production. We also work on {keywords}."
        ),
        (
            "Test facilities and research partners for {topic}, and industrial customers who "
            "need {other}."
        ),
    ),
    "large_company": (
        (
            "Industrial sites and demand for {topic} ({sector}); pilot sites for demonstration "
            "projects on {keywords}."
        ),
        "Suppliers of {topic} and SMEs with {other}.",
    ),
    "research": (
        (
            "Research and testing for {topic}: laboratory validation, pilot lines and {sector} "
            "expertise on {keywords}."
        ),
        (
            "Companies that want to bring {topic} to market, and partners for joint proposals "
            "on {other}."
        ),
    ),
    "cluster": (
        (
            "A network of companies in {sector} working on {topic} and {keywords}; matchmaking "
            "and funding advice."
        ),
        "Partner clusters and technology providers for {topic} and {other}.",
    ),
    "public_authority": (
        (
            "Regional funding, permit guidance and sites for {topic} demonstration projects; "
            "our strategy covers {keywords}."
        ),
        "Companies and research centres ready to invest in {topic} and {other} in our region.",
    ),
}
PROFILE_TEXTS["intermediary"] = PROFILE_TEXTS["cluster"]
REQUEST_MESSAGES = [
    "We work on {topic} and would like to hear about your plans.",
    "Your profile mentions {topic}: could we discuss a joint pilot?",
    "We are looking for partners on {topic} for a proposal next spring.",
    "",
]
