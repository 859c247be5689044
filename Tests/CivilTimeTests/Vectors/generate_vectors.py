#!/usr/bin/env python3
"""Writes vectors.tsv: inputs for the CivilTime parsers with the values Python's datetime gives for them.

Python's datetime (proleptic Gregorian, years 1 to 9999) is the independent oracle: every expected instant is a
datetime difference from 1970-01-01, never the Swift code's arithmetic. Years before 1 (the ' BC' suffix) are
shifted into datetime's range by whole 400-year Gregorian cycles of 146 097 days. Epoch numbers are scaled with
exact fractions. The seed is fixed, so running this again rewrites the same file:

    python3 Tests/CivilTimeTests/Vectors/generate_vectors.py

Each line is `kind <TAB> argument <TAB> input <TAB> expected <TAB> flags`:
- kind `datetime` (DateTimeParser.parse), `auto` (DateTimeParser.parseDateOrDateTime), `date` (DateParser,
  expected days), `time` (TimeOfDayParser, expected microseconds of the day), `epoch` (EpochNumberParser, argument
  the unit), `pattern` (TimePattern, argument the pattern), `format` (UTCTime(epochMicroseconds:).writeRFC3339,
  input the microseconds, expected the text);
- expected is microseconds since 1970-01-01T00:00:00Z unless said above, or `!code@offset` for a rejected input;
- flags: `o` an offset was present, `t` digits were truncated, `d` a plain date (no time); for `epoch` the unit
  that was used (`s`, `ms`, `us`, `ns`) follows after a comma.
"""

import random
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

EPOCH = datetime(1970, 1, 1)
MICROSECOND = timedelta(microseconds=1)
DAY_US = 86_400_000_000
CYCLE_DAYS = 146_097  # days in 400 Gregorian years
rng = random.Random(20190314)
lines = []


def emit(kind, argument, text, expected, flags=""):
    assert "\t" not in text and "\n" not in text
    lines.append(f"{kind}\t{argument}\t{text}\t{expected}\t{flags}")


def instant_us(year, month, day, hour=0, minute=0, second=0, microsecond=0):
    """Microseconds from 1970 to a naive time whose astronomical year may be 0 or negative."""
    cycles = 0
    while year < 1:
        year += 400
        cycles += 1
    local = datetime(year, month, day, hour, minute, second, microsecond)
    return (local - EPOCH) // MICROSECOND - cycles * CYCLE_DAYS * DAY_US


def random_date(low=1, high=9999):
    start = date(low, 1, 1).toordinal()
    end = date(high, 12, 31).toordinal()
    return date.fromordinal(rng.randint(start, end))


def fraction_text():
    """Returns (text after the seconds, microseconds, truncated): 0 to 12 digits, sometimes with a comma."""
    count = rng.choice([0, 0, 1, 2, 3, 3, 6, 6, 6, 7, 9, 9, 12])
    if count == 0:
        return "", 0, False
    digits = "".join(rng.choice("0123456789") for _ in range(count))
    if count > 6 and rng.random() < 0.3:
        digits = digits[:6] + "0" * (count - 6)
    micro = int((digits + "000000")[:6])
    truncated = any(d != "0" for d in digits[6:])
    return rng.choice(".......,") + digits, micro, truncated


def offset_text():
    """Returns (text, minutes east of UTC or None)."""
    form = rng.choice(["none", "none", "Z", "z", "colon", "colon", "colon", "basic", "hours"])
    if form == "none":
        return "", None
    if form in ("Z", "z"):
        return form, 0
    hours = rng.randint(0, 23)
    minutes = 0 if form == "hours" else rng.choice([0, 0, 30, 45, rng.randint(0, 59)])
    sign = rng.choice("+-")
    minutes_east = (hours * 60 + minutes) * (1 if sign == "+" else -1)
    if form == "colon":
        return f"{sign}{hours:02d}:{minutes:02d}", minutes_east
    if form == "basic":
        return f"{sign}{hours:02d}{minutes:02d}", minutes_east
    return f"{sign}{hours:02d}", minutes_east


def flags(offset=False, truncated=False, date_only=False):
    return ("o" if offset else "") + ("t" if truncated else "") + ("d" if date_only else "")


