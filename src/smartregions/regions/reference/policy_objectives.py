"""EU Cohesion Policy objectives: 2021-2027 policy and specific objectives, 2014-2020 themes.

Written from the regulations themselves, with their official numbering:

* 2021-2027: the five policy objectives of Regulation (EU) 2021/1060 (Common Provisions
  Regulation), Art. 5(1), each with the ERDF and Cohesion Fund specific objectives of
  Regulation (EU) 2021/1058, Art. 3(1), coded ``RSO<policy objective>.<point>`` as in the
  Commission's programming data (``RSO1.1`` is Art. 3(1)(a)(i)). The list is the one adopted in
  2021; specific objectives added by later amendments are not included.
* 2014-2020: the eleven thematic objectives of Regulation (EU) No 1303/2013, Art. 9.

Policy objective labels are the short names the Commission uses (the first clause of the
article), with the full wording as description; specific and thematic objective labels are the
full wording, capitalised, without the closing semicolon.
"""

from __future__ import annotations

COHESION_2021_2027_SOURCE = (
    "Regulation (EU) 2021/1060, Art. 5(1) (policy objectives); Regulation (EU) 2021/1058, "
    "Art. 3(1) (ERDF and Cohesion Fund specific objectives), as adopted in 2021"
)

_CPR = "Regulation (EU) 2021/1060, Art. 5(1)"
_ERDF = "Regulation (EU) 2021/1058, Art. 3(1)"

# One row per objective: code, label, parent code, description.
COHESION_2021_2027: tuple[tuple[str, str, str | None, str], ...] = (
    (
        "PO1",
        "A more competitive and smarter Europe",
        None,
        (
            "A more competitive and smarter Europe by promoting innovative and smart economic "
            f"transformation and regional ICT connectivity ({_CPR}, point (a))."
        ),
    ),
    (
        "RSO1.1",
        (
            "Developing and enhancing research and innovation capacities and the uptake of "
            "advanced technologies"
        ),
        "PO1",
        f"{_ERDF}, point (a)(i).",
    ),
    (
        "RSO1.2",
        (
            "Reaping the benefits of digitisation for citizens, companies, research organisations "
            "and public authorities"
        ),
        "PO1",
        f"{_ERDF}, point (a)(ii).",
    ),
    (
        "RSO1.3",
        (
            "Enhancing sustainable growth and competitiveness of SMEs and job creation in SMEs, "
            "including by productive investments"
        ),
        "PO1",
        f"{_ERDF}, point (a)(iii).",
    ),
    (
        "RSO1.4",
        "Developing skills for smart specialisation, industrial transition and entrepreneurship",
        "PO1",
        f"{_ERDF}, point (a)(iv).",
    ),
    ("RSO1.5", "Enhancing digital connectivity", "PO1", f"{_ERDF}, point (a)(v)."),
    (
        "PO2",
        (
            "A greener, low-carbon transitioning towards a net zero carbon economy and resilient "
            "Europe"
        ),
        None,
        (
            "A greener, low-carbon transitioning towards a net zero carbon economy and resilient "
            "Europe by promoting clean and fair energy transition, green and blue investment, the "
            "circular economy, climate change mitigation and adaptation, risk prevention and "
            f"management, and sustainable urban mobility ({_CPR}, point (b))."
        ),
    ),
    (
        "RSO2.1",
        "Promoting energy efficiency and reducing greenhouse gas emissions",
        "PO2",
        f"{_ERDF}, point (b)(i).",
    ),
    (
        "RSO2.2",
        (
            "Promoting renewable energy in accordance with Directive (EU) 2018/2001, including the "
            "sustainability criteria set out therein"
        ),
        "PO2",
        f"{_ERDF}, point (b)(ii).",
    ),
    (
        "RSO2.3",
        (
            "Developing smart energy systems, grids and storage outside the Trans-European Energy "
            "Network (TEN-E)"
        ),
        "PO2",
        f"{_ERDF}, point (b)(iii).",
    ),
    (
        "RSO2.4",
        (
            "Promoting climate change adaptation and disaster risk prevention, resilience, taking "
            "into account eco-system based approaches"
        ),
        "PO2",
        f"{_ERDF}, point (b)(iv).",
    ),
    (
        "RSO2.5",
        "Promoting access to water and sustainable water management",
        "PO2",
        f"{_ERDF}, point (b)(v).",
    ),
    (
        "RSO2.6",
        "Promoting the transition to a circular and resource efficient economy",
        "PO2",
        f"{_ERDF}, point (b)(vi).",
    ),
    (
        "RSO2.7",
        (
            "Enhancing protection and preservation of nature, biodiversity and green "
            "infrastructure, including in urban areas, and reducing all forms of pollution"
        ),
        "PO2",
        f"{_ERDF}, point (b)(vii).",
    ),
    (
        "RSO2.8",
        (
            "Promoting sustainable multimodal urban mobility, as part of transition to a net zero "
            "carbon economy"
        ),
        "PO2",
        f"{_ERDF}, point (b)(viii).",
    ),
    (
        "PO3",
        "A more connected Europe",
        None,
        f"A more connected Europe by enhancing mobility ({_CPR}, point (c)).",
    ),
    (
        "RSO3.1",
        "Developing a climate resilient, intelligent, secure, sustainable and intermodal TEN-T",
        "PO3",
        f"{_ERDF}, point (c)(i).",
    ),
    (
        "RSO3.2",
        (
            "Developing and enhancing sustainable, climate resilient, intelligent and intermodal "
            "national, regional and local mobility, including improved access to TEN-T and "
            "cross-border mobility"
        ),
        "PO3",
        f"{_ERDF}, point (c)(ii).",
    ),
    (
        "PO4",
        "A more social and inclusive Europe",
        None,
        (
            "A more social and inclusive Europe implementing the European Pillar of Social Rights "
            f"({_CPR}, point (d))."
        ),
    ),
    (
        "RSO4.1",
        (
            "Enhancing the effectiveness and inclusiveness of labour markets and access to quality "
            "employment through developing social infrastructure and promoting social economy"
        ),
        "PO4",
        f"{_ERDF}, point (d)(i).",
    ),
    (
        "RSO4.2",
        (
            "Improving equal access to inclusive and quality services in education, training and "
            "lifelong learning through developing accessible infrastructure, including by "
            "fostering resilience for distance and on-line education and training"
        ),
        "PO4",
        f"{_ERDF}, point (d)(ii).",
    ),
    (
        "RSO4.3",
        (
            "Promoting the socioeconomic inclusion of marginalised communities, low income "
            "households and disadvantaged groups, including people with special needs, through "
            "integrated actions, including housing and social services"
        ),
        "PO4",
        f"{_ERDF}, point (d)(iii).",
    ),
    (
        "RSO4.4",
        (
            "Promoting the socio-economic integration of third country nationals, including "
            "migrants through integrated actions, including housing and social services"
        ),
        "PO4",
        f"{_ERDF}, point (d)(iv).",
    ),
    (
        "RSO4.5",
        (
            "Ensuring equal access to health care and fostering resilience of health systems, "
            "including primary care, and promoting the transition from institutional to "
            "family-based and community-based care"
        ),
        "PO4",
        f"{_ERDF}, point (d)(v).",
    ),
    (
        "RSO4.6",
        (
            "Enhancing the role of culture and sustainable tourism in economic development, social "
            "inclusion and social innovation"
        ),
        "PO4",
        f"{_ERDF}, point (d)(vi).",
    ),
    (
        "PO5",
        "A Europe closer to citizens",
        None,
        (
            "A Europe closer to citizens by fostering the sustainable and integrated development "
            f"of all types of territories and local initiatives ({_CPR}, point (e))."
        ),
    ),
    (
        "RSO5.1",
        (
            "Fostering the integrated and inclusive social, economic and environmental "
            "development, culture, natural heritage, sustainable tourism, and security in urban "
            "areas"
        ),
        "PO5",
        f"{_ERDF}, point (e)(i).",
    ),
    (
        "RSO5.2",
        (
            "Fostering the integrated and inclusive social, economic and environmental local "
            "development, culture, natural heritage, sustainable tourism and security in areas "
            "other than urban areas"
        ),
        "PO5",
        f"{_ERDF}, point (e)(ii).",
    ),
)

