"""Spanish: weekdays, months, day-month dates, times, places, instructions, plurals, syllables."""
from __future__ import annotations

import re

from postguard.analysis.lang import Language

WEEKDAYS = {"lun": 0, "lunes": 0, "mar": 1, "martes": 1, "mié": 2, "mie": 2, "miércoles": 2, "miercoles": 2,
            "jue": 3, "jueves": 3, "vie": 4, "viernes": 4, "sáb": 5, "sab": 5, "sábado": 5, "sabado": 5,
            "dom": 6, "domingo": 6}
MONTHS = {"ene": 1, "enero": 1, "feb": 2, "febrero": 2, "mar": 3, "marzo": 3, "abr": 4, "abril": 4, "may": 5,
          "mayo": 5, "jun": 6, "junio": 6, "jul": 7, "julio": 7, "ago": 8, "agosto": 8, "sep": 9, "sept": 9,
          "set": 9, "septiembre": 9, "setiembre": 9, "oct": 10, "octubre": 10, "nov": 11, "noviembre": 11,
          "dic": 12, "diciembre": 12}
WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTH_NAMES = ("", "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sep.", "oct.", "nov.", "dic.")


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# "sábado 29 de noviembre", "el sáb. 29 de nov. de 2026"; written day first, as Spanish does
_WEEKDAY = r"(?P<weekday>" + _alternation(WEEKDAYS) + r")\.?,?\s+(?:el\s+)?"
_DAY_MONTH = (r"(?P<dday>\d{1,2})\s+de\s+(?P<dmonth>" + _alternation(MONTHS) + r")\.?"
              r"(?:,?\s+(?:de|del)\s+(?P<dyear>(?:19|20)\d{2}))?")
# "29/11", "29/11/2026": day first
_NUMERIC = r"(?P<nfirst>\d{1,2})/(?P<nsecond>\d{1,2})(?:/(?P<nyear>\d{2}|\d{4}))?(?![/\d])"

_STREET = r"Calle|C\.|Avenida|Av\.|Avda\.|Bulevar|Blvd\.?|Camino|Carretera|Paseo|Plaza|Boulevard"
_ADDRESS = r"\b(?:" + _STREET + r")\s+(?:[A-ZÁÉÍÓÚÑ0-9][\w'’.-]*\s?){1,3}(?:\s*(?:#|No\.?|núm\.?)?\s*\d{1,5})?"
_PLACE_NOUN = (r"Parque|Centro|Biblioteca|Ayuntamiento|Alcaldía|Plaza|Piscina|Alberca|Museo|Zoológico|Estadio|"
               r"Escuela|Estación|Iglesia|Auditorio|Gimnasio|Mercado|Jardín|Jardines")


def plural(phrase: str) -> str:
    """The regular plural of a phrase's last word (vowel + s, consonant + es, z -> ces)."""
    if phrase.endswith("z"):
        return phrase[:-1] + "ces"
    if phrase[-1:] in "aeiouáéó":
        return phrase + "s"
    return phrase + "es"


def syllables(word: str) -> int:
    """Vowel groups, splitting the strong-vowel pairs Spanish never joins (a, e, o)."""
    groups = re.findall(r"[aeiouáéíóúü]+", word.lower())
    return max(sum(1 + len(re.findall(r"[aeoáéó](?=[aeoáéó])", g)) for g in groups), 1)


LANGUAGE = Language(
    code="es", name="Spanish",
    weekdays=WEEKDAYS, months=MONTHS, weekday_names=WEEKDAY_NAMES, month_names=MONTH_NAMES,
    date=re.compile(rf"\b(?:{_WEEKDAY})?(?:{_DAY_MONTH}|{_NUMERIC})(?!\w)", re.IGNORECASE),
    numeric_order="dm",
    # "6 p. m.", "6:30 pm", "10 a.m."
    time_12h=re.compile(r"(?<![\d.:])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\b\.?",
                        re.IGNORECASE),
    # "18:30", "18:30 h"
    time_24h=re.compile(r"(?<![\d:/.])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?![\d:]|\s*[ap]\.?\s?m\b)", re.IGNORECASE),
    relative_day=re.compile(r"\b(?:hoy|esta noche|mañana|pasado mañana|este (?:fin de semana|sábado|domingo)|"
                            r"(?:los|cada) (?:lunes|martes|miércoles|jueves|viernes|sábados|domingos)|"
                            r"a diario|diariamente|hasta nuevo aviso|ahora|de inmediato|inmediatamente)\b",
                            re.IGNORECASE),
    clock_words=re.compile(r"\b(?:mediodía|medianoche|todo el día|(?:de|por) la (?:mañana|tarde|noche)|"
                           r"al amanecer|al atardecer)\b", re.IGNORECASE),
    imperative=re.compile(r"(?:^|[.!?:¡¿]\s*|\n)(?:por favor,?\s+)?(?:no\s+(?:maneje|conduzca|entre|beba|salga|use)|"
                          r"evite|quédese|permanezca|salga|evacúe|hierva|llame|use|utilice|busque|siga|revise|"
                          r"reporte|denuncie|espere|planee|planifique|regístrese|inscríbase|visite|envíe|prepare|"
                          r"limite|conserve|cierre|mantenga|lleve|traiga|acuda|consulte)\b", re.IGNORECASE),
    address=re.compile(_ADDRESS),
    place=re.compile(_ADDRESS + r"|\b(?:" + _PLACE_NOUN + r")(?:\s+(?:de(?:l| la)?\s+)?[A-ZÁÉÍÓÚÑ][\w'’.-]*){1,4}"),
    generic_nouns=frozenset({"ciudad", "gente", "cosa", "cosas", "tiempo", "alguien", "nadie", "todos", "vez",
                             "día", "días", "semana", "semanas", "mes", "meses", "año", "años", "trabajo", "hecho",
                             "minutos", "forma", "manera"}),
    topic_words={"the": "lo de", "this": "esto", "and": "y"},
    plural=plural, syllables=syllables,
)
