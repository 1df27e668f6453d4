// The oracle's Gatsby 5 blog with heading ids as two real blogs make them: case kept, and
// prismjs before autolink-headers (the toc before prismjs, which would eat its fence).
// The sub-plugins scripts/oracle/gatsby.js runs, in this order.
module.exports = {
  siteMetadata: { title: "Oracle" },
  plugins: [
    {
      resolve: "gatsby-source-filesystem",
      options: { name: "blog", path: `${__dirname}/content/blog` },
    },
    {
      resolve: "gatsby-transformer-remark",
      options: {
        plugins: [
          { resolve: "gatsby-remark-images", options: { maxWidth: 650, showCaptions: true } },
          "gatsby-remark-table-of-contents",
          "gatsby-remark-prismjs",
          { resolve: "gatsby-remark-autolink-headers", options: { maintainCase: true } },
          "gatsby-remark-smartypants",
        ],
      },
    },
  ],
};
