"""The vocabulary of the synthetic data: priority themes, and words for organisation names.

Each :class:`Theme` ties wording to the codes a real strategy would use for it: NACE Rev.2
divisions, FORD 2015 fields, Cohesion Policy 2021-27 specific objectives (``RSO1.1``...) and the
thematic areas of ``regions/reference/thematic.py``. Codes that are not loaded are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """A family of priorities: titles, description parts, fitting codes, organisation words."""

    key: str
    titles: tuple[str, ...]
    strength: str
    goal: str
    actions: tuple[str, ...]
    nace: tuple[str, ...]
    ford: tuple[str, ...]
    policy: tuple[str, ...]
    areas: tuple[str, ...]
    keywords: tuple[str, ...]
    org_words: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        key="manufacturing",
        titles=(
            "Smart manufacturing and industrial automation",
            "Advanced manufacturing systems and robotics",
            "Industry 4.0 for machinery and metalworking",
        ),
        strength="a dense base of machinery, metalworking and equipment suppliers",
        goal="raise productivity through automation, digital twins and flexible production",
        actions=(
            "pilot lines for collaborative robots",
            "testbeds for predictive maintenance",
            "vouchers for first digitalisation projects",
            "joint R&D between suppliers and integrators",
        ),
        nace=("25", "27", "28", "29", "33"),
        ford=("2.3", "2.2", "2.11"),
        policy=("RSO1.1", "RSO1.3"),
        areas=("advanced-manufacturing", "artificial-intelligence-hmi"),
        keywords=(
            "industry 4.0",
            "robotics",
            "automation",
            "digital twins",
            "predictive maintenance",
            "additive manufacturing",
        ),
        org_words=("Automation", "Robotics", "Precision Machining", "Industrial Systems"),
    ),
    Theme(
        key="digital",
        titles=(
            "Artificial intelligence and data-driven services",
            "Digital transformation of SMEs",
            "Cybersecurity and trusted digital services",
        ),
        strength="a growing software sector and strong computer-science faculties",
        goal="turn data and artificial intelligence into services for regional companies",
        actions=(
            "a regional data space",
            "European digital innovation hub services",
            "training in data science for SME staff",
            "cybersecurity audits for SMEs",
        ),
        nace=("62", "63", "26", "58"),
        ford=("1.2", "2.2"),
        policy=("RSO1.2", "RSO1.1"),
        areas=("big-data", "artificial-intelligence-hmi", "cybersecurity"),
        keywords=(
            "artificial intelligence",
            "big data",
            "cloud",
            "cybersecurity",
            "software",
            "internet of things",
        ),
        org_words=("Data", "Software", "Analytics", "Digital Solutions"),
    ),
    Theme(
        key="health",
        titles=(
            "Personalised medicine and medical technologies",
            "Life sciences and biopharmaceuticals",
            "Digital health and active ageing",
        ),
        strength="university hospitals, medical-device makers and life-science start-ups",
        goal="bring new diagnostics, therapies and care models from the lab to patients",
        actions=(
            "clinical testbeds for medical devices",
            "a biobank shared by hospitals and firms",
            "support for regulatory certification",
            "tele-care pilots for older people",
        ),
        nace=("21", "26", "32", "72", "86"),
        ford=("3.1", "3.2", "3.4", "2.6"),
        policy=("RSO1.1", "RSO4.5"),
        areas=("health", "medical-technologies"),
        keywords=(
            "medical devices",
            "biopharma",
            "e-health",
            "clinical trials",
            "diagnostics",
            "active ageing",
        ),
        org_words=("Medical", "Diagnostics", "Biotech", "Health Technologies"),
    ),
    Theme(
        key="agrifood",
        titles=(
            "Sustainable agri-food value chains",
            "High-quality food and precision agriculture",
            "Food safety and traceability",
        ),
        strength="fertile farmland and a long tradition of food processing",
        goal="add value to regional produce while cutting inputs and emissions",
        actions=(
            "precision-farming demonstrators",
            "shared food-processing pilot plants",
            "quality labels and short supply chains",
            "traceability platforms for producers",
        ),
        nace=("01", "10", "11", "03"),
        ford=("4.1", "4.2", "2.9"),
        policy=("RSO1.1", "RSO2.6"),
        areas=("high-tech-farming", "traceability-big-data-agri-food", "smart-sensors-agri-food"),
        keywords=(
            "precision farming",
            "food processing",
            "traceability",
            "organic",
            "short supply chains",
            "alternative proteins",
        ),
        org_words=("Foods", "Agro", "Dairy", "Farm Technologies"),
    ),
    Theme(
        key="energy",
        titles=(
            "Renewable energy and smart grids",
            "Hydrogen technologies and energy storage",
            "Energy-efficient buildings and heating",
        ),
        strength="good wind and solar resources and an experienced energy-equipment industry",
        goal="make the regional energy system renewable, flexible and affordable",
        actions=(
            "demonstration of storage and hydrogen valleys",
            "local energy communities",
            "deep-renovation programmes",
            "smart-grid pilots with distribution operators",
        ),
        nace=("35", "27", "28", "43", "71"),
        ford=("2.2", "2.7", "1.3"),
        policy=("RSO2.2", "RSO2.3", "RSO2.1"),
        areas=("solar-energy", "smart-grids", "bioenergy", "sustainable-buildings"),
        keywords=(
            "renewables",
            "smart grids",
            "hydrogen",
            "energy storage",
            "heat pumps",
            "energy communities",
        ),
        org_words=("Energy", "Power Systems", "Solar", "Grid Solutions"),
    ),
    Theme(
        key="mobility",
        titles=(
            "Clean and automated mobility",
            "Automotive transition to electric vehicles",
            "Intelligent transport and logistics",
        ),
        strength="automotive suppliers and logistics hubs on major European corridors",
        goal="help suppliers move to electric, connected and automated vehicles",
        actions=(
            "battery and powertrain test centres",
            "reskilling of automotive workers",
            "connected-corridor pilots",
            "charging-infrastructure demonstrators",
        ),
        nace=("29", "30", "49", "52", "27"),
        ford=("2.3", "2.2", "2.11"),
        policy=("RSO1.1", "RSO2.8"),
        areas=("smart-mobility",),
        keywords=(
            "electromobility",
            "batteries",
            "autonomous vehicles",
            "logistics",
            "rail",
            "charging infrastructure",
        ),
        org_words=("Mobility", "Automotive", "Logistics", "E-Drive"),
    ),
    Theme(
        key="bioeconomy",
        titles=("Forest-based bioeconomy", "Bio-based materials and biorefineries"),
        strength="large forests and a wood, pulp and paper industry",
        goal="replace fossil materials with bio-based products from regional biomass",
        actions=(
            "biorefinery pilot plants",
            "timber-construction demonstrators",
            "cascading use of biomass",
            "bio-based packaging development",
        ),
        nace=("02", "16", "17", "20"),
        ford=("2.9", "4.1", "2.4"),
        policy=("RSO2.6", "RSO1.1"),
        areas=("bioeconomy", "bioenergy"),
        keywords=(
            "biorefinery",
            "wood construction",
            "bio-based plastics",
            "forestry",
            "pulp and paper",
            "biomass",
        ),
        org_words=("Bio", "Timber", "Fibre", "Biomaterials"),
    ),
    Theme(
        key="materials",
        titles=("Circular economy and resource efficiency", "Advanced materials and recycling"),
        strength="chemical, plastics and metal industries with strong materials research",
        goal="close material loops and develop advanced materials with a lower footprint",
        actions=(
            "industrial-symbiosis networks",
            "recycling and remanufacturing pilots",
            "eco-design support",
            "characterisation labs open to SMEs",
        ),
        nace=("20", "22", "23", "24", "38"),
        ford=("2.5", "2.4", "2.10"),
        policy=("RSO2.6", "RSO1.1"),
        areas=("resource-efficiency", "chemicals", "nanotechnology-applications"),
        keywords=(
            "recycling",
            "advanced materials",
            "waste valorisation",
            "eco-design",
            "composites",
            "critical raw materials",
        ),
        org_words=("Materials", "Polymers", "Recycling", "Composites"),
    ),
    Theme(
        key="tourism",
        titles=("Sustainable and digital tourism", "Cultural and creative industries"),
        strength="rich cultural heritage, landscapes and a lively creative scene",
        goal="spread visitors across the year and grow creative businesses",
        actions=(
            "digital visitor services",
            "creative-industry incubators",
            "heritage digitisation",
            "year-round experience packages",
        ),
        nace=("55", "56", "79", "90", "91", "59"),
        ford=("6.4", "5.2", "6.1"),
        policy=("RSO4.6", "RSO1.3"),
        areas=("sustainable-tourism",),
        keywords=(
            "cultural heritage",
            "experience economy",
            "creative industries",
            "digital content",
            "sustainable tourism",
            "gastronomy",
        ),
        org_words=("Studios", "Heritage", "Travel", "Media"),
    ),
    Theme(
        key="blue",
        titles=("Blue growth and maritime technologies", "Sustainable aquaculture and fisheries"),
        strength="ports, shipyards and marine-research institutes",
        goal="grow sustainable maritime activities and protect marine ecosystems",
        actions=(
            "offshore-technology testbeds",
            "low-impact aquaculture pilots",
            "green-port solutions",
            "marine-data services",
        ),
        nace=("03", "30", "50", "52"),
        ford=("1.5", "2.11", "4.1"),
        policy=("RSO2.4", "RSO1.1"),
        areas=("maritime-blue-growth", "aquaculture", "marine-renewable-energy"),
        keywords=(
            "aquaculture",
            "offshore",
            "shipbuilding",
            "ports",
            "marine biotechnology",
            "coastal",
        ),
        org_words=("Marine", "Maritime", "Ocean Technologies", "Aqua"),
    ),
    Theme(
        key="aerospace",
        titles=("Aerospace and space applications", "Earth observation and drone services"),
        strength="aerospace suppliers and space-research teams",
        goal="turn space data and aeronautics know-how into products for other sectors",
        actions=(
            "space-data incubators",
            "drone test zones",
            "composite-structure pilot lines",
            "qualification support for suppliers",
        ),
        nace=("30", "26", "51", "71"),
        ford=("2.3", "1.3", "2.2"),
        policy=("RSO1.1",),
        areas=("advanced-manufacturing", "big-data"),
        keywords=(
            "earth observation",
            "satellites",
            "drones",
            "avionics",
            "space data",
            "composites",
        ),
        org_words=("Aerospace", "Space Systems", "Avionics", "Drones"),
    ),
    Theme(
        key="construction",
        titles=("Smart and sustainable construction", "Smart cities and urban innovation"),
        strength="a large construction sector and growing cities",
        goal="build and renovate faster, greener and with digital tools",
        actions=(
            "building-information-modelling training",
            "prefabrication demonstrators",
            "urban living labs",
            "green-infrastructure pilots",
        ),
        nace=("41", "42", "43", "71", "23"),
        ford=("2.1", "2.7", "5.7"),
        policy=("RSO2.1", "RSO5.1"),
        areas=("sustainable-buildings", "resource-efficiency"),
        keywords=(
            "building information modelling",
            "smart cities",
            "renovation",
            "green infrastructure",
            "prefabrication",
            "urban mobility",
        ),
        org_words=("Construction", "Building Systems", "Urban Solutions", "Engineering"),
    ),
    Theme(
        key="microelectronics",
        titles=("Photonics and microelectronics", "Semiconductors and sensor technologies"),
        strength="electronics manufacturers and applied-physics institutes",
        goal="strengthen the regional part of European chip and sensor value chains",
        actions=(
            "clean-room access for start-ups",
            "sensor-integration pilots",
            "design-skills academies",
            "joint projects under European chip initiatives",
        ),
        nace=("26", "27", "72"),
        ford=("2.2", "1.3", "2.10"),
        policy=("RSO1.1", "RSO1.4"),
        areas=("nanotechnology-applications", "advanced-manufacturing"),
        keywords=(
            "semiconductors",
            "sensors",
            "photonics",
            "lasers",
            "microelectronics",
            "quantum technologies",
        ),
        org_words=("Photonics", "Sensors", "Microsystems", "Electronics"),
    ),
    Theme(
        key="water",
        titles=(
            "Water management and climate adaptation",
            "Environmental technologies and monitoring",
        ),
        strength="river basins under climate pressure and environmental-engineering firms",
        goal="secure water supply and adapt the region to floods and droughts",
        actions=(
            "water-reuse demonstrators",
            "early-warning systems",
            "nature-based solutions",
            "environmental-monitoring networks",
        ),
        nace=("36", "37", "39", "71"),
        ford=("1.5", "2.7"),
        policy=("RSO2.4", "RSO2.5"),
        areas=("water", "resource-efficiency"),
        keywords=(
            "water reuse",
            "flood prevention",
            "climate adaptation",
            "monitoring",
            "ecosystem services",
            "wastewater",
        ),
        org_words=("Water", "Environmental", "Hydro", "Eco Solutions"),
    ),
    Theme(
        key="textiles",
        titles=("Smart textiles and sustainable fashion", "Technical textiles and design"),
        strength="a long textile and clothing tradition and design schools",
        goal="move from volume production to technical textiles and circular fashion",
        actions=(
            "functional-fibre pilot lines",
            "textile-recycling demonstrators",
            "design and prototyping labs",
            "digital product passports",
        ),
        nace=("13", "14", "15"),
        ford=("2.5", "6.4"),
        policy=("RSO1.3", "RSO2.6"),
        areas=("textiles", "resource-efficiency"),
        keywords=(
            "technical textiles",
            "circular fashion",
            "functional fibres",
            "design",
            "textile recycling",
        ),
        org_words=("Textiles", "Fibres", "Fashion", "Knitwear"),
    ),
)

# Strategy language of each country (the synthetic texts themselves are in English).
LANGUAGES = {
    "AT": "de", "BE": "nl", "BG": "bg", "DE": "de", "DK": "da", "EE": "et", "EL": "el",
    "ES": "es", "FI": "fi", "FR": "fr", "HR": "hr", "HU": "hu", "IE": "en", "IT": "it",
    "LT": "lt", "LV": "lv", "NL": "nl", "PL": "pl", "PT": "pt", "RO": "ro", "SE": "sv",
    "SI": "sl", "SK": "sk",
}  # fmt: skip

# (SME, large company) legal-form suffixes per country.
LEGAL_FORMS = {
    "AT": ("GmbH", "AG"), "BE": ("SRL", "SA"), "BG": ("OOD", "AD"), "DE": ("GmbH", "AG"),
    "DK": ("ApS", "A/S"), "EE": ("OÜ", "AS"), "EL": ("I.K.E.", "A.E."),
    "ES": ("S.L.", "S.A."), "FI": ("Oy", "Oyj"), "FR": ("SAS", "SA"), "HR": ("d.o.o.", "d.d."),
    "HU": ("Kft.", "Zrt."), "IE": ("Ltd", "plc"), "IT": ("S.r.l.", "S.p.A."),
    "LT": ("UAB", "AB"), "LV": ("SIA", "AS"), "NL": ("B.V.", "N.V."),
    "PL": ("Sp. z o.o.", "S.A."), "PT": ("Lda.", "S.A."), "RO": ("S.R.L.", "S.A."),
    "SE": ("AB", "AB"), "SI": ("d.o.o.", "d.d."), "SK": ("s.r.o.", "a.s."),
}  # fmt: skip

# Invented brand names are built from these syllables (``Vel`` + ``ora``).
BRAND_HEADS = (
    "Nov", "Vel", "Ard", "Lum", "Sol", "Quant", "Ter", "Alt", "Bri", "Cor", "Dyn", "Fer", "Gal",
    "Hel", "Kin", "Lin", "Mer", "Orb", "Pax", "Rav", "Syn", "Tor", "Ver", "Zen", "Ax", "Cel",
    "Mar", "Nex", "Opt", "Stel",
)  # fmt: skip
BRAND_TAILS = ("ara", "ion", "ex", "ix", "ora", "um", "is", "eo", "etra", "ova", "ant", "yra")
