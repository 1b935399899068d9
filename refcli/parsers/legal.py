"""Laws, treaties and court cases by their official citations.

``75 Stat. 86, P.L. 87-41``; ``For text, see 6 UST 81``; ``3 UST (pt. 3) 3329``; ``TIAS 2491``;
``1833 UNTS 3``; ``10 U.S.C. § 113``; ``Public Law 480, 68 Stat. 454``; ``United States Treaties
and Other International Agreements (UST), vol. 3 (pt. 3), p. 3169``; ``Brown v. Board of
Education, 347 U.S. 483 (1954)``.

They are neither books nor articles: the eval's ``other`` (laws, treaties, cases). A series'
volume and page, a public law's number or a section of the Code is what is cited, so the whole
official citation is kept as the citation's title. Citations joined by a comma (``75 Stat. 86,
P.L. 87-41``) are one reference to one instrument; by "and" or a semicolon (``9 UST 1116 and 10
UST 75``), to two. A public law's number alone (``the P.L. 480 agreement``) cites nothing. Pure
functions of the text; every pattern is anchored on a fixed abbreviation and reads a bounded
number of characters.
"""

from __future__ import annotations

from refcli import rx
from refcli.model import Citation

# one official citation: a series by volume and page, a public law, a section of the Code
_ONE = (
    r"(?:\d{1,4}\s(?:U\.\s?S\.\s?T\.|UST|U\.\s?N\.\s?T\.\s?S\.|UNTS|Stat\.?)\s(?:\((?:pt|part)\.?\s?\d{1,2}\)\s)?\d{1,5}"
    r"(?:[-–]\d{1,5}|\sand\s\d{1,5}(?=[.;,)]|\s*$))?"
    r"|T\.?I\.?A\.?S\.?\s(?:[Nn]o\.\s?)?\d{1,5}"
    r"|(?:Public\sLaw|Pub\.\s?L\.|P\.\s?L\.)\s(?:[Nn]o\.\s?)?\d{1,3}(?:[-–]\d{1,4})?"
    r"|\d{1,2}\s(?:U\.\s?S\.\s?C\.|USC)\s(?:§{1,2}\s?)?\d{1,5}[a-z]?"
    r"|\d{1,3}\sU\.\s?S\.\s\d{1,4}\s\(\d{4}\)"
    r"|United\sStates\sTreaties\sand\sOther\sInternational\sAgreements(?:\s\(UST\))?"
    r"(?:,\s[Vv]ol\.\s\d{1,2})?(?:,?\s\(?(?:pt|part)\.?\s?\d{1,2}\)?)?(?:,\s(?:pp?\.\s)?\d{1,5}(?:[-–]\d{1,5})?)?)"
)
_LEGAL = rx.compile(rf"(?<![\w.]){_ONE}(?:,\s{_ONE})*+(?![\w])")
# a court case by its parties ("Brown v. Board of Education", "(Phil. v. China)")
CASE_NAME = rx.compile(r"\b[A-Z][\w.'’]{1,30}\s(?:[A-Z][\w.'’]{0,30}\s){0,4}v\.\s[A-Z]")
# what the readers are tried on (cheap: any of the abbreviations)
LEGAL_HINT = rx.compile(r"UST\b|U\.\s?S\.\s?T\.|UNTS|U\.\s?N\.\s?T\.|Stat\b|TIAS|T\.I\.A\.S|Public\sLaw|P(?:ub)?\.\s?L\.|U\.\s?S\.\s?C\.|USC\b"
                        r"|\sU\.\s?S\.\s\d|United\sStates\sTreaties")


# a public law's number alone names a programme as often as it cites the law ("the P.L. 480
# agreement with Israel"): it is cited only with the law's volume and page
_NUMBER_ONLY = rx.compile(r"(?:Public\sLaw|Pub\.\s?L\.|P\.\s?L\.)\s(?:[Nn]o\.\s?)?\d{1,3}(?:[-–]\d{1,4})?")


def find_legal(text: str) -> list[Citation]:
    """Every law or treaty TEXT cites by its official citation, as an ``other``, in order."""
    return [Citation(kind="other", raw=m.group(), title=m.group(), start=m.start(), end=m.end())
            for m in _LEGAL.finditer(text) if not _NUMBER_ONLY.fullmatch(m.group())]
