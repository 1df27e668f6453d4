"""Small sample blogs, one per static-site generator, written at test time.

Each follows its generator's documented layout: config files, posts in English and
Korean, a Hangul file name, a name with spaces and a `#`, a page, drafts in the
generator's own way, and things that must never be listed (a theme's or a dependency's
Markdown files, README/CHANGELOG at the root, build output). `build_blog(name, dest)`
writes one and returns its root; `EXPECTED[name]` is what its generator publishes,
relative to the root: {"post": {...}, "page": {...}, "draft": {...}}.

The Hugo and Jekyll samples were checked against Debian's hugo 0.111 and jekyll 4.3
(`hugo list all`, `jekyll build`); see tests/core/blog/test_generators.py.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BLOGS", "EXPECTED", "build_blog", "write_files"]


def _md(front: str, body: str = "본문입니다. Some text.\n", fence: str = "---") -> str:
    return f"{fence}\n{front.strip()}\n{fence}\n\n{body}"


# Files every sample has and no generator's list may show
_NEVER = {
    "README.md": "# 샘플 블로그\n\nHow to build this blog.\n",
    "CHANGELOG.md": "# Changelog\n\n- 2024-03-01: first post\n",
    "LICENSE.md": "MIT License\n",
}

HUGO = {
    "hugo.toml": (
        'baseURL = "https://example.org/"\nlanguageCode = "ko-kr"\ntitle = "휴고 블로그"\n'
        'theme = "paper"\n\n[params]\nmainSections = ["posts"]\n'
    ),
    "archetypes/default.md": _md('title: \'{{ replace .File.ContentBaseName "-" " " }}\''),
    "content/_index.md": _md("title: 홈"),
    "content/about.md": _md("title: About me"),
    "content/posts/_index.md": _md("title: 글 목록"),
    "content/posts/hello-hugo.md": _md(
        'title = "Hello, Hugo"\ndate = 2024-03-01T09:00:00+09:00\ntags = ["hugo"]', fence="+++"
    ),
    "content/posts/제주 여행.md": _md("title: 제주 여행기\ndate: 2024-03-02"),
    "content/posts/C# 입문 노트/index.md": _md("title: 'C# 입문 노트'\ndate: 2024-03-03"),
    "content/posts/C# 입문 노트/snippets.md": "A bundle's resource, not a page.\n",
    "content/posts/json-front.md": (
        '{\n  "title": "JSON front matter",\n  "date": "2024-03-04"\n}\n\nText\n'
    ),
    "content/posts/old-format.markdown": _md("title: Old suffix\ndate: 2023-12-24"),
    "content/posts/draft-idea.md": _md("title: 아직 쓰는 중\ndraft: true"),
    "content/posts/from-the-future.md": _md("title: Tomorrow\ndate: 2099-01-01"),
    "content/posts/expired.md": _md("title: Old news\ndate: 2001-01-01\nexpiryDate: 2002-01-01"),
    "content/notes/til.md": _md("title: 오늘 배운 것\ndate: 2024-02-01"),
    "themes/paper/README.md": "# Paper theme\n",
    "themes/paper/archetypes/default.md": _md("title: theme archetype"),
    "themes/paper/exampleSite/content/posts/sample.md": _md("title: Theme sample post"),
    "public/posts/stale.md": _md("title: build output"),
}

JEKYLL = {
    "_config.yml": (
        "title: 지킬 블로그\nmarkdown: kramdown\nexclude:\n  - docs\n  - vendor\n  - Gemfile.lock\n"
    ),
    "Gemfile": 'source "https://rubygems.org"\ngem "jekyll", "~> 4.3"\n',
    "_posts/2024-03-01-hello-jekyll.md": _md("layout: post\ntitle: Hello, Jekyll"),
    "_posts/2024-03-02-제주-여행.md": _md("title: 제주 여행기\ncategories: [여행]"),
    "_posts/2024/2024-03-03-C# 입문 노트.markdown": _md("title: 'C# 입문 노트'"),
    "_posts/2024-03-04-not-yet.md": _md("title: Not yet\npublished: false"),
    "_posts/2099-01-01-from-the-future.md": _md("title: Tomorrow"),
    "_posts/notes-without-a-date.md": _md("title: Jekyll skips a post without a date"),
    "_drafts/아이디어.md": _md("title: 아이디어 메모"),
    "about.md": _md("layout: page\ntitle: 소개"),
    "projects/index.md": _md("title: Projects"),
    "plain-notes.md": "No front matter: Jekyll copies this file as it is.\n",
    "#scratch.md": _md("title: Jekyll skips names starting with #"),
    "_includes/snippet.md": "An include.\n",
    "docs/guide.md": _md("title: Excluded in _config.yml"),
    "vendor/bundle/ruby/3.1.0/gems/minima-2.5.1/README.md": "# minima\n",
    "vendor/bundle/ruby/3.1.0/gems/minima-2.5.1/assets/about-theme.md": _md("title: Theme"),
}

HEXO = {
    "_config.yml": (
        "title: 헥소 블로그\nsource_dir: source\npublic_dir: public\nnew_post_name: :title.md\n"
        "render_drafts: false\nskip_render:\n  - 'static/**'\ntheme: landscape\n"
    ),
    "package.json": '{\n  "name": "hexo-site",\n  "hexo": {"version": "7.1.1"},\n'
    '  "dependencies": {"hexo": "^7.1.1"}\n}\n',
    "scaffolds/post.md": _md("title: {{ title }}\ndate: {{ date }}"),
    "source/_posts/hello-hexo.md": _md("title: Hello, Hexo\ndate: 2024-03-01 09:00:00"),
    "source/_posts/제주 여행.md": _md("title: 제주 여행기\ndate: 2024/3/2 10:00:00"),
    "source/_posts/C# 입문 노트.md": (
        '"title": "C# 입문 노트",\n"date": "2024-03-03"\n;;;\n\n본문\n'
    ),
    "source/_posts/no-opening-fence.md": "title: Hexo lets the opening fence go\ndate: 2024-03-04\n"
    "---\n\nText\n",
    "source/_posts/hidden.md": _md("title: Not yet\npublished: false"),
    "source/_drafts/초안.md": _md("title: 초안"),
    "source/about/index.md": _md("title: 소개\nlayout: page"),
    "source/static/raw.md": "Copied as it is (skip_render).\n",
    "source/_data/menu.md": "Hexo's own data folder.\n",
    "themes/landscape/README.md": "# Landscape\n",
    "themes/landscape/source/theme-page.md": _md("title: a theme's page"),
    "node_modules/hexo/README.md": "# hexo\n",
}

GATSBY = {
    "gatsby-config.js": """\
