"""Photos of practices: what an upload must be, and its thumbnail.

An upload is read by Pillow before anything is stored: it must be a JPEG, PNG or WebP
image of at most MAX_PHOTO_BYTES, and of at most MAX_PHOTO_PIXELS, which is checked from
the header before any pixel is decoded (a small file can declare a huge image, a
"decompression bomb").

The thumbnail is made when the photo is saved, in the request, not in a task: it is one
resize of an image already bounded in bytes and pixels (tens of milliseconds), and the
page the writer lands on right after shows it, so a queued task would leave that page
without it, and every page would need a fallback for a thumbnail not made yet.
"""

import io
import os
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# 40 megapixels: more than any phone's camera, far less than what would exhaust memory.
MAX_PHOTO_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = (480, 360)


def validate_photo(upload) -> None:
    """Refuse what is not a JPEG, PNG or WebP photo within the bounds, saying why."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; a photo may be at most %(max)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "max": MAX_PHOTO_BYTES // 1024 // 1024},
            code="photo_too_big",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns of (and past twice its limit refuses) a decompression bomb;
            # the pixel bound below is ours and lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = image.format
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise ValidationError(
                        _(
                            "This image is %(width)s by %(height)s pixels; a photo may have at "
                            "most %(max)s million pixels."
                        )
                        % {"width": width, "height": height, "max": MAX_PHOTO_PIXELS // 1_000_000},
                        code="photo_too_many_pixels",
                    )
                if kind not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("This image is a %(kind)s; send a JPEG, PNG or WebP photo.")
                        % {"kind": kind},
                        code="photo_format",
                    )
                image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            _("This image has too many pixels to be a photo."), code="photo_too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image: send a JPEG, PNG or WebP photo."), code="not_an_image"
        ) from None
    finally:
        upload.seek(position)


def make_thumbnail(photo) -> None:
    """Store a JPEG thumbnail of `photo`'s image (at most THUMBNAIL_SIZE) in its
    `thumbnail`, through the same storage; the caller saves the row."""
    photo.image.open("rb")
    try:
        photo.image.seek(0)
        with Image.open(photo.image) as image:
            image.draft("RGB", THUMBNAIL_SIZE)
            # Phones store photos sideways with an orientation tag; browsers apply it.
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail(THUMBNAIL_SIZE)
            output = io.BytesIO()
            image.save(output, format="JPEG", quality=82, optimize=True)
    finally:
        photo.image.close()
    stem = os.path.splitext(os.path.basename(photo.image.name))[0]
    if photo.thumbnail:
        photo.thumbnail.delete(save=False)
    photo.thumbnail.save(f"{stem}.jpg", ContentFile(output.getvalue()), save=False)
