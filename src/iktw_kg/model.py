"""Pydantic models of the curated YAML: the contract between curators and the mapper.

Every fact a curator writes (a statement or an observation) carries the page and a
verbatim quote, so the graph can always point an analyst back to the sentence to cite.
Entity definitions carry only names and well-known identifiers, the two things the
bulletin itself need not state.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

ENTITY_ID_PATTERN = r"^[a-z][a-z0-9-]*/[a-z0-9][a-z0-9.-]*[a-z0-9]$|^[a-z][a-z0-9-]*/[a-z0-9]$"
"""`kind/slug`: readable ASCII only, so every id is a valid, stable IRI path."""

MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*>")
"""An HTML/XML tag. Names in the bulletin never contain one; a label that does is an injection attempt."""


def check_entity_id(text: str) -> str:
    if not re.match(ENTITY_ID_PATTERN, text):
        raise ValueError(
            f"id {text!r} must be `kind/slug` in lowercase ASCII letters, digits, '-' and '.', "
            "so that it is a valid, readable IRI (e.g. org/jetro, policy/eo-14110)"
        )
    return text


def check_name(text: str) -> str:
    """Names are plain text: no markup, no control characters."""
    if MARKUP.search(text):
        raise ValueError(f"names are plain text; found markup {MARKUP.search(text).group()!r} in {text!r}")
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise ValueError(f"names may not contain control characters (tabs, newlines …): {text!r}")
    return text


EntityId = Annotated[str, AfterValidator(check_entity_id)]
Name = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_name)]
Quote = Annotated[str, StringConstraints(min_length=4)]
Page = Annotated[int, Field(ge=1, le=999)]

DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class EntityType(StrEnum):
    """Classes a curator may give an entity; each is a class in ontology/iktw.ttl."""

    COUNTRY = "Country"
    SUPRANATIONAL_UNION = "SupranationalUnion"
    REGION = "Region"
    GOVERNMENT_AGENCY = "GovernmentAgency"
    COMPANY = "Company"
    RESEARCH_INSTITUTE = "ResearchInstitute"
    INDUSTRY_ASSOCIATION = "IndustryAssociation"
    UNIVERSITY = "University"
    POLITICAL_PARTY = "PoliticalParty"
    ORGANIZATION = "Organization"
    PERSON = "Person"
    POLICY = "Policy"
    STRATEGY = "Strategy"
    PLAN = "Plan"
    LAW = "Law"
    REGULATION = "Regulation"
    EXECUTIVE_ORDER = "ExecutiveOrder"
    PROPOSED_RULE = "ProposedRule"
    PROGRAMME = "Programme"
    TECHNOLOGY_LIST = "TechnologyList"
    FACILITY = "Facility"
    NUCLEAR_POWER_PLANT = "NuclearPowerPlant"
    FAB = "Fab"
    SCIENCE_PARK = "SciencePark"
    REACTOR_DESIGN = "ReactorDesign"
    REACTOR_UNIT = "ReactorUnit"
    TECHNOLOGY = "Technology"
    PRODUCT = "Product"
    ISOTOPE = "Isotope"
    EVENT = "Event"
    INDICATOR = "Indicator"
    UNIT = "Unit"
    STATUS = "Status"


class Predicate(StrEnum):
    """Relations a statement may assert; each maps to one ontology property."""

    ISSUED_BY = "issuedBy"
    APPLIES_TO = "appliesTo"
    TARGETS_TECHNOLOGY = "targetsTechnology"
    FOLLOWS_FROM = "followsFrom"
    LOCATED_IN = "locatedIn"
    OPERATES = "operates"
    AT_PLANT = "atPlant"
    HAS_DESIGN = "hasDesign"
    HAS_STATUS = "hasStatus"
    DERIVED_FROM_DESIGN = "derivedFromDesign"
    DEVELOPED_BY = "developedBy"
    HAS_APPLICATION = "hasApplication"
    SUPPLIES_TO = "suppliesTo"
    PRODUCES = "produces"
    SUBSIDISES = "subsidises"
    HOLDS_STAKE_IN = "holdsStakeIn"
    RANKS_AFTER = "ranksAfter"
    OVERTOOK = "overtook"
    ACTIVE_IN = "activeIn"
    RESEARCHES = "researches"
    BROADER = "broader"
    PART_OF = "partOf"
    RELATED_TO = "relatedTo"
    DATE = "date"
    START_DATE = "startDate"
    END_DATE = "endDate"


LITERAL_PREDICATES = frozenset({Predicate.DATE, Predicate.START_DATE, Predicate.END_DATE})
"""Predicates whose object is a date literal (`value`) rather than an entity (`object`)."""


class Comparator(StrEnum):
    """How the printed figure bounds the true value: '약' is approx, '이상' at-least …"""

    EXACT = "exact"
    APPROX = "approx"
    OVER = "over"
    AT_LEAST = "at-least"
    UNDER = "under"
    AT_MOST = "at-most"


def check_date(text: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD with a real month and day, as precise as the bulletin."""
    match = DATE_PATTERN.match(text)
    if not match:
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {text!r}")
    _, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"month must be 01-12, found {text!r}")
    if day is not None:
        import datetime

        try:
            datetime.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"impossible date {text!r}: {exc}") from None
    return text


