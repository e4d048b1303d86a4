"""xAPI 1.0.3 statements from a session record, for a Learning Record Store.

One statement per decision (the trainee "responded" to a choice interaction: the choice in
``result.response``, its move tags and the buyer's stage in context extensions) and one per
session (cmi5's verbs: ``passed`` / ``failed`` for a finished session, with
``result.score.scaled`` and the four dimensions; ``abandoned`` for one quit early).

Statement ids are UUIDs derived from the session id and the turn (name-based, version 5), so
the same record always gives the same statements and pushing twice duplicates nothing.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from typing import Any

#: The namespace every statement id and registration is derived in.
NAMESPACE = uuid.UUID("6f1d3c1e-5a77-4c53-9a4e-7a1f0c2b8d10")
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "responded": (ADL + "responded", "回应", "responded"),
    "passed": (ADL + "passed", "通过", "passed"),
    "failed": (ADL + "failed", "未通过", "failed"),
    "abandoned": ("https://w3id.org/xapi/adl/verbs/abandoned", "中途放弃", "abandoned"),
}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
DIMENSIONS = ("questioning", "listening", "pricing_timing", "next_step")
TAGS = ("move", "spin", "technique", "picks_up", "flags", "stage", "meeting")


def registration(record: Mapping[str, Any]) -> str:
    """The session as an xAPI registration: its id when it is a UUID, else one derived."""
    session_id = str(record.get("session_id") or "")
    try:
        return str(uuid.UUID(hex=session_id))
    except ValueError:
        events = repr(record.get("events")).encode("utf-8")
        return str(uuid.uuid5(NAMESPACE, session_id or hashlib.sha256(events).hexdigest()))


def statement_id(record: Mapping[str, Any], part: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{registration(record)}/{part}"))


def statements(
    record: Mapping[str, Any], *, base: str = "https://salessim.invalid/", home: str | None = None
) -> list[dict[str, Any]]:
    """Every statement of one record, the decisions first, in turn order. ``base`` is the
    IRI the activities are named under; ``home`` the account home page of trainees (the
    same by default)."""
    base = base if base.endswith("/") else base + "/"
    head = record.get("scenario") if isinstance(record.get("scenario"), dict) else {}
    assert isinstance(head, dict)
    scenario_id = str(head.get("id") or "scenario")
    title = head.get("title") if isinstance(head.get("title"), dict) else {}
    assert isinstance(title, dict)
    scenario_iri = f"{base}scenarios/{_iri_part(scenario_id)}"
    actor = {
        "objectType": "Agent",
        "name": str(record.get("trainee") or "anonymous"),
        "account": {"homePage": home or base, "name": str(record.get("trainee") or "anonymous")},
    }
    context = {
        "registration": registration(record),
        "language": "zh-CN" if record.get("language") == "zh" else "en-US",
        "contextActivities": {
            "parent": [{"objectType": "Activity", "id": scenario_iri}],
        },
    }
    out: list[dict[str, Any]] = []
    for event in record.get("events") or []:
        if not isinstance(event, dict) or event.get("kind") != "choice":
            continue
        node = str(event.get("node") or "")
        extensions = {
            f"{base}extensions/{tag}": event[tag]
            for tag in TAGS
            if event.get(tag) not in (None, [], "")
        }
        out.append(
            {
                "id": statement_id(record, f"turn/{event.get('turn')}"),
                "actor": actor,
                "verb": _verb("responded"),
                "object": {
                    "objectType": "Activity",
                    "id": f"{scenario_iri}/nodes/{_iri_part(node)}",
                    "definition": {
                        "type": INTERACTION,
                        "interactionType": "choice",
                        "name": {"und": node},
                    },
                },
                "result": {"response": str(event.get("choice") or "")},
                "context": {
                    **context,
                    "extensions": {f"{base}extensions/turn": event.get("turn"), **extensions},
                },
                **_when(record.get("started_at")),
            }
        )
    out.append(_session_statement(record, actor, context, scenario_iri, title, base))
    return out


def _session_statement(
    record: Mapping[str, Any],
    actor: dict[str, Any],
    context: dict[str, Any],
    scenario_iri: str,
    title: Mapping[str, Any],
    base: str,
) -> dict[str, Any]:
    scores = record.get("scores") if isinstance(record.get("scores"), dict) else {}
    assert isinstance(scores, dict)
    finished = record.get("status") == "finished"
    passed = bool(scores.get("passed"))
    verb = "abandoned" if not finished else ("passed" if passed else "failed")
    result: dict[str, Any] = {"completion": finished}
    if finished:
        result["success"] = passed
    overall = scores.get("overall")
    if isinstance(overall, int | float):
        result["score"] = {"scaled": round(overall / 100, 4), "raw": overall, "min": 0, "max": 100}
    dims = {
        f"{base}extensions/{d}": (scores.get(d) or {}).get("score")
        for d in DIMENSIONS
        if isinstance(scores.get(d), dict)
    }
    dims[f"{base}extensions/outcome"] = record.get("outcome")
    result["extensions"] = dims
    names = {("zh-CN" if k == "zh" else "en-US"): str(v) for k, v in title.items() if v}
    statement = {
        "id": statement_id(record, "session"),
        "actor": actor,
        "verb": _verb(verb),
        "object": {
            "objectType": "Activity",
            "id": scenario_iri,
            "definition": {"type": SIMULATION, "name": names or {"und": scenario_iri}},
        },
        "result": result,
        "context": context,
        **_when(record.get("ended_at") or record.get("started_at")),
    }
    return statement


def _when(value: object) -> dict[str, str]:
    return {"timestamp": value} if isinstance(value, str) and value else {}


def _verb(name: str) -> dict[str, Any]:
    iri, zh, en = VERBS[name]
    return {"id": iri, "display": {"en-US": en, "zh-CN": zh}}


def _iri_part(text: str) -> str:
    """A path segment for an IRI: ids are ASCII slugs, anything else is percent-encoded."""
    from urllib.parse import quote

    return quote(text, safe="-_.~")


class PushError(Exception):
    """The LRS did not take a statement; the message is one sentence (no password)."""


#: Statements per POST. One request per batch keeps pushes fast; ralph's filesystem
#: backend accepts only one write per store, so a first push of a normal team fits in one.
BATCH = 500


def post_statements(
    lrs: str, batch: list[Mapping[str, Any]], auth: str | None, timeout: float
) -> None:
    """POST a batch of statements, each with its id (xAPI 1.0.3, 7.2.2). Raises PushError
    with one sentence (never the password) when the LRS does not take it."""
    import base64
    import json
    from urllib.error import HTTPError, URLError
    from urllib.request import Request, urlopen

    url = f"{lrs.rstrip('/')}/statements"
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3"}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    body = json.dumps(list(batch), ensure_ascii=False).encode("utf-8")
    try:
        with urlopen(Request(url, data=body, headers=headers, method="POST"), timeout=timeout):
            return
    except HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").replace("\n", " ")
        raise PushError(f"the LRS answered {exc.code} {exc.reason}: {detail}") from None
    except (URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PushError(f"cannot reach the LRS at {lrs}: {reason}") from None
