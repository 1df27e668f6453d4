// The oracle's stand-in for gatsby-plugin-sharp (sharp's native build cannot be fetched
// here). gatsby-remark-images writes all of its markup itself; from this plugin it only
// needs numbers about the image: its size capped at maxWidth, the aspect ratio, the URLs
// of the resized copies (which keep the file's name, as the real plugin's do). This
// module gives those numbers from the PNG's own header, the way the real `fluid` computes
// them for a plain image (no pixel density, no art direction); no image is written.
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

function pngSize(bytes, file) {
  if (bytes.toString("latin1", 1, 4) !== "PNG") throw new Error(`${file}: only PNG samples`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function fluid({ file, args = {} }) {
  const bytes = fs.readFileSync(file.absolutePath);
  const { width, height } = pngSize(bytes, file.absolutePath);
  const maxWidth = args.maxWidth || 800;
  const presentationWidth = Math.min(maxWidth, width);
  const presentationHeight = Math.round((presentationWidth * height) / width);
  const digest = crypto.createHash("md5").update(bytes).digest("hex").slice(0, 8);
  const name = path.basename(file.absolutePath);
  const url = (w) => `/static/${digest}/${w}/${name}`;
  const widths = [maxWidth / 4, maxWidth / 2, maxWidth, maxWidth * 1.5, maxWidth * 2]
    .map(Math.round)
    .filter((w) => w < width)
    .concat([width]);
  return {
    base64: "data:image/png;base64,iVBORw0KGgo=",
    aspectRatio: width / height,
    src: url(presentationWidth),
    srcSet: widths.map((w) => `${url(w)} ${w}w`).join(",\n"),
    srcSetType: "image/png",
    sizes: `(max-width: ${presentationWidth}px) 100vw, ${presentationWidth}px`,
    originalImg: url(width),
    originalName: name,
    density: 72,
    presentationWidth,
    presentationHeight,
  };
}

async function stats() {
  return { isTransparent: false };
}

async function traceSVG() {
  return undefined;
}

module.exports = { fluid, stats, traceSVG };
