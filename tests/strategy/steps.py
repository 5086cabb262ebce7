"""POST data for a worksheet step, as the browser sends it."""

from strategy.sections import SECTION_ITEMS


def step_data(plan, step, values=None, rows=None, go=None, revision=None, opened=None) -> dict:
    """values: the step's answers; rows: {item name: [row dicts, with "id" for existing rows]}.
    Every repeating item of the step gets its management form. opened: the state the form
    was opened with (forms.opened_token), when a test needs it."""
    data = {"revision": plan.revision_of(step) if revision is None else revision}
    if opened is not None:
        data["opened"] = opened
    if go:
        data["go"] = go
    for name, value in (values or {}).items():
        data[name] = value
    rows = rows or {}
    for item in SECTION_ITEMS[step]:
        item_rows = rows.get(item.name, [])
        existing = [r for r in item_rows if r.get("id")]
        data[f"{item.name}-TOTAL_FORMS"] = len(item_rows)
        data[f"{item.name}-INITIAL_FORMS"] = len(existing)
        data[f"{item.name}-MIN_NUM_FORMS"] = 0
        data[f"{item.name}-MAX_NUM_FORMS"] = 1000
        for index, row in enumerate(item_rows):
            for key, value in row.items():
                if value is None:
                    continue
                data[f"{item.name}-{index}-{key}"] = "on" if value is True else value
            if row.get("id"):
                data[f"{item.name}-{index}-plan"] = plan.pk
    return data