const path = require("path")

module.exports = {
  siteMetadata: { title: `개츠비 블로그` },
  plugins: [
    `gatsby-plugin-image`,
    {
      resolve: `gatsby-source-filesystem`,
      options: {
        // path: `${__dirname}/old-content`,
        path: `${__dirname}/content/blog`,
        name: `blog`,
      },
    },
    {
      resolve: "gatsby-source-filesystem",
      options: { name: "assets", path: path.join(__dirname, "content", "assets") },
    },
    `gatsby-transformer-remark`,
  ],
}
""",
    "content/blog/hello-world/index.md": _md(
        "title: Hello World\ndate: '2024-03-01T22:12:03.284Z'"
    ),
    "content/blog/제주-여행/index.md": _md("title: 제주 여행기\ndate: 2024-03-02"),
    "content/blog/C# 입문 노트/index.md": _md("title: 'C# 입문 노트'\ndate: 2024-03-03"),
    "content/blog/mdx-post/index.mdx": _md("title: MDX post\ndate: 2024-03-04"),
    "content/blog/draft-post/index.md": _md("title: 초안\ndraft: true"),
    "content/TIL/not-sourced.md": _md("title: Not in any gatsby-source-filesystem path"),
    "content/assets/.gitkeep": "",
    "node_modules/gatsby-theme-blog/README.md": "# theme\n",
    "node_modules/gatsby-theme-blog/posts/example.md": _md("title: theme example"),
    ".cache/page-data.md": "cache\n",
}

ASTRO = {
    "astro.config.mjs": "import { defineConfig } from 'astro/config';\n"
    "import mdx from '@astrojs/mdx';\n\nexport default defineConfig({ integrations: [mdx()] });\n",
    "package.json": '{"name": "astro-blog", "dependencies": {"astro": "^5.0.0"}}\n',
    "src/content.config.ts": """\
import { defineCollection, z } from 'astro:content';
import { file, glob } from 'astro/loaders';

const blog = defineCollection({
  // Load Markdown and MDX files in the `src/content/blog/` directory.
  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
  schema: ({ image }) =>
    z.object({
      title: z.string(),
      pubDate: z.coerce.date(),
      heroImage: image().optional(),
      draft: z.boolean().optional(),
    }),
});

