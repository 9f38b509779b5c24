#!/usr/bin/python3
"""Renders the embedded sample data for the sample model (PaddleOCR's text-direction classifier,
resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx): text-line crops like the ones PaddleOCR's
detector hands the classifier, half upright (class folder "0", class index 0) and half rotated by
180 degrees (class folder "180", class index 1; sorted folder names give the indices).

A tool, not a build or test dependency: the PNGs it writes are committed. Needs Debian's
python3-pil and fonts-dejavu-core; run with /usr/bin/python3 from anywhere:
    /usr/bin/python3 resources/sample-data/make-sample-data.py
The output is deterministic (fixed texts, fonts and seed).
"""

import os
import random
import sys

from PIL import Image, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONTS = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSans-Bold.ttf"]

# Eight lines per class; different lines in each class so that a classifier cannot pass by
# recognising the words.
UPRIGHT = [
    "Invoice No. 20481",
    "Total amount: 129.50",
    "Edge and cloud inference",
    "Shipping address",
    "Tel: +49 30 1234567",
    "Quantized to 4 bits",
    "Best before 2025-06-30",
    "Split the network here",
]
ROTATED = [
    "Receipt 7781-B",
    "Subtotal 88.20 EUR",
    "Collaborative inference",
    "Delivery in 3 days",
    "Order date 12/03/2024",
    "Mixed precision layers",
    "Batch size: 32",
    "Uplink 3 Mbps",
]


def render(text, rng):
    font_name = FONTS[rng.randrange(len(FONTS))]
    size = rng.randrange(26, 34)
    font = ImageFont.truetype(os.path.join(FONT_DIR, font_name), size)
    left, top, right, bottom = font.getbbox(text)
    pad_x = rng.randrange(4, 10)
    pad_y = rng.randrange(3, 7)
    width = right - left + 2 * pad_x
    height = bottom - top + 2 * pad_y
    paper = tuple(rng.randrange(225, 256) for _ in range(3))
    ink = tuple(rng.randrange(0, 60) for _ in range(3))
    image = Image.new("RGB", (width, height), paper)
    ImageDraw.Draw(image).text((pad_x - left, pad_y - top), text, font=font, fill=ink)
    return image


def main():
    if not os.path.isdir(FONT_DIR):
        sys.exit("make-sample-data: " + FONT_DIR + " is missing (apt-get install fonts-dejavu-core)")
    rng = random.Random(2024)
    for folder, texts, rotate in (("0", UPRIGHT, False), ("180", ROTATED, True)):
        out = os.path.join(HERE, folder)
        os.makedirs(out, exist_ok=True)
        for old in os.listdir(out):
            if old.endswith(".png"):
                os.remove(os.path.join(out, old))
        for i, text in enumerate(texts):
            image = render(text, rng)
            if rotate:
                image = image.transpose(Image.Transpose.ROTATE_180)
            image.save(os.path.join(out, "line%02d.png" % (i + 1)), optimize=True)
    print("make-sample-data: wrote %d images under %s" % (len(UPRIGHT) + len(ROTATED), HERE))


if __name__ == "__main__":
    main()
