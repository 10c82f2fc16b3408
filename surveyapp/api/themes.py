"""The themes of a wave's comments, as the dashboard lists them: figures only, never comment text."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from surveyapp.api import bp
from surveyapp.api.common import api_survey, dashboard_for, number, paginate, thresholds_json


@bp.get("/surveys/<key>/themes")
def themes(key: str) -> ResponseReturnValue:
    """Themes reaching the text threshold in one wave (hidden and merged themes never appear).

    Counts come from what analysis stored, which leaves out comments held for moderation.
    """
    board = dashboard_for(api_survey(key))
    page, paging = paginate(board.themes)
    return jsonify(
        {
            "survey": board.survey.key,
            "wave": board.latest.number if board.latest else None,
            **thresholds_json(board),
            "themes_not_shown": board.themes_hidden,
            "items": [
                {
                    "id": row.theme.id,
                    "label": row.theme.display_label,
                    "keywords": [str(k) for k in row.theme.keywords or []],
                    "count": row.count,
                    "share": number(row.share),
                    "sentiment_mean": number(row.sentiment),
                    "flags": list(row.flags),
                    "trend": [
                        {"wave": wave.number, "share_percent": number(value)}
                        for wave, value in zip(board.waves, row.trend, strict=True)
                    ],
                }
                for row in page
            ],
            **paging,
        }
    )
