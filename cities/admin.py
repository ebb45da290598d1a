from django.contrib import admin

from sources.admin import CitationInline

from .models import City, Country, Organization, Partnership, Place


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "global_south"]
    list_filter = ["region", "global_south"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "multilateral"]
    list_filter = ["kind", "multilateral", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym", "slug"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


class PartnershipCityInline(admin.TabularInline):
    model = Partnership.cities.through
    extra = 0
    autocomplete_fields = ["partnership"]
    verbose_name_plural = "partnerships"


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "population", "population_class"]
    list_filter = ["country__region", "country__global_south", "sectors", "networks"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "country__name"]
    autocomplete_fields = ["country"]
    filter_horizontal = ["sectors", "networks"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnershipCityInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "start_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "slug", "cities__name", "organizations__name"]
    autocomplete_fields = ["cities", "organizations", "supporters"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city"]
    list_filter = ["kind", "country__region"]
    list_select_related = ["country", "city"]
    search_fields = ["name", "slug", "country__name"]
    autocomplete_fields = ["country", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]
