"""The library's topics and its first entries: public documents on soil organic carbon and the 4 per 1000
initiative, each with the address where its metadata (title, authors, year, DOI) was checked (``source``).

Titles are given as published, in the document's language (the French report's also in English and
Spanish); summaries are ours, short, in English, French and Spanish.
"""

# ruff: noqa: E501 (bibliographic data: one string per field, as cited)
from django.db import migrations

TOPICS = [
    # code, English, French, Spanish
    ("soc-science", "Soil carbon science", "Science du carbone du sol", "Ciencia del carbono del suelo"),
    (
        "mrv",
        "Measurement, reporting and verification (MRV)",
        "Mesure, notification et vérification (MNV)",
        "Medición, reporte y verificación (MRV)",
    ),
    ("practices", "Agricultural practices", "Pratiques agricoles", "Prácticas agrícolas"),
    (
        "policy",
        "Policy and the 4 per 1000 initiative",
        "Politiques et initiative 4 pour 1000",
        "Políticas e iniciativa 4 por 1000",
    ),
    (
        "inventories",
        "Greenhouse gas inventories",
        "Inventaires de gaz à effet de serre",
        "Inventarios de gases de efecto invernadero",
    ),
    ("soil-data", "Soil maps and data", "Cartes et données des sols", "Mapas y datos de suelos"),
    ("economics", "Costs and economics", "Coûts et économie", "Costos y economía"),
]

IPCC_VOL4 = "https://www.ipcc-nggip.iges.or.jp/public/2019rf/vol4.html"

