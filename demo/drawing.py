"""Pictures and files for the demo, made on the spot: landscapes of the bay and meeting halls,
portraits of the fictional officials (drawn with Pillow) and a minimal PDF for documents.

Each drawing takes the seeded random generator of its caller, so the same seed draws the
same pictures.
"""

import io
import math
import random

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from portal.text import fold

SCENE_PALETTES = [
    ((255, 196, 120), (120, 180, 220), (40, 90, 110)),  # morning over the bay
    ((250, 150, 90), (230, 110, 90), (60, 60, 90)),  # sunset
    ((180, 215, 240), (140, 190, 225), (30, 95, 120)),  # clear day
    ((210, 210, 220), (170, 180, 195), (70, 90, 100)),  # overcast
]

SKIN_TONES = [(224, 187, 150), (210, 170, 130), (232, 196, 160), (198, 156, 118)]
BACKDROPS = [(196, 214, 232), (214, 222, 230), (226, 214, 196), (204, 222, 214)]

# A minimal valid PDF with one line of (ASCII) text, so downloads and text extraction work.
PDF_TEMPLATE = (
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>"
    "/Contents 5 0 R>>endobj\n4 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "5 0 obj<</Length {length}>>stream\n{stream}\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def draw_photo(rng: random.Random, index: int, size=(1600, 1067)) -> bytes:
    """A landscape of limestone islands on a bay or a meeting hall, drawn with Pillow (JPEG)."""
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    if index % 3 == 2:
        _draw_meeting_hall(draw, rng, size)
    else:
        horizon = _draw_sky_and_sea(draw, rng, size, SCENE_PALETTES[index % len(SCENE_PALETTES)])
        _draw_islands(draw, rng, size, horizon)
        _draw_boats(draw, rng, size, horizon)
        image = image.filter(ImageFilter.SMOOTH)
    return _jpeg(image, quality=85)


def _draw_meeting_hall(draw: ImageDraw.ImageDraw, rng: random.Random, size) -> None:
    """A red backdrop with a gold star, a long table and rows of seats."""
    w, h = size
    draw.rectangle([0, 0, w, h], fill=(235, 228, 215))
    draw.rectangle([int(w * 0.1), int(h * 0.08), int(w * 0.9), int(h * 0.48)], fill=(178, 18, 31))
    cx, cy, r = w // 2, int(h * 0.22), int(h * 0.09)
    points = []
    for k in range(10):
        angle = -math.pi / 2 + k * math.pi / 5
        radius = r if k % 2 == 0 else r * 0.4
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=(246, 195, 66))
    draw.rectangle([int(w * 0.2), int(h * 0.36), int(w * 0.8), int(h * 0.40)], fill=(246, 195, 66))
    draw.rectangle([int(w * 0.15), int(h * 0.52), int(w * 0.85), int(h * 0.58)], fill=(120, 70, 40))
    for row in range(4):
        y = int(h * (0.66 + row * 0.08))
        for col in range(12):
            x = int(w * (0.06 + col * 0.075))
            tone = 40 + rng.randint(0, 40)
            draw.ellipse([x, y, x + int(w * 0.04), y + int(h * 0.05)], fill=(tone, tone, tone + 10))


def _draw_sky_and_sea(draw: ImageDraw.ImageDraw, rng: random.Random, size, palette) -> int:
    """Gradients of sky and sea; returns the horizon's height."""
    w, h = size
    sky_top, sky_bottom, sea = palette
    horizon = int(h * rng.uniform(0.55, 0.65))
    for y in range(horizon):
        t = y / horizon
        colour = tuple(int(a + (b - a) * t) for a, b in zip(sky_top, sky_bottom, strict=True))
        draw.line([(0, y), (w, y)], fill=colour)
    for y in range(horizon, h):
        t = (y - horizon) / (h - horizon)
        colour = tuple(int(c * (1 - 0.35 * t)) for c in sea)
        draw.line([(0, y), (w, y)], fill=colour)
    return horizon


def _draw_islands(draw: ImageDraw.ImageDraw, rng: random.Random, size, horizon: int) -> None:
    """Three layers of limestone islands on the horizon, paler towards the front."""
    w, h = size
    for layer in range(3):
        shade = 40 + layer * 30
        for _ in range(rng.randint(3, 6)):
            base_x = rng.randint(-100, w)
            width = rng.randint(120, 320) - layer * 30
            height = rng.randint(int(h * 0.15), int(h * 0.38)) - layer * 40
            top = horizon - height
            draw.polygon(
                [
                    (base_x, horizon),
                    (base_x + width * 0.15, top + height * 0.2),
                    (base_x + width * 0.35, top),
                    (base_x + width * 0.6, top + height * 0.1),
                    (base_x + width * 0.85, top + height * 0.35),
                    (base_x + width, horizon),
                ],
                fill=(shade, shade + 20 + layer * 10, shade + 10),
            )