def date_time_vectors(count):
    for index in range(count):
        bc = index % 10 == 9
        day = random_date()
        year = 1 - day.year if bc else day.year
        if bc and not _valid_astronomical(year, day.month, day.day):
            continue
        hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        separator = rng.choice("TTTTt ")
        if rng.random() < 0.1:
            time_text, micro, truncated, second = f"{hour:02d}:{minute:02d}", 0, False, 0
        else:
            fraction, micro, truncated = fraction_text()
            time_text = f"{hour:02d}:{minute:02d}:{second:02d}{fraction}"
        offset, minutes_east = offset_text()
        text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}{separator}{time_text}{offset}" + (" BC" if bc else "")
        expected = instant_us(year, day.month, day.day, hour, minute, second, micro)
        expected -= (minutes_east or 0) * 60_000_000
        emit("datetime", "-", text, expected, flags(minutes_east is not None, truncated))


def _valid_astronomical(year, month, day):
    shifted = year
    while shifted < 1:
        shifted += 400
    try:
        date(shifted, month, day)
        return True
    except ValueError:
        return False


def invalid_date_texts(count):
    """Dates whose day Python's date() rejects, such as 2019-02-29 and 1900-02-29, with the day's offset."""
    found = 0
    while found < count:
        year = rng.choice([rng.randint(1, 9999), rng.choice([1900, 2100, 1700, 2019, 2023])])
        month = rng.randint(1, 12)
        day = rng.randint(29, 31)
        try:
            date(year, month, day)
        except ValueError:
            found += 1
            yield f"{year:04d}-{month:02d}-{day:02d}"