DateText = Annotated[str, AfterValidator(check_date)]
"""A date as printed, as precise as the bulletin gives it: YYYY, YYYY-MM or YYYY-MM-DD."""


def check_period(text: str) -> str:
    """A reference period: one date, or `start..end` for a span such as 2023-01..2023-08."""
    parts = text.split("..")
    if len(parts) > 2:
        raise ValueError(f"expected a period as DATE or DATE..DATE, found {text!r}")
    for part in parts:
        check_date(part)
    if len(parts) == 2 and parts[0] > parts[1]:
        raise ValueError(f"period {text!r} ends before it starts")
    return text


class Strict(BaseModel):
    """Unknown fields are errors: a typo in a key must not silently drop a fact."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(Strict):
    """Names in Korean and English (required), and original-language names where printed."""

    ko: Name
    en: Name
    ja: Name | None = None
    zh: Name | None = None


class Entity(Strict):
    """A thing in the world: names and well-known identifiers only, no facts."""

    id: EntityId
    type: EntityType
    label: Labels
    aliases: list[Name] = []
    iso3166: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None


class Statement(Strict):
    """One relation the bulletin states, with the page and sentence that state it."""

    subject: EntityId
    predicate: Predicate
    object: EntityId | None = None
    value: str | None = None
    page: Page
    quote: Quote

    @model_validator(mode="after")
    def _object_or_value(self) -> Statement:
        if self.predicate in LITERAL_PREDICATES:
            if self.value is None or self.object is not None:
                raise ValueError(f"predicate {self.predicate.value!r} takes a date `value`, not an `object`")
            check_date(self.value)
        elif self.object is None or self.value is not None:
            raise ValueError(f"predicate {self.predicate.value!r} takes an entity `object`, not a `value`")
        return self


class Observation(Strict):
    """One figure: subject, indicator, value, unit and period, as a Data Cube observation.

    A range printed as '60~70%' has `min` and `max` instead of `value`.
    """

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    subject: EntityId
    indicator: EntityId
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    comparator: Comparator = Comparator.EXACT
    unit: EntityId
    period: str
    forecast: bool = False
    page: Page
    quote: Quote

    @field_validator("value", "min", "max", mode="before")
    @classmethod
    def _numbers_not_text(cls, raw: object) -> object:
        if isinstance(raw, str):
            raise ValueError(f"expected a plain number (e.g. 12.3), found text {raw!r}")
        if isinstance(raw, float):
            return Decimal(repr(raw))
        return raw

    @field_validator("period")
    @classmethod
    def _period(cls, raw: str) -> str:
        return check_period(raw)

    @model_validator(mode="after")
    def _value_or_range(self) -> Observation:
        has_range = self.min is not None or self.max is not None
        if (self.value is None) == (not has_range) or (has_range and (self.min is None or self.max is None)):
            raise ValueError("expected either `value`, or both `min` and `max` for a printed range")
        if has_range and self.min > self.max:  # type: ignore[operator]
            raise ValueError(f"range min {self.min} is greater than max {self.max}")
        return self


class NonFigure(Strict):
    """A number printed in an article that is not a figure (an identifier, ordinal or name part).

    Listing it, with the reason, lets the coverage test prove that every other number
    printed in the bulletin became an observation or a date.
    """

    number: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)?$")]
    reason: Annotated[str, StringConstraints(min_length=3)]


class Section(Strict):
    """One of the bulletin's sections (이슈포커스, 산업·기술 동향, 정책 동향)."""

    id: EntityId
    label: Labels
    order: Annotated[int, Field(ge=1)]


class Report(Strict):
    """A foreign source report, as cited in an article's `(참고 : …)` line."""

    id: EntityId
    title: str
    title_lang: Literal["ko", "en", "ja", "zh"]
    label: Labels
    publishers: list[EntityId] = Field(min_length=1)
    date: DateText
    page: Page
    quote: Quote


class Article(Strict):
    """One article of the issue: where it is, what it summarises, and who wrote the source."""

    id: EntityId
    number: Annotated[int, Field(ge=1)]
    section: EntityId
    title: Labels
    pages: list[Page] = Field(min_length=1, max_length=2)
    source_organisations: list[EntityId] = Field(min_length=1)
    source_country: EntityId
    date: DateText
    reports: list[EntityId] = Field(min_length=1)
    heading: Quote


class Issue(Strict):
    """One issue of the bulletin and the text file it was built from."""

    id: EntityId
    bulletin: EntityId
    year: int
    number: int
    date: DateText | None = None
    label: Labels
    source: str


class Bulletin(Strict):
    """The periodical itself."""

    id: EntityId
    label: Labels
    publisher: EntityId | None = None


class DataFile(Strict):
    """The top-level shape of every YAML file under data/.

    A file with `article:` holds what that article states; a file with `issue:` describes an
    issue and its articles; any file may define entities.
    """

    bulletin: Bulletin | None = None
    issue: Issue | None = None
    sections: list[Section] = []
    articles: list[Article] = []
    reports: list[Report] = []
    article: EntityId | None = None
    entities: list[Entity] = []
    statements: list[Statement] = []
    observations: list[Observation] = []
    non_figures: list[NonFigure] = []

    @model_validator(mode="after")
    def _facts_belong_to_an_article(self) -> DataFile:
        if (self.statements or self.observations or self.non_figures) and self.article is None:
            raise ValueError("statements and observations must sit in a file that names its `article:`")
        return self
