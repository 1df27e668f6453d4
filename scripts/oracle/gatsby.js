// Renders the oracle's sample posts with a real gatsby-transformer-remark and its
// sub-plugins, the way Gatsby does: the transformer's own setFieldsOnGraphQLNodeType
// builds the remark pipeline from its options, runs each sub-plugin's exported function
// on the mdast ({markdownAST, ...}), and its `html` field turns the tree into HTML.
// The sub-plugins and their options are the blog's own (BLOG_DIR/gatsby-config.js, the
// same file Postdesk's tests read); each name is resolved to the pinned package of that
// Gatsby (the npm aliases in package.json). Only Gatsby's node store, cache and reporter
// are stand-ins (nothing is cached).
//
//   node gatsby.js gatsby2|gatsby5 SAMPLES_DIR BLOG_DIR OUT_DIR
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

// oracle -> the transformer and the sub-plugins (by name) a blog of that Gatsby resolves
const PACKAGES = {
  gatsby2: {
    "gatsby-transformer-remark": "gtr2",
    "gatsby-remark-autolink-headers": "autolink2",
    "gatsby-remark-smartypants": "smartypants2",
    "gatsby-remark-table-of-contents": "toc2",
  },
  gatsby5: {
    "gatsby-transformer-remark": "gtr6",
    "gatsby-remark-autolink-headers": "autolink6",
    "gatsby-remark-smartypants": "smartypants6",
    "gatsby-remark-table-of-contents": "toc6",
  },
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
    console.error("usage: node gatsby.js gatsby2|gatsby5 SAMPLES_DIR BLOG_DIR OUT_DIR");
    process.exit(2);
  }
  const plugins = subPlugins(blogDir, packages);
  const extend = require(`${packages["gatsby-transformer-remark"]}/extend-node-type`);
  const fields = await extend(
    {
      type: { name: "MarkdownRemark" },
      basePath: "",
      getNode: () => undefined,
      getNodesByType: () => [],
      cache: noCache,
      getCache: () => noCache,
      reporter,
    },
    { plugins }
  );
  const context = { nodeModel: { findOne: async () => null, getNodeById: () => null } };
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of fs.readdirSync(samplesDir).sort()) {
    if (!file.endsWith(".md")) continue;
    const content = fs.readFileSync(path.join(samplesDir, file), "utf8");
    const digest = crypto.createHash("md5").update(oracle + content).digest("hex");
    const node = {
      id: `${oracle}-${file}`,
      parent: null,
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
