"""Schemas a site declares, read as text: Astro's Zod, Docusaurus' authors and tags, 11ty's
directory data; and the form's profile following them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.blog import load_blog
from app.core.blog.jsscan import blank_comments
from app.core.blog.schemas import (
    SchemaField,
    SiteSchema,
    apply_schema,
    parse_zod_object,
    read_schema,
)
from app.core.post.schema import DEFAULT_PROFILE, profile_for_folder
from tests.blogs.build import build_blog, write_files

CONFIG = """\
import { defineCollection, reference, z } from 'astro:content';
import { glob } from 'astro/loaders';

/* the blog: posts in Markdown, { braces } in a comment */
const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.md' }),
  schema: ({ image }) => z.object({
    title: z.string().max(80), // a short title, please
    'description': z.string().optional(),
    pubDate: z.coerce.date(),
    updatedDate: z.coerce.date().optional(),
    heroImage: image().optional(),
    author: reference('authors'),
    related: z.array(reference('blog')).default([]),
    tags: z.array(z.string()).default([]),
    category: z.enum(['life', 'code', "travel"]),
    draft: z.boolean().default(false),
    rating: z.number().int().min(0).nullish(),
    seo: z.object({
      image: z.string().url(),
      noindex: z.boolean().optional(),
    }).optional(),
    published: z.string().datetime(),
  }),
});

const authors = defineCollection({
  loader: glob({ base: './src/content/authors', pattern: '*.json' }),
  schema: z.object({ name: z.string() }),
});

export const collections = { blog, authors };
"""


def astro(tmp_path: Path, config: str = CONFIG, name: str = "src/content.config.ts") -> Path:
    return write_files(
        tmp_path / "astro",
        {
            "astro.config.mjs": "export default {};\n",
            name: config,
            "src/content/blog/a.md": "---\ntitle: A\npubDate: 2024-01-01\n---\n",
            "src/content/blog/b.md": "---\ntitle: B\npubDate: 2024-01-02\nemoji: 🌊\n---\n",
        },
    )


def kinds(schema: SiteSchema) -> dict[str, tuple[str, bool]]:
    return {f.key: (f.kind, f.required) for f in schema.fields}


def test_astro_zod_fields_kinds_and_required(tmp_path: Path) -> None:
    schema = read_schema(load_blog(astro(tmp_path)))
    assert schema.warnings == ()
    assert kinds(schema) == {
        "title": ("text", True),
        "description": ("text", False),
        "pubDate": ("date", True),
        "updatedDate": ("date", False),
        "heroImage": ("text", False),
        "author": ("text", True),
        "related": ("terms", False),  # entry ids, picked like tags
        "tags": ("terms", False),
        "category": ("text", True),
        "draft": ("bool", False),
        "rating": ("number", False),
        "seo": ("map", False),
        "published": ("date", True),
    }
    assert schema.field("author") == SchemaField("author", "text", True, reference="authors")
    assert schema.field("category") is not None
    assert schema.field("category").choices == ("life", "code", "travel")  # type: ignore[union-attr]
    seo = schema.field("seo")
    assert seo is not None
    assert [(f.key, f.kind, f.required) for f in seo.fields] == [
        ("image", "text", True),
        ("noindex", "bool", False),
    ]


def test_astro_older_config_and_a_schema_held_in_a_constant(tmp_path: Path) -> None:
    config = """\