THEMATIC_OBJECTIVES_2014_2020_SOURCE = (
    "Regulation (EU) No 1303/2013 (Common Provisions Regulation 2014-2020), Art. 9, "
    "first paragraph, points (1) to (11)"
)

_TO = "Regulation (EU) No 1303/2013, Art. 9, first paragraph"

THEMATIC_OBJECTIVES_2014_2020: tuple[tuple[str, str, str | None, str], ...] = (
    (
        "TO1",
        "Strengthening research, technological development and innovation",
        None,
        f"{_TO}, point (1).",
    ),
    ("TO2", "Enhancing access to, and use and quality of, ICT", None, f"{_TO}, point (2)."),
    (
        "TO3",
        (
            "Enhancing the competitiveness of SMEs, of the agricultural sector (for the EAFRD) and "
            "of the fishery and aquaculture sector (for the EMFF)"
        ),
        None,
        f"{_TO}, point (3).",
    ),
    (
        "TO4",
        "Supporting the shift towards a low-carbon economy in all sectors",
        None,
        f"{_TO}, point (4).",
    ),
    (
        "TO5",
        "Promoting climate change adaptation, risk prevention and management",
        None,
        f"{_TO}, point (5).",
    ),
    (
        "TO6",
        "Preserving and protecting the environment and promoting resource efficiency",
        None,
        f"{_TO}, point (6).",
    ),
    (
        "TO7",
        "Promoting sustainable transport and removing bottlenecks in key network infrastructures",
        None,
        f"{_TO}, point (7).",
    ),
    (
        "TO8",
        "Promoting sustainable and quality employment and supporting labour mobility",
        None,
        f"{_TO}, point (8).",
    ),
    (
        "TO9",
        "Promoting social inclusion, combating poverty and any discrimination",
        None,
        f"{_TO}, point (9).",
    ),
    (
        "TO10",
        "Investing in education, training and vocational training for skills and lifelong learning",
        None,
        f"{_TO}, point (10).",
    ),
    (
        "TO11",
        (
            "Enhancing institutional capacity of public authorities and stakeholders and "
            "efficient public administration"
        ),
        None,
        f"{_TO}, point (11).",
    ),
)