def _draw_boats(draw: ImageDraw.ImageDraw, rng: random.Random, size, horizon: int) -> None:
    """One to three junks with their sails on the water."""
    w, h = size
    for _ in range(rng.randint(1, 3)):
        x, y = rng.randint(0, w - 200), rng.randint(horizon + 40, h - 80)
        draw.polygon([(x, y), (x + 160, y), (x + 130, y + 30), (x + 30, y + 30)], fill=(120, 70, 40))
        draw.polygon([(x + 70, y - 90), (x + 70, y), (x + 130, y)], fill=(200, 90, 40))


def draw_portrait(rng: random.Random, index: int, size=(600, 800), woman: bool = False) -> bytes:
    """A head-and-shoulders figure on a studio backdrop, drawn with Pillow (JPEG): a man in a
    dark suit and tie, or a woman in an áo dài with its standing collar and her hair to the
    shoulders, as officials' portraits are taken.

    Obviously a drawing: the demo's officials are fictional and must not look like real people.
    """
    w, h = size
    top = BACKDROPS[index % len(BACKDROPS)]
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - 0.25 * y / h)) for c in top))
    skin = SKIN_TONES[rng.randrange(len(SKIN_TONES))]
    hair = (25 + rng.randint(0, 40),) * 3
    cx = w // 2
    shoulders = [
        (cx - 270, h),
        (cx - 230, int(h * 0.70)),
        (cx, int(h * 0.64)),
        (cx + 230, int(h * 0.70)),
        (cx + 270, h),
    ]
    if woman:
        # Hair falling behind the head to the shoulders, then the áo dài and its collar.
        draw.rounded_rectangle([cx - 140, int(h * 0.24), cx + 140, int(h * 0.72)], radius=110, fill=hair)
        dress = [(150, 28, 40), (24, 70, 140), (110, 40, 110), (200, 120, 40)][index % 4]
        draw.polygon(shoulders, fill=dress)
        draw.rectangle(
            [cx - 52, int(h * 0.60), cx + 52, int(h * 0.68)], fill=tuple(int(c * 0.85) for c in dress)
        )
    else:
        # Suit, shirt collar and tie.
        suit = (30 + rng.randint(0, 20), 36 + rng.randint(0, 20), 52 + rng.randint(0, 30))
        draw.polygon(shoulders, fill=suit)
        draw.polygon(
            [(cx - 70, int(h * 0.64)), (cx, int(h * 0.86)), (cx + 70, int(h * 0.64))], fill=(245, 245, 245)
        )
        tie = [(150, 20, 30), (40, 60, 120), (90, 30, 40)][index % 3]
        draw.polygon(
            [
                (cx - 18, int(h * 0.665)),
                (cx + 18, int(h * 0.665)),
                (cx + 26, int(h * 0.84)),
                (cx, int(h * 0.88)),
                (cx - 26, int(h * 0.84)),
            ],
            fill=tie,
        )
    # Neck, head, ears and hair.
    neck_bottom = int(h * (0.60 if woman else 0.66))
    draw.rectangle([cx - 45, int(h * 0.50), cx + 45, neck_bottom], fill=tuple(int(c * 0.92) for c in skin))
    draw.ellipse([cx - 118, int(h * 0.22), cx + 118, int(h * 0.60)], fill=skin)
    draw.ellipse([cx - 132, int(h * 0.37), cx - 104, int(h * 0.45)], fill=skin)
    draw.ellipse([cx + 104, int(h * 0.37), cx + 132, int(h * 0.45)], fill=skin)
    draw.chord([cx - 124, int(h * 0.19), cx + 124, int(h * 0.45)], 175, 365, fill=hair)
    return _jpeg(image, quality=88)


def demo_pdf(line: str) -> bytes:
    stream = f"BT /F1 14 Tf 72 770 Td ({fold(line)}) Tj ET"  # the standard fonts have no Vietnamese
    return PDF_TEMPLATE.format(length=len(stream), stream=stream).encode("ascii")


def _jpeg(image: PILImage.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()