import { z, defineCollection } from 'astro:content';
const postSchema = z.object({
  title: z.string(),
  pubDate: z.date(),
  tags: z.array(z.string()).optional(),
});
const blog = defineCollection({ type: 'content', schema: postSchema });
export const collections = { blog };
"""
    root = astro(tmp_path, config, "src/content/config.ts")
    assert kinds(read_schema(load_blog(root))) == {
        "title": ("text", True),
        "pubDate": ("date", True),
        "tags": ("terms", False),
    }


@pytest.mark.parametrize(
    "broken",
    [
        "schema: z.object({ title: z.string(), ...base.shape }),",
        "schema: z.object({ title: z.string( }),",
        "schema: makeSchema(),",
        "schema: z.object({ title: cond ? z.string() : z.number() }),",
        "schema: z.object({ title: z.string() }).extend({ pubDate: z.date() }),",
    ],
)
def test_a_schema_that_cannot_be_read_warns_and_the_profile_stays(
    tmp_path: Path, broken: str
) -> None:
    config = CONFIG.replace("schema: ({ image }) => z.object({", broken + "\n  _: z.object({", 1)
    root = astro(tmp_path, config)
    blog = load_blog(root)
    schema = read_schema(blog)
    assert schema.fields == ()
    assert len(schema.warnings) == 1
    assert "fields are inferred from the posts" in str(schema.warnings[0])
    assert str(schema.warnings[0]).startswith("src/content.config.ts line ")
    inferred = profile_for_folder(blog.posts_folder)
    assert apply_schema(inferred, schema) == inferred


def test_parse_zod_object_reads_what_comments_would_hide() -> None:
    text = blank_comments("{ a: z.string(), // b: z.number(),\n /* c: z.date() */ d: z.date() }")
    assert [f.key for f in parse_zod_object(text)] == ["a", "d"]


def test_the_profile_follows_the_astro_schema(tmp_path: Path) -> None:
    root = astro(tmp_path)
    blog = load_blog(root)
    profile = apply_schema(profile_for_folder(blog.posts_folder), read_schema(blog))
    title, pub, emoji = (profile.field(k) for k in ("title", "pubDate", "emoji"))
    assert title is not None and title.required
    assert pub is not None and pub.kind == "date" and pub.required
    assert emoji is None  # not declared: Astro strips it, the form does not offer it
    category = profile.field("category")
    assert category is not None and category.required and category.count == 0
    assert [v for v, _ in category.values] == ["life", "code", "travel"]
    tags = profile.field("tags")
    assert tags is not None and tags.kind == "terms" and not tags.required


def test_docusaurus_authors_and_tags_are_offered(tmp_path: Path) -> None:
    root = build_blog("docusaurus", tmp_path / "d")
    write_files(root, {"news/tags.yml": "hello:\n  label: Hello\n여행:\n  label: 여행\n"})
    blog = load_blog(root)
    schema = read_schema(blog)
    assert dict(schema.completions) == {"authors": ("me",), "tags": ("hello", "여행")}
    profile = apply_schema(profile_for_folder(blog.posts_folder), schema)
    authors, tags = profile.field("authors"), profile.field("tags")
    assert authors is not None and authors.kind == "terms"
    assert [v for v, _ in authors.values] == ["me"]
    assert tags is not None and {"hello", "여행"} <= {v for v, _ in tags.values}


def test_docusaurus_authors_file_that_does_not_parse_warns(tmp_path: Path) -> None:
    root = build_blog("docusaurus", tmp_path / "d")
    write_files(root, {"news/authors.yml": "me: [unclosed\n"})
    schema = read_schema(load_blog(root))
    assert schema.completions == ()
    assert "news/authors.yml" in str(schema.warnings[0])


def test_eleventy_directory_data_is_inherited(tmp_path: Path) -> None:
    root = build_blog("eleventy", tmp_path / "e")
    write_files(
        root,
        {
            "content/content.json": '{"author": "나", "lang": "ko"}\n',
            "content/blog/blog.11tydata.js": "module.exports = {\n  tags: ['posts'],\n"
            '  layout: "post.njk", // the layout\n  eleventyComputed: { x: (d) => d.y },\n};\n',
        },
    )
    blog = load_blog(root)
    schema = read_schema(blog)
    assert dict(schema.inherited) == {
        "author": "나",
        "lang": "ko",
        "tags": ["posts"],
        "layout": "post.njk",
    }
    profile = apply_schema(DEFAULT_PROFILE, schema)
    assert profile.field("tags") is None  # every post has it already


def test_other_generators_declare_nothing(tmp_path: Path) -> None:
    for name in ("hugo", "jekyll", "hexo", "gatsby"):
        blog = load_blog(build_blog(name, tmp_path / name))
        assert read_schema(blog) == SiteSchema()
        assert apply_schema(DEFAULT_PROFILE, read_schema(blog)) is DEFAULT_PROFILE


def test_a_passthrough_schema_keeps_the_keys_the_posts_use(tmp_path: Path) -> None:
    root = astro(
        tmp_path,
        CONFIG.replace("  }),\n});\n\nconst authors", "  }).passthrough(),\n});\n\nconst authors"),
    )
    blog = load_blog(root)
    profile = apply_schema(profile_for_folder(blog.posts_folder), read_schema(blog))
    emoji = profile.field("emoji")
    assert emoji is not None and emoji.kind == "emoji"  # inferred from the posts, as before


def test_the_sample_blogs_schema_on_the_line_after_its_arrow(tmp_path: Path) -> None:
    schema = read_schema(load_blog(build_blog("astro", tmp_path / "a")))
    assert kinds(schema) == {
        "title": ("text", True),
        "pubDate": ("date", True),
        "heroImage": ("text", False),
        "draft": ("bool", False),
    }
