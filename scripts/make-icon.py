#!/usr/bin/env python3
"""Writes build/icon.png (512x512 RGBA): a blue rounded square with a white "L". No libraries needed."""
import os, struct, zlib
S = 512
R = 96            # corner radius
M = 24            # transparent margin
top = (0x1C, 0x7E, 0xD6)   # blue
bot = (0x0B, 0x4F, 0x9C)
def inside_rounded(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1: return 0.0
    cx = min(max(x, x0 + r), x1 - r); cy = min(max(y, y0 + r), y1 - r)
    d = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
    return max(0.0, min(1.0, r - d + 0.5))
def in_L(x, y):
    # A bold white "L" (LaiBang), centred.
    return (168 <= x <= 238 and 136 <= y <= 376) or (168 <= x <= 352 and 306 <= y <= 376)
rows = []
for y in range(S):
    row = bytearray([0])
    t = y / (S - 1)
    base = tuple(int(top[i] + (bot[i] - top[i]) * t) for i in range(3))
    for x in range(S):
        # 2x2 supersampling for smooth edges
        a = 0.0; l = 0
        for dx in (0.25, 0.75):
            for dy in (0.25, 0.75):
                a += inside_rounded(x + dx, y + dy, M, M, S - M, S - M, R)
                l += in_L(x + dx, y + dy)
        a /= 4; l /= 4
        c = tuple(int(base[i] * (1 - l) + 255 * l) for i in range(3))
        row += bytes((*c, int(round(a * 255))))
    rows.append(bytes(row))
raw = b''.join(rows)
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', S, S, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'build', 'icon.png')
with open(out, 'wb') as f:
    f.write(png)
print(f'{out}: {len(png)} bytes')
