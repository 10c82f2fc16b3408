"""govuk-frontend-wtf widgets, subclassed where they fall short for survey questions.

The upstream radios and checkboxes always pass a hint, so a question without one gets an empty hint
element that screen readers announce as part of the legend; and there is no per-field way to size a
legend or set the character count's limit. Each field may carry a ``gov_params`` dict that is merged
into the macro's parameters (a fresh copy each time, because the upstream merge mutates its inputs).
"""

from __future__ import annotations

import copy
from typing import Any

from govuk_frontend_wtf.main import merger
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
)


class _QuestionParams:
    """Drop empty hints and merge the field's own ``gov_params`` into the macro parameters."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        hint = params.get("hint")
        if not hint or not (hint.get("text") or hint.get("html")):
            params.pop("hint", None)
        extra = getattr(field, "gov_params", None)
        if extra:
            params = merger.merge(params, copy.deepcopy(extra))
        return params


class QuestionRadios(_QuestionParams, GovRadioInput):
    """Radios in a fieldset whose legend is the question."""


class QuestionCheckboxes(_QuestionParams, GovCheckboxesInput):
    """Checkboxes in a fieldset whose legend is the question."""


class SingleCheckbox(_QuestionParams, GovCheckboxInput):
    """One checkbox (a BooleanField), e.g. the opt-in to name an organisation.

    Its hint belongs to the checkbox itself (under its label), not above a group of one.
    """

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        hint = params.pop("hint", None)
        if hint and params.get("items"):
            params["items"][0]["hint"] = hint
        return params


class QuestionCharacterCount(_QuestionParams, GovCharacterCount):
    """A textarea with GOV.UK's character count; the limit comes from ``gov_params['maxlength']``."""


class QuestionTextArea(_QuestionParams, GovTextArea):
    """A plain textarea (used when a free-text question has no limit)."""


class QuestionSelect(_QuestionParams, GovSelect):
    """A select, for long lists such as the teams of a large audience."""
