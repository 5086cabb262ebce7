"""The application's URLs plus the floor: the cheapest page a logged-in person can get.

The floor goes through the same server, middleware, session and user lookup as every page,
and does nothing else; what a page costs above it is the cost of our own code.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("strategy_planner.urls")),
]
