"""Draw the card images that a shared verdict shows (one per answer kind and language).

    python manage.py build_share_cards            # writes static/img/cards/<kind>-<lang>.png

The images are committed: the site serves them as static files and never draws at run time.
Run this again after changing the cards' words (`share.card_headline`) or their translations.
Needs Pillow (requirements-dev.txt) and a TrueType font with accented letters (DejaVu Sans, in
Debian's fonts-dejavu-core), or --font.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from registry.public.views.share import CARD_KINDS, CARD_SIZE, card_headline, card_path

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
# Background, accent and text colours of each kind (contrast above 7:1 for the words).
COLOURS = {
    "official": ("#ffffff", "#1b6e3a", "#0f3d20"),
    "suspended": ("#fff4e5", "#8a4b00", "#4a2800"),
    "closed": ("#f2f2f2", "#4d4d4d", "#1a1a1a"),
    "not_registered": ("#fdecec", "#a61b1b", "#5c0e0e"),
    "registry": ("#ffffff", "#1b4f8a", "#0b2545"),
}


class Command(BaseCommand):
    help = "Draw the share card images (static/img/cards/), one per answer kind and language."

    def add_arguments(self, parser):
        parser.add_argument("--font", default=DEFAULT_FONT, help="a TrueType font file")
        parser.add_argument("--out", default=str(settings.BASE_DIR / "static"))

    def handle(self, *args, font: str, out: str, **options):
        try:
            from PIL import ImageFont
        except ImportError as exc:
            raise CommandError(
                "Pillow is not installed: pip install -r requirements-dev.txt"
            ) from exc
        if not Path(font).is_file():
            raise CommandError(f"No font at {font}: install fonts-dejavu-core or pass --font.")
        fonts = (ImageFont.truetype(font, 64), ImageFont.truetype(font, 34))
        written = 0
        for language, _label in settings.LANGUAGES:
            with translation.override(language):
                for kind in CARD_KINDS:
                    target = Path(out) / card_path(kind, language)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    draw_card(kind, fonts).save(target, optimize=True)
                    written += 1
        self.stdout.write(f"{written} cards written under {out}/img/cards/")


def draw_card(kind: str, fonts):
    from PIL import Image, ImageDraw

    background, accent, ink = COLOURS[kind]
    headline_font, footer_font = fonts
    image = Image.new("RGB", CARD_SIZE, background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 40, CARD_SIZE[1]), fill=accent)
    y = 150
    for line in _wrapped(card_headline(kind), headline_font, draw, CARD_SIZE[0] - 200):
        draw.text((100, y), line, font=headline_font, fill=ink)
        y += 84
    footer = _("Registry of official accounts – Government")
    draw.text((100, CARD_SIZE[1] - 110), footer, font=footer_font, fill=accent)
    return image


def _wrapped(text: str, font, draw, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]
