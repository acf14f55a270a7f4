"""Draw the app icon: a white 研 (bundled Yanxiu Hei Bold) on a rounded blue square.

    .venv/bin/python packaging/make_icon.py

Writes resources/icons/yanxiu.png (256 px, window icon) and resources/icons/yanxiu.ico (16-256 px, Windows
executable, installer and shortcuts).  Pillow comes with ReportLab.  Output is committed; rerun only to
change the design.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "YanxiuHei-Bold.ttf"
OUT = ROOT / "resources" / "icons"
BACKGROUND = (31, 95, 168, 255)  # #1F5FA8
GLYPH = "研"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 1024) -> Image.Image:
    """The icon at ``size`` px; drawn large and scaled down for clean edges."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = size // 32
    d.rounded_rectangle((margin, margin, size - margin, size - margin), radius=size // 6, fill=BACKGROUND)
    font = ImageFont.truetype(str(FONT), int(size * 0.68))
    left, top, right, bottom = d.textbbox((0, 0), GLYPH, font=font)
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top
    d.text((x, y), GLYPH, font=font, fill=(255, 255, 255, 255))
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "yanxiu.png", optimize=True)
    big.save(OUT / "yanxiu.ico", sizes=ICO_SIZES)
    for name in ("yanxiu.png", "yanxiu.ico"):
        print(OUT / name, (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
