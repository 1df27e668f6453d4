"""Sample blogs, one per static-site generator, built at test time by `build.build_blog`."""
