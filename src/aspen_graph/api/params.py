"""Query parameters declared as Pydantic models (``Annotated[Model, Query()]``) and read strictly.

FastAPI reads a route's query string into its model and writes the OpenAPI parameters from
it. What a model cannot see is settled first, by :class:`StrictQueryRoute`: the query string
must be valid UTF-8 (else 400), and every name must be one the route declares and given once
(else 422). A value the model refuses answers like every other :class:`QueryParameterError`
(422, ``{"error": ..., "detail": "parameter 'x': ..."}``, or the error page for a browser),
not as FastAPI's list of validation errors.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from typing import Annotated, Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from rdflib import URIRef

from aspen_graph.api.protocol import query_params
from aspen_graph.curie import expand
from aspen_graph.errors import AspenError, QueryParameterError, UnknownReferenceError
from aspen_graph.queries import LANGUAGE_TAG


class StrictParameters(BaseModel):
    """A route's query parameters: a name the model does not declare is refused."""

    model_config = ConfigDict(extra="forbid")


class TrimmedParameters(StrictParameters):
    """The same, with values stripped; a blank value counts as not given (its default)."""

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in data.items()
            if not isinstance(value, str) or value.strip()
        }


def language_tag(value: str) -> str:
    """A ``lang`` value, lower-cased; not a language tag → refused.

    >>> language_tag("EN"), language_tag("zh-Hant")
    ('en', 'zh-hant')
    """
    if not LANGUAGE_TAG.match(value):
        raise ValueError(f"{value!r} is not a language tag")
    return value.lower()


def reference(value: str) -> URIRef:
    """A CURIE or IRI parameter, expanded; malformed → refused.

    >>> reference("sdg:14.1")
    rdflib.term.URIRef('http://metadata.un.org/sdg/14.1')
    """
    try:
        return expand(value)
    except UnknownReferenceError as error:
        raise ValueError(str(error)) from None


Language = Annotated[
    str,
    AfterValidator(language_tag),
    Field(
        description="Language of labels and texts (falls back to English).",
        json_schema_extra={"pattern": LANGUAGE_TAG.pattern},
    ),
]
"""A ``lang`` parameter (its errors are reported before the others', as always)."""
Reference = Annotated[str, AfterValidator(reference)]
"""A CURIE or IRI parameter, as its expanded IRI."""
OptionalText = Annotated[str | None, WithJsonSchema({"type": "string"})]
"""A parameter that may be left out (documented as a string: a query string has no null)."""


def declared_names(dependant: Dependant) -> tuple[str, ...]:
    """The query parameters a route (its dependant) declares: its models' fields, by alias."""
    names: list[str] = []
    for field in dependant.query_params:
        model = field.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.extend(info.alias or name for name, info in model.model_fields.items())
        else:
            names.append(field.alias)
    for sub in dependant.dependencies:
        names.extend(declared_names(sub))
    return tuple(names)


def parameter_message(error: dict[str, Any], names: Iterable[str] = ()) -> str:
    """One validation error of a query parameter, as the API words it.

    >>> parameter_message({"type": "missing", "loc": ("query", "element"), "msg": "Field required"})
    "parameter 'element' is required"
    >>> parameter_message({"type": "value_error", "loc": ("query", "lang"), "msg": "",
    ...                    "ctx": {"error": ValueError("'x' is not a language tag")}})
    "parameter 'lang': 'x' is not a language tag"
    """
    loc = error.get("loc", ())
    name = str(loc[-1]) if len(loc) > 1 else "?"
    kind = error.get("type")
    if kind == "missing":
        return f"parameter {name!r} is required"
    if kind == "extra_forbidden":
        return f"unknown parameter {name!r} (parameters: {', '.join(names)})"
    if kind == "value_error" and "error" in error.get("ctx", {}):
        return f"parameter {name!r}: {error['ctx']['error']}"
    return f"parameter {name!r}: {error.get('msg', 'not accepted')}"


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class StrictQueryRoute(APIRoute):
    """A route that reads its query string strictly (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parameter_names = declared_names(self.dependant)

    def check(self, request: Request) -> None:
        """What to refuse before FastAPI reads the parameters: bad UTF-8, unknown or repeated
        names, in the order the query string gives them."""
        for name, given in query_params(request).items():
            if name not in self.parameter_names:
                raise QueryParameterError(
                    f"unknown parameter {name!r} (parameters: {', '.join(self.parameter_names)})"
                )
            if len(given) > 1:
                raise QueryParameterError(f"give the parameter {name!r} once")

    def invalid(self, request: Request, error: RequestValidationError) -> AspenError:
        """The answer to parameters the model refused: the first error (the language's, if
        any: it has always been checked first), in the API's words."""
        errors = error.errors()
        first = min(errors, key=lambda e: tuple(e.get("loc", ()))[-1:] != ("lang",))
        return QueryParameterError(parameter_message(first, self.parameter_names))

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            self.check(request)
            try:
                return await handler(request)
            except RequestValidationError as error:
                raise self.invalid(request, error) from None

        return strict


__all__ = [
    "Language",
    "OptionalText",
    "Reference",
    "StrictParameters",
    "StrictQueryRoute",
    "TrimmedParameters",
    "declared_names",
    "language_tag",
    "parameter_message",
    "reference",
]
