"""Landscape illustrations for the demo articles, drawn with Pillow (no text, no photos).

Each scene is a recipe: a sky gradient, a sun or moon, soft clouds, layers of hills and
one foreground motif (rice fields, a river, a town, tea hills, factories, lanterns).
The drawing is seeded, so the same name always gives the same picture.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675

# name -> recipe; colours are RGB tuples, hills are listed far to near.
SCENES = {
    "canh-dong-lua": {
        "sky": ((120, 180, 235), (220, 238, 250)),
        "sun": ((255, 244, 200), (930, 150), 60),
        "hills": ((150, 190, 170), (110, 165, 120), (90, 150, 80)),
        "motif": "fields",
        "field": ((150, 200, 70), (120, 175, 55)),
    },
    "song-thuy-giang": {
        "sky": ((90, 150, 220), (200, 225, 245)),
        "sun": ((255, 250, 220), (260, 130), 55),
        "hills": ((140, 170, 190), (95, 140, 120), (70, 120, 90)),
        "motif": "river",
        "water": (120, 175, 215),
    },
    "pho-thi": {
        "sky": ((100, 165, 230), (235, 240, 245)),
        "sun": ((255, 240, 190), (1030, 120), 50),
        "hills": ((165, 185, 200), (120, 160, 140)),
        "motif": "town",
        "ground": (110, 145, 95),
    },
    "doi-che": {
        "sky": ((150, 200, 230), (235, 245, 235)),
        "sun": ((255, 252, 225), (600, 110), 45),
        "hills": ((170, 200, 185), (100, 160, 100), (60, 130, 70), (45, 110, 55)),
        "motif": "tea",
    },
    "hoang-hon": {
        "sky": ((70, 60, 130), (250, 170, 110)),
        "sun": ((255, 210, 120), (560, 330), 80),
        "hills": ((150, 100, 130), (105, 70, 110), (60, 45, 80)),
        "motif": "trees",
    },
    "khu-cong-nghiep": {
        "sky": ((130, 170, 210), (230, 232, 236)),
        "sun": ((255, 246, 215), (180, 140), 50),
        "hills": ((175, 185, 195), (135, 160, 150)),
        "motif": "factory",
        "ground": (120, 140, 110),
    },
    "trung-tam-hanh-chinh": {
        "sky": ((60, 120, 200), (180, 215, 245)),
        "sun": ((255, 236, 170), (850, 160), 65),
        "hills": ((130, 160, 185), (95, 140, 115)),
        "motif": "civic",
        "ground": (95, 150, 90),
    },
    "le-hoi": {
        "sky": ((25, 35, 80), (120, 70, 120)),
        "sun": ((250, 245, 215), (1000, 320), 40),
        "hills": ((70, 55, 100), (45, 40, 75)),
        "motif": "lanterns",
    },
}


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    """Blend two colours; t=0 gives a, t=1 gives b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _shade(colour: tuple, factor: float) -> tuple:
    """Darken (factor < 1) or lighten (factor > 1) a colour."""
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def _sky(draw: ImageDraw.ImageDraw, top: tuple, bottom: tuple) -> None:
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / (HEIGHT - 1)))


