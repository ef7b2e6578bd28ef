from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import counting


@require_GET
@cache_control(public=True, max_age=30)
def visitor_stats(request):
    """The "Thống kê truy cập" numbers, for the box's live refresh (one cache read), with the
    reader who asks counted online, and the time they were counted (``at``, Unix seconds)."""
    stats = counting.stats().for_reader()
    return JsonResponse({"online": stats.online, "today": stats.today, "total": stats.total, "at": stats.at})
