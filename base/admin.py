from django.contrib import admin

from .models import SDG, Criterion, Pillar, Sector


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
