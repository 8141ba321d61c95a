"""Boilerplate: both rule kinds, YAML patterns and jusText-like features.

Pages here are written in the styles of many French news sites; each test
says which rule must decide, so segments.csv stays readable.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.boilerplate import (
    BoilerplateRules,
    FeatureSettings,
    classify,
    features_of,
    has_caption_credit,
    header_headline,
    is_menu_line,
    is_title_cased_name,
    load_boilerplate_rules,
    menu_items,
)
from pipeline.config import ConfigError
from pipeline.models import BOILERPLATE, KEEP
from pipeline.regex_gate import may_contain_one
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ROOT / "data" / "boilerplate.yaml"

HEADLINE = "Renault lance une Twingo électrique à moins de 20 000 euros"
BODY_1 = (
    "Le constructeur au losange a présenté mardi sa future citadine électrique, qui sera produite en Slovénie "
    "à partir de 2026. Son autonomie dépassera 250 kilomètres."
)
BODY_2 = (
    "Pour tenir ce prix, le groupe mise sur une batterie lithium-fer-phosphate, moins chère que les chimies au "
    "nickel, et sur un développement mené en deux ans seulement."
)
BODY_3 = "« La Twingo doit redevenir la voiture populaire qu’elle a été », a déclaré Luca de Meo, le directeur général du groupe."


@lru_cache(maxsize=1)
def rules() -> BoilerplateRules:
    return load_boilerplate_rules(PATTERNS)


def fates(*lines: str) -> list[tuple[str, str, str]]:
    """(text, action, rule) of each paragraph of a page made of `lines`."""
    _, segments = segment("\n".join(lines))
    return [(s.text, s.action, s.rule) for s in classify(segments, rules())]


def fate_of(line: str, *lines: str) -> tuple[str, str]:
    for text, action, rule in fates(*lines):
        if text == line:
            return action, rule
    raise AssertionError(f"{line!r} not found")


# --- Patterns (data/boilerplate.yaml) ---------------------------------------

# One example per pattern at least, in the words of many sites.
PATTERN_EXAMPLES = [
    ("javascript_notice", "Votre navigateur ne supporte pas le code JavaScript."),
    ("javascript_notice", "Pour profiter de toutes les fonctionnalités, activez JavaScript."),
    ("cookie_notice", "Nous utilisons des cookies pour mesurer l’audience et vous proposer des publicités adaptées."),
    ("cookie_notice", "Ce contenu est bloqué car vous n’avez pas accepté les cookies et autres traceurs."),
    ("cookie_notice", "Accepter et fermer"),
    ("cookie_notice", "Continuer sans accepter"),
    ("paywall", "Article réservé aux abonnés"),
    ("paywall", "Cet article est réservé aux abonnés"),
    ("paywall", "Offrir l’article"),
    ("paywall", "Il vous reste 80 % de cet article à lire."),
    ("paywall", "Déjà abonné ?"),
    ("save_for_later", "Lire plus tard"),
    ("save_for_later", "Ajouter à mes favoris"),
    ("newsletter", "Abonnez-vous à la newsletter de Caradisiac"),
    ("newsletter", "Recevez toute l’actualité automobile"),
    ("newsletter", "Inscrivez-vous à notre newsletter pour recevoir chaque semaine l’essentiel de l’actualité."),
    ("gdpr_personal_data", "Vous disposez d’un droit d’accès, de rectification et d’effacement de vos données."),
    ("gdpr_personal_data", "Conformément au RGPD, vous pouvez exercer vos droits auprès du délégué."),
    ("gdpr_personal_data", "Votre adresse mail est collectée par notre société afin de vous adresser notre newsletter."),
    ("comment_form", "Laisser un commentaire Annuler la réponse"),
    ("comment_form", "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire."),
    ("comment_form", "Ce site utilise Akismet pour réduire les indésirables."),
    ("comment_form", "Nom *"),
    ("comment_count", "Réactions"),
    ("comment_count", "Avis (4)"),
    ("comments_header", "12 commentaires"),
    ("comments_header", "Commentaires (3)"),
    ("comments_header", "Les commentaires des lecteurs"),
    ("comments_header", "Sylvain_69 dit :"),
    ("comment_count", "Voir les commentaires"),
    ("email_not_published", "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *"),
    ("error_report", "Vous avez trouvé une erreur? Signalez-la."),
    ("error_report", "Signaler un abus"),
    ("rate_this_post", "Rate this post"),
    ("rate_this_post", "Cet article vous a plu ?"),
    ("back_to_top", "Retour en haut"),
    ("ad_marker", "[ad_1]"),
    ("ad_marker", "Publicité"),
    ("ad_marker", "Contenu sponsorisé"),
    ("source_link", "Source link"),
    ("listen_to_article", "Écoutez cet article"),
    ("listen_to_article", "Écouter (3 min)"),
    ("reading_time", "Temps de lecture : 4 min"),
    ("reading_time", "Lecture 3 min"),
    ("reading_time", "5 min de lecture"),
    ("share_buttons", "Partager sur Facebook"),
    ("share_buttons", "Partager :"),
    ("share_buttons", "Facebook Twitter LinkedIn".replace(" ", " · ")),
    ("share_buttons", "Envoyer par e-mail"),
    ("wordpress_like", "J’aime chargement…"),
    ("follow_us", "Suivez-nous sur Google News pour ne rien rater de l’actualité auto."),
    ("follow_us", "Nous vous invitons à nous suivre sur Google News et sur Flipboard."),
    ("follow_us", "Pour ne rater aucun bon plan, rejoignez notre communauté sur WhatsApp et Telegram !"),
    ("app_promo", "Téléchargez notre application Android et iOS !"),
    ("breadcrumb", "Accueil > Auto > Électrique"),
    ("breadcrumb", "Accueil » Actualités » Voitures électriques"),
    ("breadcrumb", "Dans Futurs modèles / Technologie"),
    ("image_file", "xiaomi-car.jpg"),
    ("image_file", "IMG_2043.webp?w=1200"),
    ("photo_credit", "Le successeur du bZ4X sera rechargeable sur les Superchargeurs © Toyota"),
    ("photo_credit", "La nouvelle station avec 4 bornes de chargement rapide. (Crédits : MBP)"),
    ("photo_credit", "(Xinhua/Attila Volgyi)"),
    ("photo_credit", "Horse produira des moteurs thermiques et hybrides. (archives) ATS"),
    ("photo_credit", "Crédit photo : Shutterstock"),
    ("photo_agency", "Une borne de recharge à Lausanne. Keystone"),
    ("photo_agency", "La Fiat 500e dans l’usine de Mirafiori, à Turin. Reuters / Massimo Pinca"),
    ("agency_signature", "ola/ab/spi"),
    ("agency_signature", "(ats/nxp)"),
    ("copyright", "© 2024 AFP. Tous droits de reproduction et de représentation réservés."),
    ("copyright", "© 2024 Mon Blog Auto – Tous droits réservés"),
    ("image_alt_text", "Photo de la station troyenne Fastned"),
    ("related_links", "À LIRE AUSSI : BYD : on sait où la marque chinoise va implanter sa première usine"),
    ("related_links", "Lire aussi | Voitures électriques : Bruxelles ouvre une enquête"),
    ("related_label", "Articles similaires"),
    ("related_label", "Sur le même sujet"),
    ("related_label", "Nos derniers articles"),
    ("post_navigation", "← Précédent : Tesla baisse encore les prix de la Model Y"),
    ("post_navigation", "Navigation de l’article"),
    ("tags", "Tags : Bornes de recharge, Autoroute, Voiture électrique"),
    ("tags", "Mots clés :"),
    ("tags", "Étiquettes : Renault, Twingo"),
    ("hashtags", "#VoitureÉlectrique #Recharge #Autoroutes"),
    ("table_of_contents", "Sommaire"),
    ("table_of_contents", "Table des matières"),
    ("byline", "Par Jean Dupont"),
    ("byline", "Par Sophie Bernard, publié le 05/02/2024 à 08h30, mis à jour le 05/02/2024 à 12h45"),
    ("byline", "Publié le 12 mars 2024 à 10h15, modifié le 12 mars 2024 à 11h02"),
    ("byline", "Publié par Marc Lefort le 4 avril 2024"),
    ("byline", "Ouest-France Camille Le Goff. Publié le 21/11/2023 à 18h05"),
    ("byline", "Mis à jour il y a 2 heures"),
    ("date_only", "12/03/2024 à 10h15"),
    ("date_only", "Mardi 12 mars 2024"),
    ("logo", "Logo Caradisiac"),
    ("separator", "—–"),
    ("separator", "* * *"),
    ("short_source_credit", "Source : Electrek"),
    ("press_contact", "Contact presse : presse@ionity.example"),
    ("newsletter", "Ne manquez rien de l’actualité auto : inscrivez-vous à notre newsletter"),
    ("comment_form", "Les commentaires sont fermés."),
    ("ad_marker", "En partenariat avec Renault"),
    ("reading_time", "Temps de lecture estimé : 4 minutes"),
    ("share_buttons", "Copier le lien"),
    ("affiliate_notice", "Cet article contient des liens affiliés : le site peut percevoir une commission sur vos achats."),
    ("video_player", "Lire la vidéo"),
    ("video_player", "Voir les 12 photos"),
    ("social_embed", "— Tesla (@Tesla) June 8, 2023"),
    ("social_embed", "pic.twitter.com/AbCdEf123"),
    ("image_alt_text", "Photo d’illustration"),
    ("related_label", "Related posts"),
    ("byline", "Jean Dupont, envoyé spécial à Munich"),
    ("byline", "Marie Durand avec AFP"),
    ("byline", "Par la rédaction"),
    ("byline", "Mis à jour : 12/03/2024 10h15"),
    ("date_only", "il y a 3 heures"),
    ("date_only", "Date de publication : 12/03/2024"),
    ("author_bio", "Jean Dupont est journaliste automobile depuis 2010 et suit la transition électrique."),
    ("author_bio", "Rédactrice spécialisée dans les nouvelles mobilités."),
    ("agency_credit", "Avec AFP"),
    ("agency_credit", "(avec agences)"),
    ("dated_byline", "franceinfo - 14 février 2024 à 18h25"),
    ("byline", "Nicolas Lellouche - 14 février 2024"),
    ("byline", "Par Challenges.fr le 14.02.2024 à 18h25"),
    ("byline", "Article rédigé par franceinfo avec AFP - France Télévisions"),
    ("photo_credit", "Une borne de recharge à Paris, le 12 février 2024. (MAGALI COHEN / HANS LUCAS / AFP)"),
    ("paywall", "Abonnez-vous pour lire la suite"),
    ("paywall", "Déjà abonné ? Connectez-vous"),
    ("paywall", "Pour lire la suite de cet article, abonnez-vous dès maintenant."),
    ("cookie_notice", "En poursuivant votre navigation sur ce site, vous acceptez l’utilisation de cookies."),
    ("rate_this_post", "Vous avez aimé cet article ? Partagez-le avec vos amis !"),
    ("comment_form", "Vous souhaitez réagir à cet article ?"),
    ("newsletter", "Ne manquez aucune info : recevez nos alertes"),
    ("cookie_notice", "Nous respectons votre vie privée"),
    ("cookie_notice", "Avec votre accord, nous et nos 96 partenaires stockons des informations sur votre terminal."),
    ("cookie_notice", "[Continuer sans accepter]"),
    ("cookie_notice", "Gérer mes cookies"),
    ("button_bar", "[Tout accepter] [Tout refuser] [Personnaliser]"),
    ("account_link", "Mon compte"),
    ("account_link", "Mon espace abonné"),
    ("account_link", "Créer un compte"),
    ("subscription_offer", "Abonnez-vous dès 1€"),
    ("subscription_offer", "Je m’abonne : 1 € le premier mois"),
    ("subscription_offer", "Offre découverte sans engagement"),
    ("site_domain", "lesnumeriques.com"),
    ("site_domain", "AUTO-MAG.FR"),
    ("site_domain", "www.voltage-auto.fr"),
    ("site_tagline", "ÉlectroMobile Blog — L’actu de la voiture électrique sans filtre"),
    ("site_tagline", "Le Mag Auto : toute l’actualité automobile"),
    ("site_tagline", "Voltage Auto | Le média de la mobilité électrique"),
    ("site_tagline", "roulerpropre.fr — Rouler électrique sans se ruiner"),
    ("site_tagline", "Diffusio — La plateforme des communiqués du secteur de l’énergie"),
    ("site_slogan", "Le magazine de la voiture qui se branche"),
    ("site_slogan", "L’info auto qui roule à l’électrique"),
    ("site_slogan", "Votre média indépendant de la mobilité durable"),
    ("consent_wall", "Votre vie privée compte pour nous"),
    ("consent_wall", "La protection de vos données nous importe."),
    ("consent_wall", "Nos partenaires et nous utilisons des traceurs afin de mesurer l’audience et d’afficher des publicités personnalisées."),
    ("consent_wall", "Nous et nos partenaires utilisent des technologies comme les cookies pour stocker des informations sur votre appareil."),
    ("consent_wall", "Vous pouvez modifier vos choix à tout moment en cliquant sur le lien en bas de page."),
    ("paywall_counter", "Vous lisez votre 2e article gratuit sur 4 ce mois-ci."),
    ("paywall_counter", "Il vous reste 3 articles à lire"),
    ("paywall_counter", "Il ne vous reste plus qu’un article gratuit."),
    ("paywall_counter", "Article offert"),
    ("investment_disclaimer", "Ces informations ne constituent pas un conseil en investissement."),
    ("investment_disclaimer", "Le contenu de cette page ne constitue en aucun cas une recommandation d’achat ou de vente de titres."),
    ("investment_disclaimer", "Les performances passées ne préjugent pas des performances futures."),
    ("about_author", "À propos de l’auteur"),
    ("about_author", "A propos de la rédactrice :"),
    ("about_organisation", "À propos de Kalivolt"),
    ("about_organisation", "A PROPOS DU GROUPE ORVANE"),
    ("about_organisation", "À propos de l’Union des transports électriques :"),
    ("dateline", "Bordeaux, le 17 janvier 2025"),
    ("dateline", "Saint-Ouen, 3 avril 2024"),
    ("press_release_label", "Communiqué de presse"),
    ("press_release_label", "COMMUNIQUÉ – Grenoble, 12 juin 2024"),
    ("release_distribution", "Diffusé le 27/05/2025 à 09:00 par Voltéo"),
    ("release_distribution", "Communiqué diffusé le 3 février 2025 par le groupe Orvane"),
    ("toolbar", "Ajouter à ma liste Imprimer Partager"),
    ("toolbar", "Réagir | Suivre | Imprimer | Envoyer"),
    ("toolbar", "Commenter (12) Partager"),
    ("toolbar", "Imprimer | Télécharger le dossier de presse (PDF, 2,4 Mo)"),
    ("video_player", "Durée de la vidéo : 00h01mn32s"),
    ("video_player", "On teste la nouvelle Renault 5 sur autoroute, avec sa batterie de 52 kWh. …plus"),
    ("video_stats", "12 400 vues  2 oct. 2024  #recharge #autoroute"),
    ("byline", "Par Jean Dupont (avec AFP)"),
    ("byline", "Publié par : Voltéo | Diffusé via la plateforme"),
    ("pagination", "Page 3 sur 12"),
    ("pagination", "Précédent 1 2 3 … 12 Suivant"),
    ("institution_name", "Ministère de la Transition écologique et de la Cohésion des territoires"),
    ("skip_link", "Aller au contenu principal"),
    ("video_stats", "87 412 vues il y a 5 jours"),
    ("video_stats", "1,2 k vues"),
    ("video_stats", "MobiliTV · 245 k abonnés"),
    ("video_stats", "3 400 J’aime"),
    ("reply_subject", "Re: [Actu] Kia va produire l’EV2 en Slovaquie en 2026"),
    ("reply_subject", "RE : Bornes rapides sur l’A6"),
    ("forum_post_header", "Message par voltfan » 14 mai 2025"),
    ("forum_post_header", "Réponse de kilowatt44 le 3 juin"),
    ("quote_header", "zoeman a écrit :"),
    ("quote_header", "Citation :"),
]

HEADER_ONLY = {"site_slogan", "institution_name"}  # matched above the first prose paragraph only


@pytest.mark.parametrize(("name", "line"), PATTERN_EXAMPLES, ids=[f"{n}:{l[:30]}" for n, l in PATTERN_EXAMPLES])
def test_pattern_drops_its_chrome(name: str, line: str) -> None:
    if name in HEADER_ONLY:
        action, rule = fate_of(line, line, HEADLINE, BODY_1, BODY_2, BODY_3)
    else:
        action, rule = fate_of(line, HEADLINE, BODY_1, line, BODY_2, BODY_3)
    assert (action, rule) == (BOILERPLATE, f"pattern:{name}")


def test_every_pattern_has_an_example() -> None:
    names = {p.name for p in rules().patterns}
    assert names - {name for name, _ in PATTERN_EXAMPLES} == set()


# Sentences of articles that look like chrome at first sight: they must stay.
LOOKALIKES = [
    "Autonomie : 410 km",
    "Rendez-vous le 14 mars 2024 à 10h30 à Paris, au siège du constructeur, pour la présentation du modèle.",
    "Prix : 35 990 €",
    "En partenariat avec Renault, la ville de Paris installe 500 bornes de recharge d’ici à la fin de l’année.",
    "Jean Dupont, le directeur de l’usine, a confirmé l’arrivée de 300 salariés.",
    "Par ailleurs, Tesla baisse ses prix en Europe.",
    "Par Tesla, la norme NACS s’impose peu à peu.",
    "Le décret, publié le 3 mars 2024 au Journal officiel, prévoit une baisse du bonus.",
    "Publié le mois dernier, le rapport de l’AIE montre une hausse des ventes.",
    "« C’est un tournant historique »",
    "Tendance lourde, la hausse des prix se poursuit en 2024.",
    "La recharge est gratuite pour les abonnés Ionity Passport.",
    "Les données de recharge des clients restent stockées en Europe, assure le constructeur.",
    "Le groupe a partagé ses brevets avec la concurrence.",
    "Tesla / BYD : le match des prix continue en Europe.",
    "Selon l’AFP, l’usine ouvrira en 2025 et emploiera 2 000 personnes.",
    "Les ventes ont progressé de 20 % sur un an, a indiqué Reuters.",
    "Sources : selon plusieurs sources proches du dossier, l’accord serait signé en juin.",
    "Renault : la Twingo électrique sera produite en Slovénie dès 2026.",
    "Le Courrier de l’Ouest a révélé l’information mardi.",
    "S’abonner à ce service coûte 10 euros par mois, précise le groupe.",
    "Nous respectons les règles européennes, a assuré le constructeur.",
    "Le site Amazon.com propose désormais des bornes de recharge à domicile.",
    "Renault / Nissan : l’alliance se réorganise autour de la filiale Ampere.",
    "« Nous et nos partenaires allons investir 2 milliards d’euros en France », a déclaré le patron du groupe.",
    "Nos partenaires utilisent déjà la plateforme pour leurs utilitaires, précise le directeur.",
    "Le consentement des riverains a été recueilli avant l’installation des bornes.",
    "Le magazine Auto Plus a révélé l’information mardi.",
    "Le journal de bord de notre essai",
    "Il vous reste deux ans pour profiter du bonus, rappelle le ministère.",
    "Les analystes ne constituent pas un bloc homogène : certains recommandent l’achat du titre.",
    "Les investisseurs redoutent une perte en capital si la demande ne repart pas.",
    "Les commentaires du ministre ont été mal reçus par la filière.",
    "À propos des prix, le constructeur ne dit rien.",
    "Le communiqué de Renault précise que l’usine ouvrira en 2026.",
    "Lyon, Marseille et Lille accueilleront les premières stations du réseau en 2025.",
    "Suivre la consommation de près permet d’économiser 10 % d’énergie sur autoroute.",
    "Partager les bornes entre voisins reste compliqué dans les copropriétés.",
    "La vidéo de présentation a dépassé 2 millions de vues en une semaine.",
    "Diffusé le 3 mars sur France 2, le reportage a relancé le débat sur les bornes.",
    "Réponse de Renault : la Twingo électrique sera bien produite en Slovénie.",
    "Durée de la recharge : 30 minutes pour passer de 10 à 80 %.",
    "Page 3 sur 12 du rapport, l’Ademe détaille le calcul du score environnemental.",
    "Ministère de l’Économie : le bonus sera réservé aux voitures produites en Europe.",
    "Télécharger le rapport complet reste gratuit sur le site de l’Ademe.",
]


@pytest.mark.parametrize("line", LOOKALIKES)
def test_article_sentences_that_look_like_chrome_stay(line: str) -> None:
    assert fate_of(line, HEADLINE, BODY_1, line, BODY_2, BODY_3) == (KEEP, "")


def test_patterns_are_case_insensitive() -> None:
    assert fate_of("RETOUR EN HAUT", HEADLINE, BODY_1, BODY_2, "RETOUR EN HAUT")[1] == "pattern:back_to_top"


def test_max_words_keeps_long_paragraphs_out_of_caption_patterns() -> None:
    long = BODY_1 + " " + BODY_2 + " Le modèle sera présenté au salon de Paris © Renault"
    assert fate_of(long, HEADLINE, long, BODY_3)[0] == KEEP


# --- Features --------------------------------------------------------------


def test_features_of_counts_french_stop_words_and_capitals() -> None:
    f = features_of("Le constructeur a présenté l’accord avec Tesla.")
    assert f.words == 7
    assert f.stopword_density == pytest.approx(4 / 7)  # le, a, l’ (elided article), avec
    assert f.capitalised_share == pytest.approx(2 / 7)
    assert f.ends_sentence and f.prose_like
    assert not features_of("Facebook Twitter LinkedIn Pinterest").has_lowercase_word


def test_caption_credit_feature() -> None:
    settings = FeatureSettings()
    assert has_caption_credit("Le patron de Stellantis, Carlos Tavares, à Paris. ERIC PIERMONT / AFP", settings)
    assert has_caption_credit("La future usine, le long de l’estuaire. | ARCHIVES OUEST-FRANCE", settings)
    assert not has_caption_credit("Le groupe vise 2030. Renault", settings)
    assert not has_caption_credit("Le groupe vise 2030, selon Renault.", settings)
    assert not has_caption_credit("Le contrat a été signé à Paris. Les détails suivront", settings)
    assert has_caption_credit("La nouvelle station de Lorient, le long de la quatre-voies. | Ouest-France/J. D.", settings)
    assert not has_caption_credit("Le contrat a été signé devant M. Dupont.", settings)
    assert not has_caption_credit("La borne a été installée par J. L. Martin, électricien à Vannes.", settings)


def test_caption_with_an_unlisted_credit_goes() -> None:
    caption = "Le patron de Stellantis, Carlos Tavares, au salon de Paris, le 17 octobre 2022. JOHN DOE / PHOTOPRESS"
    assert fate_of(caption, HEADLINE, caption, BODY_1, BODY_2) == (BOILERPLATE, "feature:caption_credit")


def test_alt_text_beside_its_credited_caption_goes() -> None:
    alt = "Le patron de Renault pose devant la future usine de batteries de Douai."
    caption = alt + " © Renault Group"
    page = fates(HEADLINE, BODY_1, alt, caption, BODY_2, BODY_3)
    assert [(action, rule) for text, action, rule in page if text in (alt, caption)] == [
        (BOILERPLATE, "feature:caption_alt_text"),
        (BOILERPLATE, "pattern:photo_credit"),
    ]


def test_a_sentence_beside_a_caption_that_goes_on_differently_stays() -> None:
    sentence = "Le patron de Renault a visité l’usine de Douai."
    caption = "Le patron de Renault pose devant la future usine de batteries de Douai. © Renault Group"
    assert fate_of(sentence, HEADLINE, BODY_1, sentence, caption, BODY_2) == (KEEP, "")


def test_caption_ending_with_its_photo_credit_goes() -> None:
    caption = "La future usine de batteries sera construite à côté du site de Douai. Crédit photo : Envision AESC"
    assert fate_of(caption, HEADLINE, BODY_1, caption, BODY_2, BODY_3) == (BOILERPLATE, "pattern:photo_credit")


def test_single_words_and_symbols_go() -> None:
    page = fates(HEADLINE, "Partager", BODY_1, "2024", BODY_2, "Oui", BODY_3)
    rules_of = {text: rule for text, _, rule in page}
    assert rules_of["2024"] == "feature:no_words"
    assert rules_of["Oui"] == "feature:single_word"


def test_list_of_names_goes() -> None:
    line = "Renault Peugeot Citroën Dacia Tesla"
    assert fate_of(line, HEADLINE, BODY_1, line, BODY_2) == (BOILERPLATE, "feature:low_stopword_density")


def test_header_keeps_the_headline_and_drops_labels_and_author() -> None:
    page = fates("Économie", "Voitures électriques", "Hommes et chiffres", HEADLINE, "Jean Dupont", BODY_1, BODY_2)
    kept = [text for text, action, _ in page if action == KEEP]
    assert kept == [HEADLINE, BODY_1, BODY_2]
    assert {rule for text, action, rule in page if action == BOILERPLATE and text != "Économie"} == {"feature:short_header"}


def test_header_keeps_a_short_headline_above_a_one_sentence_chapo() -> None:
    chapo = "Le groupe veut produire au plus près de ses clients européens et contourner les droits de douane."
    page = fates("Le Journal du Dimanche", "BYD choisit la Hongrie", chapo, BODY_1, BODY_2)
    assert [text for text, action, _ in page if action == KEEP] == ["BYD choisit la Hongrie", chapo, BODY_1, BODY_2]


def test_headline_under_a_site_slogan_stays() -> None:
    """Chrome above the headline that reads as prose must not cost the headline."""
    slogan = "Le média de la mobilité électrique depuis 2010, avec des essais et des bons plans chaque jour."
    page = fates(slogan, "Accueil", HEADLINE, "Par Jean Dupont", "Publié le 12/03/2024 à 10h15", BODY_1, BODY_2)
    assert fate_of(HEADLINE, *[t for t, _, _ in page]) == (KEEP, "")


def test_intertitle_inside_the_body_stays() -> None:
    for intertitle in ("Un maillage international", "Nouvel acteur", "Quels constructeurs touchés par la surtaxe ?"):
        assert fate_of(intertitle, HEADLINE, BODY_1, intertitle, BODY_2, BODY_3) == (KEEP, "")


def test_intertitle_before_a_caption_and_prose_stays() -> None:
    caption = "La Twingo électrique présentée à Paris. © Renault"
    assert fate_of("Une batterie moins chère", HEADLINE, BODY_1, "Une batterie moins chère", caption, BODY_2) == (KEEP, "")


def test_buttons_between_paragraphs_go() -> None:
    page = fates(HEADLINE, BODY_1, "Offrir l’article à un proche", "Voir nos offres du moment", BODY_2, BODY_3)
    dropped = {text: rule for text, action, rule in page if action == BOILERPLATE}
    assert dropped == {
        "Offrir l’article à un proche": "feature:between_chrome",
        "Voir nos offres du moment": "feature:between_chrome",
    }


def test_short_sentence_of_the_article_stays() -> None:
    assert fate_of("C’est un avantage décisif.", HEADLINE, BODY_1, "C’est un avantage décisif.", "Lire aussi : Stellantis s’allie à Leapmotor", BODY_2) == (KEEP, "")


def test_list_announced_by_the_article_stays() -> None:
    page = fates(HEADLINE, BODY_1, "Les points clés du modèle :", "• 250 km d’autonomie", "• un prix sous 20 000 euros", BODY_2)
    assert all(action == KEEP for _, action, _ in page)


def test_link_list_after_its_label_goes() -> None:
    page = fates(
        HEADLINE, BODY_1, "Lire aussi :",
        "Gigafactories : l’Europe craint de rater le virage de la batterie",
        "Quelle voiture électrique acheter en 2024 ?",
        BODY_2, BODY_3,
    )
    dropped = {text: rule for text, action, rule in page if action == BOILERPLATE}
    assert dropped["Gigafactories : l’Europe craint de rater le virage de la batterie"] == "feature:link_list"
    assert dropped["Quelle voiture électrique acheter en 2024 ?"] == "feature:link_list"
    assert fate_of(BODY_2, *[t for t, _, _ in page]) == (KEEP, "")


def test_tail_chrome_goes_and_a_closing_sentence_stays() -> None:
    page = fates(HEADLINE, BODY_1, BODY_2, "La consultation dure jusqu’en septembre.", "Jean Dupont", "Réutiliser ce contenu")
    assert [text for text, action, _ in page if action == KEEP] == [HEADLINE, BODY_1, BODY_2, "La consultation dure jusqu’en septembre."]
    assert {rule for _, action, rule in page if action == BOILERPLATE} == {"feature:tail_chrome"}


def test_article_closing_on_an_intertitle_and_a_list_keeps_them() -> None:
    page = fates(HEADLINE, BODY_1, BODY_2, "Les points forts", "- le prix ;", "- la recharge rapide à 135 kW.", "Lire la vidéo", "Jean Dupont")
    assert [text for text, action, _ in page if action == KEEP] == [
        HEADLINE, BODY_1, BODY_2, "Les points forts", "- le prix ;", "- la recharge rapide à 135 kW."
    ]


def test_specification_sheet_under_its_intertitle_stays() -> None:
    page = fates(HEADLINE, BODY_1, "Fiche technique", "Batterie : 64 kWh", "Puissance : 204 ch", "Prix : 34 990 €", BODY_2)
    assert all(action == KEEP for _, action, _ in page)


def test_last_paragraph_cut_by_the_page_size_stays() -> None:
    cut = "La ligne budgétaire consacrée en 2023 s’est é"
    assert fate_of(cut, HEADLINE, BODY_1, BODY_2, cut) == (KEEP, "")
    assert fate_of(cut, HEADLINE, BODY_1, BODY_2, "Ne pas exploser le budget", cut) == (KEEP, "")
    assert fate_of("Ne pas exploser le budget", HEADLINE, BODY_1, BODY_2, "Ne pas exploser le budget", cut) == (KEEP, "")


def test_a_cut_line_after_chrome_is_not_the_article() -> None:
    line = "Retrouvez toutes nos offres de location longue durée sur"
    assert fate_of(line, HEADLINE, BODY_1, BODY_2, "Partager", line)[0] == BOILERPLATE


def test_after_tags_or_a_comment_form_the_page_is_chrome() -> None:
    bio = "Passionnée de mobilité, elle couvre l’industrie automobile et la transition énergétique pour le site depuis 2015."
    page = fates(HEADLINE, BODY_1, BODY_2, BODY_3, "Tags : Renault, Twingo", "Sophie Bernard", bio)
    rules_of = {text: rule for text, _, rule in page}
    assert rules_of["Sophie Bernard"] in ("feature:link_list", "feature:after_article_end")
    assert rules_of[bio] == "feature:after_article_end"


def test_reader_comments_under_the_article_go_however_many() -> None:
    """Comments signed with a pseudo and a date are no part of the article,
    even when there are more of them than paragraphs of the article."""
    comments = [
        "Perso j’attends la version break, la berline ne me convient pas du tout pour partir en vacances.",
        "Encore une annonce, on verra bien si les prix baissent vraiment chez les concessionnaires cette année.",
        "J’ai commandé la mienne en septembre et toujours aucune date de livraison, c’est vraiment long.",
        "Trop cher pour ce que c’est, je préfère garder ma vieille thermique encore quelques années.",
    ]
    lines = [HEADLINE, BODY_1, BODY_2, "4 commentaires"]
    for n, comment in enumerate(comments):
        lines += [f"Lecteur{n}", f"1{n} mars 2024 à 18h0{n}", comment]
    page = fates(*lines)
    assert [t for t, a, _ in page if a == KEEP] == [HEADLINE, BODY_1, BODY_2]


def test_about_blocks_end_the_article() -> None:
    about = "Fondée en 2009, Kalivolt conçoit des bornes de recharge rapide et emploie 140 personnes en Europe."
    page = fates(HEADLINE, BODY_1, BODY_2, BODY_3, "À propos de Kalivolt", about)
    assert [t for t, a, _ in page if a == KEEP] == [HEADLINE, BODY_1, BODY_2, BODY_3]
    bio = "Marc Olivier conduit des voitures électriques depuis 2014 et a essayé plus de soixante modèles."
    page = fates(HEADLINE, BODY_1, BODY_2, BODY_3, "À propos de l’auteur", bio)
    assert [t for t, a, _ in page if a == KEEP] == [HEADLINE, BODY_1, BODY_2, BODY_3]


def test_a_slogan_is_chrome_only_in_the_header() -> None:
    slogan = "Le journal de la mobilité électrique"
    page = fates(slogan, HEADLINE, BODY_1, BODY_2)
    assert [t for t, a, _ in page if a == KEEP] == [HEADLINE, BODY_1, BODY_2]
    intertitle = "Le journal de bord de la semaine"
    assert fate_of(intertitle, HEADLINE, BODY_1, intertitle, BODY_2, BODY_3) == (KEEP, "")


def test_an_early_article_end_does_not_drop_the_article() -> None:
    """A comment form near the top, then the whole article: the article stays."""
    page = fates(HEADLINE, BODY_1, "Laisser un commentaire", BODY_2, BODY_3, BODY_1.replace("mardi", "lundi"))
    assert [a for t, a, _ in page if t == BODY_2] == [KEEP]


# --- Navigation menus -------------------------------------------------------

# Site navigation in the styles of many sites: items split by ' | ', ' · ',
# ' • ', ' / ' or runs of spaces (the columns of a scraped menu bar).
MENU_LINES = [
    "ROULER.FR   Actualité | Essais | Électrique | Occasion | Vidéos   Rechercher   Se connecter",
    "Menu   Départements   Économie   Sports   Loisirs   S’abonner 1€ le premier mois",
    "Actualité   Somme   Oise   Aisne   Économie   Sports   Faits divers   Nécrologie",
    "Accueil · Actus · Essais · Recharge · Bons plans · Contact",
    "Tech • Auto • Énergie • Vélo • Podcasts",
    "Qui sommes-nous ? · Contact · Mentions légales · Plan du site",
    "Nos journaux   Annonces légales   Avis de décès   Jeux   Boutique",
]


@pytest.mark.parametrize("line", MENU_LINES)
def test_menu_line_goes_in_the_header_body_and_tail(line: str) -> None:
    settings = rules().features
    assert is_menu_line(line, settings)
    for page in ((line, HEADLINE, BODY_1, BODY_2), (HEADLINE, BODY_1, line, BODY_2), (HEADLINE, BODY_1, BODY_2, line)):
        action, rule = fate_of(line, *page)
        assert action == BOILERPLATE
        assert rule.startswith("pattern:") or rule == "feature:menu_line"


@pytest.mark.parametrize(
    "line",
    [
        "Tesla / BYD : le match des prix continue en Europe.",
        "Renault | Nissan | Mitsubishi",  # three items: a list of names, not a bar
        "Le groupe a annoncé une baisse de prix.  Les ventes ont progressé.  Le marché suit.  Les prix aussi.",
        "Tesla Model Y   Berlin   375 000   2022",  # a table row: figures, not links
        "Autonomie   Puissance   Prix   Recharge rapide de 10 à 80 % en 18 minutes sur une borne",
    ],
)
def test_lines_with_separators_that_are_no_menu(line: str) -> None:
    assert not is_menu_line(line, rules().features)


def test_menu_items_split_on_bars_dots_slashes_and_space_runs() -> None:
    assert menu_items("SITE.FR   Actus | Essais · Vidéos • Occasion / Contact") == [
        "SITE.FR", "Actus", "Essais", "Vidéos", "Occasion", "Contact"
    ]
    assert menu_items("Une phrase / deux") == ["Une phrase", "deux"]


# --- Names and the headline in the header -----------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("La Voix du Littoral", True),
        ("Le Courrier de l’Ouest", True),
        ("La Lettre de l’Énergie", True),
        ("Le Journal des Flottes", True),
        ("BYD choisit la Hongrie", False),
        ("Hommes et chiffres", False),
        ("Le Mans : Toyota gagne encore", False),
        (HEADLINE, False),
    ],
)
def test_title_cased_name(text: str, name: bool) -> None:
    assert is_title_cased_name(text, rules().features) is name


def kept_of(*lines: str) -> list[str]:
    return [text for text, action, _ in fates(*lines) if action == KEEP]


def test_paper_name_above_the_headline_goes() -> None:
    page = fates("Le Courrier de l’Ouest", "Menu   Régions   Économie   Sports   Loisirs", HEADLINE, BODY_1, BODY_2)
    assert [t for t, a, _ in page if a == KEEP] == [HEADLINE, BODY_1, BODY_2]
    assert fate_of("Le Courrier de l’Ouest", *[t for t, _, _ in page]) == (BOILERPLATE, "feature:site_name")


def test_headline_is_the_line_closest_above_the_byline() -> None:
    """Teasers of other articles above the headline go, however headline-like."""
    teaser_1 = "Bonus écologique : ce qui change pour les ménages au 1er juillet"
    teaser_2 = "Stellantis rappelle 300 000 voitures pour un défaut de freinage"
    assert kept_of(teaser_1, teaser_2, HEADLINE, "Par Jean Dupont", "12/03/2024 à 10h15", BODY_1, BODY_2) == [
        HEADLINE, BODY_1, BODY_2
    ]


def test_standfirst_under_the_headline_stays() -> None:
    standfirst = "Le constructeur mise sur une batterie moins chère et une production en Europe pour tenir ce prix"
    assert kept_of("Automobile", HEADLINE, standfirst, BODY_1, BODY_2) == [HEADLINE, standfirst, BODY_1, BODY_2]
    assert kept_of(HEADLINE, "Par Jean Dupont", standfirst, BODY_1, BODY_2) == [HEADLINE, standfirst, BODY_1, BODY_2]


def test_menu_with_collapsed_spaces_above_the_headline_goes() -> None:
    """Once its runs of spaces are gone a menu still reads as capitalised labels, not as a headline."""
    for menu in ("Menu Régions Économie Sports Loisirs S’abonner le premier mois", "Actualité Somme Oise Économie Sports Faits divers Nécrologie"):
        assert kept_of(menu, HEADLINE, BODY_1, BODY_2) == [HEADLINE, BODY_1, BODY_2]


def test_kicker_above_the_headline_goes() -> None:
    """A kicker is shorter than the headline under it: the headline is no standfirst of it."""
    assert kept_of("Salon de Genève 2024", HEADLINE, BODY_1, BODY_2) == [HEADLINE, BODY_1, BODY_2]
    assert kept_of("Le grand dossier de la rédaction", HEADLINE, BODY_1, BODY_2) == [HEADLINE, BODY_1, BODY_2]


@pytest.mark.parametrize(
    ("texts", "headline"),
    [
        ([HEADLINE, BODY_1, BODY_2], 0),
        (["Le grand dossier de la rédaction", HEADLINE, BODY_1], 1),
        ([HEADLINE, "Le constructeur mise sur une batterie moins chère et une production en Europe", BODY_1], 0),
        ([BODY_1, BODY_2], None),
        (["Salon de Genève", "Tesla baisse ses prix"], None),  # no prose: the title rule decides alone
    ],
)
def test_header_headline_reads_kept_text_as_the_walk_does(texts: list[str], headline: int | None) -> None:
    assert header_headline(texts, rules().features) == headline


def test_page_without_prose_keeps_what_reads_as_text() -> None:
    page = fates("Menu", "Tesla baisse ses prix en Europe", "Accueil")
    assert [(t, a) for t, a, _ in page] == [
        ("Menu", BOILERPLATE),
        ("Tesla baisse ses prix en Europe", KEEP),
        ("Accueil", BOILERPLATE),
    ]


def test_metadata_is_left_alone() -> None:
    _, segments = segment(" date 2024-01 " + HEADLINE + "\n" + BODY_1)
    result = classify(segments, rules())
    assert result[0].action == "metadata" and result[0].rule == "date_line"


def test_thresholds_come_from_the_yaml_file(tmp_path: Path) -> None:
    text = PATTERNS.read_text(encoding="utf-8").replace("good_min_words: 7 ", "good_min_words: 40 ")
    path = tmp_path / "boilerplate.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_boilerplate_rules(path).features.good_min_words == 40


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("patterns:\n  - name: broken\n    regex: '(unclosed'\n", "not a valid regular expression"),
        ("patterns:\n  - name: x\n    regex: 'x'\n    colour: red\n", "unknown key"),
        ("features:\n  good_min_stopword_density: 1.5\n", "features.good_min_stopword_density"),
        ("features:\n  good_min_wordz: 7\n", "unknown key"),
    ],
)
def test_invalid_pattern_file_names_the_key(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "boilerplate.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_boilerplate_rules(path)


def test_keywords_never_hide_a_match() -> None:
    """A pattern's keywords only save time: wherever its regex matches, one of them is there."""
    pages = sorted((ROOT / "tests" / "articles").glob("*.txt"))
    texts = [line for _, line in PATTERN_EXAMPLES] + LOOKALIKES + MENU_LINES
    texts += [s.text for page in pages for s in segment(page.read_text(encoding="utf-8"))[1]]
    for pattern in rules().patterns:
        if not pattern.keywords:
            continue
        for text in texts:
            if pattern.regex.search(text):
                assert any(k in text.lower() for k in pattern.keywords), (pattern.name, text)