const authors = defineCollection({
  loader: file('src/data/authors.json'),
  schema: z.object({ name: z.string() }),
});

export const collections = { blog, authors };
""",
    "src/content/blog/first-post.md": _md("title: First post\npubDate: 'Jul 08 2022'"),
    "src/content/blog/제주 여행.md": _md("title: 제주 여행기\npubDate: 2024-03-02"),
    "src/content/blog/C# 입문 노트.mdx": _md("title: 'C# 입문 노트'\npubDate: 2024-03-03"),
    "src/content/blog/ko/번역한 글.md": _md("title: 번역\npubDate: 2024-03-04"),
    "src/content/blog/work-in-progress.md": _md("title: 초안\npubDate: 2024-03-05\ndraft: true"),
    "src/content/notes/loose.md": _md("title: Not in a collection"),
    "src/data/authors.json": '[{"id": "me", "name": "나"}]\n',
    "src/pages/about.md": _md("layout: ../layouts/About.astro\ntitle: 소개"),
    "src/pages/_partial.md": "An underscored file is no page.\n",
    "src/pages/index.astro": "---\n---\n<h1>Home</h1>\n",
    "node_modules/astro/README.md": "# astro\n",
    "dist/about/index.md": "build output\n",
}

DOCUSAURUS = {
    "docusaurus.config.js": """\
// @ts-check
/** @type {import('@docusaurus/types').Config} */
const config = {
  title: '도큐사우루스',
  url: 'https://example.org',
  baseUrl: '/',
  presets: [
    [
      'classic',
      {
        docs: { sidebarPath: './sidebars.js' },
        blog: {
          path: 'news', // the blog lives in news/
          showReadingTime: true,
        },
      },
    ],
  ],
  themeConfig: { blog: { sidebar: { groupByYear: true } } },
};

export default config;
""",
    "sidebars.js": "export default { docs: [{ type: 'autogenerated', dirName: '.' }] };\n",
    "news/2024-03-01-welcome.md": _md("title: Welcome\nauthors: [me]\ntags: [hello]"),
    "news/2024-03-02-제주-여행/index.md": _md("title: 제주 여행기"),
    "news/2024-03-03-C# 입문 노트.mdx": _md("title: 'C# 입문 노트'"),
    "news/2024-03-04-draft.md": _md("title: 초안\ndraft: true"),
    "news/2024-03-05-unlisted.md": _md("title: Only by link\nunlisted: true"),
    "news/_partial.mdx": "Imported by posts, never a post.\n",
    "news/authors.yml": "me:\n  name: 나\n",
    "blog/2020-01-01-old.md": _md("title: The default folder, unused here"),
    "docs/intro.md": _md("sidebar_position: 1\ntitle: 시작하기"),
    "docs/_shared.md": "Partial.\n",
    "src/pages/about.md": _md("title: About"),
    "i18n/ko/docusaurus-plugin-content-blog/2024-03-01-welcome.md": _md("title: 환영합니다"),
    "node_modules/@docusaurus/core/README.md": "# core\n",
    "build/news/index.md": "build output\n",
}

ELEVENTY = {
    "eleventy.config.js": """\
export default async function (eleventyConfig) {
  // Drafts: see also _data/eleventyDataSchema.js
  eleventyConfig.addPreprocessor("drafts", "*", (data, content) => {
    if (data.draft && process.env.ELEVENTY_RUN_MODE === "build") {
      return false;
    }
  });
  eleventyConfig.ignores.add("content/private/**");
}

