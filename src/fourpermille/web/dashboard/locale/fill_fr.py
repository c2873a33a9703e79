"""Fill locale/fr/LC_MESSAGES/django.po from FRENCH (run after ``makemessages -l fr`` in this app, then
``compilemessages``). Also adds the French of the platform's choice labels the dashboards display (the
apps that define them have no French catalogue yet; theirs take precedence once they do, as they come
earlier in INSTALLED_APPS)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

FRENCH = {
    "Dashboards": "Tableaux de bord",
    "All": "Tous",
    "Region": "Région",
    "Organisation type": "Type d’organisation",
    "From year": "De l’année",
    "To year": "À l’année",
    "The end year must not be before the start year.": "L’année de fin ne peut précéder l’année de début.",
    "Land use": "Usage des terres",
    "The category of the project's practices.": "La catégorie des pratiques du projet.",
    "Colour sites by": "Couleur des sites selon",
    "SOC stock": "Stock de COS",
    "SOC change": "Variation du COS",
    "upload": "dépôt",
    "site": "site",
    "sampled on": "prélevé le",
    "accounting depth [cm]": "profondeur comptabilisée [cm]",
    "mean SOC stock [t C/ha]": "stock moyen de COS [t C/ha]",
    "standard deviation [t C/ha]": "écart type [t C/ha]",
    "95 % interval, low [t C/ha]": "intervalle à 95 %, borne basse [t C/ha]",
    "95 % interval, high [t C/ha]": "intervalle à 95 %, borne haute [t C/ha]",
    "profiles": "profils",
    "SOC stock observation": "observation du stock de COS",
    "SOC stock observations": "observations du stock de COS",
    "observations": "observations",
    "first sampled": "premier prélèvement",
    "first SOC stock [t C/ha]": "premier stock de COS [t C/ha]",
    "latest sampled": "dernier prélèvement",
    "latest SOC stock [t C/ha]": "dernier stock de COS [t C/ha]",
    "change [t C/ha/yr]": "variation [t C/ha/an]",
    "relative change [1/yr]": "variation relative [1/an]",
    "4 per 1000 change [t C/ha/yr]": "variation 4 pour 1000 [t C/ha/an]",
    "site SOC summary": "synthèse COS du site",
    "site SOC summaries": "synthèses COS des sites",
    "Latest SOC stock [t C/ha]": "Dernier stock de COS [t C/ha]",
    "Change [t C/ha/yr]": "Variation [t C/ha/an]",
    "Relative change [%/yr]": "Variation relative [%/an]",
    "Site": "Site",
    "Site name": "Nom du site",
    "Project": "Projet",
    "Project id": "N° du projet",
    "Longitude": "Longitude",
    "Latitude": "Latitude",
    "Campaigns": "Campagnes",
    "Latest campaign": "Dernière campagne",
    "Cell centre longitude": "Longitude du centre de la maille",
    "Cell centre latitude": "Latitude du centre de la maille",
    "Sites": "Sites",
    "%(n)d monitored sites.": "%(n)d sites suivis.",
    "Mean per %(d)g degree cell (too many sites to draw one by one).": (
        "Moyenne par maille de %(d)g degrés (trop de sites pour les dessiner un à un)."
    ),
    "Monitored sites": "Sites suivis",
    "SOC stocks and change by climate zone": "Stocks et variation du COS par zone climatique",
    "Climate zone": "Zone climatique",
    "Mean latest stock [t C/ha]": "Dernier stock moyen [t C/ha]",
    "Mean change [t C/ha/yr]": "Variation moyenne [t C/ha/an]",
    "4 per 1000 rate [t C/ha/yr]": "Taux 4 pour 1000 [t C/ha/an]",
    "Date": "Date",
    "Measured SOC stock [t C/ha]": "Stock de COS mesuré [t C/ha]",
    "95 % interval, low": "Intervalle à 95 %, borne basse",
    "95 % interval, high": "Intervalle à 95 %, borne haute",
    "Profiles or sites": "Profils ou sites",
    "Fitted trend [t C/ha]": "Tendance ajustée [t C/ha]",
    "4 per 1000 target [t C/ha]": "Cible 4 pour 1000 [t C/ha]",
    "SOC stock of %(site)s (0-30 cm)": "Stock de COS de %(site)s (0-30 cm)",
    "Campaign means with the 95 % interval over profiles; trend: least-squares line; target: first campaign "
    "+ 0.4 % of it per year.": (
        "Moyennes des campagnes et intervalle à 95 % entre profils ; tendance : droite des moindres carrés ; "
        "cible : première campagne + 0,4 % de celle-ci par an."
    ),
    "SOC stock of the project's sites (0-30 cm)": "Stock de COS des sites du projet (0-30 cm)",
    "Yearly mean over the project's sites, dated mid-year; 95 % interval across sites.": (
        "Moyenne annuelle des sites du projet, datée au milieu de l’année ; intervalle à 95 % entre sites."
    ),
    "Members and partners": "Membres et partenaires",
    "Consortium members": "Membres du Consortium",
    "Forum partners": "Partenaires du Forum",
    "Countries": "Pays",
    "Commitments": "Engagements",
    "Projects": "Projets",
    "Published projects": "Projets publiés",
    "Hectares under improved practices": "Hectares en pratiques améliorées",
    "Soil measurements": "Mesures de sol",
    "Headline figures": "Chiffres clés",
    "Key": "Clé",
    "Figure": "Indicateur",
    "Value": "Valeur",
    "Hectares: projects in review, assessed or published.": (
        "Hectares : projets en revue, évalués ou publiés."
    ),
    "Members and partners by organisation type": "Membres et partenaires par type d’organisation",
    "Members and partners by region": "Membres et partenaires par région",
    "Members and partners by country": "Membres et partenaires par pays",
    "Country": "Pays",
    "Name on the map": "Nom sur la carte",
    "Total": "Total",
    "no number": "sans chiffre",
    "Commitments by target": "Engagements par cible",
    "Target unit": "Unité de la cible",
    "Sum of targets": "Somme des cibles",
    "unspecified": "non précisé",
    "Dedicated resources": "Ressources dédiées",
    "Kind": "Nature",
    "Currency": "Devise",
    "Amount": "Montant",
    "Amounts are summed per currency, never converted.": (
        "Les montants sont additionnés par devise, jamais convertis."
    ),
    "Projects by status and modality": "Projets par statut et modalité",
    "Status": "Statut",
    "Practice category": "Catégorie de pratiques",
    "Published projects [ha]": "Projets publiés [ha]",
    "Projects in review or assessed [ha]": "Projets en revue ou évalués [ha]",
    "A project with practices in several categories counts in each of them.": (
        "Un projet dont les pratiques relèvent de plusieurs catégories compte dans chacune."
    ),
    "SOC change against the 4 per 1000 rate": "Variation du COS face au taux 4 pour 1000",
    "Expected, ex ante [t C/ha/yr]": "Attendue, ex ante [t C/ha/an]",
    "Measured [t C/ha/yr]": "Mesurée [t C/ha/an]",
    "Sites at or above the rate": "Sites au taux ou au-delà",
    "Sites with two or more campaigns": "Sites avec deux campagnes ou plus",
    "Measured: mean over sites of the least-squares slope of their campaign means (0-30 cm). "
    "4 per 1000 rate: 0.4 % of the first measured stock per year.": (
        "Mesurée : moyenne sur les sites de la pente des moindres carrés de leurs moyennes de campagne "
        "(0-30 cm). Taux 4 pour 1000 : 0,4 % du premier stock mesuré par an."
    ),
    "Roadmap 2020-2050: objectives and KPIs": "Feuille de route 2020-2050 : objectifs et indicateurs clés",
    "Objective": "Objectif",
    "Goal": "But",
    "Objective text": "Texte de l’objectif",
    "KPI": "Indicateur clé",
    "Baseline 2020": "Situation 2020",
    "Target 2030": "Cible 2030",
    "Target 2050": "Cible 2050",
    "KPI baseline 2020": "Indicateur 2020",
    "KPI target 2030": "Cible de l’indicateur 2030",
    "KPI target 2050": "Cible de l’indicateur 2050",
    "Latest year": "Dernière année",
    "Latest value": "Dernière valeur",
    "Counted on the platform": "Compté sur la plateforme",
    "Progress to 2030 [%]": "Avancement vers 2030 [%]",
    "Values (year:value)": "Valeurs (année:valeur)",
    "Progress: (current - baseline) / (2030 target - baseline), clipped to 0-100 %.": (
        "Avancement : (actuel - situation 2020) / (cible 2030 - situation 2020), borné à 0-100 %."
    ),
    "Geometry": "Géométrie",
    "Baseline SOC [t C/ha]": "COS de référence [t C/ha]",
    "CSV": "CSV",
    "Show": "Afficher",
    "All sites (yearly mean)": "Tous les sites (moyenne annuelle)",
    "Chart: %(title)s. The same figures are in the table view below.": (
        "Graphique : %(title)s. Les mêmes chiffres sont dans la vue en tableau ci-dessous."
    ),
    "Table view": "Vue en tableau",
    "Apply": "Appliquer",
    "Reset": "Réinitialiser",
    "Initiative progress": "Avancement de l’Initiative",
    "SOC monitoring": "Suivi du COS",
    "No data for this selection.": "Aucune donnée pour cette sélection.",
    "4 per 1000": "4 pour 1000",
    "Soil organic carbon monitoring": "Suivi du carbone organique des sols",
    "Measured SOC stocks (0-30 cm) of the monitored sites, and how fast they change against the 4 per 1000 "
    "rate. The page refreshes itself: a new measurement upload shows within a minute.": (
        "Stocks de COS mesurés (0-30 cm) des sites suivis, et leur vitesse de variation face au taux "
        "4 pour 1000. La page se met à jour d’elle-même : un nouveau dépôt de mesures apparaît en moins "
        "d’une minute."
    ),
    "Measured stocks over time": "Stocks mesurés dans le temps",
    "Chart: measured SOC stock of the selected site over time, its 95 %% interval, the fitted trend and the "
    "4 per 1000 target. The same figures are in the table view below.": (
        "Graphique : stock de COS mesuré du site choisi dans le temps, son intervalle à 95 %%, la tendance "
        "ajustée et la cible 4 pour 1000. Les mêmes chiffres sont dans la vue en tableau ci-dessous."
    ),
    "The 4 per 1000 Initiative: progress": "L’Initiative 4 pour 1000 : avancement",
    "Members and partners, their commitments and projects, the hectares under improved practices and the "
    "soil organic carbon they store, against the 0.4 %% a year ambition and the 2030 and 2050 targets of "
    "the strategic plan.": (
        "Membres et partenaires, leurs engagements et projets, les hectares en pratiques améliorées et le "
        "carbone organique qu’ils stockent dans les sols, face à l’ambition de 0,4 %% par an et aux cibles "
        "2030 et 2050 du plan stratégique."
    ),
    "qualitative objective": "objectif qualitatif",
    "2020 baseline": "Situation 2020",
    "2030 target": "Cible 2030",
    "2050 target": "Cible 2050",
    "on the platform": "sur la plateforme",
    "%(code)s: progress to the 2030 target": "%(code)s : avancement vers la cible 2030",
    "Project dashboard": "Tableau de bord du projet",
    "demo": "démo",
    "Organisation": "Organisation",
    "Modality": "Modalité",
    "Area": "Surface",
    "Period": "Période",
    "Budget": "Budget",
    "Practices": "Pratiques",
    "Project record": "Fiche du projet",
    "Commitment": "Engagement",
    "revision %(n)s": "révision %(n)s",
    "Target": "Cible",
    "Timetable": "Calendrier",
    "Types of action": "Types d’action",
    "The organisation has not stated a commitment on the platform yet.": (
        "L’organisation n’a pas encore déclaré d’engagement sur la plateforme."
    ),
    "STC assessment": "Évaluation par le CST",
    "Framework": "Référentiel",
    "Recommendation": "Recommandation",
    "Completed": "Terminée",
    "Report": "Rapport",
    "Criterion": "Critère",
    "Outcome": "Résultat",
    "Full assessment": "Évaluation complète",
    "The assessment report is shown once the project is published.": (
        "Le rapport d’évaluation est affiché une fois le projet publié."
    ),
    "Not submitted for assessment yet.": "Pas encore soumis à l’évaluation.",
    "Ex-ante estimate": "Estimation ex ante",
    "Method": "Méthode",
    "Expected change": "Variation attendue",
    "Horizon": "Horizon",
    "years": "ans",
    "Total over the area": "Total sur la surface",
    "Download the ex-ante report": "Télécharger le rapport ex ante",
    "The ex-ante estimate of this project is being computed or is not available.": (
        "L’estimation ex ante de ce projet est en cours de calcul ou n’est pas disponible."
    ),
    "MRV results": "Résultats MRV",
    "95 %% interval": "Intervalle à 95 %%",
    "Verified": "Vérifié",
    "Download": "Télécharger",
    "No verified MRV result is recorded for this project yet. The measured stocks below are the monitoring "
    "data it will be verified from.": (
        "Aucun résultat MRV vérifié n’est encore enregistré pour ce projet. Les stocks mesurés ci-dessous "
        "sont les données de suivi à partir desquelles il sera vérifié."
    ),
    "Downloads": "Téléchargements",
    "Measured SOC stocks of the project (CSV)": "Stocks de COS mesurés du projet (CSV)",
    "Sites and their SOC summary (CSV)": "Sites et synthèse de leur COS (CSV)",
    "Soil measurements of %(site)s (%(n)s rows, CSV)": "Mesures de sol de %(site)s (%(n)s lignes, CSV)",
    "SOC stock of a site": "Stock de COS d’un site",
    "project": "projet",
    "project status": "statut du projet",
    "region": "région",
    "climate zone": "zone climatique",
    "longitude": "longitude",
    "latitude": "latitude",
    "soil measurements": "mesures de sol",
    "version": "version",
    "dashboard data version": "version des données des tableaux de bord",
}
PLURALS = {
    "%(n)s criterion assessed": ("%(n)s critère évalué", "%(n)s critères évalués"),
}
# Choice labels and page chrome of the platform's apps, as the dashboards show them.
PLATFORM = {
    "State or local authority": "État ou collectivité territoriale",
    "International organisation": "Organisation internationale",
    "Donor or foundation": "Bailleur ou fondation",
    "Development bank or fund": "Banque ou fonds de développement",
    "Farmers' organisation": "Organisation d’agriculteurs",
    "Research or education": "Recherche ou enseignement",
    "NGO or civil society": "ONG ou société civile",
    "Company": "Entreprise",
    "Africa": "Afrique",
    "Asia and Pacific": "Asie et Pacifique",
    "Europe": "Europe",
    "Latin America and Caribbean": "Amérique latine et Caraïbes",
    "North America": "Amérique du Nord",
    "Middle East and North Africa": "Moyen-Orient et Afrique du Nord",
    "Consortium member": "Membre du Consortium",
    "Forum partner": "Partenaire du Forum",
    "New project seeking funds": "Nouveau projet en recherche de financement",
    "Ongoing project seeking recognition": "Projet en cours en recherche de reconnaissance",
    "Draft": "Brouillon",
    "Submitted": "Soumis",
    "Eligibility check": "Vérification de l’éligibilité",
    "Not eligible": "Non éligible",
    "In review": "En revue",
    "Review ended: safeguard not met": "Revue close : garde-fou non respecté",
    "Assessment completed": "Évaluation terminée",
    "Published as investment opportunity": "Publié comme opportunité d’investissement",
    "Cropland": "Terres cultivées",
    "Grassland and grazing": "Prairies et pâturage",
    "Agroforestry and trees": "Agroforesterie et arbres",
    "Land restoration": "Restauration des terres",
    "Water and erosion": "Eau et érosion",
    "Peatlands and wetlands": "Tourbières et zones humides",
    "Tropical montane": "Tropical montagnard",
    "Tropical wet": "Tropical très humide",
    "Tropical moist": "Tropical humide",
    "Tropical dry": "Tropical sec",
    "Warm temperate moist": "Tempéré chaud humide",
    "Warm temperate dry": "Tempéré chaud sec",
    "Cool temperate moist": "Tempéré froid humide",
    "Cool temperate dry": "Tempéré froid sec",
    "Boreal moist": "Boréal humide",
    "Boreal dry": "Boréal sec",
    "Polar moist": "Polaire humide",
    "Polar dry": "Polaire sec",
    "Inception & conceptualization": "Conception et mise en place",
    "Implementation": "Mise en œuvre",
    "Promotion": "Promotion",
    "Collaboration": "Collaboration",
    "Follow up": "Suivi",
    "Crosscutting actions": "Actions transversales",
    "hectares": "hectares",
    "t C/yr": "t C/an",
    "t CO2e/yr": "t CO2e/an",
    "farmers reached": "agriculteurs touchés",
    "projects": "projets",
    "countries": "pays",
    "Financial": "Financières",
    "Staff time": "Temps de personnel",
    "In kind": "En nature",
    "Research programme": "Programme de recherche",
    "Support (letter of support)": "Soutien (lettre de soutien)",
    "Support with conditions": "Soutien sous conditions",
    "Not supported": "Pas de soutien",
    "Met": "Respecté",
    "Partly met": "Partiellement respecté",
    "Not met": "Non respecté",
    "Not applicable": "Sans objet",
    "Members and partners ": "Membres et partenaires",
    "Criteria": "Critères",
    "Roadmap": "Feuille de route",
    "API": "API",
    "Log in": "Connexion",
    "Log out": "Déconnexion",
    "Admin": "Administration",
    "Language": "Langue",
    "English": "Anglais",
    "French": "Français",
    "Spanish": "Espagnol",
    "fourpermille — open platform for the 4 per 1000 initiative (Soils for Food Security and Climate).": (
        "fourpermille — plateforme ouverte de l’initiative 4 pour 1000 (les sols pour la sécurité "
        "alimentaire et le climat)."
    ),
}
PLATFORM.pop("Members and partners ")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fill(path: Path) -> int:
    text = path.read_text("utf-8")
    header, *entries = text.split("\n\n")
    header = header.replace("#, fuzzy\n", "").replace('"Language: \\n"', '"Language: fr\\n"')
    out, seen, missing = [header], set(), []
    for entry in entries:
        lines = entry.strip("\n").splitlines()
        comments = [line for line in lines if line.startswith("#")]
        body = [line for line in lines if not line.startswith("#")]
        fields, current = {}, None
        for line in body:
            match = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"'):
                fields[current] += line[1:-1]
        msgid = fields["msgid"].replace('\\"', '"')
        seen.add(msgid)
        comments = [c for c in comments if c != "#, fuzzy"]
        if "%(" not in msgid:  # a literal "%" (e.g. "0.4 %"), not a placeholder: no format check
            comments = [c for c in comments if c != "#, python-format"]
        block = comments + [f"msgid {quote(msgid)}"]
        if "msgid_plural" in fields:
            one, many = PLURALS.get(msgid, ("", ""))
            block += [
                f"msgid_plural {quote(fields['msgid_plural'])}",
                f"msgstr[0] {quote(one)}",
                f"msgstr[1] {quote(many)}",
            ]
            if not one:
                missing.append(msgid)
        else:
            french = FRENCH.get(msgid) or PLATFORM.get(msgid, "")
            if not french:
                missing.append(msgid)
            block.append(f"msgstr {quote(french)}")
        out.append("\n".join(block))
    for msgid, french in PLATFORM.items():
        if msgid not in seen:
            note = "#. platform label shown on the dashboards"
            out.append(f"{note}\nmsgid {quote(msgid)}\nmsgstr {quote(french)}")
    path.write_text("\n\n".join(out) + "\n", "utf-8")
    if missing:
        print("untranslated:", *missing, sep="\n  ", file=sys.stderr)
    return len(missing)


if __name__ == "__main__":
    sys.exit(fill(Path(__file__).parent / "fr" / "LC_MESSAGES" / "django.po"))
