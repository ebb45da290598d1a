from django.conf import settings


def map_tiles(request):
    """Where the maps take their tiles from (an XYZ template) and whom they credit."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