export const config = {
  templateFormats: ["md", "njk", "html"],
  dir: {
    input: "content",
    includes: "../_includes",
    data: "../_data",
    output: "_site",
  },
};
""",
    "package.json": '{"name": "eleventy-blog", "devDependencies": {"@11ty/eleventy": "^3.0.0"}}\n',
    "content/index.njk": "---\nlayout: home.njk\n---\n",
    "content/blog/blog.11tydata.js": 'export default { tags: ["posts"], layout: "post.njk" };\n',
    "content/blog/first-post.md": _md("title: First post\ndate: 2024-03-01"),
    "content/blog/제주 여행.md": _md("title: 제주 여행기\ndate: 2024-03-02"),
    "content/blog/C# 입문 노트.md": _md("title: 'C# 입문 노트'\ndate: 2024-03-03"),
    "content/blog/unfinished.md": _md("title: 초안\ndraft: true"),
    "content/about/index.md": _md("title: 소개\nlayout: page.njk"),
    "content/notes/tagged.md": _md("title: Tagged into the posts\ntags: posts"),
    "content/private/secret.md": _md("title: Ignored in the config"),
    "_includes/layouts/base.njk": "<html>{{ content | safe }}</html>\n",
    "_includes/fragment.md": "An include.\n",
    "node_modules/@11ty/eleventy/README.md": "# eleventy\n",
    "_site/blog/first-post/index.md": "build output\n",
}

BLOGS: dict[str, dict[str, str]] = {
    "hugo": HUGO,
    "jekyll": JEKYLL,
    "hexo": HEXO,
    "gatsby": GATSBY,
    "astro": ASTRO,
    "docusaurus": DOCUSAURUS,
    "eleventy": ELEVENTY,
}

EXPECTED: dict[str, dict[str, set[str]]] = {
    "hugo": {
        "post": {
            "content/posts/hello-hugo.md",
            "content/posts/제주 여행.md",
            "content/posts/C# 입문 노트/index.md",
            "content/posts/json-front.md",
            "content/posts/old-format.markdown",
        },
        "page": {
            "content/_index.md",
            "content/about.md",
            "content/posts/_index.md",
            "content/notes/til.md",
        },
        "draft": {
            "content/posts/draft-idea.md",
            "content/posts/from-the-future.md",
            "content/posts/expired.md",
        },
    },
    "jekyll": {
        "post": {
            "_posts/2024-03-01-hello-jekyll.md",
            "_posts/2024-03-02-제주-여행.md",
            "_posts/2024/2024-03-03-C# 입문 노트.markdown",
        },
        "page": {"about.md", "projects/index.md"},
        "draft": {
            "_posts/2024-03-04-not-yet.md",
            "_posts/2099-01-01-from-the-future.md",
            "_drafts/아이디어.md",
        },
    },
    "hexo": {
        "post": {
            "source/_posts/hello-hexo.md",
            "source/_posts/제주 여행.md",
            "source/_posts/C# 입문 노트.md",
            "source/_posts/no-opening-fence.md",
        },
        "page": {"source/about/index.md"},
        "draft": {"source/_posts/hidden.md", "source/_drafts/초안.md"},
    },
    "gatsby": {
        "post": {
            "content/blog/hello-world/index.md",
            "content/blog/제주-여행/index.md",
            "content/blog/C# 입문 노트/index.md",
            "content/blog/mdx-post/index.mdx",
        },
        "page": set(),
        "draft": {"content/blog/draft-post/index.md"},
    },
    "astro": {
        "post": {
            "src/content/blog/first-post.md",
            "src/content/blog/제주 여행.md",
            "src/content/blog/C# 입문 노트.mdx",
            "src/content/blog/ko/번역한 글.md",
        },
        "page": {"src/pages/about.md"},
        "draft": {"src/content/blog/work-in-progress.md"},
    },
    "docusaurus": {
        "post": {
            "news/2024-03-01-welcome.md",
            "news/2024-03-02-제주-여행/index.md",
            "news/2024-03-03-C# 입문 노트.mdx",
            "news/2024-03-05-unlisted.md",
            "i18n/ko/docusaurus-plugin-content-blog/2024-03-01-welcome.md",
        },
        "page": {"docs/intro.md", "src/pages/about.md"},
        "draft": {"news/2024-03-04-draft.md"},
    },
    "eleventy": {
        "post": {
            "content/blog/first-post.md",
            "content/blog/제주 여행.md",
            "content/blog/C# 입문 노트.md",
            "content/notes/tagged.md",
        },
        "page": {"content/about/index.md"},
        "draft": {"content/blog/unfinished.md"},
    },
}

# where each generator's posts live by its config
CONTENT_ROOTS: dict[str, tuple[str, ...]] = {
    "hugo": ("content/posts",),
    "jekyll": ("_posts",),
    "hexo": ("source/_posts",),
    "gatsby": ("content/blog", "content/assets"),
    "astro": ("src/content/blog",),
    "docusaurus": ("news", "i18n/ko/docusaurus-plugin-content-blog"),
    "eleventy": ("content/blog",),
}


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> UTF-8 text) under `root`; returns `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build_blog(name: str, dest: Path) -> Path:
    """Write the sample blog of generator `name` into `dest` (a repository: `.git`)."""
    write_files(dest, {**_NEVER, **BLOGS[name]})
    (dest / ".git").mkdir(exist_ok=True)
    return dest