def _glow(image: Image.Image, colour: tuple, centre: tuple, radius: int) -> None:
    """A sun with a soft halo."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    for step in range(6, 0, -1):
        r = radius * (1 + step * 0.45)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(*colour, 14))
    layer = layer.filter(ImageFilter.GaussianBlur(radius // 2))
    draw = ImageDraw.Draw(layer)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=(*colour, 255))
    image.alpha_composite(layer)


def _clouds(image: Image.Image, rng: random.Random, count: int) -> None:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        x, y = rng.randint(0, WIDTH), rng.randint(40, 240)
        for _ in range(5):
            w, h = rng.randint(60, 140), rng.randint(25, 50)
            dx, dy = rng.randint(-90, 90), rng.randint(-15, 15)
            draw.ellipse([x + dx - w, y + dy - h, x + dx + w, y + dy + h], fill=(255, 255, 255, 70))
    image.alpha_composite(layer.filter(ImageFilter.GaussianBlur(14)))


def _ridge(rng: random.Random, base: float, amplitude: float) -> list:
    """Points along a hill line: a sum of sine waves with random phases."""
    waves = [
        (rng.uniform(0.002, 0.005), rng.uniform(0, math.tau), amplitude),
        (rng.uniform(0.008, 0.014), rng.uniform(0, math.tau), amplitude * 0.35),
        (rng.uniform(0.02, 0.03), rng.uniform(0, math.tau), amplitude * 0.1),
    ]
    return [
        (x, base - sum(a * math.sin(f * x + p) for f, p, a in waves))
        for x in range(0, WIDTH + 11, 10)
    ]


def _hills(draw: ImageDraw.ImageDraw, rng: random.Random, colours: tuple) -> list:
    """Draw the hill layers far to near; return the nearest ridge line."""
    ridge = []
    layers = len(colours)
    for i, colour in enumerate(colours):
        base = HEIGHT * (0.48 + 0.1 * i / max(1, layers - 1))
        ridge = _ridge(rng, base, 55 - 8 * i)
        draw.polygon([*ridge, (WIDTH, HEIGHT), (0, HEIGHT)], fill=colour)
    return ridge


def _trees(draw: ImageDraw.ImageDraw, rng: random.Random, ridge: list, colour: tuple) -> None:
    for x, y in ridge[:: rng.randint(3, 5)]:
        if rng.random() < 0.6:
            r = rng.randint(10, 22)
            trunk = _shade(colour, 0.55)
            draw.rectangle([x - 2, y - r, x + 2, y + 6], fill=trunk)
            draw.ellipse([x - r, y - 2.2 * r, x + r, y - 0.2 * r], fill=_shade(colour, 0.8))


def _fields(draw: ImageDraw.ImageDraw, colours: tuple) -> None:
    """Rice paddies in perspective: bands that widen towards the viewer."""
    top = int(HEIGHT * 0.66)
    y, band, i = top, 8, 0
    while y < HEIGHT:
        draw.rectangle([0, y, WIDTH, y + band], fill=colours[i % 2])
        draw.line([(0, y), (WIDTH, y)], fill=_shade(colours[0], 0.75), width=2)
        y, band, i = y + band, int(band * 1.35) + 2, i + 1
    for x in range(-600, WIDTH + 600, 150):
        draw.line(
            [(WIDTH / 2 + (x - WIDTH / 2) * 0.15, top), (x, HEIGHT)],
            fill=_shade(colours[1], 0.8),
            width=2,
        )


def _river(draw: ImageDraw.ImageDraw, colour: tuple) -> None:
    left, right = [], []
    for i in range(0, 41):
        t = i / 40
        y = HEIGHT * 0.6 + t * HEIGHT * 0.4
        cx = WIDTH * 0.5 + math.sin(t * 3.2) * 220 * t
        half = 20 + 260 * t * t
        left.append((cx - half, y))
        right.append((cx + half, y))
    draw.polygon([*left, *reversed(right)], fill=colour)
    for i in range(6, 40, 3):
        (lx, y), (rx, _) = left[i], right[i]
        w = (rx - lx) * 0.25
        draw.line([(lx + w, y), (rx - w * 1.5, y)], fill=_shade(colour, 1.18), width=2)


def _buildings(draw: ImageDraw.ImageDraw, rng: random.Random, ground: tuple) -> None:
    base = int(HEIGHT * 0.74)
    palette = [(235, 225, 205), (210, 200, 190), (245, 240, 230), (220, 205, 180), (200, 215, 225)]
    x = -20
    while x < WIDTH:
        w, h = rng.randint(60, 130), rng.randint(90, 260)
        colour = rng.choice(palette)
        draw.rectangle([x, base - h, x + w, base], fill=colour, outline=_shade(colour, 0.8))
        window = _shade((120, 160, 200), rng.uniform(0.85, 1.1))
        for wy in range(base - h + 14, base - 20, 24):
            for wx in range(x + 10, x + w - 14, 20):
                draw.rectangle([wx, wy, wx + 9, wy + 12], fill=window)
        x += w + rng.randint(0, 12)
    draw.rectangle([0, base, WIDTH, HEIGHT], fill=ground)
    draw.rectangle([0, base + 40, WIDTH, base + 80], fill=(95, 95, 100))
    for dx in range(0, WIDTH, 80):
        draw.rectangle([dx, base + 58, dx + 40, base + 62], fill=(235, 235, 225))


def _civic(draw: ImageDraw.ImageDraw, ground: tuple) -> None:
    """A symmetric public building with columns, a flagpole and a lawn."""
    base, cx = int(HEIGHT * 0.76), WIDTH // 2
    draw.rectangle([0, base, WIDTH, HEIGHT], fill=ground)
    draw.rectangle([cx - 330, base - 150, cx + 330, base], fill=(240, 232, 210))
    draw.rectangle([cx - 120, base - 230, cx + 120, base - 150], fill=(245, 238, 220))
    draw.polygon(
        [(cx - 140, base - 230), (cx, base - 290), (cx + 140, base - 230)], fill=(200, 80, 60)
    )
    for col in range(-100, 101, 40):
        draw.rectangle([cx + col - 7, base - 140, cx + col + 7, base], fill=(255, 252, 240))
    for wx in list(range(cx - 310, cx - 130, 45)) + list(range(cx + 140, cx + 320, 45)):
        draw.rectangle([wx, base - 120, wx + 24, base - 80], fill=(130, 165, 195))
        draw.rectangle([wx, base - 60, wx + 24, base - 20], fill=(130, 165, 195))
    draw.rectangle([cx - 4, base - 420, cx + 4, base - 290], fill=(180, 180, 180))
    draw.rectangle([cx + 4, base - 420, cx + 84, base - 368], fill=(218, 37, 29))
    draw.polygon(
        [
            (cx + 44, base - 407),
            (cx + 49, base - 398),
            (cx + 58, base - 398),
            (cx + 51, base - 391),
            (cx + 54, base - 381),
            (cx + 44, base - 387),
            (cx + 34, base - 381),
            (cx + 37, base - 391),
            (cx + 30, base - 398),
            (cx + 39, base - 398),
        ],
        fill=(255, 222, 0),
    )
    draw.rectangle([cx - 160, base, cx + 160, HEIGHT], fill=(205, 200, 190))


def _factories(draw: ImageDraw.ImageDraw, rng: random.Random, ground: tuple) -> None:
    base = int(HEIGHT * 0.75)
    draw.rectangle([0, base, WIDTH, HEIGHT], fill=ground)
    x = 30
    while x < WIDTH - 100:
        w, h = rng.randint(160, 260), rng.randint(70, 120)
        colour = rng.choice([(215, 220, 225), (190, 205, 215), (225, 215, 200)])
        draw.rectangle([x, base - h, x + w, base], fill=colour, outline=_shade(colour, 0.8))
        for t in range(x, x + w, 40):
            draw.polygon(
                [(t, base - h), (t + 20, base - h - 22), (t + 40, base - h)],
                fill=_shade(colour, 0.9),
            )
        if rng.random() < 0.6:
            cx = x + w - 40
            draw.rectangle([cx, base - h - 110, cx + 18, base - h], fill=(170, 90, 80))
        draw.rectangle([x + 20, base - 45, x + 60, base], fill=(110, 120, 130))
        x += w + rng.randint(40, 90)
    for tx in range(20, WIDTH, 70):
        draw.ellipse([tx - 18, base - 10, tx + 18, base + 26], fill=(70, 125, 70))


def _tea_rows(draw: ImageDraw.ImageDraw, ridge: list) -> None:
    """Curved rows of tea bushes following the nearest hill."""
    for k in range(12):
        offset = 20 + k * k * 3.2
        points = [(x, y + offset) for x, y in ridge]
        draw.line(points, fill=(35, 95, 45), width=3 + k // 3)


def _lanterns(image: Image.Image, rng: random.Random) -> None:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for row, (y0, sag) in enumerate(((90, 50), (200, 70))):
        points = [
            (x, y0 + sag * math.sin(math.pi * x / WIDTH) + 10 * row)
            for x in range(0, WIDTH + 1, 20)
        ]
        draw.line(points, fill=(60, 40, 40, 255), width=2)
        for x, y in points[2 + 3 * row :: 6]:
            colour = rng.choice([(230, 50, 40), (245, 160, 40), (240, 200, 60)])
            draw.ellipse([x - 40, y - 30, x + 40, y + 70], fill=(*colour, 50))
            draw.ellipse([x - 16, y + 4, x + 16, y + 44], fill=(*colour, 255))
            draw.rectangle([x - 6, y, x + 6, y + 6], fill=(200, 160, 60, 255))
    image.alpha_composite(layer.filter(ImageFilter.GaussianBlur(1)))


def draw_scene(name: str) -> Image.Image:
    """Draw the named scene as an RGB image of WIDTH x HEIGHT."""
    scene = SCENES[name]
    rng = random.Random(name)
    image = Image.new("RGBA", (WIDTH, HEIGHT))
    _sky(ImageDraw.Draw(image), *scene["sky"])
    _glow(image, *scene["sun"])
    _clouds(image, rng, 0 if scene["motif"] == "lanterns" else rng.randint(3, 6))
    draw = ImageDraw.Draw(image)
    ridge = _hills(draw, rng, scene["hills"])
    motif = scene["motif"]
    if motif == "fields":
        _fields(draw, scene["field"])
        _trees(draw, rng, _ridge(rng, HEIGHT * 0.66, 4), (60, 120, 60))
    elif motif == "river":
        _river(draw, scene["water"])
    elif motif == "town":
        _buildings(draw, rng, scene["ground"])
    elif motif == "tea":
        _tea_rows(draw, ridge)
    elif motif == "trees":
        _trees(draw, rng, ridge, (40, 30, 55))
    elif motif == "factory":
        _factories(draw, rng, scene["ground"])
    elif motif == "civic":
        _civic(draw, scene["ground"])
    elif motif == "lanterns":
        _lanterns(image, rng)
    return image.convert("RGB").filter(ImageFilter.SMOOTH)


def encode_scene(name: str) -> bytes:
    """A scene drawn and encoded as the JPEG that the media storage keeps."""
    out = io.BytesIO()
    draw_scene(name).save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()
