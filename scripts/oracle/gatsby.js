// Renders the oracle's sample posts with a real gatsby-transformer-remark and its
// sub-plugins, the way Gatsby does: the transformer's own setFieldsOnGraphQLNodeType
// builds the remark pipeline from its options, runs each sub-plugin's exported function
// on the mdast ({markdownAST, ...}), and its `html` field turns the tree into HTML.
// The sub-plugins and their options are the blog's own (BLOG_DIR/gatsby-config.js, the
// same file Postdesk's tests read); each name is resolved to the pinned package of that
// Gatsby (the npm aliases in package.json). Only Gatsby's node store (a File node for each
// sample and image), cache (nothing is cached) and reporter are stand-ins, and
// gatsby-plugin-sharp (stand-ins/: the image sizes gatsby-remark-images asks it for).
//
//   node gatsby.js gatsby2|gatsby5|gatsby5-ids SAMPLES_DIR BLOG_DIR OUT_DIR
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

// oracle -> the transformer and the sub-plugins (by name) a blog of that Gatsby resolves
const GATSBY5 = {
  "gatsby-transformer-remark": "gtr6",
  "gatsby-remark-autolink-headers": "autolink6",
  "gatsby-remark-smartypants": "smartypants6",
  "gatsby-remark-table-of-contents": "toc6",
  "gatsby-remark-images": "images7",
  "gatsby-remark-prismjs": "prismjs7",
};
const PACKAGES = {
  gatsby2: {
    "gatsby-transformer-remark": "gtr2",
    "gatsby-remark-autolink-headers": "autolink2",
    "gatsby-remark-smartypants": "smartypants2",
    "gatsby-remark-table-of-contents": "toc2",
    "gatsby-remark-images": "images3",
  },
  gatsby5: GATSBY5,
  "gatsby5-ids": GATSBY5, // maintainCase, and prismjs before autolink-headers
};

function subPlugins(blogDir, packages) {
  const config = require(path.resolve(blogDir, "gatsby-config.js"));
  const entry = config.plugins.find(
    (p) => typeof p === "object" && p.resolve === "gatsby-transformer-remark"
  );
  return ((entry && entry.options && entry.options.plugins) || []).map((p) => {
    const name = typeof p === "string" ? p : p.resolve;
    const options = (typeof p === "object" && p.options) || {};
    if (!packages[name]) throw new Error(`no pinned package for ${name}`);
    const resolve = require.resolve(packages[name]);
    return { resolve, name, module: require(resolve), pluginOptions: { plugins: [], ...options } };
  });
}

const noCache = { get: async () => undefined, set: async () => undefined };
const reporter = {
  warn: (m) => console.error("warn:", m),
  error: (m) => console.error("error:", m),
  info: () => undefined,
  panicOnBuild: (m) => console.error("panic:", m),
};

async function main() {
  const [oracle, samplesDir, blogDir, outDir] = process.argv.slice(2);
  const packages = PACKAGES[oracle];
  if (!packages || !samplesDir || !blogDir || !outDir) {
    console.error("usage: node gatsby.js gatsby2|gatsby5|gatsby5-ids SAMPLES_DIR BLOG_DIR OUT_DIR");
    process.exit(2);
  }
  const plugins = subPlugins(blogDir, packages);
  const extend = require(`${packages["gatsby-transformer-remark"]}/extend-node-type`);
  const dir = path.resolve(samplesDir);
  const files = fs.readdirSync(dir).map((name) => ({
    id: `file-${name}`,
    internal: { type: "File" },
    dir,
    absolutePath: path.join(dir, name),
    name: name.replace(/\.[^.]+$/, ""),
    extension: path.extname(name).slice(1),
  }));
  const byId = new Map(files.map((f) => [f.id, f]));
  const fields = await extend(
    {
      type: { name: "MarkdownRemark" },
      basePath: "",
      getNode: (id) => byId.get(id),
      getNodesByType: (type) => (type === "File" ? files : []),
      cache: noCache,
      getCache: () => noCache,
      reporter,
    },
    { plugins }
  );
  const findOne = async ({ query }) => {
    const wanted = query && query.filter && query.filter.absolutePath;
    return files.find((f) => wanted && f.absolutePath === wanted.eq) || null;
  };
  const context = { nodeModel: { findOne, getNodeById: ({ id }) => byId.get(id) || null } };
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of fs.readdirSync(samplesDir).sort()) {
    if (!file.endsWith(".md")) continue;
    const content = fs.readFileSync(path.join(samplesDir, file), "utf8");
    const digest = crypto.createHash("md5").update(oracle + content).digest("hex");
    const node = {
      id: `${oracle}-${file}`,
      parent: `file-${file}`,
      frontmatter: {},
      excerpt: "",
      rawMarkdownBody: content,
      fileAbsolutePath: path.join(samplesDir, file),
      internal: { type: "MarkdownRemark", content, contentDigest: digest },
    };
    const html = await fields.html.resolve(node, {}, context);
    const out = path.join(outDir, file.replace(/\.md$/, ".html"));
    fs.writeFileSync(out, html.endsWith("\n") ? html : html + "\n");
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
