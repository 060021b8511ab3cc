"""Spanish drafts are screened in Spanish; any other language is said plainly, never passed silently."""
import json

import pytest


def rules_of(verdict):
    return {f.rule_id for f in verdict.failing}


def test_a_spanish_insult_fails_naming_the_spanish_words(screen):
    verdict = screen("Con todo el cariño, el concejal Ruiz es un payaso y su propuesta es una pendejada.")
    assert verdict.language["code"] == "es" and not verdict.passed
    words = {f.span.text for f in verdict.failing if f.span}
    assert {"es.insulto", "es.groseria"} <= rules_of(verdict) and {"payaso", "pendejada"} <= words


def test_a_spanish_personal_opinion_fails(screen):
    verdict = screen("En mi opinión, la decisión del juez fue un error y todos aquí lo sabemos.")
    assert "es.opinion-personal" in rules_of(verdict)


def test_a_wrong_spanish_weekday_fails_with_the_right_one_named_in_spanish(screen):
    verdict = screen("La biblioteca abre el viernes 29 de noviembre a las 10 a. m.", scheduled="2026-11-20")
    [weekday] = [f for f in verdict.failing if f.rule_id == "true.weekday-mismatch"]
    assert "domingo" in weekday.message and "viernes" in weekday.message
    assert weekday.span.text == "viernes 29 de noviembre"


@pytest.mark.parametrize("text, meta", [
    ("Recuerde: nunca maneje por un arroyo con agua en movimiento. Si ve a alguien en peligro, llame al 911.", {}),
    ("¡Acompáñenos en la Noche de Cine en el Parque Tingley el sábado 28 de noviembre a las 6 p. m.! Entrada gratis, "
     "sin inscripción.", {"scheduled": "2026-11-20"}),
])
def test_a_spanish_psa_and_a_spanish_event_pass(screen, text, meta):
    verdict = screen(text, **meta)
    assert verdict.language["code"] == "es"
    assert verdict.passed, [(f.rule_id, f.message) for f in verdict.failing]


@pytest.mark.parametrize("text, language", [
    ("La piscine municipale ouvre samedi à 10 heures, venez nombreux avec vos enfants.", "French"),
    ("Sarado ang kalsada bukas dahil sa pagkukumpuni ng tubo ng tubig sa Central.", "Tagalog"),
])
def test_a_draft_in_another_language_fails_as_not_screened(screen, text, language):
    verdict = screen(text)
    [finding] = verdict.failing
    assert finding.rule_id == "language.not-screened" and f"no rules for {language}" in finding.message


def test_the_conduct_model_is_never_applied_to_a_language_it_was_not_trained_on(screen):
    verdict = screen("Vous êtes vraiment des imbéciles, arrêtez de vous plaindre de la piscine municipale.")
    assert [f.rule_id for f in verdict.findings] == ["language.not-screened"]


def test_a_declared_language_wins_over_identification(screen):
    assert screen("Thanks, Michelle.", lang="es").language == {"code": "es", "name": "Spanish", "how": "declared",
                                                               "confidence": None}
    assert "language.not-screened" in rules_of(screen("Road closed on Central today for repairs.", lang="fr"))


def test_short_english_posts_are_not_mistaken_for_another_language(screen):
    for text in ("Thanks, Michelle.", "@jdoe Thank you Susie.", "Meghan in action! #meetthedogs", "Well done, team!"):
        assert screen(text).language["code"] == "en", text


def test_the_config_can_make_not_screened_a_warning(tmp_path, run_cli):
    config = tmp_path / "pg.yaml"
    config.write_text("unsupported_language: warning\n", encoding="utf-8")
    draft = tmp_path / "fr.txt"
    draft.write_text("La piscine municipale ouvre samedi à 10 heures, venez nombreux avec vos enfants.",
                     encoding="utf-8")
    done = run_cli("check", "--config", config, "--format", "json", draft)
    [entry] = json.loads(done.stdout)["drafts"]
    assert done.returncode == 0 and entry["passed"] is True
    assert entry["language"]["name"] == "French" and entry["findings"][0]["severity"] == "warning"


def test_every_format_names_the_language(run_cli, tmp_path):
    draft = tmp_path / "es.txt"
    draft.write_text("Con todo respeto, usted es un ignorante y un mentiroso.", encoding="utf-8")
    text = run_cli("check", draft).stdout
    assert "language: Spanish (detected)" in text
    report = json.loads(run_cli("check", "--format", "json", draft).stdout)
    assert report["drafts"][0]["language"]["code"] == "es"
    sarif = json.loads(run_cli("check", "--format", "sarif", draft).stdout)
    assert {r["properties"]["language"] for r in sarif["runs"][0]["results"]} == {"es"}
    assert "Spanish (detected)" in run_cli("check", "--format", "markdown", draft).stdout
