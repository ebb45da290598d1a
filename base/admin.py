from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    SDG,
    Convention,
    Criterion,
    FailedTask,
    LearningFormat,
    LearningStage,
    Pillar,
    Sector,
)
from .tasks import queue_failed_tasks_again


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(SDG)
class SDGAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "colour"]
    search_fields = ["name"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "year"]
    search_fields = ["title", "number"]


@admin.register(LearningStage)
class LearningStageAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(LearningFormat)
class LearningFormatAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    """Background tasks that failed after their retries (mail the server refused, say):
    read here, fix the cause, then queue them again."""

    list_display = ["failed_at", "task_name", "description", "error", "retries"]
    list_filter = ["task_name", "failed_at"]
    search_fields = ["task_name", "description", "error"]
    date_hierarchy = "failed_at"
    actions = ["queue_again"]
    # The arguments may hold a message's body with a signed link: not shown.
    exclude = ["arguments"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Queue the selected tasks again"), permissions=["delete"])
    def queue_again(self, request, queryset):
        queued = queue_failed_tasks_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d task queued again.", "%(count)d tasks queued again.", queued)
            % {"count": queued},
            messages.SUCCESS,
        )
