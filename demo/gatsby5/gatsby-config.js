/**
 * @type {import('gatsby').GatsbyConfig}
 */
module.exports = {
  siteMetadata: {
    title: `Postdesk demo: Gatsby 5`,
    siteUrl: `https://example.com`,
  },
  plugins: [
    `gatsby-plugin-image`,
    {
      resolve: `gatsby-source-filesystem`,
      options: { path: `${__dirname}/content/blog`, name: `blog` },
    },
    {
      resolve: `gatsby-transformer-remark`,
      options: {
        plugins: [
          {
            resolve: `gatsby-remark-table-of-contents`,
            options: { exclude: "목차", tight: true, fromHeading: 2, toHeading: 4 },
          },
          {
            resolve: `gatsby-remark-autolink-headers`,
            options: { maintainCase: true, isIconAfterHeader: true },
          },
          {
            resolve: `gatsby-remark-images`,
            options: { maxWidth: 630, showCaptions: true },
          },
          `gatsby-remark-prismjs`,
        ],
      },
    },
    `gatsby-transformer-sharp`,
    `gatsby-plugin-sharp`,
  ],
}
