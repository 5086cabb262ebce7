import io

from django.urls import reverse
from openpyxl import load_workbook

from .evaluation_plans import check_in, hourly_cost, started


def test_an_xlsx_with_numbers_as_numbers(client, workspace, editor, reviewer):
    hourly_cost(workspace)
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    check_in(evaluation.plan, "7")
    client.force_login(editor)
    url = reverse(
        "results:evaluation_export", kwargs={"workspace": workspace.slug, "pk": evaluation.pk}
    )
    response = client.get(url)
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Sub-goals", "Mix", "Cost", "Lessons"]
    goals = list(book["Sub-goals"].values)
    assert goals[1][0] == "More applications from technicians"
    assert goals[1][4] == 7
    cost = {row[0]: row[1] for row in book["Cost"].values if len(row) > 1}
    assert cost["Total cost (€)"] == 2571.43