def test_anchored_patterns_match_only_at_the_start() -> None:
    """A pattern read as anchored skips the required-strings gate: its regex fails wherever the paragraph's start does."""
    pages = sorted((ROOT / "tests" / "articles").glob("*.txt"))
    texts = [line for _, line in PATTERN_EXAMPLES] + LOOKALIKES + MENU_LINES
    texts += [s.text for page in pages for s in segment(page.read_text(encoding="utf-8"))[1]]
    texts += ["x " + text for text in texts]
    anchored = [pattern for pattern in rules().patterns if pattern.anchored]
    assert anchored
    for pattern in anchored:
        for text in texts:
            found = pattern.regex.search(text)
            assert found is None or found.start() == 0, (pattern.name, text)


def test_required_strings_never_hide_a_match() -> None:
    """The strings read from a regex gate it: wherever it matches, one of them is there (or the text folds unsurely)."""
    pages = sorted((ROOT / "tests" / "articles").glob("*.txt"))
    texts = [line for _, line in PATTERN_EXAMPLES] + LOOKALIKES + MENU_LINES
    texts += [s.text for page in pages for s in segment(page.read_text(encoding="utf-8"))[1]]
    texts += [text.upper() for text in texts]
    for pattern in rules().patterns:
        for text in texts:
            if pattern.regex.search(text):
                assert may_contain_one(text, pattern.required), (pattern.name, text)
