from django.contrib import admin

from .models import Organisation, Province, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "chef_lieu"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "kind", "region"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "acronym", "kind", "region", "city", "is_active"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name_fr", "name_ar", "acronym"]
