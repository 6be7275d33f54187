from django.shortcuts import render

from moukawil.accounts.enums import Role
from moukawil.core.selectors import audit_event_list
from moukawil.territory.selectors import region_overview


def home(request):
    """One home page per kind of user: visitors, entrepreneurs, chamber officers, national staff, partners."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "www/home_public.html")
    if user.role == Role.ENTREPRENEUR and not user.is_superuser:
        return render(request, "www/home_entrepreneur.html")
    if user.is_partner:
        colleagues = user.organisation.members.active().order_by("last_name", "first_name")
        return render(request, "www/home_partner.html", {"colleagues": colleagues})
    context = {
        "regions": region_overview(user=user),
        "recent_events": audit_event_list(user=user)[:8],
    }
    template = "www/home_national.html" if user.is_national else "www/home_ccis.html"
    return render(request, template, context)
