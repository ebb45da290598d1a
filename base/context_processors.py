from django.conf import settings


def map_tiles(request):
    """Where the maps take their tiles from (an XYZ template) and whom they credit."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }


def data_license(request):
    """The licence of the open data, which every page's footer states."""
    return {
        "DATA_LICENSE_NAME": settings.DATA_LICENSE_NAME,
        "DATA_LICENSE_URL": settings.DATA_LICENSE_URL,
    }
