"""HTML saved as .txt is turned into paragraphs of text; plain text is left alone."""

from __future__ import annotations

from pipeline.markup import html_to_text, looks_like_html

PAGE = """<!DOCTYPE html><html><head><title>Renault et Geely</title>
<style>p { color: red }</style><script>var x = "<p>pas du texte</p>";</script></head>
<body><nav><a href="/">Accueil</a> &gt; <a href="/auto">Auto</a></nav>
<article><h1>Renault s&#8217;associe &agrave; Geely</h1>
<p>Renault et le g&eacute;ant chinois Geely ont annonc&eacute; leur coentreprise.</p>
<p>Le groupe compte <b>19&nbsp;000</b> salari&eacute;s.<br>Une deuxi&egrave;me ligne.</p></article>
<footer>© 2024 Le Site</footer></body></html>"""


def test_detects_pages_not_prose() -> None:
    assert looks_like_html(PAGE)
    assert not looks_like_html("Le constructeur utilise la balise <p> dans son site, dit-il.")
    assert not looks_like_html("Tesla a vendu 12 000 voitures.\n\nUn second paragraphe.")


def test_keeps_text_drops_markup_and_scripts() -> None:
    text = html_to_text(PAGE)
    paragraphs = text.split("\n\n")
    assert "Renault s’associe à Geely" in paragraphs
    assert "Renault et le géant chinois Geely ont annoncé leur coentreprise." in paragraphs
    assert "Le groupe compte 19 000 salariés." in paragraphs
    assert "Une deuxième ligne." in paragraphs
    for chrome in ("color: red", "pas du texte", "Accueil", "© 2024"):
        assert chrome not in text
    assert "<" not in text