DOCUMENTS = [
    {
        "kind": "guide",
        "title_en": "2019 Refinement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, "
        "Volume 4, Chapter 2: Generic methodologies applicable to multiple land-use categories",
        "authors": "IPCC",
        "year": 2019,
        "language": "en",
        "url": IPCC_VOL4,
        "summary_en": "The generic methods for carbon stock changes in biomass, dead organic matter and soils "
        "(Tier 1 stock change factors for mineral soils), and, in Appendix 4, a method for biochar.",
        "topics": ["inventories", "soc-science"],
        "practices": ["biochar"],
        "source": "https://documents.pub/document/annex-1-mapping-tables-ipcc-annex-1-relating-the-2019-"
        "refinement-to-the-2006.html",
    },
    {
        "kind": "guide",
        "title_en": "2019 Refinement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, "
        "Volume 4, Chapter 5: Cropland",
        "authors": "Ogle S.M., Wakelin S.J., Buendia L., McConkey B., Baldock J., et al.",
        "year": 2019,
        "language": "en",
        "url": IPCC_VOL4,
        "summary_en": "Carbon in cropland biomass and soils, with the Tier 1 stock change factors of tillage and "
        "carbon input levels (Table 5.5), and methane from rice cultivation.",
        "topics": ["inventories", "practices"],
        "practices": ["no-till", "reduced-tillage", "residue-retention", "manure", "rice-paddy-management"],
        "source": "https://docslib.org/download/12181431/chapter-5-cropland",
    },
    {
        "kind": "guide",
        "title_en": "A protocol for measurement, monitoring, reporting and verification of soil organic carbon "
        "in agricultural landscapes (GSOC MRV Protocol)",
        "authors": "FAO (Global Soil Partnership)",
        "year": 2020,
        "language": "en",
        "url": "https://www.fao.org/global-soil-partnership/resources/highlights/detail/ru/c/1308261/",
        "summary_en": "A framework and standard methods to measure and verify changes in soil organic carbon "
        "stocks and greenhouse gas emissions of farm-level projects that adopt sustainable soil management.",
        "topics": ["mrv"],
        "practices": [],
        "source": "https://www.agmrv.org/knowledge-portal/resources/gsoc-mrv-protocol/",
    },
    {
        "kind": "article",
        "title_en": "Soil carbon 4 per mille",
        "authors": "Minasny B., et al.",
        "year": 2017,
        "language": "en",
        "doi": "10.1016/j.geoderma.2017.01.002",
        "summary_en": "Soil carbon stocks and sequestration rates in twenty regions of the world, and what an "
        "annual 0.4 % increase would take (Geoderma 292, 59-86).",
        "topics": ["soc-science", "policy"],
        "practices": [],
        "source": "https://doi.org/10.1016/j.geoderma.2017.01.002",
    },
    {
        "kind": "article",
        "title_en": "Matching policy and science: Rationale for the ‘4 per 1000 - soils for food security and "
        "climate’ initiative",
        "authors": "Soussana J.-F., Lutfalla S., Ehrhardt F., Rosenstock T., Lamanna C., Havlík P., Richards M., "
        "Wollenberg E., Chotte J.-L., Torquebiau E., Ciais P., Smith P., Lal R.",
        "year": 2019,
        "language": "en",
        "doi": "10.1016/j.still.2017.12.002",
        "summary_en": "Why the initiative was launched at COP21, what the 4 per 1000 target means and how "
        "science supports it (Soil & Tillage Research 188, 3-15).",
        "topics": ["policy"],
        "practices": [],
        "source": "https://ouci.dntb.gov.ua/works/73r1oZ29",
    },
    {
        "kind": "article",
        "title_en": "Carbon sequestration in agricultural soils via cultivation of cover crops – A meta-analysis",
        "authors": "Poeplau C., Don A.",
        "year": 2015,
        "language": "en",
        "doi": "10.1016/j.agee.2014.10.024",
        "summary_en": "A meta-analysis of soil organic carbon gains under cover crops (Agriculture, Ecosystems "
        "& Environment 200, 33-41).",
        "topics": ["practices"],
        "practices": ["cover-crops"],
        "source": "https://doi.org/10.1016/j.agee.2014.10.024",
    },
    {
        "kind": "policy_brief",
        "title_en": "Put more carbon in soils to meet Paris climate pledges",
        "authors": "Rumpel C., Amiraslani F., Koutika L.-S., Smith P., Whitehead D., Wollenberg E.",
        "year": 2018,
        "language": "en",
        "doi": "10.1038/d41586-018-07587-4",
        "summary_en": "Eight steps to make soils more resilient to drought, produce more food and store "
        "emissions, by members of the initiative's Scientific and Technical Committee (Nature 564, 32-34).",
        "topics": ["policy"],
        "practices": [],
        "source": "https://www.nature.com/articles/d41586-018-07587-4",
    },
    {
        "kind": "article",
        "title_en": "The 4p1000 initiative: Opportunities, limitations and challenges for implementing soil "
        "organic carbon sequestration as a sustainable development strategy",
        "authors": "Rumpel C., Amiraslani F., Chenu C., Garcia Cardenas M., Kaonga M., Koutika L.-S., Ladha J., "
        "Madari B., Shirato Y., Smith P., Soudi B., Soussana J.-F., Whitehead D., Wollenberg E.",
        "year": 2019,
        "language": "en",
        "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC6889108",
        "summary_en": "The aims of the initiative, the barriers, risks and trade-offs of soil carbon "
        "sequestration, and the challenges of putting it in place (Ambio, pp. 350-360).",
        "topics": ["policy", "soc-science"],
        "practices": [],
        "source": "https://ouci.dntb.gov.ua/en/works/lDWz2xz4",
    },
    {
        "kind": "report",
        "title_fr": "Stocker du carbone dans les sols français. Quel potentiel au regard de l’objectif 4 pour "
        "1000 et à quel coût ? Rapport scientifique de l’étude",
        "title_en": "Storing carbon in French soils: what potential with regard to the 4 per 1000 objective, "
        "and at what cost? Scientific report of the study",
        "title_es": "Almacenar carbono en los suelos franceses: ¿qué potencial respecto al objetivo 4 por 1000 "
        "y a qué costo? Informe científico del estudio",
        "authors": "Pellerin S., Bamière L. (scientific leads), Launay C., Martin R., Schiavo M., Angers D., "
        "et al. (INRA, for ADEME and the French Ministry of Agriculture)",
        "year": 2019,
        "language": "fr",
        "region": "europe",
        "url": "https://tel.archives-ouvertes.fr/AGRONOMIE/hal-03163517v1",
        "summary_fr": "Les pratiques agricoles et sylvicoles qui stockent davantage de carbone dans les sols "
        "de France métropolitaine, leur potentiel de stockage additionnel et leur coût.",
        "summary_en": "Farming and forestry practices that store more carbon in the soils of metropolitan "
        "France, their additional storage potential and their cost.",
        "summary_es": "Las prácticas agrícolas y forestales que almacenan más carbono en los suelos de Francia "
        "metropolitana, su potencial de almacenamiento adicional y su costo.",
        "topics": ["economics", "practices"],
        "practices": ["no-till", "cover-crops", "agroforestry", "hedgerows", "improved-grassland"],
        "source": "https://tel.archives-ouvertes.fr/AGRONOMIE/hal-03163517v1",
    },
    {
        "kind": "article",
        "title_en": "Climate-smart soils",
        "authors": "Paustian K., Lehmann J., Ogle S., Reay D., Robertson G.P., Smith P.",
        "year": 2016,
        "language": "en",
        "doi": "10.1038/nature17174",
        "summary_en": "Soil greenhouse gas research, mitigation practices and their potential, and the gaps in "
        "data and understanding to close (Nature, Perspective).",
        "topics": ["soc-science", "practices"],
        "practices": [],
        "source": "https://doi.org/10.1038/nature17174",
    },
    {
        "kind": "article",
        "title_en": "Aligning agriculture and climate policy",
        "authors": "Chabbi A., Lehmann J., Ciais P., Loescher H.W., Cotrufo M.F., Don A., SanClements M., "
        "Schipper L., et al.",
        "year": 2017,
        "language": "en",
        "doi": "10.1038/nclimate3286",
        "summary_en": "How the 4 per 1000 initiative can connect sustainable development goals, food security "
        "and climate mitigation (Nature Climate Change 7, 307-309).",
        "topics": ["policy"],
        "practices": [],
        "source": "https://ouci.dntb.gov.ua/en/works/lDWz2xz4",
    },
    {
        "kind": "article",
        "title_en": "Is 4 per 1000 soil carbon storage attainable with agroforestry and conservation agriculture "
        "in sub-Saharan Africa?",
        "authors": "Corbeels M., Naudin K., Guibert H., Torquebiau E., Cardinael R.",
        "year": 2019,
        "language": "en",
        "region": "africa",
        "doi": "10.1016/j.still.2018.02.015",
        "summary_en": "Whether agroforestry and conservation agriculture can reach the 4 per 1000 rate in "
        "sub-Saharan Africa (Soil & Tillage Research 188, 16-26).",
        "topics": ["practices"],
        "practices": ["agroforestry", "no-till"],
        "source": "https://ouci.dntb.gov.ua/en/works/lDWz2xz4",
    },
    {
        "kind": "article",
        "title_en": "The “4 per 1000” initiative: A credibility issue for the soil science community?",
        "authors": "Baveye P.C., Berthelin J., Tessier D., Lemaire G.",
        "year": 2018,
        "language": "en",
        "doi": "10.1016/j.geoderma.2017.05.005",
        "summary_en": "A critical view of the initiative's target and of what soil science can promise "
        "(Geoderma 309, 118-123).",
        "topics": ["policy", "soc-science"],
        "practices": [],
        "source": "https://ouci.dntb.gov.ua/en/works/lDWz2xz4",
    },
    {
        "kind": "dataset",
        "title_en": "SoilGrids 2.0: producing soil information for the globe with quantified spatial uncertainty",
        "authors": "Poggio L., et al.",
        "year": 2021,
        "language": "en",
        "doi": "10.5194/soil-7-217-2021",
        "summary_en": "Global maps of soil properties, organic carbon stocks among them, at 250 m resolution "
        "with their uncertainty (SOIL 7, 217-240).",
        "topics": ["soil-data"],
        "practices": [],
        "source": "https://doi.org/10.5194/soil-7-217-2021",
    },
]

