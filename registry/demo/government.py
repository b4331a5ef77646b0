"""The demonstration government: ministries, their services, external agencies, and the people.

Shaped like a real government (../shared/GUIDE.md, "Data for demonstrations"), with invented
people and addresses on reserved domains (`*.example`). `ensure_government()` creates what is
missing and never changes what exists, so running it twice changes nothing.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from accounts.models import ExternalAgency, Membership, Ministry, Service, User
from accounts.roles import CENTRAL_ADMINS, REVIEWERS

DEMO_PASSWORD = "demo-registry-2026"  # noqa: S105 - documented demo password, debug only

COMM, ADMIN, DEPT = Service.Kind.COMMUNICATION, Service.Kind.ADMINISTRATION, Service.Kind.DEPARTMENT

# slug, short name, (fr, de, en), language of correspondence, services:
#   (slug, kind, short name, (fr, de, en))
# Every ministry's first service is its own communication service, slugged "<slug>-communication".
MINISTRIES = [
    (
        "etat",
        "ME",
        ("Ministère d'État", "Staatsministerium", "Ministry of State"),
        "fr",
        [
            (
                "sip",
                DEPT,
                "SIP",
                (
                    "Service information et presse du gouvernement",
                    "Presse- und Informationsdienst der Regierung",
                    "Government Press and Information Service",
                ),
            ),
            (
                "scl",
                DEPT,
                "SCL",
                (
                    "Service central de législation",
                    "Zentraler Gesetzgebungsdienst",
                    "Central Legislation Service",
                ),
            ),
        ],
    ),
    (
        "affaires-etrangeres",
        "MAEE",
        (
            "Ministère des Affaires étrangères et européennes",
            "Ministerium für auswärtige und europäische Angelegenheiten",
            "Ministry of Foreign and European Affairs",
        ),
        "fr",
        [
            (
                "cooperation",
                DEPT,
                "DCD",
                (
                    "Direction de la coopération au développement",
                    "Direktion für Entwicklungszusammenarbeit",
                    "Directorate for Development Cooperation",
                ),
            ),
        ],
    ),
    (
        "finances",
        "MFIN",
        ("Ministère des Finances", "Finanzministerium", "Ministry of Finance"),
        "fr",
        [
            (
                "acd",
                ADMIN,
                "ACD",
                (
                    "Administration des contributions directes",
                    "Steuerverwaltung",
                    "Direct Tax Administration",
                ),
            ),
            (
                "ada",
                ADMIN,
                "ADA",
                (
                    "Administration des douanes et accises",
                    "Zoll- und Verbrauchsteuerverwaltung",
                    "Customs and Excise Administration",
                ),
            ),
            (
                "aed",
                ADMIN,
                "AED",
                (
                    "Administration de l'enregistrement, des domaines et de la TVA",
                    "Registrier-, Domänen- und Mehrwertsteuerverwaltung",
                    "Registration Duties, Estates and VAT Authority",
                ),
            ),
        ],
    ),
    (
        "economie",
        "MECO",
        ("Ministère de l'Économie", "Wirtschaftsministerium", "Ministry of the Economy"),
        "fr",
        [
            (
                "statec",
                ADMIN,
                "STATEC",
                (
                    "Institut national de la statistique et des études économiques",
                    "Nationales Institut für Statistik und Wirtschaftsstudien",
                    "National Institute of Statistics and Economic Studies",
                ),
            ),
            (
                "tourisme",
                DEPT,
                "DGT",
                (
                    "Direction générale du tourisme",
                    "Generaldirektion Tourismus",
                    "Directorate General for Tourism",
                ),
            ),
        ],
    ),
    (
        "education",
        "MENEJ",
        (
            "Ministère de l'Éducation nationale, de l'Enfance et de la Jeunesse",
            "Ministerium für Bildung, Kinder und Jugend",
            "Ministry of Education, Children and Youth",
        ),
        "fr",
        [
            (
                "snj",
                ADMIN,
                "SNJ",
                (
                    "Service national de la jeunesse",
                    "Nationaler Jugenddienst",
                    "National Youth Service",
                ),
            ),
        ],
    ),
    (
        "sante",
        "MSSS",
        (
            "Ministère de la Santé et de la Sécurité sociale",
            "Ministerium für Gesundheit und soziale Sicherheit",
            "Ministry of Health and Social Security",
        ),
        "de",
        [
            (
                "direction-sante",
                ADMIN,
                "DiSa",
                ("Direction de la santé", "Gesundheitsdirektion", "Directorate of Health"),
            ),
            (
                "igss",
                ADMIN,
                "IGSS",
                (
                    "Inspection générale de la sécurité sociale",
                    "Generalinspektion der sozialen Sicherheit",
                    "General Inspectorate of Social Security",
                ),
            ),
        ],
    ),
    (
        "famille",
        "MFSVA",
        (
            "Ministère de la Famille, des Solidarités, du Vivre ensemble et de l'Accueil",
            "Ministerium für Familie, Solidarität, Zusammenleben und Aufnahme",
            "Ministry of Family Affairs, Solidarity, Living Together and Reception",
        ),
        "fr",
        [
            (
                "ona",
                ADMIN,
                "ONA",
                (
                    "Office national de l'accueil",
                    "Nationales Aufnahmeamt",
                    "National Reception Office",
                ),
            ),
        ],
    ),
    (
        "affaires-interieures",
        "MAINT",
        ("Ministère des Affaires intérieures", "Innenministerium", "Ministry of Home Affairs"),
        "fr",
        [
            (
                "police",
                ADMIN,
                "Police",
                ("Police grand-ducale", "Großherzogliche Polizei", "Grand Ducal Police"),
            ),
            (
                "cgdis",
                ADMIN,
                "CGDIS",
                (
                    "Corps grand-ducal d'incendie et de secours",
                    "Großherzogliches Feuerwehr- und Rettungskorps",
                    "Grand Ducal Fire and Rescue Corps",
                ),
            ),
        ],
    ),
    (
        "mobilite",
        "MMTP",
        (
            "Ministère de la Mobilité et des Travaux publics",
            "Ministerium für Mobilität und öffentliche Arbeiten",
            "Ministry of Mobility and Public Works",
        ),
        "fr",
        [
            (
                "ponts-chaussees",
                ADMIN,
                "PCH",
                (
                    "Administration des ponts et chaussées",
                    "Straßenbauverwaltung",
                    "Roads and Bridges Administration",
                ),
            ),
            (
                "batiments-publics",
                ADMIN,
                "ABP",
                (
                    "Administration des bâtiments publics",
                    "Verwaltung der öffentlichen Bauten",
                    "Public Buildings Administration",
                ),
            ),
        ],
    ),
    (
        "environnement",
        "MECB",
        (
            "Ministère de l'Environnement, du Climat et de la Biodiversité",
            "Ministerium für Umwelt, Klima und Biodiversität",
            "Ministry of the Environment, Climate and Biodiversity",
        ),
        "fr",
        [
            (
                "aev",
                ADMIN,
                "AEV",
                ("Administration de l'environnement", "Umweltverwaltung", "Environment Agency"),
            ),
            (
                "age",
                ADMIN,
                "AGE",
                (
                    "Administration de la gestion de l'eau",
                    "Wasserwirtschaftsamt",
                    "Water Management Agency",
                ),
            ),
            (
                "anf",
                ADMIN,
                "ANF",
                (
                    "Administration de la nature et des forêts",
                    "Natur- und Forstverwaltung",
                    "Nature and Forest Agency",
                ),
            ),
        ],
    ),
    (
        "digitalisation",
        "MDIGI",
        (
            "Ministère de la Digitalisation",
            "Ministerium für Digitalisierung",
            "Ministry for Digitalisation",
        ),
        "fr",
        [
            (
                "ctie",
                ADMIN,
                "CTIE",
                (
                    "Centre des technologies de l'information de l'État",
                    "Zentrum für Informationstechnologien des Staates",
                    "State Information Technology Centre",
                ),
            ),
        ],
    ),
    (
        "culture",
        "MCULT",
        ("Ministère de la Culture", "Kulturministerium", "Ministry of Culture"),
        "fr",
        [
            (
                "bibliotheque",
                ADMIN,
                "BnL",
                ("Bibliothèque nationale", "Nationalbibliothek", "National Library"),
            ),
            (
                "archives",
                ADMIN,
                "ANLux",
                ("Archives nationales", "Nationalarchiv", "National Archives"),
            ),
        ],
    ),
    (
        "justice",
        "MJ",
        ("Ministère de la Justice", "Justizministerium", "Ministry of Justice"),
        "fr",
        [
            (
                "penitentiaire",
                ADMIN,
                "AP",
                (
                    "Administration pénitentiaire",
                    "Strafvollzugsverwaltung",
                    "Prison Administration",
                ),
            ),
        ],
    ),
    (
        "defense",
        "DEF",
        ("Ministère de la Défense", "Verteidigungsministerium", "Ministry of Defence"),
        "fr",
        [
            (
                "armee",
                ADMIN,
                "Armée",
                ("Armée luxembourgeoise", "Luxemburger Armee", "Luxembourg Army"),
            ),
        ],
    ),
    (
        "travail",
        "MTEESS",
        ("Ministère du Travail", "Arbeitsministerium", "Ministry of Labour"),
        "fr",
        [
            (
                "adem",
                ADMIN,
                "ADEM",
                (
                    "Agence pour le développement de l'emploi",
                    "Agentur für die Entwicklung der Beschäftigung",
                    "Employment Development Agency",
                ),
            ),
            (
                "itm",
                ADMIN,
                "ITM",
                (
                    "Inspection du travail et des mines",
                    "Gewerbeinspektion",
                    "Labour and Mines Inspectorate",
                ),
            ),
        ],
    ),
    (
        "sports",
        "MSP",
        ("Ministère des Sports", "Sportministerium", "Ministry of Sports"),
        "fr",
        [
            (
                "eneps",
                ADMIN,
                "ENEPS",
                (
                    "École nationale de l'éducation physique et des sports",
                    "Nationale Schule für Leibeserziehung und Sport",
                    "National School of Physical Education and Sports",
                ),
            ),
        ],
    ),
    (
        "recherche",
        "MESR",
        (
            "Ministère de la Recherche et de l'Enseignement supérieur",
            "Ministerium für Forschung und Hochschulwesen",
            "Ministry of Research and Higher Education",
        ),
        "fr",
        [
            (
                "cedies",
                DEPT,
                "CEDIES",
                (
                    "Centre de documentation et d'information sur l'enseignement supérieur",
                    "Dokumentations- und Informationszentrum für Hochschulbildung",
                    "Higher Education Documentation and Information Centre",
                ),
            ),
        ],
    ),
    (
        "agriculture",
        "MAAV",
        (
            "Ministère de l'Agriculture, de l'Alimentation et de la Viticulture",
            "Ministerium für Landwirtschaft, Ernährung und Weinbau",
            "Ministry of Agriculture, Food and Viticulture",
        ),
        "fr",
        [
            (
                "asta",
                ADMIN,
                "ASTA",
                (
                    "Administration des services techniques de l'agriculture",
                    "Verwaltung der technischen Dienste der Landwirtschaft",
                    "Agricultural Technical Services Administration",
                ),
            ),
            ("ivv", ADMIN, "IVV", ("Institut viti-vinicole", "Weinbauinstitut", "Wine Institute")),
        ],
    ),
]

# name, contact e-mail, website
AGENCIES = [
    ("Agence Lumière Communication", "contact@lumiere.example", "https://lumiere.example"),
    ("Pixelmillen Digital", "hello@pixelmillen.example", "https://pixelmillen.example"),
    ("Studio Quetsch", "studio@quetsch.example", "https://quetsch.example"),
]


@dataclass(frozen=True)
class Person:
    key: str  # how the story names them
    email: str
    full_name: str
    language: str = "fr"
    central_group: str = ""  # REVIEWERS or CENTRAL_ADMINS
    ministry: str = ""  # slug of their ministry, for members
    role: str = Membership.Role.EDITOR
    agency: str = ""  # name of their agency, for an agency's staff
    demo_login: str = ""  # what the README says this login is for; empty: not listed


PEOPLE = [
    Person(
        "reviewer",
        "sophie.reuter@sip.example",
        "Sophie Reuter",
        central_group=REVIEWERS,
        demo_login="Reviewer (central unit)",
    ),
    Person(
        "reviewer2",
        "marc.weber@sip.example",
        "Marc Weber",
        language="de",
        central_group=REVIEWERS,
        demo_login="Second reviewer (central unit)",
    ),
    Person(
        "central_admin",
        "anne.schmit@sip.example",
        "Anne Schmit",
        central_group=CENTRAL_ADMINS,
        demo_login="Central admin (central unit, Django admin)",
    ),
    Person(
        "finances_admin",
        "luc.hoffmann@finances.example",
        "Luc Hoffmann",
        ministry="finances",
        role=Membership.Role.MINISTRY_ADMIN,
        demo_login="Ministry admin, Finance",
    ),
    Person(
        "finances_editor",
        "claire.muller@finances.example",
        "Claire Muller",
        ministry="finances",
        demo_login="Editor, Finance",
    ),
    Person(
        "sante_admin",
        "paul.wagner@sante.example",
        "Paul Wagner",
        language="de",
        ministry="sante",
        role=Membership.Role.MINISTRY_ADMIN,
        demo_login="Ministry admin, Health",
    ),
    Person(
        "sante_editor",
        "nadia.klein@sante.example",
        "Nadia Klein",
        language="de",
        ministry="sante",
        demo_login="Editor, Health",
    ),
    Person(
        "agency_user",
        "tom.lentz@lumiere.example",
        "Tom Lentz",
        ministry="finances",
        agency="Agence Lumière Communication",
        demo_login="Agency staff (Agence Lumière, for Finance)",
    ),
]
# Every other ministry has one editor, who registers its accounts in the story.
_EDITOR_NAMES = [
    "Julie Thill",
    "Yves Kremer",
    "Sarah Becker",
    "Jeff Schroeder",
    "Laura Meyer",
    "Ben Feltgen",
    "Carole Majerus",
    "Pit Hansen",
    "Mia Goergen",
    "Gilles Ries",
    "Lea Wirtz",
    "Tun Schiltz",
    "Anna Kieffer",
    "David Frisch",
    "Elise Bauler",
    "Max Reding",
]
PEOPLE += [
    Person(
        f"{slug}_editor",
        f"{name.split()[0].lower()}.{name.split()[1].lower()}@{slug}.example",
        name,
        ministry=slug,
    )
    for (slug, *_rest), name in zip(
        [m for m in MINISTRIES if m[0] not in ("finances", "sante")], _EDITOR_NAMES, strict=True
    )
]


def ensure_government() -> None:
    """Ministries, services and agencies: created when missing, never changed."""
    for slug, short, (fr, de, en), language, services in MINISTRIES:
        ministry, _ = Ministry.objects.get_or_create(
            slug=slug,
            defaults={
                "short_name": short,
                "name_fr": fr,
                "name_de": de,
                "name_en": en,
                "website": f"https://{slug}.example",
                "language": language,
            },
        )
        _ensure_service(
            ministry,
            f"{slug}-communication",
            COMM,
            "COM",
            (
                f"Service communication – {short}",
                f"Kommunikation – {short}",
                f"Communication – {short}",
            ),
        )
        for s_slug, kind, s_short, names in services:
            _ensure_service(ministry, s_slug, kind, s_short, names)
    for name, email, website in AGENCIES:
        ExternalAgency.objects.get_or_create(
            name=name, defaults={"contact_email": email, "website": website}
        )


def _ensure_service(ministry, slug, kind, short, names) -> Service:
    fr, de, en = names
    service, _ = Service.objects.get_or_create(
        slug=slug,
        defaults={
            "ministry": ministry,
            "kind": kind,
            "short_name": short,
            "name_fr": fr,
            "name_de": de,
            "name_en": en,
            "website": f"https://{slug}.{ministry.slug}.example",
        },
    )
    return service


def ensure_people(password: str | None = DEMO_PASSWORD) -> dict[str, User]:
    """The demo users, by story key; a new user gets `password` (None: no usable password),
    an existing one is kept."""
    users = {}
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=password,
                full_name=person.full_name,
                language=person.language,
                is_staff=person.central_group == CENTRAL_ADMINS,
            )
        if person.central_group:
            user.groups.add(Group.objects.get(name=person.central_group))
        if person.ministry:
            Membership.objects.get_or_create(
                user=user,
                ministry=Ministry.objects.get(slug=person.ministry),
                defaults={
                    "role": person.role,
                    "agency": ExternalAgency.objects.filter(name=person.agency).first()
                    if person.agency
                    else None,
                },
            )
        users[person.key] = user
    return users


def demo_logins() -> list[Person]:
    return [p for p in PEOPLE if p.demo_login]
