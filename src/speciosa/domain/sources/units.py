"""Units and values as labs write them, normalised so that rules compare like with like.

Three kinds of quantity appear on kratom certificates:

- mass fractions (metals, alkaloids, moisture): ppm, ppb, mg/kg, µg/g, µg/kg, mg/g, %, w/w …
  normalised to µg/g (= ppm; 1 % = 10 000 µg/g). The factors are definitions of the units, not
  clinical constants.
- colony counts (aerobic count, yeast & mould): CFU/g.
- presence of a pathogen in a stated sample mass ("absent in 25 g").

Values are parsed with `Decimal`, so a unit round-trip is exact. A value or unit that cannot be
read is reported as such (None), never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Dimension(StrEnum):
    MASS_FRACTION = "mass_fraction"
    COUNT = "count"
    PRESENCE = "presence"


@dataclass(frozen=True)
class Unit:
    """A unit as written on a certificate; `factor` converts a value in it to the base unit."""

    symbol: str
    dimension: Dimension
    factor: Decimal = Decimal(1)


MICROGRAMS_PER_GRAM = Unit("µg/g", Dimension.MASS_FRACTION)
PERCENT = Unit("%", Dimension.MASS_FRACTION, Decimal(10_000))
CFU_PER_GRAM = Unit("CFU/g", Dimension.COUNT)

_PPM = Decimal(1)
_PPB = Decimal("0.001")
_MASS_FRACTION = {
    # 1 ppm = 1 mg/kg = 1 µg/g (mass fraction 10⁻⁶)
    "ppm": ("ppm", _PPM),
    "mg/kg": ("mg/kg", _PPM),
    "ug/g": ("µg/g", _PPM),
    # 1 ppb = 1 µg/kg = 1 ng/g (10⁻⁹)
    "ppb": ("ppb", _PPB),
    "ug/kg": ("µg/kg", _PPB),
    "ng/g": ("ng/g", _PPB),
    # 1 mg/g = 1 g/kg = 1000 µg/g (10⁻³); 1 mg/100 g = 10 µg/g
    "mg/g": ("mg/g", Decimal(1000)),
    "g/kg": ("g/kg", Decimal(1000)),
    "mg/100g": ("mg/100 g", Decimal(10)),
    # 1 % (w/w) = 10⁻² = 10 000 µg/g
    "%": ("%", Decimal(10_000)),
    "%w/w": ("%", Decimal(10_000)),
    "w/w": ("%", Decimal(10_000)),
    "w/w%": ("%", Decimal(10_000)),
    "percent": ("%", Decimal(10_000)),
    "%(w/w)": ("%", Decimal(10_000)),
}
_COUNT = {"cfu/g": "CFU/g", "cfu/gram": "CFU/g", "cfu": "CFU/g"}
# "/25g", "per 25 g", "in 25 g", "25g", "/25 grams"; "per g" and "/g" name one gram
_SAMPLE_MASS = re.compile(r"^(?:/|per|in)?(\d+(?:\.\d+)?)?(?:g|grams?)$")

UNIT_SYMBOLS = sorted({symbol for symbol, _ in _MASS_FRACTION.values()} | {"CFU/g"})


def unit_key(text: str) -> str:
    """Spelling-insensitive form: lower case, no spaces, µ/μ/mcg as u."""
    key = text.strip().lower().replace("µ", "u").replace("μ", "u")
    key = re.sub(r"\s+", "", key)
    return key.replace("mcg", "ug")


def parse_unit(text: str) -> Unit | None:
    """The unit written on a certificate, or None when Speciosa does not know it."""
    key = unit_key(text)
    if key in _MASS_FRACTION:
        symbol, factor = _MASS_FRACTION[key]
        return Unit(symbol, Dimension.MASS_FRACTION, factor)
    if key in _COUNT:
        return Unit(_COUNT[key], Dimension.COUNT)
    if sample_mass_of(key) is not None:
        return Unit(text.strip(), Dimension.PRESENCE)
    return None


def sample_mass_of(text: str) -> Decimal | None:
    """The sample mass in grams named by "/25g", "per 25 g", "in 10 g"; None otherwise."""
    match = _SAMPLE_MASS.match(unit_key(text))
    if not match:
        return None
    return Decimal(match.group(1)) if match.group(1) else Decimal(1)


_MASS_IN_TEXT = re.compile(r"\b(?:in|per)\s+(\d+(?:\.\d+)?)\s*(?:g|grams?)\b\.?", re.IGNORECASE)


def sample_mass_in(text: str) -> Decimal | None:
    """The sample mass a printed limit names ("Not Detected in 1g", "Detection in 1.0 g", "Any
    amt in 1 gram", "absent per 25 g"); None when it names none or more than one."""
    found = {Decimal(m.group(1)) for m in _MASS_IN_TEXT.finditer(text)}
    return found.pop() if len(found) == 1 else None


def to_base(value: Decimal, unit: Unit) -> Decimal:
    return value * unit.factor


def from_base(value: Decimal, unit: Unit) -> Decimal:
    return value / unit.factor


def convert(value: Decimal, source: Unit, target: Unit) -> Decimal:
    if source.dimension is not target.dimension:
        raise ValueError(f"cannot convert {source.symbol} to {target.symbol}")
    return from_base(to_base(value, source), target)


# ------------------------------------------------------------------------------- values


class ValueKind(StrEnum):
    NUMBER = "number"  # a measured amount
    BELOW = "below"  # "< 0.05": below a stated limit of quantitation (an upper bound)
    NOT_DETECTED = "not_detected"  # "ND", "<LOQ": below a limit the certificate does not state
    ABSENT = "absent"  # pathogen not found (optionally "in 25 g")
    PRESENT = "present"  # pathogen found


@dataclass(frozen=True)
class ParsedValue:
    kind: ValueKind
    number: Decimal | None = None
    sample_grams: Decimal | None = None


_NUMBER = r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
_SCIENTIFIC = re.compile(
    rf"^(?P<mantissa>{_NUMBER})?\s*(?:[x×*]\s*)?10\s*(?:\^|\*\*|e)\s*(?P<exp>[+-]?\d+)$",
    re.IGNORECASE,
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPT_FORM = re.compile(
    r"^(?P<mantissa>\d+(?:\.\d+)?)?\s*[x×*]?\s*10(?P<exp>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)$"
)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_NOT_DETECTED = {
    "nd",
    "n.d.",
    "n/d",
    "notdetected",
    "nonedetected",
    "<loq",
    "<lod",
    "<mdl",
    "<rl",
    "bloq",
    "blq",
    "belowloq",
    "belowlod",
}
_ABSENT_WORDS = ("absent", "absence", "negative", "notdetected", "nonedetected", "nd", "neg")
_PRESENT_WORDS = ("present", "positive", "detected", "pos")
_IN_SAMPLE = re.compile(r"^(?P<word>[a-z.]+?)(?:in|/|per)(?P<grams>\d+(?:\.\d+)?)?(?:g|grams?)$")


def parse_number(text: str, *, allow_grouping: bool = False) -> Decimal | None:
    """A plain or scientific number ("0.12", "1.2e3", "1.2 x 10^3", "10³"); None if not one.

    Thousands separators ("1,200") are read only for colony counts, where a decimal comma
    would be meaningless; elsewhere a comma is ambiguous and the value is refused.
    """
    text = text.strip()
    if allow_grouping and _GROUPED.match(text):
        text = text.replace(",", "")
    if re.fullmatch(r"[+]?" + _NUMBER, text):
        return _decimal(text.lstrip("+"))
    for pattern in (_SCIENTIFIC, _SUPERSCRIPT_FORM):
        match = pattern.match(text)
        if match:
            mantissa = _decimal(match.group("mantissa") or "1")
            exponent = match.group("exp").translate(_SUPERSCRIPTS)
            if mantissa is None or not re.fullmatch(r"[+-]?\d{1,3}", exponent):
                return None
            return mantissa.scaleb(int(exponent))
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_value(text: str, dimension: Dimension) -> ParsedValue | None:
    """Read a result as written ("0.12", "<0.05", "ND", "absent in 25 g"); None if unreadable."""
    raw = text.strip()
    if not raw:
        return None
    compact = re.sub(r"\s+", "", raw.lower())
    if dimension is Dimension.PRESENCE:
        return _parse_presence(compact)
    allow_grouping = dimension is Dimension.COUNT
    if compact in _NOT_DETECTED:
        return ParsedValue(ValueKind.NOT_DETECTED)
    below = re.fullmatch(r"(?:nd|n\.d\.)?\(?(?:<|≤|<=|lt)(?P<n>[^)]+)\)?", compact)
    if below:
        bound = parse_number(below.group("n"), allow_grouping=allow_grouping)
        return ParsedValue(ValueKind.BELOW, bound) if bound is not None else None
    number = parse_number(raw, allow_grouping=allow_grouping)
    if number is not None:
        return ParsedValue(ValueKind.NUMBER, number)
    return None


def _parse_presence(compact: str) -> ParsedValue | None:
    word, grams = compact, None
    match = _IN_SAMPLE.match(compact)
    if match:
        word = match.group("word")
        grams = Decimal(match.group("grams")) if match.group("grams") else Decimal(1)
    word = word.rstrip(".:")
    if word in _ABSENT_WORDS:
        return ParsedValue(ValueKind.ABSENT, sample_grams=grams)
    if word in _PRESENT_WORDS:
        return ParsedValue(ValueKind.PRESENT, sample_grams=grams)
    return None


def format_decimal(value: Decimal) -> str:
    """Plain notation without trailing zeros ("0.5", "100000")."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_LOD_LOQ_PAIR = re.compile(r"^\s*\d+(?:\.\d+)?\s*/\s*(\d.*?)\s*$")
_PRINTED_LIMIT = re.compile(r"^(?P<n>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(?P<unit>[^\d\s].*)?$")


def printed_bound(loq: str | None, lod: str | None, unit: Unit) -> Decimal | None:
    """The limit printed beside a "not detected" result, in base units: the LOQ ("0.05",
    "10 ppb", the second of "0.030/0.090" LOD/LOQ), else the LOD. A result below detection is
    below both, so either is a true upper bound; None when neither is printed readably."""
    for text in (loq, lod):
        if not text:
            continue
        pair = _LOD_LOQ_PAIR.match(text)
        match = _PRINTED_LIMIT.match(pair.group(1) if pair else text.strip())
        if match is None:
            continue
        written = parse_unit(match.group("unit")) if match.group("unit") else unit
        number = _decimal(match.group("n"))
        if written is None or written.dimension is not unit.dimension or number is None:
            continue
        return to_base(number, written)
    return None