#: Our French and Spanish summaries (by the start of the English title); titles stay as published.
SUMMARIES_FR_ES = {
    "2019 Refinement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 4, Chapter 2": (
        "Les méthodes génériques pour les variations de stocks de carbone de la biomasse, de la matière organique morte et des sols (facteurs de variation des stocks de niveau 1 pour les sols minéraux) et, à l’appendice 4, une méthode pour le biochar.",
        "Los métodos genéricos para los cambios en las existencias de carbono de la biomasa, la materia orgánica muerta y los suelos (factores de cambio de existencias de nivel 1 para suelos minerales) y, en el apéndice 4, un método para el biocarbón.",
    ),
    "2019 Refinement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 4, Chapter 5": (
        "Le carbone de la biomasse et des sols des terres cultivées, avec les facteurs de variation des stocks de niveau 1 selon le travail du sol et les apports de carbone (tableau 5.5), et le méthane de la riziculture.",
        "El carbono de la biomasa y de los suelos de las tierras de cultivo, con los factores de cambio de existencias de nivel 1 según la labranza y los aportes de carbono (cuadro 5.5), y el metano del cultivo de arroz.",
    ),
    "A protocol for measurement, monitoring, reporting and verification": (
        "Un cadre et des méthodes normalisées pour mesurer et vérifier l’évolution des stocks de carbone organique du sol et des émissions de gaz à effet de serre des projets qui adoptent une gestion durable des sols à l’échelle de l’exploitation.",
        "Un marco y métodos normalizados para medir y verificar los cambios en las existencias de carbono orgánico del suelo y en las emisiones de gases de efecto invernadero de los proyectos que adoptan un manejo sostenible del suelo a escala de finca.",
    ),
    "Soil carbon 4 per mille": (
        "Stocks de carbone des sols et taux de séquestration dans vingt régions du monde, et ce que demanderait une hausse annuelle de 0,4 % (Geoderma 292, 59-86).",
        "Existencias de carbono del suelo y tasas de secuestro en veinte regiones del mundo, y lo que exigiría un aumento anual del 0,4 % (Geoderma 292, 59-86).",
    ),
    "Matching policy and science": (
        "Pourquoi l’initiative a été lancée à la COP21, ce que signifie l’objectif de 4 pour 1000 et comment la science l’étaye (Soil & Tillage Research 188, 3-15).",
        "Por qué se lanzó la iniciativa en la COP21, qué significa el objetivo de 4 por 1000 y cómo lo respalda la ciencia (Soil & Tillage Research 188, 3-15).",
    ),
    "Carbon sequestration in agricultural soils via cultivation of cover crops": (
        "Une méta-analyse des gains de carbone organique du sol sous cultures intermédiaires (Agriculture, Ecosystems & Environment 200, 33-41).",
        "Un metaanálisis de las ganancias de carbono orgánico del suelo con cultivos de cobertura (Agriculture, Ecosystems & Environment 200, 33-41).",
    ),
    "Put more carbon in soils to meet Paris climate pledges": (
        "Huit mesures pour rendre les sols plus résistants à la sécheresse, produire davantage de nourriture et stocker les émissions, par des membres du Comité scientifique et technique de l’initiative (Nature 564, 32-34).",
        "Ocho medidas para que los suelos resistan mejor la sequía, produzcan más alimentos y almacenen emisiones, por miembros del Comité Científico y Técnico de la iniciativa (Nature 564, 32-34).",
    ),
    "The 4p1000 initiative: Opportunities, limitations and challenges": (
        "Les objectifs de l’initiative, les obstacles, risques et arbitrages de la séquestration du carbone dans les sols, et les défis de sa mise en œuvre (Ambio, p. 350-360).",
        "Los objetivos de la iniciativa, los obstáculos, riesgos y compensaciones del secuestro de carbono en el suelo, y los desafíos de su aplicación (Ambio, pp. 350-360).",
    ),
    "Climate-smart soils": (
        "La recherche sur les gaz à effet de serre des sols, les pratiques d’atténuation et leur potentiel, et les lacunes de données et de connaissances à combler (Nature, Perspective).",
        "La investigación sobre los gases de efecto invernadero del suelo, las prácticas de mitigación y su potencial, y las lagunas de datos y conocimientos por cubrir (Nature, Perspective).",
    ),
    "Aligning agriculture and climate policy": (
        "Comment l’initiative 4 pour 1000 peut relier objectifs de développement durable, sécurité alimentaire et atténuation du changement climatique (Nature Climate Change 7, 307-309).",
        "Cómo la iniciativa 4 por 1000 puede vincular los objetivos de desarrollo sostenible, la seguridad alimentaria y la mitigación del cambio climático (Nature Climate Change 7, 307-309).",
    ),
    "Is 4 per 1000 soil carbon storage attainable": (
        "L’agroforesterie et l’agriculture de conservation peuvent-elles atteindre le taux de 4 pour 1000 en Afrique subsaharienne ? (Soil & Tillage Research 188, 16-26).",
        "¿Pueden la agroforestería y la agricultura de conservación alcanzar la tasa de 4 por 1000 en África subsahariana? (Soil & Tillage Research 188, 16-26).",
    ),
    "The “4 per 1000” initiative: A credibility issue": (
        "Un regard critique sur l’objectif de l’initiative et sur ce que la science du sol peut promettre (Geoderma 309, 118-123).",
        "Una mirada crítica al objetivo de la iniciativa y a lo que la ciencia del suelo puede prometer (Geoderma 309, 118-123).",
    ),
    "SoilGrids 2.0": (
        "Cartes mondiales des propriétés des sols, dont les stocks de carbone organique, à 250 m de résolution, avec leur incertitude (SOIL 7, 217-240).",
        "Mapas mundiales de las propiedades del suelo, entre ellas las existencias de carbono orgánico, con 250 m de resolución y su incertidumbre (SOIL 7, 217-240).",
    ),
}

