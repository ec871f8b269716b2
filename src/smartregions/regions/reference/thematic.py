"""The EU thematic smart specialisation (S3) platforms and the thematic areas under them.

The Commission's Joint Research Centre runs thematic S3 platforms on Energy, Agri-Food and
Industrial Modernisation (launched from 2015) and, since 2022, on Sustainable Blue Economy;
regions with shared priorities form interregional partnerships under them. Areas named after
such a partnership sit under its platform. Areas that cut across platforms (big data, mobility,
water...) have no platform. The list is for tagging priorities and organisations, not a
register of partnerships, so it does not claim to be complete.
"""

from __future__ import annotations

# One row per platform: slug, name, description.
PLATFORMS: tuple[tuple[str, str, str], ...] = (
    (
        "energy",
        "Energy",
        (
            "The Smart Specialisation Platform on Energy (S3PEnergy) helps regions that chose "
            "energy priorities to cooperate through interregional partnerships on bioenergy, solar "
            "energy, marine renewable energy, smart grids and sustainable buildings."
        ),
    ),
    (
        "agri-food",
        "Agri-Food",
        (
            "The thematic S3 platform on Agri-Food supports interregional partnerships that "
            "modernise agri-food value chains, such as traceability and big data, high-tech "
            "farming and smart sensors for agri-food."
        ),
    ),
    (
        "industrial-modernisation",
        "Industrial Modernisation",
        (
            "The thematic S3 platform on Industrial Modernisation, launched in June 2016, supports "
            "interregional partnerships of regions and clusters for the uptake of advanced "
            "technologies in industry."
        ),
    ),
    (
        "blue-economy",
        "Sustainable Blue Economy",
        (
            "The thematic S3 platform for Sustainable Blue Economy, launched in 2022, supports "
            "interregional partnerships on the sustainable use of seas and coasts, from fisheries "
            "and aquaculture to marine energy and coastal tourism."
        ),
    ),
)

# One row per area: slug, name, platform slug (None: across platforms), description.
AREAS: tuple[tuple[str, str, str | None, str], ...] = (
    # Energy: the five partnerships of S3PEnergy.
    (
        "bioenergy",
        "Bioenergy",
        "energy",
        "Biofuels, biogas, and heat and power from forest and agricultural biomass.",
    ),
    ("solar-energy", "Solar energy", "energy", "Solar photovoltaic and solar thermal energy."),
    (
        "smart-grids",
        "Smart grids",
        "energy",
        "Digitally managed electricity networks, storage and demand response.",
    ),
    (
        "marine-renewable-energy",
        "Marine renewable energy",
        "energy",
        "Offshore wind, wave and tidal energy.",
    ),
    (
        "sustainable-buildings",
        "Sustainable buildings",
        "energy",
        "Eco-construction, insulation and renewable energy integrated in buildings.",
    ),
    # Agri-Food.
    (
        "high-tech-farming",
        "High-tech farming",
        "agri-food",
        "Precision agriculture, farm robotics and digital tools on the farm.",
    ),
    (
        "traceability-big-data-agri-food",
        "Traceability and big data in the agri-food value chain",
        "agri-food",
        "Digital traceability of food and value creation from agri-food data.",
    ),
    (
        "smart-sensors-agri-food",
        "Smart sensor systems for agri-food",
        "agri-food",
        "Sensors, the internet of things and data management in agri-food companies.",
    ),
    # Industrial Modernisation.
    (
        "advanced-manufacturing",
        "Advanced manufacturing",
        "industrial-modernisation",
        "Advanced production technologies, including 3D printing and industry 4.0.",
    ),
    (
        "artificial-intelligence-hmi",
        "Artificial intelligence and human-machine interface",
        "industrial-modernisation",
        "Artificial intelligence and the interaction of people with machines in industry.",
    ),
    (
        "bioeconomy",
        "Bioeconomy",
        "industrial-modernisation",
        "Bio-based products, materials and chemicals from renewable biological resources.",
    ),
    (
        "chemicals",
        "Chemicals",
        "industrial-modernisation",
        "Modernisation of the chemical industry and its value chains.",
    ),
    (
        "cybersecurity",
        "Cybersecurity",
        "industrial-modernisation",
        "Security of networks, systems and data.",
    ),
    (
        "medical-technologies",
        "Medical technologies",
        "industrial-modernisation",
        "Medical devices, diagnostics and health technologies.",
    ),
    (
        "nanotechnology-applications",
        "Nanotechnology applications",
        "industrial-modernisation",
        "Products enabled by nanotechnology and nanomaterials.",
    ),
    (
        "textiles",
        "Textiles",
        "industrial-modernisation",
        "Textile and clothing industry, technical and smart textiles.",
    ),
    # Sustainable Blue Economy.
    (
        "maritime-blue-growth",
        "Maritime industries and blue growth",
        "blue-economy",
        "Shipbuilding, ports, marine biotechnology and other sea-based activities.",
    ),
    (
        "aquaculture",
        "Fisheries and aquaculture",
        "blue-economy",
        "Sustainable fisheries, aquaculture and algae.",
    ),
    # Across platforms.
    ("big-data", "Big data", None, "Data analytics and data infrastructures in any sector."),
    (
        "smart-mobility",
        "Connected and smart mobility",
        None,
        "Connected, automated and low-emission transport and mobility services.",
    ),
    (
        "resource-efficiency",
        "Resource efficiency and circular economy",
        None,
        "Efficient use of materials, energy and water, recycling and reuse.",
    ),
    ("health", "Health and life sciences", None, "Health care, biotechnology and wellbeing."),
    (
        "sustainable-tourism",
        "Sustainable tourism",
        None,
        "Tourism that keeps natural and cultural heritage for the long term.",
    ),
    ("water", "Water", None, "Water supply, treatment and management."),
)
