"""The interface's languages: gettext catalogues, ``locale/<lang>/LC_MESSAGES/messages.po``.

English is the source language: every interface string is written in English in the code and the
templates and extracted by ``make messages`` (``pybabel extract``, ``babel.cfg``) into
``locale/messages.pot``. A language is one ``messages.po`` beside it; the interface languages are
the catalogues found, nothing is listed in code. Catalogues are compiled by Babel when first used
(no ``.mo`` files to build or ship), fuzzy entries left out; a language without a catalogue (km,
lo, my …: the graph's data has them, the interface not yet) gets the English words.

Strings defined where no language is known yet (tables of titles) are marked with :func:`N_` and
translated where they are shown.
"""

from __future__ import annotations

import gettext as _gettext
import io
import threading
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
_LOCK = threading.Lock()


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks ``message`` for extraction; it is translated where it is shown."""
    return message


def catalogue_path(lang: str) -> Path:
    """Where the catalogue of ``lang`` lives (whether or not it exists)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=1)
def interface_languages() -> tuple[str, ...]:
    """The languages the interface speaks: English, then every catalogue found, sorted.

    >>> interface_languages()[:2]
    ('en', 'vi')
    """
    found = sorted(
        path.parent.parent.name
        for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
        if path.parent.parent.name != SOURCE_LANGUAGE
    )
    return (SOURCE_LANGUAGE, *found)


@lru_cache(maxsize=16)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (its primary subtag), or the identity for English and
    for languages without one."""
    path = catalogue_path(lang.split("-", 1)[0].lower())
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    with _LOCK, path.open("rb") as handle:
        catalog = read_po(handle, locale=path.parent.parent.name, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translate(lang: str, message: str) -> str:
    """``message`` in ``lang`` (English when the catalogue has no translation). ``make
    messages`` extracts the literal second argument (keyword ``translate:2``).

    >>> translate("vi", "Home"), translate("km", "Home")
    ('Trang chủ', 'Home')
    """
    return translations(lang).gettext(message)


@lru_cache(maxsize=64)
def native_name(lang: str) -> str:
    """A language's name in itself, capitalised as a menu item (Babel's CLDR data).

    >>> native_name("vi"), native_name("en"), native_name("qq")
    ('Tiếng Việt', 'English', 'qq')
    """
    try:
        name = Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:]


__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "SOURCE_LANGUAGE",
    "catalogue_path",
    "interface_languages",
    "native_name",
    "translate",
    "translations",
]