def date_vectors(count):
    for index in range(count):
        day = random_date()
        if index % 8 == 7:
            year = 1 - day.year
            if not _valid_astronomical(year, day.month, day.day):
                continue
            text = f"{day.year:04d}-{day.month:02d}-{day.day:02d} BC"
        else:
            year = day.year
            text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
        days = instant_us(year, day.month, day.day) // DAY_US
        emit("date", "-", text, days)
        emit("auto", "-", text, days * DAY_US, flags(date_only=True))
    for text in invalid_date_texts(count // 8):
        emit("date", "-", text, "!dayOutOfRange@8")
        emit("datetime", "-", text + "T00:00:00Z", "!dayOutOfRange@8")


def time_vectors(count):
    for _ in range(count):
        hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        fraction, micro, truncated = fraction_text()
        offset, minutes_east = offset_text()
        text = f"{hour:02d}:{minute:02d}:{second:02d}{fraction}{offset}"
        local = timedelta(hours=hour, minutes=minute, seconds=second, microseconds=micro)
        utc = (local - timedelta(minutes=minutes_east or 0)) % timedelta(days=1)
        emit("time", "-", text, utc // MICROSECOND, flags(minutes_east is not None, truncated))


UNITS = {"s": 6, "ms": 3, "us": 0, "ns": -3}


def epoch_vectors(count):
    for index in range(count):
        unit = rng.choice(list(UNITS))
        # An instant between 1677 and 2262, so that nanosecond counts fit an Int64.
        value = Fraction(rng.randint(-9_000_000_000_000_000, 9_000_000_000_000_000), 10**9)  # seconds
        if index % 3 == 0:
            value = Fraction(round(value))
        in_unit = value * Fraction(10) ** (6 - UNITS[unit])  # the count in `unit`
        text = decimal_text(in_unit, rng.choice([0, 0, 1, 3, 6, 9, 12]))
        exact = Fraction(text_to_fraction(text))
        microseconds = exact * Fraction(10) ** UNITS[unit]
        floor = microseconds.numerator // microseconds.denominator
        truncated = floor != microseconds
        emit("epoch", unit, text, floor, "t," + unit if truncated else "," + unit)
        auto_unit = "s" if abs(exact) < 10**11 else "ms" if abs(exact) < 10**14 else "us" if abs(exact) < 10**17 else "ns"
        auto_us = exact * Fraction(10) ** UNITS[auto_unit]
        auto_floor = auto_us.numerator // auto_us.denominator
        if abs(auto_floor) < 2**63:
            emit("epoch", "auto", text, auto_floor, ("t," if auto_floor != auto_us else ",") + auto_unit)


def decimal_text(value, fraction_digits):
    """Writes `value` as JSON number text, cut to `fraction_digits`: plain, or a quarter of the time with an exponent.

    The expected result is computed from the text itself, so the cut need not be exact."""
    magnitude = abs(value)
    exponent = 0
    if rng.random() < 0.25:
        exponent = rng.choice([-3, -1, 1, 2, 5, 9])
    text = plain_decimal(magnitude / Fraction(10) ** exponent, fraction_digits + max(exponent, 0))
    if exponent:
        text += rng.choice("eE") + (rng.choice(["", "+"]) if exponent > 0 else "") + str(exponent)
    return ("-" if value < 0 else "") + text


def plain_decimal(magnitude, fraction_digits):
    scaled = magnitude * 10**fraction_digits
    digits = str(scaled.numerator // scaled.denominator).rjust(fraction_digits + 1, "0")
    if not fraction_digits:
        return digits
    return digits[:-fraction_digits] + "." + digits[-fraction_digits:]


def text_to_fraction(text):
    mantissa, _, exponent = text.lower().partition("e")
    value = Fraction(mantissa)
    return value * Fraction(10) ** int(exponent or "0")


PATTERNS = [
    ("%Y-%m-%d %H:%M:%S", (1000, 9999)),
    ("%Y-%m-%dT%H:%M:%S.%f%z", (1000, 9999)),
    ("%F %T", (1000, 9999)),
    ("%d/%b/%Y:%H:%M:%S %z", (1000, 9999)),
    ("%m/%d/%Y %I:%M:%S %p", (1000, 9999)),
    ("%B %e, %Y %H:%M", (1000, 9999)),
    ("%Y%m%d%H%M%S", (1000, 9999)),
    ("%y-%j %T", (1969, 2068)),
    ("%Y-%m-%d", (1000, 9999)),
]


def pattern_vectors(count):
    for index in range(count):
        pattern, (low, high) = PATTERNS[index % len(PATTERNS)]
        day = random_date(low, high)
        local = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        if "%f" in pattern:
            local = local.replace(microsecond=rng.randint(0, 999_999))
        if "%S" not in pattern and "%T" not in pattern:
            local = local.replace(second=0)
        if "%H" not in pattern and "%I" not in pattern and "%T" not in pattern:
            local = local.replace(hour=0, minute=0)
        has_offset = "%z" in pattern
        if has_offset:
            minutes_east = rng.randint(-23 * 60 - 59, 23 * 60 + 59)
            local = local.replace(tzinfo=timezone(timedelta(minutes=minutes_east)))
        text = local.strftime(pattern)
        naive = local.replace(tzinfo=None)
        expected = (naive - EPOCH) // MICROSECOND
        if has_offset:
            expected -= minutes_east * 60_000_000
        emit("pattern", pattern, text, expected, flags(has_offset))
    for _ in range(count // 10):
        seconds = rng.randint(-10**10, 10**10)
        micro = rng.randint(0, 999_999)
        emit("pattern", "%s", str(seconds), seconds * 1_000_000, "o")
        magnitude = abs(seconds) * 1_000_000 + micro
        text = f"{'-' if seconds < 0 else ''}{abs(seconds)}.{micro:06d}"
        emit("pattern", "%s.%f", text, -magnitude if seconds < 0 else magnitude, "o")


def format_vectors(count):
    for _ in range(count):
        day = random_date()
        local = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        if rng.random() < 0.8:
            local = local.replace(microsecond=rng.randint(0, 999_999))
        text = f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
        if local.microsecond:
            text += f".{local.microsecond:06d}"
        emit("format", "-", str((local - EPOCH) // MICROSECOND), text + "Z")


date_time_vectors(1200)
date_vectors(400)
time_vectors(300)
epoch_vectors(500)
pattern_vectors(450)
format_vectors(300)

header = (
    "# Written by generate_vectors.py with Python's datetime as the oracle; do not edit, run it again.\n"
    "# kind, argument, input, expected, flags: see the script's docstring.\n"
)
output = Path(__file__).with_name("vectors.tsv")
output.write_text(header + "\n".join(lines) + "\n")
print(f"{output}: {len(lines)} vectors, {output.stat().st_size} bytes")