LANGUAGES = ("en", "fr", "es")


def forwards(apps, schema_editor):
    Topic = apps.get_model("library", "Topic")
    Document = apps.get_model("library", "Document")
    Practice = apps.get_model("resources", "Practice")
    topics = {}
    for code, en, fr, es in TOPICS:
        topics[code], _created = Topic.objects.update_or_create(
            code=code, defaults={"name": en, "name_en": en, "name_fr": fr, "name_es": es}
        )
    for entry in DOCUMENTS:
        entry = dict(entry)
        for start, (french, spanish) in SUMMARIES_FR_ES.items():
            if entry["title_en"].startswith(start):
                entry.setdefault("summary_fr", french)
                entry.setdefault("summary_es", spanish)
        topic_codes, practice_codes = entry.pop("topics"), entry.pop("practices")
        key = {"doi": entry["doi"]} if entry.get("doi") else {"title_en": entry["title_en"]}
        values = {"status": "published", "is_demo": False, **entry}
        original = entry.get(f"title_{entry['language']}") or entry["title_en"]
        values["title"] = original
        values["summary"] = entry.get(f"summary_{entry['language']}") or entry.get("summary_en", "")
        document, _created = Document.objects.update_or_create(**key, defaults=values)
        document.topics.set([topics[c] for c in topic_codes])
        document.practices.set(Practice.objects.filter(code__in=practice_codes))


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("resources", "0005_practices_in_french_and_spanish"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
