// The oracle's Gatsby 5 blog: the sub-plugins scripts/oracle/gatsby.js runs, in this order.
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
          { resolve: "gatsby-remark-autolink-headers", options: { maintainCase: false } },
          "gatsby-remark-smartypants",
          "gatsby-remark-table-of-contents",
        ],
      },
    },
  ],
};
