#!/usr/bin/env python3
"""Draws Bearing's app icon (a quadrant mark) as RGBA PNGs, with no dependencies beyond the
standard library. Run from the repository root: python3 icons/make_icons.py"""
import struct
import zlib
from pathlib import Path

BG = (28, 37, 54)          # deep navy tile
CELL = (64, 78, 104)       # the three quiet quadrants
ACCENT = (240, 176, 64)    # the quadrant you are heading for (top right)
DOT = (255, 255, 255)


def inside_rounded(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1


def colour_at(u, v):
    """Colour and alpha at normalised coordinates (0..1, y down)."""
    if not inside_rounded(u, v, 0.02, 0.02, 0.98, 0.98, 0.2):
        return None
    pad, gap = 0.17, 0.05
    mid = 0.5
    cells = [
        (pad, pad, mid - gap / 2, mid - gap / 2, CELL),
        (mid + gap / 2, pad, 1 - pad, mid - gap / 2, ACCENT),
        (pad, mid + gap / 2, mid - gap / 2, 1 - pad, CELL),
        (mid + gap / 2, mid + gap / 2, 1 - pad, 1 - pad, CELL),
    ]
    # The bearing point: where you stand, heading up and to the right.
    if (u - 0.40) ** 2 + (v - 0.60) ** 2 <= 0.075 ** 2:
        return DOT
    for x0, y0, x1, y1, c in cells:
        if inside_rounded(u, v, x0, y0, x1, y1, 0.05):
            return c
    return BG


def render(size, ss=4):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    c = colour_at((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size)
                    if c is not None:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = ss * ss
            a = acc[3] / n
            if a == 0:
                row += bytes(4)
            else:
                cover = acc[3] / 255
                row += bytes([round(acc[0] / cover), round(acc[1] / cover), round(acc[2] / cover), round(a)])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = Path(__file__).resolve().parent
    for name, size in [("32x32.png", 32), ("64x64.png", 64), ("128x128.png", 128),
                       ("128x128@2x.png", 256), ("icon.png", 512)]:
        (out / name).write_bytes(render(size))
        print("wrote", out / name)
